// Copyright (c) 2026, cas_coordinated_access contributors
// For license information, please see license.txt

cas.setup_household_record_form("CAS Service");

frappe.ui.form.on("CAS Service", {
	setup(frm) {
		frm.set_query("service_type", () => ({ filters: { disabled: 0 } }));
		// The member is one of the enrollment's household.
		frm.set_query("member", () => ({
			filters: [["CAS Client", "name", "in", frm.cas_household || []]],
		}));
	},
	refresh(frm) {
		load_household(frm);
	},
	enrollment(frm) {
		load_household(frm);
	},
});

function load_household(frm) {
	if (!frm.doc.enrollment) return;
	frappe.db.get_doc("CAS Enrollment", frm.doc.enrollment).then((enrollment) => {
		frm.cas_household = (enrollment.household_members || []).map((row) => row.client);
		if (frm.is_new() && !frm.doc.member) frm.set_value("member", enrollment.client);
	});
}
