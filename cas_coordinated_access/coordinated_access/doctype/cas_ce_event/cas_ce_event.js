// Copyright (c) 2026, cas_coordinated_access contributors
// For license information, please see license.txt

cas.setup_household_record_form("CAS CE Event");

frappe.ui.form.on("CAS CE Event", {
	refresh(frm) {
		offer_current_events(frm);
	},
	event_date(frm) {
		offer_current_events(frm);
	},
});

// An event HUD has retired is not offered for a day on or after its retirement (the server refuses it
// too); an event already recorded with it still shows as it was recorded.
function offer_current_events(frm) {
	const retired = (frappe.boot.cas && frappe.boot.cas.retired_ce_events) || {};
	const day = frm.doc.event_date || frappe.datetime.get_today();
	const field = frappe.get_meta("CAS CE Event").fields.find((df) => df.fieldname === "event");
	const options = field.options
		.split("\n")
		.filter((option) => !retired[option] || day < retired[option] || option === frm.doc.event);
	frm.set_df_property("event", "options", options.join("\n"));
}
