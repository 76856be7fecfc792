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
		if (!frm.is_new() && frm.doc.status === "Open") {
			// The assessor works inside the enrollment: every CAS record starts from here.
			const record = (label, doctype) =>
				frm.add_custom_button(
					label,
					() => frappe.new_doc(doctype, { enrollment: frm.doc.name }),
					__("Record")
				);
			record(__("Current Living Situation"), "CAS Current Living Situation");
			record(__("Crisis Assessment"), "CAS Crisis Assessment");
			record(__("Housing Conversation Tool"), "CAS Housing Conversation Tool");
			record(__("Individualized Support Plan"), "CAS Individualized Support Plan");
			record(__("CE Event"), "CAS CE Event");
			if (frappe.model.can_create("CAS Service")) {
				frm.add_custom_button(
					__("Provide Services"),
					() =>
						cas.provide_services({
							enrollments: [frm.doc.name],
							household: frm.doc.household_members,
						}),
					__("Record")
				);
			}
			// HUD's data collection stages (5.03): each starts from the household's last record.
			const status = (label, stage) =>
				frm.add_custom_button(
					label,
					() =>
						frappe.new_doc("CAS Status Assessment", {
							enrollment: frm.doc.name,
							data_collection_stage: stage,
							information_date: stage === "Project start" ? frm.doc.entry_date : frappe.datetime.get_today(),
						}),
					__("Record")
				);
			status(__("Project Start Record"), "Project start");
			status(__("Status Update Assessment"), "Update");
			status(__("Annual Assessment"), "Annual assessment");
		}
		if (!frm.is_new()) {
			// Everything of the head of household, across programs and agencies (what the user may see).
			frm.add_custom_button(__("History"), () =>
				frappe.set_route("query-report", "Client History", { client: frm.doc.client })
			);
			// Each member's documents and whether the household is document ready, updated in place.
			frm.add_custom_button(__("Documents"), () => cas.documents.open({ enrollment: frm.doc.name }));
		}
		if (!frm.is_new() && frm.doc.status === "Exited") {
			frm.add_custom_button(__("Exit Record"), () =>
				frappe.new_doc("CAS Status Assessment", {
					enrollment: frm.doc.name,
					data_collection_stage: "Project exit",
					information_date: frm.doc.exit_date,
				})
			);
		}
		if (frm.doc.is_evh) {
			frm.dashboard.set_headline_alert(
				__("Extremely vulnerable household since {0}: prioritized for shelter and housing.", [
					frappe.datetime.str_to_user(frm.doc.evh_since),
				]),
				"red"
			);
		}
		if (!frm.is_new()) {
			frm.set_intro(
				frm.doc.status === "Open"
					? __("Open since {0}: {1} household of {2}.", [
							frappe.datetime.str_to_user(frm.doc.entry_date),
							frm.doc.household_type ? __(frm.doc.household_type) : __("Unknown"),
							frm.doc.household_size,
					  ])
					: __("Exited on {0}.", [frappe.datetime.str_to_user(frm.doc.exit_date)]),
				frm.doc.status === "Open" ? "blue" : "grey"
			);
		}
	},
});
