// Copyright (c) 2026, cas_coordinated_access contributors
// For license information, please see license.txt

// The facilitator builds the agenda in one action, adds any household they may see, and after the meeting
// emails each owner their next steps. Each attendee sees the households as their agency may.
frappe.ui.form.on("CAS Case Conference", {
	refresh(frm) {
		if (frm.is_new()) return;
		render_agenda(frm);
		if (!frm.perm[0]?.write) return;
		frm.add_custom_button(__("Build Agenda"), () =>
			frappe
				.xcall("cas_coordinated_access.api.build_case_conference_agenda", {
					conference: frm.doc.name,
				})
				.then((added) => {
					frappe.show_alert({
						message: added
							? __("{0} households added to the agenda", [added])
							: __("No household needs to be added to the agenda"),
						indicator: added ? "green" : "blue",
					});
					render_agenda(frm);
				})
		);
		frm.add_custom_button(__("Add Household"), () => add_household(frm));
		frm.add_custom_button(__("Email Next Steps"), () =>
			frappe.confirm(__("Email each owner their open next steps from this conference?"), () =>
				frappe
					.xcall("cas_coordinated_access.api.send_case_conference_next_steps", {
						conference: frm.doc.name,
					})
					.then((sent) => {
						frappe.show_alert({
							message: __("{0} emails queued", [sent]),
							indicator: "green",
						});
						frm.reload_doc();
					})
			)
		);
	},
});

function add_household(frm) {
	frappe.prompt(
		{
			fieldname: "enrollment",
			fieldtype: "Link",
			options: "CAS Enrollment",
			label: __("Enrollment"),
			reqd: 1,
			get_query: () => ({ filters: { status: "Open" } }),
		},
		({ enrollment }) =>
			frappe
				.xcall("cas_coordinated_access.api.add_to_case_conference", {
					conference: frm.doc.name,
					enrollment,
				})
				.then(() => render_agenda(frm)),
		__("Add a Household to the Agenda"),
		__("Add")
	);
}

function render_agenda(frm) {
	const wrapper = frm.get_field("agenda_html").$wrapper;
	frappe
		.xcall("cas_coordinated_access.api.case_conference_agenda", { conference: frm.doc.name })
		.then(({ rows, not_shown }) => {
			const esc = frappe.utils.escape_html;
			const lines = rows.map((row, index) => {
				const household = row.name
					? `<a href="/app/cas-case-conference-discussion/${encodeURIComponent(row.name)}">${esc(
							row.client_name
					  )}</a>`
					: `${esc(row.client_name)} <span class="text-muted">(${__(
							"notes kept by the holding agency"
					  )})</span>`;
				const steps = (row.next_steps || []).length;
				return `<tr><td>${index + 1}</td><td>${household}</td>
					<td>${esc(row.agenda_reasons || "").replace(/\n/g, "<br>")}</td>
					<td>${row.review_on ? frappe.datetime.str_to_user(row.review_on) : ""}</td>
					<td>${row.name ? steps : ""}</td></tr>`;
			});
			const hidden = !not_shown
				? ""
				: `<p class="text-muted">${
						rows.length
							? __("{0} more households are on the agenda that your agency does not see.", [
									not_shown,
							  ])
							: __("{0} households are on the agenda that your agency does not see.", [
									not_shown,
							  ])
				  }</p>`;
			if (!rows.length) {
				wrapper.html(
					hidden ||
						`<p class="text-muted">${__(
							"No household on the agenda yet: Build Agenda adds EVH households without a shelter referral, stalled and denied referrals, households that are not document ready and those longest on the queue."
						)}</p>`
				);
				return;
			}
			wrapper.html(
				`<table class="table table-bordered cas-conference-agenda">
					<thead><tr><th>#</th><th>${__("Household")}</th><th>${__("Why on the Agenda")}</th>
					<th>${__("Review Again On")}</th><th>${__("Next Steps")}</th></tr></thead>
					<tbody>${lines.join("")}</tbody></table>${hidden}`
			);
		});
}
