# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt
"""The counts HUD's Coordinated Entry APR asks for (Q9a, Q9b, Q10), from the assessments and CE Events
dated in a range. Per household, Q9a and Q9b use the most recent assessment in the range."""

import frappe
from frappe import _
from frappe.utils import add_months, getdate

from cas_coordinated_access import permissions
from cas_coordinated_access.rules import ce_event, hud

ASSESSMENTS = ("CAS Crisis Assessment", "CAS Housing Conversation Tool")


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	period = {
		"from_date": getdate(filters.from_date or add_months(getdate(), -12)),
		"to_date": getdate(filters.to_date or getdate()),
	}
	rows = [*assessment_rows(period), *event_rows(period)]
	return get_columns(), rows


def get_columns() -> list[dict]:
	return [
		{"fieldname": "question", "label": _("CE APR"), "fieldtype": "Data", "width": 80},
		{"fieldname": "line", "label": _("Line"), "fieldtype": "Data", "width": 380},
		{"fieldname": "total", "label": _("Total"), "fieldtype": "Int", "width": 90},
		{"fieldname": "accepted", "label": _("Successful Referral"), "fieldtype": "Int", "width": 140},
		{"fieldname": "client_rejected", "label": _("Client Rejected"), "fieldtype": "Int", "width": 120},
		{"fieldname": "provider_rejected", "label": _("Provider Rejected"), "fieldtype": "Int", "width": 130},
		{"fieldname": "no_result", "label": _("No Result Recorded"), "fieldtype": "Int", "width": 140},
	]


def assessments(period) -> list[frappe._dict]:
	found = []
	for doctype in ASSESSMENTS:
		condition = permissions.condition_for(doctype, table="record")
		found += frappe.db.sql(
			f"""select record.`enrollment`, record.`assessment_date`, record.`creation`, record.`assessment_type`,
				record.`assessment_level`, record.`prioritization_status`
			from `tab{doctype}` record
			where record.`docstatus` = 1 and record.`assessment_date` between %(from_date)s and %(to_date)s
				and {condition}""",
			period,
			as_dict=True,
		)
	return found


def assessment_rows(period) -> list[dict]:
	found = assessments(period)
	latest: dict[str, frappe._dict] = {}
	for row in sorted(found, key=lambda r: (r.assessment_date, r.creation)):
		latest[row.enrollment] = row
	rows = []
	for label in hud.labels("4.19.3"):
		rows.append(
			{
				"question": "Q9a",
				"line": label,
				"total": sum(1 for r in latest.values() if r.assessment_type == label),
			}
		)
	rows.append({"question": "Q9a", "line": _("Households assessed"), "total": len(latest)})
	for label in hud.labels("4.19.7"):
		rows.append(
			{
				"question": "Q9b",
				"line": label,
				"total": sum(1 for r in latest.values() if r.prioritization_status == label),
			}
		)
	for label in hud.labels("4.19.4"):
		rows.append(
			{"question": "Q10", "line": label, "total": sum(1 for r in found if r.assessment_level == label)}
		)
	return rows


def event_rows(period) -> list[dict]:
	condition = permissions.condition_for("CAS CE Event", table="record")
	events = frappe.db.sql(
		f"""select record.`event`, record.`referral_result`, record.`prob_sol_div_rr_result`,
			record.`referral_case_manage_after`
		from `tabCAS CE Event` record
		where record.`event_date` between %(from_date)s and %(to_date)s and {condition}""",
		period,
		as_dict=True,
	)
	results = {code: hud.label_for(ce_event.REFERRAL_RESULT, code) for code in (1, 2, 3)}
	rows = []
	for code, label in hud.codes(ce_event.EVENT).items():
		mine = [e for e in events if e.event == label]
		row = {"question": "Q10", "line": label, "total": len(mine)}
		if code in ce_event.HOUSING_OPENINGS | ce_event.VOUCHERS:
			row.update(
				accepted=sum(1 for e in mine if e.referral_result == results[1]),
				client_rejected=sum(1 for e in mine if e.referral_result == results[2]),
				provider_rejected=sum(1 for e in mine if e.referral_result == results[3]),
				no_result=sum(1 for e in mine if not e.referral_result),
			)
		elif code == ce_event.PROBLEM_SOLVING:
			row.update(accepted=sum(1 for e in mine if e.prob_sol_div_rr_result == "Yes"))
		elif code == ce_event.CASE_MANAGEMENT:
			row.update(accepted=sum(1 for e in mine if e.referral_case_manage_after == "Yes"))
		rows.append(row)
	return rows
