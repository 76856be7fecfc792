// Copyright (c) 2026, cas_coordinated_access contributors
// For license information, please see license.txt

frappe.ui.form.on("CAS HMIS Import", {
	refresh(frm) {
		if (frm.is_new()) return;
		const running = ["Dry Run Queued", "Import Queued", "Importing"].includes(frm.doc.status);
		if (running) {
			frm.dashboard.set_headline_alert(__("Working in the background; this page updates when it is done."), "blue");
			setTimeout(() => frm.reload_doc(), 5000);
			return;
		}
		if (frm.doc.status === "Dry Run Done") {
			frm.dashboard.set_headline_alert(
				__("Dry run: {0} households would be created, {1} updated, {2} left as they are and {3} refused. Nothing was written yet.", [
					frm.doc.households_created, frm.doc.households_updated, frm.doc.households_unchanged, frm.doc.households_refused,
				]),
				frm.doc.households_refused ? "orange" : "green"
			);
		}
		if (frm.doc.status === "Failed") {
			frm.dashboard.set_headline_alert(__("The last run failed; see Error. Households already written are whole and are matched, not duplicated, when it runs again."), "red");
		}
		frm.add_custom_button(__("Dry Run"), () => frm.call("start_dry_run").then(() => frm.reload_doc()));
		// After a failed import the dry run still holds (the server checks it too).
		if (frm.doc.status === "Dry Run Done" || (frm.doc.status === "Failed" && frm.doc.source)) {
			frm.add_custom_button(__("Import"), () => {
				frappe.confirm(
					__("Write these households into {0}? Each household is written whole or not at all.", [frm.doc.agency]),
					() => frm.call("start_import").then(() => frm.reload_doc())
				);
			}).addClass("btn-primary");
		}
	},
});
