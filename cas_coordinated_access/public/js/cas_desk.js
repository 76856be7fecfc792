// Desk-wide helpers of the Coordinated Access System.

frappe.provide("cas");

// Which agency the user acts for, and a way to switch, as HMIS users move between agencies.
cas.switch_agency = function () {
	const info = frappe.boot.cas || {};
	if (!(info.agencies || []).length) {
		frappe.msgprint(__("You do not work in any agency yet. Ask a CAS administrator to add you."));
		return;
	}
	frappe.prompt(
		{
			fieldname: "agency",
			label: __("Act for"),
			fieldtype: "Select",
			options: info.agencies,
			default: info.acting_agency,
			reqd: 1,
			description: __("New clients and records you create belong to this agency."),
		},
		({ agency }) =>
			frappe
				.xcall("cas_coordinated_access.api.switch_agency", { agency })
				.then((acting) => {
					info.acting_agency = acting;
					frappe.show_alert({
						message: __("You now act for {0}", [frappe.utils.escape_html(acting)]),
						indicator: "green",
					});
				}),
		__("Switch CAS Agency"),
		__("Switch")
	);
};

$(document).on("toolbar_setup", () => {
	const info = frappe.boot.cas || {};
	if ((info.agencies || []).length < 2) return;
	$("#toolbar-user").prepend(
		`<a class="dropdown-item" href="#" onclick="cas.switch_agency(); return false;">${__(
			"Switch CAS Agency"
		)}</a><div class="dropdown-divider"></div>`
	);
});

// Records kept inside an enrollment are added to open enrollments.
cas.setup_household_record_form = function (doctype) {
	frappe.ui.form.on(doctype, {
		setup(frm) {
			frm.set_query("enrollment", () => ({ filters: { status: "Open" } }));
		},
		refresh(frm) {
			cas.show_the_household_once(frm);
		},
	});
};

// The head of household link shows the client's name where the user may open the client: the Name field
// would then say the same thing twice. Where they may not, the link shows an ID and the Name stays.
cas.show_the_household_once = function (frm) {
	if (!frm.doc.client || !frm.fields_dict.client_name) return;
	frappe
		.xcall("frappe.desk.search.get_link_title", { doctype: "CAS Client", docname: frm.doc.client })
		.then((title) => frm.toggle_display("client_name", title !== frm.doc.client_name));
};

// The Crisis Assessment and the Housing Conversation Tool: each answer offers the options its question
// has in the question set; scores are computed on the server when the form is saved.
cas.setup_assessment_form = function (doctype, kind) {
	cas.setup_household_record_form(doctype);
	const apply_answer_options = (frm) => {
		if (!frm.doc.question_set) return;
		return frappe.db.get_doc("CAS Question Set", frm.doc.question_set).then((set) => {
			const by_question = {};
			frm.cas_points = {};
			(set.answer_options || []).forEach((option) => {
				(by_question[option.question_code] ||= [""]).push(option.option);
				frm.cas_points[`${option.question_code}\n${option.option}`] = option.points || 0;
			});
			(frm.doc.answers || []).forEach((row) => {
				frm.set_df_property(
					"answers",
					"options",
					(by_question[row.question_code] || [""]).join("\n"),
					frm.doc.name,
					"answer",
					row.name
				);
			});
			frm.refresh_field("answers");
		});
	};

	// The score follows the answers as they are given; the server computes the one that counts on save.
	frappe.ui.form.on("CAS Assessment Answer", {
		answer(frm, cdt, cdn) {
			if (frm.doctype !== doctype || !frm.cas_points) return;
			const row = locals[cdt][cdn];
			frappe.model.set_value(cdt, cdn, "points", frm.cas_points[`${row.question_code}\n${row.answer}`] || 0);
			const total = (frm.doc.answers || []).reduce((sum, answer) => sum + (answer.points || 0), 0);
			frm.set_value("total_score", total);
		},
	});

	frappe.ui.form.on(doctype, {
		setup(frm) {
			frm.set_query("question_set", () => ({ filters: { kind } }));
		},
		onload(frm) {
			// A new assessment starts with the CoC's default question set, so its questions load at once.
			if (frm.is_new() && !frm.doc.question_set) {
				frappe.db
					.get_value("CAS Question Set", { kind, is_default: 1 }, "name")
					.then(({ message }) => message && frm.set_value("question_set", message.name));
			}
		},
		refresh(frm) {
			frm.fields_dict.answers.grid.cannot_add_rows = true;
			if (frm.doc.docstatus === 1) {
				["Shelter", "Housing"].forEach((queue) =>
					frm.add_custom_button(
						queue === "Shelter" ? __("Shelter Queue") : __("Housing Queue"),
						() => cas.send_to_queue(frm, queue),
						__("Send to Community Queue")
					)
				);
			}
			apply_answer_options(frm);
			cas.warn_of_unanswered_questions(frm);
			cas.offer_status_update(frm);
			if (frm.doc.docstatus === 1 && frm.doc.is_evh) {
				frm.dashboard.set_headline_alert(
					__("Extremely vulnerable household (score {0}, threshold {1}).", [
						frm.doc.total_score,
						frm.doc.evh_threshold,
					]),
					"red"
				);
			}
		},
		on_submit(frm) {
			// Offered at submit: an assessment not sent the day it is made is not considered.
			frappe.confirm(__("Send this household to the Community Queue now?"), () =>
				frappe.prompt(
					{
						fieldname: "queue",
						label: __("Queue"),
						fieldtype: "Select",
						options: ["Shelter", "Housing"],
						default: frm.doc.shelter_referral_needed ? "Shelter" : "Housing",
						reqd: 1,
					},
					({ queue }) => cas.send_to_queue(frm, queue),
					__("Send to Community Queue")
				)
			);
		},
		enrollment(frm) {
			load_questions(frm);
		},
		question_set(frm) {
			load_questions(frm);
		},
	});

	// A new assessment gets its enrollment and its question set in either order, often both at once: the
	// questions load once for each pair, one request after the other, so the rows that stay are the rows
	// that get their answer options.
	const load_questions = (frm) => {
		frm.fields_dict.answers.grid.cannot_add_rows = true;
		if (!frm.doc.question_set || !frm.doc.enrollment) return;
		const key = [frm.doc.name, frm.doc.enrollment, frm.doc.question_set].join("\n");
		if (frm.cas_questions_for === key) return;
		frm.cas_questions_for = key;
		frm.cas_questions_loading = (frm.cas_questions_loading || Promise.resolve())
			.then(() => (frm.cas_questions_for === key ? frm.call("set_questions") : null))
			.then(() => frm.cas_questions_for === key && apply_answer_options(frm))
			.catch(() => (frm.cas_questions_for = null));
	};
};

