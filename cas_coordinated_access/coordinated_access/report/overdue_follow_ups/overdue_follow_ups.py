# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt
"""What went overdue in open CAS enrollments: stale CLS, missing ISP, missing CE Event, queue not sent."""

import frappe
from frappe import _
from frappe.utils import date_diff, getdate

from cas_coordinated_access import permissions
from cas_coordinated_access.utils.reports import chart as report_chart
from cas_coordinated_access.utils.reports import household_columns


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	conditions = ["item.`overdue` = 1", "enrollment.`status` = 'Open'"]
	conditions.append(permissions.condition_for("CAS Enrollment", table="enrollment"))
	values = {}
	if filters.kind:
		conditions.append("item.`kind` = %(kind)s")
		values["kind"] = filters.kind
	rows = frappe.db.sql(
		f"""select enrollment.`name` as enrollment, enrollment.`client_name`, item.`kind`, item.`due_on`,
			item.`reason`, item.`related`, enrollment.`owner` as enrolled_by
		from `tabCAS Due Item` item
		inner join `tabCAS Enrollment` enrollment on enrollment.`name` = item.`parent`
			and item.`parenttype` = 'CAS Enrollment'
		where {" and ".join(conditions)}
		order by item.`due_on`""",
		values,
		as_dict=True,
	)
	today = getdate()
	counts: dict[str, int] = {}
	for row in rows:
		row.days_overdue = date_diff(today, row.due_on)
		counts[row.kind] = counts.get(row.kind, 0) + 1
	chart = report_chart("bar", list(counts), list(counts.values()), _("Overdue"))
	return get_columns(), rows, None, chart


def get_columns() -> list[dict]:
	return [
		*household_columns("enrollment", _("Enrollment"), "CAS Enrollment"),
		{"fieldname": "kind", "label": _("Due"), "fieldtype": "Data", "width": 200},
		{"fieldname": "due_on", "label": _("Due On"), "fieldtype": "Date", "width": 100},
		{"fieldname": "days_overdue", "label": _("Days Overdue"), "fieldtype": "Int", "width": 110},
		{"fieldname": "related", "label": _("After"), "fieldtype": "Data", "width": 120},
		{"fieldname": "reason", "label": _("Why"), "fieldtype": "Data", "width": 300},
	]
