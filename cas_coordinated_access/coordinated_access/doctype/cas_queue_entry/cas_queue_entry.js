// Copyright (c) 2026, cas_coordinated_access contributors
// For license information, please see license.txt

// frappe.ui.form.on("CAS Queue Entry", {
// 	refresh(frm) {

// 	},
// });
