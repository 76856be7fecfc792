// Copyright (c) 2026, cas_coordinated_access contributors
// For license information, please see license.txt

frappe.query_reports["Overdue Follow-ups"] = {
	filters: [
		{
			fieldname: "kind",
			label: __("Due"),
			fieldtype: "Select",
			options:
				"\nCurrent Living Situation\nIndividualized Support Plan\nCE Event\nSend to Community Queue",
		},
	],
	// Stored values show as text (cas_desk.js).
	formatter: cas.report_formatter,
};
