// Copyright (c) 2026, cas_coordinated_access contributors
// For license information, please see license.txt

cas.setup_household_record_form("CAS Case Conference Discussion");

frappe.ui.form.on("CAS Case Conference Discussion", {
	refresh(frm) {
		render_documents(frm);
		if (frm.is_new() || !frm.doc.enrollment) return;
		frm.add_custom_button(__("Previous Conferences"), () =>
			frappe.set_route("List", "CAS Case Conference Discussion", {
				enrollment: frm.doc.enrollment,
			})
		);
		frm.add_custom_button(__("History"), () =>
			frappe.set_route("query-report", "Client History", { client: frm.doc.client })
		);
	},
});

// The household's document checklist, updated in place: what is updated here feeds the queue's readiness.
function render_documents(frm) {
	const wrapper = frm.get_field("documents_html").$wrapper;
	wrapper.empty();
	if (frm.is_new() || !frm.doc.enrollment || !(cas.documents && cas.documents.open)) return;
	$(`<button class="btn btn-default btn-sm">${__("Update Documents")}</button>`)
		.appendTo(wrapper)
		.on("click", () =>
			cas.documents.open({ enrollment: frm.doc.enrollment, on_saved: () => frm.reload_doc() })
		);
}
