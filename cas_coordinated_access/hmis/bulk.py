"""The fast way an HMIS import writes a household none of whose records it has seen before (issue 17: 100
households a second, dry run included), writing exactly the rows the documents' whole insert writes
(tests/integration/test_hmis_import_bulk.py compares the two, field by field).

A new client, enrollment, CLS or CE Event is still a Frappe document, staged as `Document.insert` stages it
(defaults, name, its controller's validate, Frappe's own field checks) in the same order. What is left
out costs and changes nothing for records nobody has seen yet:

- the controllers' reads of the household's own records, which are not written yet: answered from the
  documents staged before them (`Reads`), so a whole household is validated before any row of it is
  written, and a dry run of it writes nothing at all;
- the link checks (every link is to a record the import itself found or staged: the agency, the program,
  the household's clients and enrollment; the values a link would fetch, the controllers set);
- the naming series queries (the file's names are taken in one update per series, `SeriesNames`);
- the after-save work: Version rows (Frappe's own data import writes none for new records either), the
  desk's realtime notice, and the on_update hooks, which for a household being imported do nothing (the
  import computes each household's Next Steps once, from its documents, `due_items`);
- a look-up of each record's HMIS ID (one query for the whole file says which households are new,
  `new_households`);
- a statement per row: the rows of a few households go in one statement per table (`Batch`).
"""

import re
from collections import Counter

import frappe
from frappe.model.document import Document
from frappe.model.naming import set_new_name
from frappe.utils import cint, getdate
from frappe.utils.global_search import update_global_search

from cas_coordinated_access import permissions
from cas_coordinated_access.hmis import record_ids
from cas_coordinated_access.rules import ce_event, due, hmis_import
from cas_coordinated_access.rules import enrollment as enrollment_rules
from cas_coordinated_access.rules import household as household_rules
from cas_coordinated_access.utils import enforce_rules, follow_ups, get_settings, latest_today

# An autoname Frappe fills from one naming series: "CLI-.#####" is "CLI-" and five digits.
SERIES_AUTONAME = re.compile(r"^([^.#{}]*)\.(#+)$")
# Rows of one table per INSERT: a household of an HMIS may bring hundreds of services; statements stay
# well within MariaDB's max_allowed_packet.
ROWS_PER_STATEMENT = 500


def household_keys(household: hmis_import.Household) -> list[tuple[str, str]]:
	"""(file, HMIS ID) of every record of the household the import looks up or remembers."""
	keys = [("Household", household.household_id)]
	keys += [("Client.csv", personal_id) for personal_id in household.clients]
	keys += [("Enrollment.csv", row["EnrollmentID"]) for row in household.members]
	keys += [("Exit.csv", row["ExitID"]) for row in household.exits.values()]
	keys += [("CurrentLivingSituation.csv", row["CurrentLivingSitID"]) for row in household.living_situations]
	keys += [("Event.csv", row["EventID"]) for row in household.events]
	keys += [("Services.csv", row["ServicesID"]) for row in household.services]
	for assessment in household.assessments:
		keys.append(("Assessment.csv", assessment.row["AssessmentID"]))
		keys += [("AssessmentQuestions.csv", row["AssessmentQuestionID"]) for row in assessment.questions]
	for status in hmis_import.status_records(household):
		keys.append(("StatusAssessment", status.key))
		keys += [(file, hmis_id) for file, hmis_id, _personal_id, _type in status.ids]
	return keys


def new_households(source: str, households: list[hmis_import.Household]) -> dict[int, set]:
	"""{id(household): its keys} for the households that are new as a whole: no record of theirs was
	imported before and none shares an ID with another household of the file (a client in two households
	is found, once written, by the second: that one goes the way of documents)."""
	keys = {id(household): household_keys(household) for household in households if not household.refused}
	seen = Counter(key for household_keys in keys.values() for key in household_keys)
	known = record_ids.known([(source, *key) for household_keys in keys.values() for key in household_keys])
	return {
		household: set(household_keys)
		for household, household_keys in keys.items()
		if all(seen[key] == 1 and (source, *key) not in known for key in household_keys)
	}


