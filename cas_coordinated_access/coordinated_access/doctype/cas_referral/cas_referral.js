// Copyright (c) 2026, cas_coordinated_access contributors
// For license information, please see license.txt

frappe.ui.form.on("CAS Referral", {
	setup(frm) {
		frm.set_query("program", () => ({ filters: { accepts_queue_referrals: 1 } }));
	},
	refresh(frm) {
		const open = ["Pending", "In Process"].includes(frm.doc.workflow_state);
		if (open && !frm.doc.deadline_restarted && frappe.user.has_role("CAS Provider")) {
			frm.add_custom_button(__("Check In"), () =>
				frm.call("check_in").then(() => frm.reload_doc())
			);
		}
		if (frm.doc.workflow_state === "Accepted" && !frm.doc.provider_enrollment && frappe.user.has_role("CAS Provider")) {
			frm.add_custom_button(__("Enroll Household"), () =>
				frm.call("enroll_household").then((r) => frappe.set_route("Form", "CAS Enrollment", r.message))
			);
		}
		if (open && frm.doc.deadline) {
			frm.dashboard.set_headline_alert(
				__("Answer by {0}.", [frappe.datetime.str_to_user(frm.doc.deadline)]),
				frappe.datetime.get_diff(frm.doc.deadline, frappe.datetime.get_today()) < 2 ? "red" : "blue"
			);
		}
	},
});
