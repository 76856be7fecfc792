# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt
"""The Community Queue: every active household the user may see, in the CoC's order, with why."""

import frappe
from frappe import _
from frappe.utils import cint

from cas_coordinated_access.utils import community_queue
from cas_coordinated_access.utils.reports import chart as report_chart
from cas_coordinated_access.utils.reports import household_columns

# Households a page shows: the queue is worked from the top, and sending tens of thousands of rows to
# the browser took longer than ranking them.
PAGE_LENGTH = 100


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	page = max(cint(filters.get("page")) or 1, 1)
	rows = community_queue.queue_rows(filters, start=(page - 1) * PAGE_LENGTH, limit=PAGE_LENGTH)
	total, evh = community_queue.queue_counts(filters)
	order = ", ".join(_(criterion) for criterion in community_queue.prioritization_order())
	message = _("Order: {0}; then a random number each household keeps.").format(order)
	pages = max((total + PAGE_LENGTH - 1) // PAGE_LENGTH, 1)
	message += " " + _("Page {0} of {1}, {2} households a page ({3} on the queue).").format(
		page, pages, PAGE_LENGTH, total
	)
	return get_columns(), rows, message, get_chart(total, evh)


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


def get_chart(total: int, evh: int) -> dict | None:
	"""EVH against the rest of the households on the queue (under the queue, type and EVH filters)."""
	return report_chart("donut", [_("EVH"), _("Not EVH")], [evh, total - evh])
