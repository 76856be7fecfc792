// Copyright (c) 2026, cas_coordinated_access contributors
// For license information, please see license.txt

frappe.query_reports["EVH Households"] = {
	filters: [
		{
			fieldname: "household_type",
			label: __("Household Type"),
			fieldtype: "Select",
			options: "\nIndividual Adult\nFamily with Children\nAdults Only\nUnaccompanied Youth\nUnknown",
		},
	],
	// Stored values show as text (cas_desk.js).
	formatter: cas.report_formatter,
};
