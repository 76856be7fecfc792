// Copyright (c) 2026, cas_coordinated_access contributors
// For license information, please see license.txt

// The documents dialog: each member's documents with where they stand, the household's readiness on top,
// saved all at once. Opened from an enrollment, a client, a case conference and a Community Queue row:
// cas.documents.open({ enrollment, client, program, on_saved }).
frappe.provide("cas.documents");

cas.documents.open = function ({ enrollment, client, program, on_saved } = {}) {
	frappe
		.xcall("cas_coordinated_access.api.document_checklist", { enrollment, client, program })
		.then((checklist) => cas.documents.show(checklist, { enrollment, client, program, on_saved }));
};

cas.documents.show = function (checklist, options) {
	const escape = frappe.utils.escape_html;
	const rows = [];
	const fields = [{ fieldname: "readiness", fieldtype: "HTML" }];
	checklist.members.forEach((member, m) => {
		fields.push({
			fieldname: `member_${m}`,
			fieldtype: "Section Break",
			label: member.visible ? `${escape(member.client_name)} (${escape(member.label)})` : escape(member.label),
		});
		if (!member.visible) {
			fields.push({
				fieldname: `hidden_${m}`,
				fieldtype: "HTML",
				options: `<p class="text-muted">${__("You may not see this member's documents.")}</p>`,
			});
			return;
		}
		member.documents.forEach((document, d) => {
			const key = `${m}_${d}`;
			rows.push({ key, client: member.client, document });
			const needed = document.required ? ` · ${__("needed")}` : "";
			fields.push(
				{
					fieldname: `status_${key}`,
					fieldtype: "Select",
					label: `${escape(document.document_type)}${needed}`,
					options: checklist.statuses.map((value) => ({ value, label: __(value) })),
					default: document.status,
				},
				{ fieldname: `column_${key}`, fieldtype: "Column Break" },
				{
					fieldname: `kept_where_${key}`,
					fieldtype: "Data",
					label: __("Kept Where"),
					default: document.kept_where,
				},
				{ fieldname: `column2_${key}`, fieldtype: "Column Break" },
				{ fieldname: `history_${key}`, fieldtype: "HTML", options: history_link(document) },
				{ fieldname: `break_${key}`, fieldtype: "Section Break" }
			);
		});
	});

	const dialog = new frappe.ui.Dialog({
		title: __("Documents"),
		size: "large",
		fields,
		primary_action_label: __("Save"),
		primary_action(values) {
			const updates = rows
				.filter(
					({ key, document }) =>
						values[`status_${key}`] !== document.status ||
						(values[`kept_where_${key}`] || "") !== (document.kept_where || "")
				)
				.map(({ key, client, document }) => ({
					client,
					document_type: document.document_type,
					status: values[`status_${key}`],
					kept_where: values[`kept_where_${key}`] || null,
				}));
			if (!updates.length) return dialog.hide();
			frappe
				.xcall("cas_coordinated_access.api.update_documents", { updates })
				.then((count) => {
					dialog.hide();
					frappe.show_alert({ message: __("{0} documents updated", [count]), indicator: "green" });
					if (options.on_saved) options.on_saved(count);
				});
		},
	});
	const indicator = checklist.ready ? "green" : "orange";
	dialog.fields_dict.readiness.$wrapper.html(
		`<p><span class="indicator-pill ${indicator}">${escape(checklist.readiness)}</span></p>`
	);
	dialog.show();

	function history_link(document) {
		if (!document.name) return `<p class="text-muted small">${__("Not recorded yet")}</p>`;
		const since = document.status_date ? frappe.datetime.str_to_user(document.status_date) : "";
		const route = `/app/cas-client-document/${encodeURIComponent(document.name)}`;
		return `<p class="small">${escape(since)} ${escape(document.updated_by || "")}<br>
			<a href="${route}" target="_blank">${__("History")}</a></p>`;
	}
};