class SeriesNames:
	"""Names of a DocType's naming series taken for a whole file at once, as `getseries` takes them one at a
	time (two queries a record). Taken outside the households' savepoints: a household refused after taking
	its names leaves a gap in the series, as a deleted record does."""

	def __init__(self):
		self.free: dict[str, list[str]] = {}

	def reserve(self, doctype: str, count: int):
		match = SERIES_AUTONAME.match(frappe.get_meta(doctype).autoname or "")
		if not match or count <= 0:
			return  # another naming rule: each record is named by Frappe as it is written
		prefix, digits = match.group(1), len(match.group(2))
		current = frappe.db.sql("select `current` from `tabSeries` where `name` = %s for update", prefix)
		if current:
			first = cint(current[0][0]) + 1
			frappe.db.sql(
				"update `tabSeries` set `current` = %s where `name` = %s", (first + count - 1, prefix)
			)
		else:
			first = 1
			frappe.db.sql("insert into `tabSeries` (`name`, `current`) values (%s, %s)", (prefix, count))
		numbers = range(first + count - 1, first - 1, -1)  # popped from the end: the lowest first
		self.free[doctype] = [prefix + ("%0" + str(digits) + "d") % number for number in numbers]

	def take(self, doctype: str) -> str | None:
		names = self.free.get(doctype)
		return names.pop() if names else None


def series_needs(households: list[hmis_import.Household]) -> Counter:
	"""How many names of each series the new households' clients, enrollments, CLS, events and services
	take."""
	needs = Counter()
	for household in households:
		needs["CAS Client"] += len(household.clients)
		needs["CAS Enrollment"] += 1
		needs["CAS Current Living Situation"] += len(household.living_situations)
		needs["CAS CE Event"] += len(household.events)
		needs["CAS Service"] += len(household.services)
	return needs


def stage(values: dict, name: str | None = None, prepare=None) -> Document:
	"""A new document as `Document.insert` leaves it just before writing its row: defaults, owner and
	timestamps, name, its controller's validate and Frappe's own field checks (see the module's docstring
	for what is left out). ``prepare(doc)`` hands the controller what it would read about the records of
	the household staged before it (see `Reads`)."""
	doc = frappe.get_doc(values)
	if prepare:
		prepare(doc)
	doc.set("__islocal", True)
	doc._set_defaults()
	doc.set_user_and_timestamp()
	doc.set_docstatus()
	# Frappe's own check (a new document: its docstatus), without a household record's lock on its
	# household (see Reads.household_record).
	Document.check_if_latest(doc)
	doc.check_permission("create")
	doc.run_method("before_insert")
	doc.set_new_name(set_name=name)
	doc.set_parent_in_children()
	doc.validate_higher_perm_levels()
	doc.flags.in_insert = True
	doc.run_before_save_methods()
	doc._validate()
	doc.set_docstatus()
	doc.flags.in_insert = False
	return doc


def write(docs: list[Document]):
	"""The rows of staged documents (and of their child tables), one statement per DocType."""
	by_doctype: dict[str, list[Document]] = {}
	for doc in docs:
		by_doctype.setdefault(doc.doctype, []).append(doc)
		for child in doc.get_all_children():
			by_doctype.setdefault(child.doctype, []).append(child)
	for rows in by_doctype.values():
		insert_rows(rows)


def insert_rows(docs: list[Document]):
	"""`BaseDocument.db_insert` for many rows of one DocType, in one statement (a household's members, its
	Next Steps): the same names, timestamps and columns, one round trip."""
	if not docs:
		return
	now, user = frappe.utils.now(), frappe.session.user
	rows = []
	for doc in docs:
		if not doc.name:
			set_new_name(doc)
		if not doc.creation:
			doc.creation = doc.modified = now
			doc.owner = doc.modified_by = user
		rows.append(doc.get_valid_dict(convert_dates_to_str=True, ignore_virtual=True))
		doc.set("__islocal", False)
	columns = list(rows[0])
	for start in range(0, len(rows), ROWS_PER_STATEMENT):
		chunk = rows[start : start + ROWS_PER_STATEMENT]
		frappe.db.sql(
			"insert into `tab{}` ({}) values {}".format(
				docs[0].doctype,
				", ".join(f"`{column}`" for column in columns),
				", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(chunk)),
			),
			[row[column] for row in chunk for column in columns],
		)


