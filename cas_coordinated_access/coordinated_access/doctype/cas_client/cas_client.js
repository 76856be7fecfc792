// Copyright (c) 2026, cas_coordinated_access contributors
// For license information, please see license.txt

frappe.ui.form.on("CAS Client", {
	refresh(frm) {
		if (!frm.is_new()) {
			// The global history: every enrollment, assessment, referral and event, across programs.
			frm.add_custom_button(__("History"), () =>
				frappe.set_route("query-report", "Client History", { client: frm.doc.name })
			);
			// Where the client stands with each document (photo ID, birth certificate...), updated in place.
			frm.add_custom_button(__("Documents"), () => cas.documents.open({ client: frm.doc.name }));
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
		// A hashed HMIS export sends hashes, not names: say so, so that nobody reads one as a name.
		if (frm.doc.hash_status && !frm.doc.first_name && !frm.doc.last_name) {
			frm.set_intro(
				__(
					"This client came from a hashed HMIS export ({0}): the name and SSN are hashes, shown under Hashed Identifiers. Enter the real name when the client gives it.",
					[frappe.utils.escape_html(frm.doc.hash_status)]
				),
				"yellow"
			);
		}
	},
});
