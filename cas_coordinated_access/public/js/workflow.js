// The Workflow form, as CAS administrators edit the CAS workflows in it.
//
// Frappe 15 loads a workflow's document type after the form renders; that load brings the stored
// workflow along and puts a second copy of it in `locals`. The grids then edit the new copy while the form
// saves the one it opened with: a state's message changed in its row is dropped, and the desk still says
// "Saved". Once the document type is loaded, the form is pointed back at the copy its grids edit.
frappe.ui.form.on("Workflow", {
	refresh(frm) {
		if (frm.is_new() || !frm.doc.document_type) return;
		frappe.model.with_doctype(frm.doc.document_type).then(() => {
			const stored = locals[frm.doctype] && locals[frm.doctype][frm.docname];
			if (stored && stored !== frm.doc && !frm.is_dirty()) {
				frm.refresh(frm.docname);
			}
		});
	},
});
