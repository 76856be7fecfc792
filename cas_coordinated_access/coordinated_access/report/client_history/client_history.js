// Copyright (c) 2026, cas_coordinated_access contributors
// For license information, please see license.txt

frappe.query_reports["Client History"] = {
	filters: [
		{ fieldname: "client", label: __("Client"), fieldtype: "Link", options: "CAS Client", reqd: 1 },
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
				"CE Event",
				"Community Queue",
				"Referral",
			],
		},
		{ fieldname: "agency", label: __("Agency"), fieldtype: "Link", options: "CAS Agency" },
		{ fieldname: "from_date", label: __("From Date"), fieldtype: "Date" },
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date" },
	],
};
