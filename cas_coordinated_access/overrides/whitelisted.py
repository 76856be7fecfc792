"""Frappe desk endpoints that answer about a record without asking whether the user may see it (Frappe
15.55), wrapped so that scoped CAS records, their child rows and the copies Frappe keeps of them go through
the same rule as everything else. Anything else is passed on unchanged to Frappe's own method.

Each wrapper exists because the leak census (tests/integration/test_leak_census.py) found its path open.
"""

import frappe
from frappe import _
from frappe.client import get as frappe_get
from frappe.client import get_count as frappe_get_count
from frappe.client import validate_link as frappe_validate_link
from frappe.core.api.file import unzip_file as frappe_unzip_file
from frappe.core.doctype.deleted_document.deleted_document import bulk_restore as frappe_bulk_restore
from frappe.core.doctype.deleted_document.deleted_document import restore as frappe_restore
from frappe.desk.form.linked_with import get_submitted_linked_docs as frappe_get_submitted_linked_docs
from frappe.desk.form.save import savedocs as frappe_savedocs
from frappe.desk.listview import get_group_by_count as frappe_get_group_by_count
from frappe.desk.search import get_link_title as frappe_get_link_title
from frappe.desk.search import search_link as frappe_search_link
from frappe.desk.search import search_widget as frappe_search_widget
from frappe.handler import run_doc_method as frappe_run_doc_method
from frappe.model.base_document import get_controller
from frappe.model.workflow import apply_workflow as frappe_apply_workflow
from frappe.query_builder import Order
from frappe.query_builder.functions import Count
from frappe.utils.global_search import search as frappe_global_search

from cas_coordinated_access import permissions
from cas_coordinated_access.constants import RECORD_COPIES, SCOPED_DOCTYPES
from cas_coordinated_access.utils import api


def is_scoped(doctype: str | None) -> bool:
	"""A scoped DocType, a child table of one, or a DocType that keeps copies of records (comments,
	versions, files, assignments, ...): everything whose rows the CAS rule limits."""
	return (
		doctype in SCOPED_DOCTYPES or doctype in RECORD_COPIES or bool(permissions.scoped_parents_of(doctype))
	)


def may_read(doctype: str, name: str) -> bool:
	"""Whether the user may read the stored record (False for a record that does not exist)."""
	if not isinstance(name, str) or not frappe.db.exists(doctype, name):
		return False
	return frappe.has_permission(doctype, "read", doc=frappe.get_doc(doctype, name))


@api.whitelist()
def get(doctype: str, name: str | None = None, filters=None, parent: str | None = None):
	"""Frappe loads the first record matching ``filters`` before checking permission, and its refusal names
	that record: an answer to "does a client with this name exist?". Filters on CAS records are resolved
	through the permission-aware list instead."""
	if is_scoped(doctype) and not name and filters:
		names = frappe.get_list(
			doctype, filters=frappe.parse_json(filters), pluck="name", limit=1, parent_doctype=parent
		)
		if not names:
			frappe.throw(_("{0} not found").format(_(doctype)), frappe.DoesNotExistError)
		name, filters = names[0], None
	return frappe_get(doctype, name=name, filters=filters, parent=parent)


@api.whitelist()
def unzip_file(name: str):
	"""Frappe unzips a file without asking whether the user may change it, and its refusal of a file that is
	not a zip names the file: files attached to CAS records need the right to change that record."""
	file = frappe.get_doc("File", name)
	if is_scoped(file.attached_to_doctype):
		file.check_permission("write")
	return frappe_unzip_file(name)


@api.whitelist()
def get_count(
	doctype: str, filters: str | dict | list | None = None, debug: bool = False, cache: bool = False
) -> int:
	"""Frappe 15's count skips permission checks; counts of CAS records go through the list query."""
	if not is_scoped(doctype):
		return frappe_get_count(doctype, filters=filters, debug=debug, cache=cache)
	rows = frappe.get_list(doctype, filters=filters, fields=[f"count(`tab{doctype}`.`name`) as total"])
	return rows[0].total if rows else 0


@api.whitelist()
def get_group_by_count(doctype: str, current_filters: str, field: str) -> list[dict]:
	if field not in ("assigned_to", "owner") and field not in api.columns_of(doctype):
		frappe.throw(
			_("{0} has no field {1}.").format(_(doctype), frappe.bold(field[: api.NAME_LENGTH])),
			frappe.ValidationError,
		)
	if doctype not in SCOPED_DOCTYPES or field != "assigned_to":
		return frappe_get_group_by_count(doctype, current_filters, field)
	# Assignment counts of only the records the user may see.
	visible = frappe.get_list(
		doctype, filters=frappe.parse_json(current_filters), pluck="name", limit_page_length=0
	)
	if not visible:
		return []
	todo = frappe.qb.DocType("ToDo")
	count = Count("*").as_("count")
	return (
		frappe.qb.from_(todo)
		.select(todo.allocated_to.as_("name"), count)
		.where(todo.status != "Cancelled")
		.where(todo.reference_type == doctype)
		.where(todo.reference_name.isin(visible))
		.groupby(todo.allocated_to)
		.orderby(count, order=Order.desc)
		.limit(50)
		.run(as_dict=True)
	)


