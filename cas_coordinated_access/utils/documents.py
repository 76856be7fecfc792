"""Document readiness of households (rules/documents.py) read from the site, and the checklist the desk's
documents dialog shows and saves.

Readiness is read for many households at once in a fixed number of queries, whatever their number (the
Community Queue may hold 20,000): the document types, the members of every household with the facts the
rule needs, and the statuses of their documents. It names members by their place in the household, never
by name, so it may be shown wherever the household is (the queue, a referral to a provider).

The checklist and its updates are the user's: a member's documents are listed and saved only where the user
sees that client."""

import json

import frappe
from frappe import _
from frappe.utils import getdate

from cas_coordinated_access import permissions
from cas_coordinated_access.constants import CLIENT_DOCUMENT
from cas_coordinated_access.rules import documents as rules
from cas_coordinated_access.rules import household
from cas_coordinated_access.utils import enforce_rules
from cas_coordinated_access.utils.api import NAME_LENGTH

SAVEPOINT = "cas_update_documents"
YES = "Yes"
# Fields of a document the dialog may send.
EDITABLE = ("status", "kept_where", "note")
KEPT_WHERE_LENGTH = 140
NOTE_LENGTH = 2000


# The document types change rarely and are read on every page of the Community Queue: kept in the site's
# cache until one changes (CAS Document Type clears it).
REQUIREMENTS_CACHE_KEY = "cas_document_requirements"


def requirements() -> list[rules.Requirement]:
	"""Every enabled document type, in name order."""
	return frappe.cache.get_value(REQUIREMENTS_CACHE_KEY, generator=read_requirements)


def forget_requirements():
	"""Now, and once the change is committed or rolled back: a page read in between must not keep the
	types as they were inside the transaction, or before it."""
	clear = lambda: frappe.cache.delete_value(REQUIREMENTS_CACHE_KEY)  # noqa: E731
	clear()
	frappe.db.after_commit.add(clear)
	frappe.db.after_rollback.add(clear)


def read_requirements() -> list[rules.Requirement]:
	types = frappe.get_all(
		"CAS Document Type",
		filters={"disabled": 0},
		fields=[
			"name",
			"applies_to",
			"required_for_every_program",
			"required_for_veteran_programs",
		],
		order_by="name",
	)
	project_types = {}
	for row in frappe.get_all(
		"CAS Document Program Type",
		filters={"parenttype": "CAS Document Type"},
		fields=["parent", "project_type"],
	):
		project_types.setdefault(row.parent, set()).add(row.project_type)
	return [
		rules.Requirement(
			document_type=row.name,
			applies_to=row.applies_to,
			every_program=bool(row.required_for_every_program),
			project_types=frozenset(project_types.get(row.name, ())),
			veteran_programs=bool(row.required_for_veteran_programs),
		)
		for row in types
	]


def program_facts(program: str | None) -> rules.Program:
	"""What readiness reads of a program; no program: what every program needs."""
	if not program:
		return rules.ANY_PROGRAM
	facts = frappe.db.get_value("CAS Program", program, ["project_type", "veteran_only"], as_dict=True)
	if not facts:
		return rules.ANY_PROGRAM
	return rules.Program(project_type=facts.project_type, veteran_only=bool(facts.veteran_only))


def household_members(enrollments: list[str]) -> dict[str, list[rules.Member]]:
	"""{enrollment: its members as the rule sees them, head first}, in one query. A member's disability is
	the household's disabling condition (HUD 3.08, recorded for the head)."""
	if not enrollments:
		return {}
	rows = frappe.db.sql(
		"""select m.`parent` as enrollment, m.`client`, m.`idx`, m.`date_of_birth`,
			(m.`client` = e.`client`) as is_head, e.`disabling_condition`, c.`veteran_status`
		from `tabCAS Household Member` m
		inner join `tabCAS Enrollment` e on e.`name` = m.`parent`
		left join `tabCAS Client` c on c.`name` = m.`client`
		where m.`parenttype` = 'CAS Enrollment' and m.`parent` in %(enrollments)s
		order by m.`parent`, (m.`client` = e.`client`) desc, m.`idx`""",
		{"enrollments": tuple(enrollments)},
		as_dict=True,
	)
	households: dict[str, list[rules.Member]] = {name: [] for name in enrollments}
	for row in rows:
		members = households[row.enrollment]
		is_head = bool(row.is_head)
		members.append(
			rules.Member(
				client=row.client,
				label=rules.member_label(len(members) + 1, is_head, translate),
				is_head=is_head,
				adult=rules.is_adult(_age(row.date_of_birth)),
				veteran=row.veteran_status == YES,
				disabled=is_head and row.disabling_condition == YES,
			)
		)
	return households


