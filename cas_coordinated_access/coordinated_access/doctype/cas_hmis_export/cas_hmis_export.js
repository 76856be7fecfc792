// Copyright (c) 2026, cas_coordinated_access contributors
// For license information, please see license.txt

frappe.ui.form.on("CAS HMIS Export", {
	refresh(frm) {
		if (["Queued", "Running"].includes(frm.doc.status)) {
			frm.dashboard.set_headline_alert(__("The export runs in the background; this page updates when it is done."), "blue");
			setTimeout(() => frm.reload_doc(), 5000);
		}
		if (frm.doc.status === "Failed") {
			frm.dashboard.set_headline_alert(frm.doc.error ? __("The export failed; see Error below.") : "", "red");
			frm.add_custom_button(__("Run Again"), () =>
				frm.call("run_again").then(() => frm.reload_doc())
			);
		}
		if (frm.doc.export_file) {
			frm.add_custom_button(__("Download"), () => window.open(frm.doc.export_file));
		}
	},
});