cas.send_to_queue = function (frm, queue) {
	frappe
		.xcall("cas_coordinated_access.api.send_to_community_queue", {
			assessment_doctype: frm.doctype,
			assessment: frm.doc.name,
			queue,
		})
		.then((entry) => {
			frappe.show_alert({ message: __("On the {0} queue: {1}", [__(queue), entry]), indicator: "green" });
			frm.reload_doc();
		});
};

// Referral staff refer a household where they find it: a row of the Community Queue or its queue entry.
cas.refer_from_queue = function (queue_entry, queue) {
	// The enrollment is required on the form; the server takes it from the queue entry again when saving.
	frappe.db.get_value("CAS Queue Entry", queue_entry, "enrollment").then(({ message }) =>
		frappe.new_doc("CAS Referral", {
			queue_entry,
			referral_type: queue,
			enrollment: (message || {}).enrollment,
		})
	);
};

// A saved draft says which required questions still wait for an answer, by the row numbers the grid shows,
// before submitting refuses them.
cas.warn_of_unanswered_questions = function (frm) {
	if (frm.is_new() || frm.doc.docstatus !== 0) return;
	const rows = (frm.doc.answers || []).filter((row) => row.required && !row.answer).map((row) => row.idx);
	if (!rows.length) return;
	frm.dashboard.set_headline_alert(
		__("{0} required questions are not answered yet (rows {1}); answer them before submitting.", [
			rows.length,
			rows.join(", "),
		]),
		"orange"
	);
};

// Issue 18: a value of a CAS record is text, whatever is stored. Frappe's client formatters return Data,
// Small Text, Text and Select values as they are, and forms (read-only fields), grids, lists and reports put
// them into the page as HTML: a payload that reached the database past Frappe's save sanitizer (an import, a
// direct write) would run. The CAS DocTypes' plain-text fields are escaped before Frappe formats them; Text
// Editor and HTML Editor fields hold markup on purpose and are left alone.
(function () {
	const formatters = frappe.form.formatters;
	const escape = frappe.utils.escape_html;
	const is_cas_field = (df) => !!(df && typeof df.parent === "string" && df.parent.startsWith("CAS "));
	const original = {
		Data: formatters.Data,
		Text: formatters.Text,
		SmallText: formatters.SmallText,
		Link: formatters.Link,
	};
	// Text ends in Data: the value is escaped once, before Text adds its line breaks.
	let escaped_by_text = false;

	formatters.Data = function (value, df, ...rest) {
		if (!escaped_by_text && is_cas_field(df) && typeof value === "string") value = escape(value);
		return original.Data.call(this, value, df, ...rest);
	};
	formatters.Text = function (value, df, ...rest) {
		if (!is_cas_field(df) || typeof value !== "string") return original.Text.call(this, value, df, ...rest);
		escaped_by_text = true;
		try {
			return original.Text.call(this, escape(value), df, ...rest);
		} finally {
			escaped_by_text = false;
		}
	};
	// Frappe's Small Text formatter drops the field: keep it, so the record's field is recognised.
	formatters.SmallText = function (value, df, ...rest) {
		return is_cas_field(df) ? formatters.Text(value, df, ...rest) : original.SmallText.call(this, value, df, ...rest);
	};
	// A link the user may open is built as text by Frappe; one they may not shows its title as it is.
	formatters.Link = function (value, df, ...rest) {
		const formatted = original.Link.call(this, value, df, ...rest);
		if (!is_cas_field(df) || typeof formatted !== "string" || formatted.startsWith("<a ")) return formatted;
		return escape(formatted);
	};
})();

