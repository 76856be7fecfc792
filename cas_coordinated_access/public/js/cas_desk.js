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
					frappe.show_alert({ message: __("You now act for {0}", [acting]), indicator: "green" });
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
