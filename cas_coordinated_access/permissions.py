"""Agency scoping on every path, from one rule (rules/access.py).

Frappe asks two questions: ``permission_query_conditions`` (a SQL condition for lists, report view,
link search, counts and exports: everything that goes through DatabaseQuery) and ``has_permission``
(one document: form, REST, print, write, delete). Both are answered here with the same SQL condition,
so a list and a document can never disagree. Code that reads with ``frappe.get_all``, ``frappe.qb`` or raw
SQL on behalf of a user (script reports, APIs) adds :func:`condition_for` itself.
"""

import frappe
from frappe import _
from frappe.model.document import Document

from cas_coordinated_access.constants import (
	CASE_CONFERENCE_DISCUSSION,
	CLIENT_DOCUMENT,
	RECORD_COPIES,
	SCOPED_DOCTYPES,
)
from cas_coordinated_access.rules import access
from cas_coordinated_access.utils.escaping import PrintsAsText


def get_viewer(user: str | None = None) -> access.Viewer:
	"""The user as the access rule sees them, computed once per request."""
	user = user or frappe.session.user
	cache = getattr(frappe.local, "cas_viewers", None)
	if cache is None:
		cache = frappe.local.cas_viewers = {}
	if user not in cache:
		cache[user] = access.Viewer(
			user=user,
			roles=frozenset(frappe.get_roles(user)),
			agencies=frozenset(
				frappe.get_all(
					"CAS Staff Member Agency",
					filters={"parenttype": "CAS Staff Member", "parent": user},
					pluck="agency",
				)
			),
			shared_agency=shared_agency(),
		)
	return cache[user]


def clear_viewer_cache(*args, **kwargs):
	"""Forget computed viewers (agency memberships, roles or the shared agency changed)."""
	frappe.local.cas_viewers = {}


def shared_agency() -> str | None:
	return frappe.db.get_value("CAS Agency", {"is_cas_agency": 1}, "name")


def acting_agency(user: str | None = None) -> str | None:
	"""The agency new records of the user belong to."""
	user = user or frappe.session.user
	return frappe.db.get_value("CAS Staff Member", user, "acting_agency")


def client_display_name(client_id: str, full_name: str | None, is_protected: bool) -> str:
	"""The name other records show for a client. A protected client's pseudonym is keyed with the site's
	encryption key (Frappe's per-site secret in site_config.json, created on first use): keep it with the
	site when restoring a backup elsewhere, as Frappe asks for its passwords."""
	from frappe.utils.password import get_encryption_key

	return access.display_name(client_id, full_name, is_protected, get_encryption_key())


def condition_for(doctype: str, user: str | None = None, table: str | None = None) -> str:
	"""The SQL condition limiting ``doctype`` rows (in ``table``, default its own table) to what the user sees."""
	viewer = get_viewer(user)
	table = table or f"`tab{doctype}`"
	if doctype == "CAS Client":
		return _client_condition(viewer, table)
	if doctype == "CAS Staff Member":
		return "1=1" if viewer.is_admin else f"{table}.`user` = {frappe.db.escape(viewer.user)}"
	if doctype == CLIENT_DOCUMENT:
		return _client_document_condition(viewer, table)
	return access.to_sql(rule_for(doctype, viewer), table, frappe.db.escape)


def rule_for(doctype: str, viewer: access.Viewer) -> access.Rule:
	if doctype == "CAS Referral":
		return access.referral_rule(viewer)
	if doctype == CASE_CONFERENCE_DISCUSSION:
		return access.conference_notes_rule(viewer)
	return access.household_rule(viewer)


def _client_condition(viewer: access.Viewer, table: str) -> str:
	"""A client is seen by the agencies that hold them and, unless protected, by anyone who sees one of
	their households."""
	held = access.to_sql(access.holding_agency_rule(viewer), table, frappe.db.escape)
	if held == "1=1":
		return held
	households = access.to_sql(access.household_rule(viewer), "e", frappe.db.escape)
	return (
		f"({held} or ({table}.`is_protected` = 0 and exists (select 1 from `tabCAS Household Member` m"
		" inner join `tabCAS Enrollment` e on e.`name` = m.`parent`"
		f" where m.`parenttype` = 'CAS Enrollment' and m.`client` = {table}.`name` and {households})))"
	)


def _client_document_condition(viewer: access.Viewer, table: str) -> str:
	"""A client's documents are seen, and updated, exactly where the client is."""
	client = _client_condition(viewer, "cas_client")
	if client == "1=1":
		return client
	return (
		"exists (select 1 from `tabCAS Client` cas_client"
		f" where cas_client.`name` = {table}.`client` and {client})"
	)


def query_conditions(user: str | None = None, doctype: str | None = None) -> str | None:
	"""Frappe's ``permission_query_conditions`` hook for every scoped DocType."""
	condition = condition_for(doctype, user)
	return None if condition == "1=1" else condition


