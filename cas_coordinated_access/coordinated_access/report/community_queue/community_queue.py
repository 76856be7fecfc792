# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt
"""The Community Queue: every active household the user may see, in the CoC's order, with why."""

import frappe
from frappe import _

from cas_coordinated_access.utils import community_queue
from cas_coordinated_access.utils.reports import chart as report_chart
from cas_coordinated_access.utils.reports import household_columns


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	rows = community_queue.queue_rows(filters)
	order = ", ".join(_(criterion) for criterion in community_queue.prioritization_order())
	message = _("Order: {0}; then a random number each household keeps.").format(order)
	return get_columns(), rows, message, get_chart(rows)


def get_columns() -> list[dict]:
	return [
		{"fieldname": "rank", "label": _("Rank"), "fieldtype": "Int", "width": 70},
		{"fieldname": "refer", "label": _("Refer"), "fieldtype": "Data", "width": 80},
		*household_columns("name", _("Queue Entry"), "CAS Queue Entry"),
		{"fieldname": "queue", "label": _("Queue"), "fieldtype": "Data", "width": 90},
		{"fieldname": "is_evh", "label": _("EVH"), "fieldtype": "Check", "width": 60},
		{"fieldname": "score", "label": _("Score"), "fieldtype": "Int", "width": 70},
		{"fieldname": "household_type", "label": _("Household Type"), "fieldtype": "Data", "width": 150},
		{"fieldname": "household_size", "label": _("Size"), "fieldtype": "Int", "width": 60},
		{"fieldname": "days_homeless", "label": _("Days Homeless"), "fieldtype": "Int", "width": 110},
		{"fieldname": "days_waiting", "label": _("Days Waiting"), "fieldtype": "Int", "width": 110},
		{
			"fieldname": "needs_shelter",
			"label": _("EVH Without Shelter Referral"),
			"fieldtype": "Check",
			"width": 120,
		},
		{"fieldname": "documents", "label": _("Documents"), "fieldtype": "Data", "width": 220},
		{"fieldname": "why", "label": _("Why Here"), "fieldtype": "Data", "width": 360},
	]


def get_chart(rows: list) -> dict | None:
	evh = sum(1 for row in rows if row.is_evh)
	return report_chart("donut", [_("EVH"), _("Not EVH")], [evh, len(rows) - evh])