@api.whitelist()
def search_link(
	doctype: str,
	txt: str,
	query: str | None = None,
	filters: str | dict | list | None = None,
	page_length: int = 10,
	searchfield: str | None = None,
	reference_doctype: str | None = None,
	ignore_user_permissions: bool = False,
) -> list[dict]:
	"""Frappe 15 reads "ignore user permissions" (a Link field's setting) as "ignore every permission": for
	CAS records the flag is dropped, so a search shows only what the user may see. The CAS uses no User
	Permissions, so the flag has nothing else to do here."""
	return frappe_search_link(
		doctype,
		txt,
		query=query,
		filters=filters,
		page_length=page_length,
		searchfield=searchfield,
		reference_doctype=reference_doctype,
		ignore_user_permissions=False if is_scoped(doctype) else ignore_user_permissions,
	)


@api.whitelist()
def search_widget(
	doctype: str,
	txt: str,
	query: str | None = None,
	searchfield: str | None = None,
	start: int = 0,
	page_length: int = 10,
	filters: str | dict | list | None = None,
	filter_fields=None,
	as_dict: bool = False,
	reference_doctype: str | None = None,
	ignore_user_permissions: bool = False,
):
	return frappe_search_widget(
		doctype,
		txt,
		query=query,
		searchfield=searchfield,
		start=start,
		page_length=page_length,
		filters=filters,
		filter_fields=filter_fields,
		as_dict=as_dict,
		reference_doctype=reference_doctype,
		ignore_user_permissions=False if is_scoped(doctype) else ignore_user_permissions,
	)


@api.whitelist()
def validate_link(doctype: str, docname: str, fields=None):
	"""A Link field's check that a value exists: a CAS record the user may not see does not exist for them."""
	if is_scoped(doctype) and not may_read(doctype, docname):
		return frappe._dict()
	return frappe_validate_link(doctype, docname, fields=fields)


@api.whitelist()
def get_link_title(doctype: str, docname: str):
	"""The title shown beside a link (a client's name): only for a record the user may see."""
	if is_scoped(doctype) and not may_read(doctype, docname):
		return docname
	return frappe_get_link_title(doctype, docname)


@api.whitelist()
def get_submitted_linked_docs(doctype: str, name: str, ignore_doctypes_on_cancel_all=None) -> list[tuple]:
	"""Frappe checks the permission here but does not act on the answer."""
	if is_scoped(doctype) and not may_read(doctype, name):
		frappe.throw(_("Not permitted"), frappe.PermissionError)
	return frappe_get_submitted_linked_docs(doctype, name, ignore_doctypes_on_cancel_all)


@api.whitelist()
def global_search(text: str, start: int = 0, limit: int = 20, doctype: str = ""):
	"""Global search checks the DocType, not the record: CAS records in it are kept to those the user sees
	(no CAS DocType is indexed by default; an administrator may add one)."""
	return [
		row
		for row in frappe_global_search(text, start=start, limit=limit, doctype=doctype)
		if not is_scoped(row.doctype) or may_read(row.doctype, row.name)
	]


@api.whitelist()
def restore(name: str, alert: bool = True):
	"""Frappe brings a Deleted Document back for anyone who knows its name and may create the record, though
	the trash is shown to System Managers alone: a deleted CAS record comes back only for those who may
	read its Deleted Document."""
	check_may_restore(name)
	return frappe_restore(name, alert=alert)


@api.whitelist()
def bulk_restore(docnames: str | list):
	"""Each deleted record is checked before any is restored: the batch is refused whole, not half done."""
	names = frappe.parse_json(docnames)
	if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
		frappe.throw(_("Send the names of the deleted documents as a list."), frappe.ValidationError)
	for name in names:
		check_may_restore(name)
	return frappe_bulk_restore(docnames)


def check_may_restore(name: str):
	deleted_doctype = frappe.db.get_value("Deleted Document", name, "deleted_doctype")
	if is_scoped(deleted_doctype) and not may_read("Deleted Document", name):
		frappe.throw(
			_("Only those who may see the deleted record in the trash can restore it."),
			frappe.PermissionError,
		)


@api.whitelist()
def run_doc_method(
	method: str,
	docs: str | dict | None = None,
	dt: str | None = None,
	dn: str | None = None,
	arg: str | dict | list | None = None,
	args: str | dict | list | None = None,
):
	"""A document's method, called by DocType and name. Frappe loads the document before anything else, so
	a map sent as the name became a query whose refusal told whether a matching record exists, and a
	method the document lacks answered with a traceback: both are refused first (the names by the boundary
	in utils/api.py)."""
	if not dt:
		docs = api.check_document(docs)
	doctype = dt or docs["doctype"]
	if not callable(getattr(get_controller(doctype), method, None)):
		frappe.throw(
			_("{0} has no method {1}.").format(_(doctype), frappe.bold(method[: api.NAME_LENGTH])),
			frappe.ValidationError,
		)
	return frappe_run_doc_method(method, docs=docs, dt=dt, dn=dn, arg=arg, args=args)


# The desk's writes: saving or submitting a form, and a workflow action. Run through the app's boundary so
# a deadlock under load is run again rather than answered with a traceback (utils/api.py).


@api.whitelist(methods=["POST", "PUT"])
def savedocs(doc: str, action: str):
	document = api.check_document(doc)
	api.check_values(document["doctype"], document)
	return frappe_savedocs(doc, action)


@api.whitelist(methods=["POST"])
def apply_workflow(doc: str | dict, action: str):
	return frappe_apply_workflow(api.check_document(doc, stored=True), action)
