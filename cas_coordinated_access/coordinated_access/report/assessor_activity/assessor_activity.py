# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt
"""Who recorded what: CLS, assessments, plans and CE Events per assessor (and agency) in a date range."""

import frappe
from frappe import _
from frappe.utils import add_days, getdate

from cas_coordinated_access import permissions
from cas_coordinated_access.utils.reports import chart as report_chart

WORK = {
	"CAS Current Living Situation": ("cls", "information_date"),
	"CAS Crisis Assessment": ("crisis_assessments", "assessment_date"),
	"CAS Housing Conversation Tool": ("hcts", "assessment_date"),
	"CAS Individualized Support Plan": ("isps", "plan_date"),
	"CAS CE Event": ("ce_events", "event_date"),
}


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	from_date = getdate(filters.from_date or add_days(getdate(), -30))
	to_date = getdate(filters.to_date or getdate())
	by_user: dict[str, frappe._dict] = {}
	for doctype, (column, date_field) in WORK.items():
		condition = permissions.condition_for(doctype, table="record")
		submitted = " and record.`docstatus` = 1" if frappe.get_meta(doctype).is_submittable else ""
		for row in frappe.db.sql(
			f"""select record.`owner` as assessor, count(*) as records from `tab{doctype}` record
			where record.`{date_field}` between %(from_date)s and %(to_date)s and {condition}{submitted}
			group by record.`owner`""",
			{"from_date": from_date, "to_date": to_date},
			as_dict=True,
		):
			entry = by_user.setdefault(
				row.assessor,
				frappe._dict(assessor=row.assessor, **dict.fromkeys(c for c, _d in WORK.values()), total=0),
			)
			entry[column] = row.records
			entry.total += row.records
	rows = sorted(by_user.values(), key=lambda row: row.total, reverse=True)
	chart = report_chart(
		"bar", [row.assessor for row in rows[:15]], [row.total for row in rows[:15]], _("Records")
	)
	return get_columns(), rows, None, chart


def get_columns() -> list[dict]:
	return [
		{
			"fieldname": "assessor",
			"label": _("Assessor"),
			"fieldtype": "Link",
			"options": "User",
			"width": 220,
		},
		{"fieldname": "cls", "label": _("CLS"), "fieldtype": "Int", "width": 80},
		{
			"fieldname": "crisis_assessments",
			"label": _("Crisis Assessments"),
			"fieldtype": "Int",
			"width": 140,
		},
		{"fieldname": "hcts", "label": _("HCTs"), "fieldtype": "Int", "width": 80},
		{"fieldname": "isps", "label": _("ISPs"), "fieldtype": "Int", "width": 80},
		{"fieldname": "ce_events", "label": _("CE Events"), "fieldtype": "Int", "width": 100},
		{"fieldname": "total", "label": _("Total"), "fieldtype": "Int", "width": 80},
	]