def query_conditions_for_any(user: str | None = None, doctype: str | None = None) -> str | None:
	"""Frappe's ``permission_query_conditions`` for every DocType (the "*" hook), for what points at a
	scoped record from elsewhere:

	- rows of a child table of a scoped DocType are listed only where the user sees their parent. Frappe
	  checks a child table's list against the parent DocType's role permissions alone, so without this
	  anyone who may read enrollments could list every household's members. Child tables an administrator
	  adds to a scoped DocType are covered too: the parents are read from the metadata.
	- the copies Frappe keeps (comments, versions, files, assignments, notifications, ...) of a scoped
	  record are listed only where the user sees that record.
	"""
	if doctype in RECORD_COPIES:
		doctype_field, name_field = RECORD_COPIES[doctype]
		return _pointer_condition(user, f"`tab{doctype}`", doctype_field, name_field, SCOPED_DOCTYPES)
	parents = scoped_parents_of(doctype)
	if parents:
		return _pointer_condition(user, f"`tab{doctype}`", "parenttype", "parent", parents)
	return None


def _pointer_condition(
	user: str | None, table: str, doctype_field: str, name_field: str, targets: tuple[str, ...]
) -> str | None:
	"""Rows of ``table`` pointing (by ``doctype_field``, ``name_field``) at one of ``targets``: only those
	pointing at a record the user sees. Rows pointing elsewhere keep Frappe's own rules."""
	conditions = {target: condition_for(target, user, table="cas_target") for target in targets}
	if all(condition == "1=1" for condition in conditions.values()):
		return None
	visible = [
		f"({table}.`{doctype_field}` = {frappe.db.escape(target)} and exists (select 1 from `tab{target}`"
		f" cas_target where cas_target.`name` = {table}.`{name_field}` and {condition}))"
		for target, condition in conditions.items()
	]
	listed = ", ".join(frappe.db.escape(target) for target in targets)
	visible.append(f"ifnull({table}.`{doctype_field}`, '') not in ({listed})")
	return "(" + " or ".join(visible) + ")"


def has_permission_for_any(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	"""Frappe's ``has_permission`` for every DocType (the "*" hook): a copy of a scoped record (comment,
	version, file, assignment, notification, ...) is read only by those who may read the record."""
	if doc.doctype not in RECORD_COPIES:
		return None
	doctype_field, name_field = RECORD_COPIES[doc.doctype]
	target, name = doc.get(doctype_field), doc.get(name_field)
	if target not in SCOPED_DOCTYPES or not name:
		return None
	return None if sees(target, name, user) else False


def scoped_parents_of(doctype: str | None) -> tuple[str, ...]:
	"""The scoped DocTypes that hold ``doctype`` as a child table (none for anything but a child table)."""
	if not doctype or not frappe.is_table(doctype):
		return ()
	return tuple(
		parent
		for parent in SCOPED_DOCTYPES
		if any(df.options == doctype for df in frappe.get_meta(parent).get_table_fields())
	)


class ScopedChildRow(PrintsAsText):
	"""A row of a scoped DocType's child table.

	Frappe checks a row loaded on its own (``frappe.get_doc(child_doctype, name)``: REST get, cancel, delete,
	print) against its parent's *DocType* only, because such a row does not know its parent document. Here it
	does, loaded on first use, so the row answers to its own household's permissions like the parent does.
	"""

	@property
	def parent_doc(self):
		parent = super().parent_doc
		if parent is None and self.get("parent") and self.get("parenttype"):
			parent = frappe.get_doc(self.parenttype, self.parent)
			self._parent_doc = parent
		return parent

	@parent_doc.setter
	def parent_doc(self, value):
		self._parent_doc = value

	@parent_doc.deleter
	def parent_doc(self):
		self._parent_doc = None


def has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	"""Frappe's ``has_permission`` hook: deny a stored document the list condition would not show.

	New documents are left to role permissions here; their controllers check the record they are about to
	create with :func:`ensure_visible`, once the agency is known.
	"""
	if doc.is_new() if hasattr(doc, "is_new") else not doc.get("name"):
		return None
	return sees(doc.doctype, doc.name, user)


def sees(doctype: str, name: str, user: str | None = None) -> bool:
	"""Whether the user sees the stored record ``name`` of the scoped ``doctype`` (its list condition)."""
	condition = condition_for(doctype, user)
	if condition == "1=1":
		return True
	table = f"`tab{doctype}`"
	return bool(frappe.db.sql(f"select 1 from {table} where {table}.`name` = %s and {condition}", name))


def ensure_visible(doc, as_doctype: str | None = None):
	"""Refuse to save a household record where its author could no longer see it (another agency's
	program, a change of agency): records stay with the agencies their users work in. ``as_doctype``: judge
	it by another DocType's rule (a case conference may put on its agenda any household its author sees)."""
	viewer = get_viewer()
	if access.matches(rule_for(as_doctype or doc.doctype, viewer), doc.as_dict()):
		return
	if viewer.works_in_shared_agency:
		message = _(
			"You can record this only in programs of the agencies you work in or of the shared CAS Agency."
		)
	else:
		message = _("You can record this only in programs of the agencies you work in.")
	frappe.throw(message, frappe.PermissionError, title=_("Not your agency"))


def workflow_query_conditions(user: str | None = None, doctype: str | None = None) -> str | None:
	"""A CAS Administrator who is not a System Manager edits only the workflows of CAS DocTypes."""
	if _manages_every_workflow(user):
		return None
	return "`tabWorkflow`.`document_type` like 'CAS %%'"


def workflow_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
	if _manages_every_workflow(user):
		return None
	return bool((doc.get("document_type") or "").startswith("CAS "))


def _manages_every_workflow(user: str | None) -> bool:
	user = user or frappe.session.user
	return user == "Administrator" or "System Manager" in frappe.get_roles(user)
