// Copyright (c) 2026, cas_coordinated_access contributors
// For license information, please see license.txt

cas.setup_household_record_form("CAS Status Assessment");

frappe.ui.form.on("CAS Status Assessment", {
	onload(frm) {
		if (frm.is_new() && frm.doc.enrollment && !(frm.doc.members || []).length) {
			cas.start_status_assessment(frm);
		}
	},

	enrollment(frm) {
		if (frm.is_new()) cas.start_status_assessment(frm);
	},

	refresh(frm) {
		// The household is the enrollment's: members come from it, never typed in.
		frm.fields_dict.members.grid.cannot_add_rows = true;
		if (frm.doc.docstatus === 1) cas.offer_protection_to_those_fleeing(frm);
		if (frm.doc.is_chronically_homeless) {
			frm.dashboard.set_headline_alert(__("Chronically homeless: {0}", [frm.doc.chronic_reasons]), "orange");
		}
	},
});

// A new record starts from the household and the answers of its last record: an update is a review.
cas.start_status_assessment = function (frm) {
	return frappe
		.xcall("cas_coordinated_access.api.status_assessment_members", {
			enrollment: frm.doc.enrollment,
			information_date: frm.doc.information_date,
		})
		.then((rows) => {
			frm.clear_table("members");
			rows.forEach((row) => frm.add_child("members", row));
			frm.refresh_field("members");
		});
};

// "Currently fleeing" offers the assessor to protect the survivor's record; it is never done silently.
cas.offer_protection_to_those_fleeing = function (frm) {
	const fleeing = (frm.doc.members || []).filter((row) => row.currently_fleeing === "Yes");
	if (!fleeing.length) return;
	frappe.db
		.get_list("CAS Client", {
			filters: { name: ["in", fleeing.map((row) => row.client)], is_protected: 0 },
			fields: ["name"],
		})
		.then((clients) => {
			clients.forEach(({ name }) => {
				const row = fleeing.find((member) => member.client === name);
				frm.add_custom_button(__("Protect {0}", [row.client_name || name]), () =>
					frappe.confirm(
						__(
							"{0} is currently fleeing domestic violence. Protect their record, so that only your agency sees who they are and where?",
							[frappe.utils.escape_html(row.client_name || name)]
						),
						() =>
							frappe.db.set_value("CAS Client", name, "is_protected", 1).then(() => {
								frappe.show_alert({ message: __("Record protected."), indicator: "green" });
								frm.reload_doc();
							})
					)
				);
			});
		});
};
