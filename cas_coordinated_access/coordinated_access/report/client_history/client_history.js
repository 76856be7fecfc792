// Copyright (c) 2026, cas_coordinated_access contributors
// For license information, please see license.txt

frappe.query_reports["Client History"] = {
	filters: [
		// Not "reqd": Frappe throws (uncaught) when the report refreshes before a linked client from the
		// History button is validated; the report asks for a client itself when none is chosen.
		{ fieldname: "client", label: __("Client"), fieldtype: "Link", options: "CAS Client" },
		{
			fieldname: "category",
			label: __("Category"),
			fieldtype: "Select",
			options: [
				"",
				"Enrollment",
				"Current Living Situation",
				"Assessment",
				"Support Plan",
				"Status Assessment",
				"CE Event",
				"Community Queue",
				"Referral",
				"Service",
				"Case Conference",
			],
		},
		{ fieldname: "agency", label: __("Agency"), fieldtype: "Link", options: "CAS Agency" },
		{ fieldname: "from_date", label: __("From Date"), fieldtype: "Date" },
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date" },
	],
	// Stored values show as text (cas_desk.js).
	formatter: cas.report_formatter,
};
