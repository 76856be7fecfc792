// Copyright (c) 2026, cas_coordinated_access contributors
// For license information, please see license.txt

frappe.ui.form.on("CAS HMIS Export", {
	refresh(frm) {
		if (["Queued", "Running"].includes(frm.doc.status)) {
			frm.dashboard.set_headline_alert(__("The export runs in the background; this page updates when it is done."), "blue");
			setTimeout(() => frm.reload_doc(), 5000);
		}
		if (frm.doc.export_file) {
			frm.add_custom_button(__("Download"), () => window.open(frm.doc.export_file));
		}
	},
});
