# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt
"""Who opened a protected client's record, and when: the audit trail an administrator answers to."""

import frappe
from frappe import _
from frappe.utils import add_days, getdate

from cas_coordinated_access import permissions


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	return get_columns(), get_data(filters)


def get_columns() -> list[dict]:
	return [
		{"fieldname": "viewed_on", "label": _("Viewed On"), "fieldtype": "Datetime", "width": 170},
		{
			"fieldname": "viewed_by",
			"label": _("Viewed By"),
			"fieldtype": "Link",
			"options": "User",
			"width": 220,
		},
		{
			"fieldname": "client",
			"label": _("Client"),
			"fieldtype": "Link",
			"options": "CAS Client",
			"width": 120,
		},
		{"fieldname": "display_name", "label": _("Pseudonym"), "fieldtype": "Data", "width": 220},
		{"fieldname": "record_type", "label": _("Record Type"), "fieldtype": "Data", "hidden": 1},
		{
			"fieldname": "record",
			"label": _("Record Opened"),
			"fieldtype": "Dynamic Link",
			"options": "record_type",
			"width": 160,
		},
		{
			"fieldname": "agency",
			"label": _("Holding Agency"),
			"fieldtype": "Link",
			"options": "CAS Agency",
			"width": 200,
		},
	]


# What an opening of a protected client's record is logged against: the client's own record, and what was
# said about their household at a case conference (DocType, how the view's record leads to the client).
VIEWED = {
	"CAS Client": "inner join `tabCAS Client` client on client.`name` = view.`reference_name`",
	"CAS Case Conference Discussion": "inner join `tabCAS Case Conference Discussion` record"
	" on record.`name` = view.`reference_name` inner join `tabCAS Client` client on client.`name` = record.`client`",
}


def get_data(filters) -> list[dict]:
	conditions = [
		"client.`is_protected` = 1",
		# A script report bypasses the list permission hook: it applies the same condition itself.
		permissions.condition_for("CAS Client", table="client"),
	]
	values = {}
	if filters.from_date:
		conditions.append("view.`creation` >= %(from_date)s")
		values["from_date"] = getdate(filters.from_date)
	if filters.to_date:
		conditions.append("view.`creation` < %(to_date)s")
		values["to_date"] = add_days(getdate(filters.to_date), 1)
	for fieldname, column in (("client", "client.`name`"), ("viewed_by", "view.`viewed_by`")):
		if filters.get(fieldname):
			conditions.append(f"{column} = %({fieldname})s")
			values[fieldname] = filters.get(fieldname)
	where = " and ".join(conditions)
	views = " union all ".join(
		f"""(select view.`creation` as viewed_on, view.`viewed_by`, client.`name` as client,
			client.`display_name`, client.`agency`, view.`reference_doctype` as record_type,
			view.`reference_name` as record
		from `tabView Log` view {join}
		where view.`reference_doctype` = {frappe.db.escape(doctype)} and {where})"""
		for doctype, join in VIEWED.items()
	)
	return frappe.db.sql(
		f"select * from ({views}) views order by viewed_on desc limit 5000", values, as_dict=True
	)
