// Copyright (c) 2026, cas_coordinated_access contributors
// For license information, please see license.txt

frappe.ui.form.on("CAS Queue Entry", {
	refresh(frm) {
		if (frm.doc.status === "Active" && frappe.model.can_create("CAS Referral")) {
			frm.add_custom_button(__("Refer"), () => cas.refer_from_queue(frm.doc.name, frm.doc.queue)).addClass(
				"btn-primary"
			);
		}
	},
});