def statuses(clients) -> dict[tuple[str, str], str]:
	"""{(client, document type): status} of every document recorded for ``clients``, in one query."""
	clients = tuple(set(clients))
	if not clients:
		return {}
	# Plain SQL: read for a page of households on every Community Queue page.
	return {
		(client, document_type): status
		for client, document_type, status in frappe.db.sql(
			f"""select `client`, `document_type`, `status` from `tab{CLIENT_DOCUMENT}`
			where `client` in %(clients)s""",
			{"clients": clients},
		)
	}


def readiness_of(enrollments: list[str], program: str | None = None) -> dict[str, rules.Readiness]:
	"""{enrollment: its readiness for ``program``} (none: what every program needs) in four queries.

	Read for the household whatever the reader may open of its members: the answer names members by
	their place in the household only, and callers have already checked the reader sees the household."""
	requirements_ = requirements()
	facts = program_facts(program)
	households = household_members(enrollments)
	known = statuses(member.client for members in households.values() for member in members)
	return {
		name: rules.readiness(facts, members, requirements_, known) for name, members in households.items()
	}


def summary(readiness: rules.Readiness) -> str:
	return readiness.summary(translate)


def translate(text: str) -> str:
	"""Frappe's ``_`` for the few words readiness uses, asked once a request: each ``_`` is a read from Redis,
	and a page of the queue names hundreds of members."""
	memo = getattr(frappe.local, "cas_readiness_words", None)
	if memo is None or memo[0] != frappe.local.lang:
		memo = frappe.local.cas_readiness_words = (frappe.local.lang, {})
	words = memo[1]
	if text not in words:
		words[text] = _(text)
	return words[text]


# The documents dialog (public/js/cas_documents.js).


def checklist(enrollment: str | None = None, client: str | None = None, program: str | None = None) -> dict:
	"""Each member's documents that apply to them, with where they stand, and the household's readiness on
	top. From an enrollment: its members (readiness for ``program``, else the enrollment's own program);
	from a client: that client alone, and readiness for what every program needs."""
	if enrollment:
		doc = frappe.get_doc("CAS Enrollment", enrollment)
		doc.check_permission("read")
		facts = program_facts(program or doc.program)
		members = household_members([enrollment])[enrollment]
		names = {row.client: row.client_name for row in doc.household_members}
	elif client:
		doc = frappe.get_doc("CAS Client", client)
		doc.check_permission("read")
		facts = rules.ANY_PROGRAM
		members = [_client_member(doc)]
		names = {client: doc.display_name}
	else:
		frappe.throw(_("Open the documents of an enrollment or of a client."), title=_("Nothing chosen"))
	requirements_ = requirements()
	visible = _visible_clients([member.client for member in members])
	known = statuses(member.client for member in members)
	records = _records(list(visible))
	result = rules.readiness(facts, members, requirements_, known)
	return {
		"ready": result.ready,
		"readiness": summary(result),
		"statuses": list(rules.STATUSES),
		"members": [
			{
				"client": member.client if member.client in visible else None,
				"client_name": names.get(member.client) if member.client in visible else member.label,
				"label": member.label,
				"visible": member.client in visible,
				"documents": [
					_document_row(member, requirement, facts, records)
					for requirement in requirements_
					if rules.applies(requirement, member)
				]
				if member.client in visible
				else [],
			}
			for member in members
		],
	}


def _client_member(client) -> rules.Member:
	"""A client on their own, as the head of their own household would be asked."""
	return rules.Member(
		client=client.name,
		label=client.display_name,
		is_head=True,
		adult=rules.is_adult(_age(client.date_of_birth)),
		veteran=client.veteran_status == YES,
	)


def _age(date_of_birth) -> int | None:
	return household.age_on(getdate(date_of_birth), getdate()) if date_of_birth else None


