// Copyright (c) 2026, cas_coordinated_access contributors
// For license information, please see license.txt

frappe.query_reports["Protected Client Views"] = {
	filters: [
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.add_months(frappe.datetime.get_today(), -1),
		},
		{
			fieldname: "to_date",
			label: __("To Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
		},
		{ fieldname: "client", label: __("Client"), fieldtype: "Link", options: "CAS Client" },
		{ fieldname: "viewed_by", label: __("Viewed By"), fieldtype: "Link", options: "User" },
	],
	// Stored values show as text (cas_desk.js).
	formatter: cas.report_formatter,
};
