"""Protected clients' pseudonyms were a digest of the client ID alone, so anyone holding an ID could find
that client's label on the queue. They are now keyed with the site's secret: relabel every protected
client, the households and records that copy the label, and the assessors' follow-ups that name it."""

import frappe

from cas_coordinated_access import permissions
from cas_coordinated_access.utils import follow_ups


def execute():
	for client in frappe.get_all(
		"CAS Client", filters={"is_protected": 1}, fields=["name", "full_name"], order_by="name"
	):
		label = permissions.client_display_name(client.name, client.full_name, True)
		frappe.db.set_value("CAS Client", client.name, "display_name", label, update_modified=False)
		frappe.get_doc("CAS Client", client.name).refresh_households()
		for enrollment in open_enrollments_of(client.name):
			follow_ups.refresh(enrollment)


def open_enrollments_of(client: str) -> list[str]:
	return frappe.get_all(
		"CAS Household Member",
		filters={"client": client, "parenttype": "CAS Enrollment"},
		pluck="parent",
		distinct=True,
	)