// The app's script reports hand rows of stored values to Frappe's report view, whose columns know no DocType:
// each report formats them as text here (a report with a formatter of its own calls this one first).
cas.report_formatter = function (value, row, column, data, default_formatter) {
	const text_types = ["Data", "Small Text", "Text", "Long Text", "Select", "Read Only", undefined, null, ""];
	if (column && text_types.includes(column.fieldtype) && typeof value === "string") {
		value = frappe.utils.escape_html(value);
	}
	const formatted = default_formatter(value, row, column, data);
	if (
		column &&
		["Link", "Dynamic Link"].includes(column.fieldtype) &&
		typeof formatted === "string" &&
		!formatted.startsWith("<a ")
	) {
		return frappe.utils.escape_html(formatted);
	}
	return formatted;
};

// Provide Services: one service type, date and quantity for many people at once. From an enrollment the
// household's members are offered as checkboxes, all ticked; from the enrollment list (`household` left
// out) every member of each enrollment chosen is served. The server records all of them or none.
cas.provide_services = function ({ enrollments, household, on_done }) {
	const members = household || [];
	const fields = [
		{
			fieldname: "service_type",
			label: __("Service Type"),
			fieldtype: "Link",
			options: "CAS Service Type",
			reqd: 1,
			get_query: () => ({ filters: { disabled: 0 } }),
			onchange() {
				const type = dialog.get_value("service_type");
				if (!type) return dialog.set_df_property("quantity", "description", "");
				frappe.db.get_value("CAS Service Type", type, ["unit", "hud_record_type"]).then(({ message }) => {
					const per_night = message && message.hud_record_type === "Bed night";
					dialog.set_df_property(
						"quantity",
						"description",
						per_night
							? __("One bed night for each night from the date to the end date.")
							: message && message.unit
							? __("In {0}", [frappe.utils.escape_html(__(message.unit))])
							: ""
					);
					dialog.set_df_property("quantity", "read_only", per_night ? 1 : 0);
				});
			},
		},
		{ fieldname: "quantity", label: __("Quantity"), fieldtype: "Float", default: 1, reqd: 1 },
		{ fieldtype: "Column Break" },
		{
			fieldname: "service_date",
			label: __("Date Provided"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
		},
		{
			fieldname: "end_date",
			label: __("End Date"),
			fieldtype: "Date",
			description: __("For a service over several days: the last day it was provided."),
		},
	];
	if (members.length) {
		fields.push({ fieldtype: "Section Break", label: __("Household Members") });
		members.forEach((member, index) => {
			fields.push({
				fieldname: `member_${index}`,
				label: frappe.utils.escape_html(
					member.relationship_to_hoh
						? `${member.client_name || member.client} (${__(member.relationship_to_hoh)})`
						: member.client_name || member.client
				),
				fieldtype: "Check",
				default: 1,
			});
		});
	} else {
		fields.push({
			fieldtype: "HTML",
			options: `<p class="text-muted">${__(
				"Every member of the {0} households chosen receives the service.",
				[enrollments.length]
			)}</p>`,
		});
	}
	fields.push({ fieldtype: "Section Break" }, { fieldname: "note", label: __("Note"), fieldtype: "Small Text" });

	const dialog = new frappe.ui.Dialog({
		title: __("Provide Services"),
		fields,
		size: "large",
		primary_action_label: __("Record"),
		primary_action(values) {
			const chosen = members.filter((_member, index) => values[`member_${index}`]).map((member) => member.client);
			if (members.length && !chosen.length) {
				frappe.msgprint(__("Choose at least one household member."));
				return;
			}
			frappe
				.xcall("cas_coordinated_access.api.provide_services", {
					service_type: values.service_type,
					service_date: values.service_date,
					end_date: values.end_date || null,
					quantity: values.quantity,
					note: values.note || null,
					enrollments,
					members: members.length ? chosen : null,
				})
				.then((count) => {
					dialog.hide();
					frappe.show_alert({ message: __("{0} services recorded.", [count]), indicator: "green" });
					on_done && on_done(count);
				});
		},
	});
	dialog.show();
	return dialog;
};

// A submitted assessment whose answers say the household's income or disability changed since its last
// status record offers a Status Update, prefilled from that record.
cas.offer_status_update = function (frm) {
	const changed = (frm.doc.__onload || {}).status_update_for || [];
	if (!changed.length) return;
	frm.dashboard.add_comment(
		__("This assessment reports a change in {0} since the last status record: record a Status Update.", [
			changed.map((what) => __(what).toLowerCase()).join(__(" and ")),
		]),
		"yellow",
		true
	);
	frm.add_custom_button(__("Status Update"), () =>
		frappe.new_doc("CAS Status Assessment", {
			enrollment: frm.doc.enrollment,
			data_collection_stage: "Update",
			information_date: frappe.datetime.get_today(),
		})
	);
};
