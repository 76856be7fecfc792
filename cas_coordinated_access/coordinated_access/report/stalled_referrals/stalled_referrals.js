// Copyright (c) 2026, cas_coordinated_access contributors
// For license information, please see license.txt

frappe.query_reports["Stalled Referrals"] = {
	filters: [],
	// Stored values show as text (cas_desk.js).
	formatter: cas.report_formatter,
};
