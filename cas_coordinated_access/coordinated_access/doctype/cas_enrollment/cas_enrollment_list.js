// Copyright (c) 2026, cas_coordinated_access contributors
// For license information, please see license.txt

frappe.listview_settings["CAS Enrollment"] = {
	add_fields: ["status", "is_evh"],
	get_indicator(doc) {
		if (doc.status === "Exited") return [__("Exited"), "gray", "status,=,Exited"];
		if (doc.is_evh) return [__("Open · EVH"), "red", "is_evh,=,1"];
		return [__("Open"), "green", "status,=,Open"];
	},
};
