"""Clients are found by name from the search bar: CAS Client joins global search (where absent) and the
index is built for the clients already there."""

from frappe.utils.global_search import rebuild_for_doctype

from cas_coordinated_access.setup.install import add_clients_to_global_search


def execute():
	add_clients_to_global_search()
	rebuild_for_doctype("CAS Client")
