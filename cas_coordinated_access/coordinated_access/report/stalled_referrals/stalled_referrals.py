# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt
"""Referrals waiting on a provider past half the time they have to answer: the ones to chase today."""

import frappe
from frappe import _
from frappe.utils import date_diff, getdate

from cas_coordinated_access import permissions
from cas_coordinated_access.rules import referral as rules
from cas_coordinated_access.utils.reports import household_columns


def execute(filters: dict | None = None):
	today = getdate()
	condition = permissions.condition_for("CAS Referral", table="referral")
	referrals = frappe.db.sql(
		f"""select referral.`name`, referral.`client_name`, referral.`program`, referral.`receiving_agency`,
			referral.`referral_date`, referral.`deadline`, referral.`workflow_state`, referral.`checked_in_on`,
			referral.`last_cls_date`
		from `tabCAS Referral` referral
		where referral.`workflow_state` in ('Pending', 'In Process') and referral.`deadline` is not null
			and {condition}
		order by referral.`deadline`""",
		as_dict=True,
	)
	rows = [
		frappe._dict(r, days_left=date_diff(r.deadline, today))
		for r in referrals
		if rules.is_stalled(getdate(r.referral_date), getdate(r.deadline), today)
	]
	return get_columns(), rows


def get_columns() -> list[dict]:
	return [
		*household_columns("name", _("Referral"), "CAS Referral"),
		{
			"fieldname": "program",
			"label": _("Program"),
			"fieldtype": "Link",
			"options": "CAS Program",
			"width": 200,
		},
		{"fieldname": "workflow_state", "label": _("State"), "fieldtype": "Data", "width": 100},
		{"fieldname": "referral_date", "label": _("Sent"), "fieldtype": "Date", "width": 100},
		{"fieldname": "deadline", "label": _("Answer By"), "fieldtype": "Date", "width": 100},
		{"fieldname": "days_left", "label": _("Days Left"), "fieldtype": "Int", "width": 90},
		{"fieldname": "checked_in_on", "label": _("Checked In"), "fieldtype": "Date", "width": 100},
		{"fieldname": "last_cls_date", "label": _("Last CLS"), "fieldtype": "Date", "width": 100},
	]