class Reads:
	"""What the controllers read from the database about the household being written, answered from the
	documents staged before (its clients, its enrollment) and from what holds for the whole file. Each
	controller's validate still runs whole; only these reads of it are replaced, on the one document (never
	on its class), each by the same assignments the controller makes."""

	def __init__(self, agency: str):
		self.agency = agency
		self.agency_protects = None  # the agency is a victim service provider's: its clients are protected

	def client(self, doc: Document):
		# CASClient.set_holding_agency for a new client an administrator imports into the chosen agency
		# (any other case: the controller's own).
		def set_holding_agency():
			if not (permissions.get_viewer().is_admin and doc.agency == self.agency):
				return type(doc).set_holding_agency(doc)
			if self.agency_protects is None:
				self.agency_protects = bool(
					frappe.db.get_value("CAS Agency", self.agency, "victim_service_provider")
				)
			if self.agency_protects:
				doc.is_protected = 1

		doc.set_holding_agency = set_holding_agency

	@staticmethod
	def enrollment(clients: list[Document]):
		"""CASEnrollment.set_household_facts from the household's clients as staged; and no look for another
		open enrollment of its members: every one is a client this household's import creates
		(`new_households`), who holds none."""

		def prepare(doc: Document):
			def set_household_facts():
				members = {member.client for member in doc.household_members}
				doc.apply_household_facts(
					{client.name: client for client in clients if client.name in members}
				)

			doc.set_household_facts = set_household_facts
			doc.check_no_other_open_enrollment = lambda: None

		return prepare

	@staticmethod
	def household_record(enrollment: Document):
		"""HouseholdRecord.set_household_facts from the enrollment as staged. Its lock on the household is
		not taken: nobody else can write about an enrollment before the transaction writing it commits."""

		def prepare(doc: Document):
			doc.set_household_facts = lambda: doc.apply_enrollment_facts(enrollment)
			if doc.doctype == "CAS Service":
				# CASService.get_household: the members, in their order, with the names records show.
				doc._household = {
					member.client: member.client_name for member in enrollment.household_members
				}

		return prepare


def add_to_global_search(doc: Document):
	"""What `Document.insert` queues for the desk's search (clients are searched by name)."""
	if not doc.meta.istable:
		update_global_search(doc)


def due_items(enrollment: Document, living_situations: list, events: list, is_ce: bool) -> list[due.DueItem]:
	"""`follow_ups.refresh`'s due items for a household whose only records are the CLS and events staged
	with it: the same rules, given the documents instead of the database's rows."""
	facts = due.EnrollmentFacts(
		entry_date=getdate(enrollment.entry_date),
		cls_dates=tuple(getdate(doc.information_date) for doc in living_situations),
		events=tuple(
			due.EventFact(getdate(doc.event_date), ce_event.event_code(doc.event) or 0, doc.name)
			for doc in events
		),
		exit_date=getdate(enrollment.exit_date) if enrollment.exit_date else None,
	)
	if not is_ce:
		return []
	if facts.exit_date:
		return due.exit_items(facts, getdate())
	return due.due_items(
		facts,
		follow_ups.due_settings(),
		getdate(),
		format_date=lambda day: frappe.format(day, {"fieldtype": "Date"}),
	)


def next_steps(enrollment: str, items: list[due.DueItem]) -> list[Document]:
	"""`follow_ups.write_next_steps`'s rows, to be written with the household's (a new enrollment has none
	to replace)."""
	return follow_ups.next_step_rows(enrollment, items)


class Batch:
	"""The rows of new households written together, a few households at a time: one statement per table
	for them all (issue 17's speed). A household goes in once it is whole, so that households stay whole or
	absent; the importer writes the batch before anything reads its rows (another household written through
	documents, a commit, the end of the import)."""

	SIZE = 25  # households; a background import commits when it writes them

	def __init__(self):
		self.docs: list[Document] = []
		self.ids: list[tuple] = []
		self.households = 0

	def add(self, docs: list[Document], ids: list[tuple]):
		self.docs += docs
		self.ids += ids
		self.households += 1

	@property
	def full(self) -> bool:
		return self.households >= self.SIZE

	def write(self):
		if not self.households:
			return
		write(self.docs)
		record_ids.remember_new(self.ids)
		for doc in self.docs:
			add_to_global_search(doc)  # what Document.insert queues for the desk's search
		self.docs, self.ids, self.households = [], [], 0
