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


@frappe.whitelist()
def send_to_community_queue(assessment_doctype: str, assessment: str, queue: str) -> str:
	"""The "Send to Community Queue" action of a submitted Crisis Assessment or HCT."""
	from cas_coordinated_access.utils import community_queue
	from cas_coordinated_access.utils.assessment import ASSESSMENT_DOCTYPES

	if assessment_doctype not in ASSESSMENT_DOCTYPES or queue not in ("Shelter", "Housing"):
		frappe.throw(_("Send a Crisis Assessment or an HCT to the Shelter or the Housing queue."))
	return community_queue.send(assessment_doctype, assessment, queue)


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
