# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt
"""Referral outcomes by program and reason, with the time providers take to decide."""

import frappe
from frappe import _
from frappe.utils import add_months, getdate

from cas_coordinated_access import permissions
from cas_coordinated_access.utils.reports import chart as report_chart

DECIDED = ("Accepted", "Denial Confirmed", "Expired", "Withdrawn")


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	from_date = getdate(filters.from_date or add_months(getdate(), -12))
	to_date = getdate(filters.to_date or getdate())
	condition = permissions.condition_for("CAS Referral", table="referral")
	rows = frappe.db.sql(
		f"""select referral.`program`, referral.`workflow_state` as outcome,
			ifnull(referral.`denial_reason`, '') as denial_reason, count(*) as referrals,
			round(avg(datediff(referral.`decided_on`, referral.`referral_date`)), 1) as days_to_decision
		from `tabCAS Referral` referral
		where referral.`referral_date` between %(from_date)s and %(to_date)s and {condition}
		group by referral.`program`, referral.`workflow_state`, referral.`denial_reason`
		order by referral.`program`, referrals desc""",
		{"from_date": from_date, "to_date": to_date},
		as_dict=True,
	)
	for row in rows:
		row.days_to_decision = round(row.days_to_decision, 1) if row.days_to_decision is not None else None
	totals: dict[str, int] = {}
	for row in rows:
		totals[row.outcome] = totals.get(row.outcome, 0) + row.referrals
	chart = report_chart("bar", [_(outcome) for outcome in totals], list(totals.values()), _("Referrals"))
	return get_columns(), rows, None, chart


def get_columns() -> list[dict]:
	return [
		{
			"fieldname": "program",
			"label": _("Program"),
			"fieldtype": "Link",
			"options": "CAS Program",
			"width": 220,
		},
		{"fieldname": "outcome", "label": _("Outcome"), "fieldtype": "Data", "width": 140},
		{"fieldname": "denial_reason", "label": _("Denial Reason"), "fieldtype": "Data", "width": 160},
		{"fieldname": "referrals", "label": _("Referrals"), "fieldtype": "Int", "width": 100},
		{
			"fieldname": "days_to_decision",
			"label": _("Average Days to Decision"),
			"fieldtype": "Float",
			"precision": 1,  # days: one decimal says enough
			"width": 170,
		},
	]
