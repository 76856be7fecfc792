// Copyright (c) 2026, cas_coordinated_access contributors
// For license information, please see license.txt

cas.setup_household_record_form("CAS Individualized Support Plan");

frappe.ui.form.on("CAS Individualized Support Plan", {
	setup(frm) {
		frm.set_query("housing_conversation_tool", () => ({
			filters: { enrollment: frm.doc.enrollment, docstatus: 1 },
		}));
		frm.set_query("program_preference", () => ({ filters: { disabled: 0 } }));
	},
	refresh(frm) {
		if (!frm.is_new()) {
			// The client takes a copy home (Menu > Email sends it with Frappe's email dialog).
			frm.add_custom_button(__("Client Copy"), () => {
				const params = new URLSearchParams({
					doctype: frm.doctype,
					name: frm.doc.name,
					format: "CAS ISP Client Copy",
					trigger_print: 1,
				});
				window.open(`/printview?${params.toString()}`);
			});
		}
	},
	enrollment(frm) {
		if (!frm.doc.enrollment || frm.doc.housing_conversation_tool) return;
		// Start from the newest HCT of the enrollment.
		frappe.db
			.get_list("CAS Housing Conversation Tool", {
				filters: { enrollment: frm.doc.enrollment, docstatus: 1 },
				fields: ["name"],
				order_by: "assessment_date desc",
				limit: 1,
			})
			.then((rows) => rows.length && frm.set_value("housing_conversation_tool", rows[0].name));
	},
});

frappe.ui.form.on("CAS ISP Goal", {
	start_date: (frm, cdt, cdn) => set_target_date(frm, cdt, cdn),
	timeline_days: (frm, cdt, cdn) => set_target_date(frm, cdt, cdn),
});

function set_target_date(frm, cdt, cdn) {
	const goal = locals[cdt][cdn];
	if (goal.start_date && goal.timeline_days) {
		frappe.model.set_value(
			cdt,
			cdn,
			"target_date",
			frappe.datetime.add_days(goal.start_date, goal.timeline_days)
		);
	}
}
