// Copyright (c) 2026, cas_coordinated_access contributors
// For license information, please see license.txt

frappe.ui.form.on("CAS Enrollment", {
	setup(frm) {
		// Only programs that are still operating can take new enrollments.
		frm.set_query("program", () => ({
			filters: [["CAS Program", "operating_end_date", "is", "not set"]],
		}));
	},

	refresh(frm) {
		if (!frm.is_new()) {
			frm.set_intro(
				frm.doc.status === "Open"
					? __("Open since {0}: {1} household of {2}.", [
							frappe.datetime.str_to_user(frm.doc.entry_date),
							__(frm.doc.household_type || "Unknown"),
							frm.doc.household_size,
					  ])
					: __("Exited on {0}.", [frappe.datetime.str_to_user(frm.doc.exit_date)]),
				frm.doc.status === "Open" ? "blue" : "grey"
			);
		}
	},
});
