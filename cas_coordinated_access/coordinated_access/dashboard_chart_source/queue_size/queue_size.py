# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt
"""Households on the Community Queue, week by week, as the user may see them."""

import frappe
from frappe import _

from cas_coordinated_access.utils.api import whitelist
from cas_coordinated_access.utils.community_queue import queue_size_over_time


@whitelist()
# Twelve counts over the queue on every workspace load: the read replica's work when the site has one.
@frappe.read_only()
def get(
	chart_name: str | None = None,
	chart: str | dict | None = None,
	no_cache: bool | None = None,
	filters: str | dict | None = None,
	from_date: str | None = None,
	to_date: str | None = None,
	timespan: str | None = None,
	time_interval: str | None = None,
	heatmap_year: str | None = None,
) -> dict:
	filters = frappe.parse_json(filters or "{}")
	if not isinstance(filters, dict):
		frappe.throw(_("Filter the queue size chart by queue, as a map."), frappe.ValidationError)
	points = queue_size_over_time(weeks=12, queue=filters.get("queue"))
	return {
		"labels": [frappe.format(day, "Date") for day, _size in points],
		"datasets": [{"name": _("Households on the queue"), "values": [size for _day, size in points]}],
	}
