// Copyright (c) 2026, cas_coordinated_access contributors
// For license information, please see license.txt

frappe.query_reports["Services Provided"] = {
	filters: [
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.add_days(frappe.datetime.get_today(), -30),
		},
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today() },
		{ fieldname: "service_type", label: __("Service Type"), fieldtype: "Link", options: "CAS Service Type" },
		{ fieldname: "category", label: __("Category"), fieldtype: "Data" },
		{ fieldname: "agency", label: __("Agency Providing"), fieldtype: "Link", options: "CAS Agency" },
	],
	// Stored values show as text (cas_desk.js).
	formatter: cas.report_formatter,
};
