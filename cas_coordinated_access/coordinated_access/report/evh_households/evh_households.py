# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt
"""Extremely vulnerable households: since when, their score, and whether they are on the queue or referred."""

import frappe
from frappe import _
from frappe.utils import date_diff, getdate

from cas_coordinated_access import permissions
from cas_coordinated_access.utils.reports import chart as report_chart
from cas_coordinated_access.utils.reports import household_columns


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	conditions = ["enrollment.`is_evh` = 1", "enrollment.`status` = 'Open'"]
	conditions.append(permissions.condition_for("CAS Enrollment", table="enrollment"))
	values = {}
	if filters.household_type:
		conditions.append("enrollment.`household_type` = %(household_type)s")
		values["household_type"] = filters.household_type
	rows = frappe.db.sql(
		f"""select enrollment.`name` as enrollment, enrollment.`client_name`, enrollment.`household_type`,
			enrollment.`household_size`, enrollment.`evh_since`, enrollment.`evh_score`,
			(select group_concat(entry.`queue`) from `tabCAS Queue Entry` entry
				where entry.`enrollment` = enrollment.`name` and entry.`status` in ('Active', 'Referred')) as queues,
			(select count(*) from `tabCAS Referral` referral where referral.`enrollment` = enrollment.`name`
				and referral.`referral_type` = 'Shelter'
				and referral.`workflow_state` in ('Pending', 'In Process', 'Accepted')) as shelter_referrals
		from `tabCAS Enrollment` enrollment
		where {" and ".join(conditions)}
		order by enrollment.`evh_since`""",
		values,
		as_dict=True,
	)
	today = getdate()
	for row in rows:
		row.days_evh = date_diff(today, row.evh_since) if row.evh_since else None
		row.without_shelter = int(not row.shelter_referrals)
	with_shelter = sum(1 for row in rows if not row.without_shelter)
	chart = report_chart(
		"pie",
		[_("With a shelter referral"), _("Without a shelter referral")],
		[with_shelter, len(rows) - with_shelter],
	)
	return get_columns(), rows, None, chart


def get_columns() -> list[dict]:
	return [
		*household_columns("enrollment", _("Enrollment"), "CAS Enrollment"),
		{"fieldname": "household_type", "label": _("Household Type"), "fieldtype": "Data", "width": 150},
		{"fieldname": "household_size", "label": _("Size"), "fieldtype": "Int", "width": 60},
		{"fieldname": "evh_score", "label": _("Score"), "fieldtype": "Int", "width": 70},
		{"fieldname": "evh_since", "label": _("EVH Since"), "fieldtype": "Date", "width": 100},
		{"fieldname": "days_evh", "label": _("Days EVH"), "fieldtype": "Int", "width": 90},
		{"fieldname": "queues", "label": _("On Queue"), "fieldtype": "Data", "width": 120},
		{
			"fieldname": "without_shelter",
			"label": _("No Shelter Referral"),
			"fieldtype": "Check",
			"width": 120,
		},
	]
