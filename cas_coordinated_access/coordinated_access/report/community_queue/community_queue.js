// Copyright (c) 2026, cas_coordinated_access contributors
// For license information, please see license.txt

frappe.query_reports["Community Queue"] = {
	filters: [
		{ fieldname: "queue", label: __("Queue"), fieldtype: "Select", options: "\nShelter\nHousing" },
		{
			fieldname: "household_type",
			label: __("Household Type"),
			fieldtype: "Select",
			options: "\nIndividual Adult\nFamily with Children\nAdults Only\nUnaccompanied Youth\nUnknown",
		},
		{ fieldname: "evh_only", label: __("EVH Only"), fieldtype: "Check" },
		{ fieldname: "document_ready_only", label: __("Document Ready Only"), fieldtype: "Check" },
		{
			fieldname: "program",
			label: __("Eligible for Program"),
			fieldtype: "Link",
			options: "CAS Program",
			get_query: () => ({ filters: { accepts_queue_referrals: 1 } }),
		},
		// The report sends a page of households at a time (the message says how many pages).
		{ fieldname: "page", label: __("Page"), fieldtype: "Int", default: 1 },
	],
	onload(report) {
		// "Refer" on each row opens a new referral of that household from this queue.
		report.page.wrapper.on("click", ".cas-refer", (event) => {
			const button = $(event.currentTarget);
			cas.refer_from_queue(button.attr("data-entry"), button.attr("data-queue"));
		});
		// "Documents" on each row opens the household's documents, for the program filtered on if any.
		report.page.wrapper.on("click", ".cas-documents", (event) => {
			cas.documents.open({
				enrollment: $(event.currentTarget).attr("data-enrollment"),
				program: report.get_filter_value("program") || undefined,
				on_saved: () => report.refresh(),
			});
		});
	},
	formatter(value, row, column, data, default_formatter) {
		// Stored values as text first (cas_desk.js); the markup below is the report's own.
		value = cas.report_formatter(value, row, column, data, default_formatter);
		if (column.fieldname === "refer" && data && data.name && frappe.model.can_create("CAS Referral")) {
			return `<button class="btn btn-xs btn-default cas-refer" data-entry="${frappe.utils.escape_html(
				data.name
			)}" data-queue="${frappe.utils.escape_html(data.queue || "")}">${__("Refer")}</button>`;
		}
		if (column.fieldname === "documents" && data && data.enrollment) {
			const indicator = data.document_ready ? "green" : "orange";
			return `<a class="cas-documents indicator-pill ${indicator}" data-enrollment="${frappe.utils.escape_html(
				data.enrollment
			)}">${value}</a>`;
		}
		if (column.fieldname === "client_name" && data && data.needs_shelter) {
			value = `<span class="indicator-pill red">${value}</span>`;
		}
		return value;
	},
};