def _visible_clients(clients: list[str]) -> set[str]:
	if not clients:
		return set()
	return set(frappe.get_list("CAS Client", filters={"name": ("in", clients)}, pluck="name"))


def _records(clients: list[str]) -> dict[tuple[str, str], frappe._dict]:
	if not clients:
		return {}
	return {
		(row.client, row.document_type): row
		for row in frappe.get_list(
			CLIENT_DOCUMENT,
			filters={"client": ("in", clients)},
			fields=[
				"name",
				"client",
				"document_type",
				"status",
				"status_date",
				"kept_where",
				"note",
				"updated_by",
			],
		)
	}


def _document_row(member, requirement, facts, records) -> dict:
	record = records.get((member.client, requirement.document_type)) or frappe._dict()
	return {
		"document_type": requirement.document_type,
		"name": record.get("name"),
		"status": record.get("status") or rules.NOT_STARTED,
		"status_date": record.get("status_date"),
		"kept_where": record.get("kept_where"),
		"note": record.get("note"),
		"updated_by": record.get("updated_by"),
		"required": rules.required(requirement, member, facts),
	}


def update(updates) -> int:
	"""Save each document sent ({client, document_type, status, kept_where, note}): all of them or none. A
	client the user may not see is refused as one that does not exist would be."""
	updates = _checked_updates(updates)
	if not updates:
		frappe.throw(_("Send the documents to update."), title=_("Nothing to update"))
	enabled = set(frappe.get_all("CAS Document Type", filters={"disabled": 0}, pluck="name"))
	visible = _visible_clients(list({row["client"] for row in updates}))
	for row in updates:
		if row["client"] not in visible:
			frappe.throw(
				_("Client {0} was not found, or you may not update their documents.").format(row["client"]),
				frappe.PermissionError,
				title=_("Not your client"),
			)
		if row["document_type"] not in enabled:
			frappe.throw(
				_("{0} is not a document type in use.").format(frappe.bold(row["document_type"])),
				title=_("Unknown document type"),
			)
		with enforce_rules():
			rules.check_status(row["status"])
	return _write(updates)


def _write(updates: list[dict]) -> int:
	frappe.db.savepoint(SAVEPOINT)
	try:
		for row in updates:
			name = frappe.db.get_value(
				CLIENT_DOCUMENT, {"client": row["client"], "document_type": row["document_type"]}
			)
			doc = frappe.get_doc(CLIENT_DOCUMENT, name) if name else frappe.new_doc(CLIENT_DOCUMENT)
			doc.update({key: row[key] for key in ("client", "document_type", *EDITABLE) if key in row})
			doc.save()  # as the user: write permission on the stored record, create on a new one
	except Exception:
		frappe.db.rollback(save_point=SAVEPOINT)
		raise
	frappe.db.release_savepoint(SAVEPOINT)
	return len(updates)


def _checked_updates(value) -> list[dict]:
	"""The rows sent, as a list or as JSON, each with a client and document type by name and nothing else
	than the fields the dialog edits."""
	if isinstance(value, str):
		try:
			value = json.loads(value)
		except ValueError:
			value = None
	if isinstance(value, dict):
		value = [value]
	if not isinstance(value, list | tuple) or not all(isinstance(row, dict) for row in value):
		_refuse(_("Documents"))
	checked = []
	for row in value:
		for key in ("client", "document_type"):
			if not isinstance(row.get(key), str) or not row[key].strip() or len(row[key]) > NAME_LENGTH:
				_refuse(_("Client") if key == "client" else _("Document Type"))
		clean = {"client": row["client"], "document_type": row["document_type"]}
		clean["status"] = row.get("status") or rules.NOT_STARTED
		for key, length in (("kept_where", KEPT_WHERE_LENGTH), ("note", NOTE_LENGTH)):
			if key in row:
				if row[key] is not None and (not isinstance(row[key], str) or len(row[key]) > length):
					_refuse(_("Kept Where") if key == "kept_where" else _("Note"))
				clean[key] = row[key]
		if not isinstance(clean["status"], str):
			_refuse(_("Status"))
		checked.append(clean)
	return checked


def _refuse(label: str):
	frappe.throw(
		_("The value sent for {0} is not of its kind.").format(frappe.bold(label)),
		frappe.ValidationError,
		title=_("Invalid value"),
	)
