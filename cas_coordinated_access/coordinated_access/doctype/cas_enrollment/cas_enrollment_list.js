// Copyright (c) 2026, cas_coordinated_access contributors
// For license information, please see license.txt

frappe.listview_settings["CAS Enrollment"] = {
	add_fields: ["status", "is_evh"],
	onload(listview) {
		// A service for everyone in the households chosen: a bed night for everyone in a shelter tonight.
		if (!frappe.model.can_create("CAS Service")) return;
		listview.page.add_actions_menu_item(__("Provide Services"), () => {
			const enrollments = listview.get_checked_items(true);
			if (!enrollments.length) {
				frappe.msgprint(__("Choose the enrollments to provide the service in."));
				return;
			}
			cas.provide_services({ enrollments, on_done: () => listview.clear_checked_items() });
		});
	},
	get_indicator(doc) {
		if (doc.status === "Exited") return [__("Exited"), "gray", "status,=,Exited"];
		if (doc.is_evh) return [__("Open · EVH"), "red", "is_evh,=,1"];
		return [__("Open"), "green", "status,=,Open"];
	},
};
