// Copyright (c) 2026, cas_coordinated_access contributors
// For license information, please see license.txt

frappe.ui.form.on("CAS Referral", {
	setup(frm) {
		frm.set_query("program", () => ({ filters: { accepts_queue_referrals: 1 } }));
	},
	before_workflow_action(frm) {
		// A denial needs who declined, a reason and a note: ask for them before the workflow moves on.
		if (frm.selected_workflow_action !== "Deny") return;
		return ask_for_denial(frm);
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
		// The deadline is a field of the form; the headline speaks only when it is close.
		if (open && frm.doc.deadline && frappe.datetime.get_diff(frm.doc.deadline, frappe.datetime.get_today()) < 2) {
			frm.dashboard.set_headline_alert(
				__("Answer by {0}.", [frappe.datetime.str_to_user(frm.doc.deadline)]),
				"red"
			);
		}
		// Providers decide on the household's name; the client record itself is not theirs to open.
		frm.toggle_display("client", !is_only_provider());
	},
});

function ask_for_denial(frm) {
	// The workflow froze the page before asking us; the dialog needs it unfrozen.
	frappe.dom.unfreeze();
	return new Promise((resolve) => {
		const dialog = new frappe.ui.Dialog({
			title: __("Deny referral {0}", [frm.doc.name]),
			fields: [
				{
					fieldname: "denial_type",
					fieldtype: "Select",
					label: __("Declined By"),
					options: ["", "Provider", "Client"].map((value) => ({ value, label: __(value) })),
					reqd: 1,
					default: frm.doc.denial_type,
				},
				{
					fieldname: "denial_reason",
					fieldtype: "Link",
					label: __("Reason"),
					options: "CAS Denial Reason",
					reqd: 1,
					default: frm.doc.denial_reason,
				},
				{
					fieldname: "denial_note",
					fieldtype: "Small Text",
					label: __("Note"),
					description: __("What the referral staff need to know to find the household another place."),
					reqd: 1,
					default: frm.doc.denial_note,
				},
			],
			primary_action_label: __("Deny"),
			primary_action(values) {
				Object.assign(frm.doc, values);
				dialog.hide();
				frappe.dom.freeze();
				resolve();
			},
		});
		// Cancelling leaves the referral as it was: the workflow never hears back, and nothing is sent.
		dialog.show();
	});
}

function is_only_provider() {
	const staff = ["CAS Assessor", "CAS Referral Specialist", "CAS Administrator", "System Manager"];
	return frappe.user.has_role("CAS Provider") && !staff.some((role) => frappe.user.has_role(role));
}
