// Copyright (c) 2026, cas_coordinated_access contributors
// For license information, please see license.txt

frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Queue Size"] = {
	method: "cas_coordinated_access.coordinated_access.dashboard_chart_source.queue_size.queue_size.get",
	filters: [{ fieldname: "queue", label: __("Queue"), fieldtype: "Select", options: "\nShelter\nHousing" }],
};
