"""Whitelisted methods of the desk."""

import frappe
from frappe import _

from cas_coordinated_access import permissions


@frappe.whitelist()
def switch_agency(agency: str) -> str:
	"""Act for another of the user's agencies, as HMIS users move between agencies; new records follow it."""
	viewer = permissions.get_viewer()
	if agency not in viewer.agencies:
		frappe.throw(
			_("You do not work in {0}; ask a CAS administrator to add you to it.").format(
				frappe.bold(agency)
			),
			frappe.PermissionError,
			title=_("Not your agency"),
		)
	# The user may change only this one field of their own membership, and only to one of their agencies.
	frappe.db.set_value("CAS Staff Member", viewer.user, "acting_agency", agency)
	return agency


def extend_bootinfo(bootinfo):
	"""The desk shows which agency the user acts for and lets them switch."""
	if frappe.session.user == "Guest":
		return
	viewer = permissions.get_viewer()
	bootinfo.cas = {
		"agencies": sorted(viewer.agencies),
		"acting_agency": permissions.acting_agency(viewer.user),
		"shared_agency": viewer.shared_agency,
	}
