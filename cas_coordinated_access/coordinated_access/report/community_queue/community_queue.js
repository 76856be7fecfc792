// Copyright (c) 2026, cas_coordinated_access contributors
// For license information, please see license.txt

frappe.query_reports["Community Queue"] = {
	filters: [
		{ fieldname: "queue", label: __("Queue"), fieldtype: "Select", options: "\nShelter\nHousing" },
		{
			fieldname: "household_type",
			label: __("Household Type"),
			fieldtype: "Select",
			options: "\nIndividual Adult\nFamily with Children\nAdults Only\nUnaccompanied Youth\nUnknown",
		},
		{ fieldname: "evh_only", label: __("EVH Only"), fieldtype: "Check" },
		{
			fieldname: "program",
			label: __("Eligible for Program"),
			fieldtype: "Link",
			options: "CAS Program",
			get_query: () => ({ filters: { accepts_queue_referrals: 1 } }),
		},
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (column.fieldname === "client_name" && data && data.needs_shelter) {
			value = `<span class="indicator-pill red">${value}</span>`;
		}
		return value;
	},
};
