// Copyright (c) 2026, cas_coordinated_access contributors
// For license information, please see license.txt

frappe.ui.form.on("CAS Client", {
	refresh(frm) {
		if (!frm.is_new()) {
			// The global history: every enrollment, assessment, referral and event, across programs.
			frm.add_custom_button(__("History"), () =>
				frappe.set_route("query-report", "Client History", { client: frm.doc.name })
			);
		}
		// New clients belong to the agency the user acts for; without one, the holding agency is chosen here.
		const acting = (frappe.boot.cas || {}).acting_agency;
		frm.toggle_reqd("agency", frm.is_new() && !acting);
		if (frm.is_new() && acting && !frm.doc.agency) frm.set_value("agency", acting);
		if (frm.doc.is_protected) {
			frm.dashboard.set_headline_alert(
				// The headline is HTML: the agency and the pseudonym are text (issue 18).
				__("Protected client: outside {0} this person appears only as {1}.", [
					frappe.utils.escape_html(frm.doc.agency),
					frappe.utils.escape_html(frm.doc.display_name),
				]),
				"orange"
			);
		}
	},
});
