// Copyright (c) 2026, cas_coordinated_access contributors
// For license information, please see license.txt

frappe.ui.form.on("CAS Service Type", {
	refresh(frm) {
		offer_the_types_of_the_record_type(frm);
	},
	hud_record_type(frm) {
		frm.set_value("hud_type_provided", "");
		offer_the_types_of_the_record_type(frm);
	},
});

// HUD lists the types provided under each record type: the select offers those of the record type chosen
// (the server checks the pair on save).
function offer_the_types_of_the_record_type(frm) {
	if (!frm.doc.hud_record_type) return;
	frappe
		.xcall("cas_coordinated_access.api.hud_types_provided", { record_type: frm.doc.hud_record_type })
		.then((labels) => frm.set_df_property("hud_type_provided", "options", ["", ...labels]));
}
