"""HMIS CSV import (FY2026 or FY2024): clients, enrollments, CLS, assessments, events and services of another HMIS,
loaded into a chosen agency.

`rules/hmis_import.py` reads the files and finds what refuses a household; this module matches each
household to the records it created before (by the source HMIS's IDs, kept in CAS HMIS Record ID) and
writes it through the same controllers an assessor's form goes through, so every CAS rule applies. Each
household is written inside its own savepoint: all of it or nothing of it. A dry run does the same work
inside one outer savepoint and rolls it all back, so what it reports is what the real run would do.

A household none of whose records was imported before (most of a first import) is written by
`NewHouseholdWriter`: the same documents through the same controllers, validated whole before any row of
it is written, then written with a few other households' rows in one statement per table, without the
after-save work and the per-record look-ups that a new record does not need (`hmis/bulk.py` says what is
left out and why). A dry run of such a household writes nothing at all; a household refused writes
nothing, so it needs no savepoint.
"""

import io
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePosixPath

import frappe
from frappe import _
from frappe.model.base_document import get_controller
from frappe.utils import strip_html

from cas_coordinated_access import permissions
from cas_coordinated_access.hmis import bulk, record_ids
from cas_coordinated_access.rules import hmis_csv, hmis_import, hmis_mapping
from cas_coordinated_access.rules import services as service_rules
from cas_coordinated_access.utils import follow_ups, imported_record_notes

CREATED, UPDATED, UNCHANGED, REFUSED = "Created", "Updated", "Unchanged", "Refused"
DRY_RUN_SAVEPOINT = "cas_hmis_dry_run"


@dataclass
class HouseholdOutcome:
	household_id: str
	outcome: str
	enrollment: str | None = None
	messages: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
	dry_run: bool
	households: list[HouseholdOutcome] = field(default_factory=list)
	records: Counter = field(default_factory=Counter)  # "Created CAS Client": 3
	problems: list[str] = field(default_factory=list)  # refusing the import, or rows of no household
	version: str | None = None  # the HMIS CSV version found in the files
	notes: list[str] = field(default_factory=list)  # where the files stray from HUD's format
	hash_status: int = 1  # Export.csv's HashStatus: hashed names and SSNs are kept as hashes

	def count(self, outcome: str) -> int:
		return sum(1 for household in self.households if household.outcome == outcome)

	def summary(self) -> dict:
		return {
			"dry_run": self.dry_run,
			"version": self.version,
			**{outcome.lower(): self.count(outcome) for outcome in (CREATED, UPDATED, UNCHANGED, REFUSED)},
			"records": dict(sorted(self.records.items())),
			"problems": self.problems,
			"notes": self.notes,
			"hash_status": self.hash_status,
		}


def read_zip(content: bytes | io.BufferedIOBase) -> dict[str, list[str]]:
	"""The CSV files of an HMIS export, by file name (folders inside the zip are ignored)."""
	source = io.BytesIO(content) if isinstance(content, bytes) else content
	try:
		archive = zipfile.ZipFile(source)
	except zipfile.BadZipFile:
		frappe.throw(_("The file is not a zip archive of HMIS CSV files."), title=_("HMIS CSV import"))
	files = {}
	with archive:
		for info in archive.infolist():
			name = PurePosixPath(info.filename).name
			if name.lower().endswith(".csv"):
				canonical = next(
					(
						f
						for f in hmis_import.REQUIRED_FILES + hmis_import.OPTIONAL_FILES
						if f.lower() == name.lower()
					),
					name,
				)
				with archive.open(info) as handle:
					files[canonical] = (
						io.TextIOWrapper(handle, encoding="utf-8-sig", newline="").read().splitlines()
					)
	return files


class Importer:
	# New households are written the fast way (`NewHouseholdWriter`); off, every household goes through
	# the documents' whole insert (the tests compare the two).
	fast = True

	def __init__(
		self, files: dict[str, list[str]], agency: str, dry_run: bool = True, user: str | None = None
	):
		self.files, self.agency, self.dry_run = files, agency, dry_run
		self.user = user or frappe.session.user
		self.result = ImportResult(dry_run)
		self.programs: dict[str, str] = {}  # ProjectID: CAS Program
		self.source = ""  # the source HMIS (its ImplementationID), known once the files are read
		self.progress = None  # called with (households done, total)
		self.commit_each = False  # a real run from the background commits household by household
		self.new: dict[int, set] = {}  # id(household): its (file, HMIS ID), for the households all new
		self.names = bulk.SeriesNames()
		self.reads = bulk.Reads(agency)
		self.batch = bulk.Batch()  # new households' rows, written a few households at a time
		self.ce_programs: dict[str, bool] = {}  # program: whether it is a Coordinated Entry program
		self.service_types: list | None = None  # the service types with HUD codes, read once

	def run(self) -> ImportResult:
		self.check_permission()
		plan = hmis_import.plan(self.files)
		self.result.problems = [item.text(_) for item in plan.problems]
		self.result.version = plan.version
		self.result.notes = [item.text(_) for item in plan.notes]
		self.result.hash_status = plan.hash_status
		if plan.export is None:
			return self.result
		self.source = plan.source
		if self.dry_run:
			frappe.db.savepoint(DRY_RUN_SAVEPOINT)
		frappe.flags.cas_hmis_import = True
		# Rows are turned into CAS fields by the columns of the version they were read in.
		read_as = plan.version if plan.version in hmis_import.READ_VERSIONS else None
		try:
			with hmis_csv.using(read_as):
				self.find_new_households(plan.households)
				for done, household in enumerate(plan.households, start=1):
					self.result.households.append(self.import_household(household, plan.projects))
					if self.batch.full:
						self.batch.write()
					# Households are the unit of work of a long import: committed whole, those of a batch
					# once it is written.
					if self.commit_each and not self.dry_run and not self.batch.households:
						frappe.db.commit()  # nosemgrep: households are the unit of work of a long import
					if self.progress:
						self.progress(done, len(plan.households))
				self.batch.write()
				if self.commit_each and not self.dry_run:
					frappe.db.commit()  # nosemgrep: the last batch
		finally:
			frappe.flags.cas_hmis_import = False
			if self.dry_run:
				frappe.db.rollback(save_point=DRY_RUN_SAVEPOINT)
		return self.result

	def find_new_households(self, households: list[hmis_import.Household]):
		"""Which households are new as a whole (one look-up for the file), and their records' names."""
		if not self.fast:
			return
		self.new = bulk.new_households(self.source, households)
		new = [household for household in households if id(household) in self.new]
		for doctype, count in bulk.series_needs(new).items():
			self.names.reserve(doctype, count)

	def is_ce_program(self, program: str) -> bool:
		if program not in self.ce_programs:
			project_type = frappe.db.get_value("CAS Program", program, "project_type")
			self.ce_programs[program] = project_type == follow_ups.COORDINATED_ENTRY
		return self.ce_programs[program]

	def check_permission(self):
		viewer = permissions.get_viewer(self.user)
		if not viewer.is_admin:
			frappe.throw(_("Only a CAS Administrator can import HMIS data."), frappe.PermissionError)
		if not frappe.db.exists("CAS Agency", self.agency):
			frappe.throw(_("Agency {0} does not exist.").format(self.agency), title=_("HMIS CSV import"))

	# Projects: matched by ID, else by name in the chosen agency, else created there, with the first
	# household that goes in (a file whose households are all refused leaves no program behind)

	def program_of(self, project_id: str, row: hmis_import.Row, counts: Counter) -> str:
		if project_id not in self.programs:
			try:
				self.programs[project_id] = self.program_for(project_id, row, counts)
			except frappe.ValidationError as error:
				raise frappe.ValidationError(
					_("Project {0}: {1}").format(project_id, message_of(error))
				) from error
		return self.programs[project_id]

	def program_for(self, project_id: str, row: hmis_import.Row, counts: Counter) -> str:
		known = record_ids.find(self.source, "Project.csv", project_id, "CAS Program")
		if known:
			return known
		fields = row.cas_fields()
		existing = frappe.db.get_value("CAS Program", fields["program_name"], "agency")
		if existing and existing != self.agency:
			frappe.throw(
				_("a program named {0} already belongs to agency {1}.").format(
					frappe.bold(fields["program_name"]), existing
				)
			)
		if not existing:
			frappe.get_doc(
				{
					"doctype": "CAS Program",
					"agency": self.agency,
					"program_category": hmis_import.program_category(
						hmis_mapping.hmis_value("Project.csv", "ProjectType", fields.get("project_type"))
					),
					**fields,
				}
			).insert()
			counts["Created CAS Program"] += 1
		record_ids.remember(self.source, "Project.csv", project_id, "CAS Program", fields["program_name"])
		return fields["program_name"]

	# Households: all or nothing

	def import_household(self, household: hmis_import.Household, projects: dict) -> HouseholdOutcome:
		outcome = HouseholdOutcome(household.household_id, REFUSED)
		outcome.messages = [item.text(_) for item in household.problems]
		if outcome.messages:
			return outcome
		new = id(household) in self.new
		if not new or NewHouseholdWriter.writes_documents(household):
			# Its documents may read what the batch holds; a refusal rolls back to its savepoint only.
			self.batch.write()
		# A new household of a known program writes nothing until it is whole (its rows go to the batch):
		# a refusal has nothing to roll back.
		staged_only = (
			new
			and not NewHouseholdWriter.writes_documents(household)
			and household.project_id in self.programs
			and not household.services  # a service may make its service type
		)
		savepoint = None if staged_only else "cas_hmis_household"
		if savepoint:
			frappe.db.savepoint(savepoint)
		counts = Counter()
		known_programs = dict(self.programs)
		imported_record_notes()  # none of another household's
		try:
			self.program_of(household.project_id, projects[household.project_id], counts)
			writer_class = NewHouseholdWriter if new else HouseholdWriter
			writer = writer_class(self, household, counts)
			outcome.enrollment = writer.write()
			# The CAS's own rules its records break, kept as recorded in the source HMIS for staff to review.
			outcome.messages = [*writer.notes, *imported_record_notes()]
		except frappe.ValidationError as error:
			imported_record_notes()
			if savepoint:
				frappe.db.rollback(save_point=savepoint)
			self.programs = known_programs  # a program created with this household went with it
			self.service_types = None  # and so did a service type
			frappe.clear_last_message()
			outcome.messages.append(message_of(error))
			return outcome
		if savepoint:
			frappe.db.release_savepoint(savepoint)
		self.result.records.update(counts)
		if counts.get("Created CAS Enrollment"):
			outcome.outcome = CREATED
		elif any(key.startswith(("Created", "Updated")) for key in counts):
			outcome.outcome = UPDATED
		else:
			outcome.outcome = UNCHANGED
		return outcome


def message_of(error: Exception) -> str:
	return strip_html(str(error) or error.__class__.__name__).strip()


class HouseholdWriter:
	"""Writes one household through the CAS controllers; any refusal raises and the caller rolls back."""

	def __init__(self, importer: Importer, household: hmis_import.Household, counts: Counter):
		self.importer, self.household, self.counts = importer, household, counts
		self.source = importer.source
		self.clients: dict[str, str] = {}  # PersonalID: CAS Client
		self.notes: list[str] = []
		self.remembered: list[tuple] = []  # HMIS IDs to keep, written together once the household is

	def remember(self, source: str, file: str, hmis_id: str, doctype: str, reference: str):
		self.remembered.append((source, file, hmis_id, doctype, reference))

	def write(self) -> str:
		for personal_id, row in self.household.clients.items():
			self.clients[personal_id] = self.upsert(
				"Client.csv", personal_id, "CAS Client", row.cas_fields(), {"agency": self.importer.agency}
			)
		enrollment = self.write_enrollment()
		for row in self.household.living_situations:
			if not row["LocationDetails"]:
				# HUD allows it; the CAS asks its assessors for a location at every contact.
				self.notes.append(
					_("CLS {0} has no location: record where the client is at the next contact.").format(
						row["CurrentLivingSitID"]
					)
				)
			self.upsert(
				"CurrentLivingSituation.csv",
				row["CurrentLivingSitID"],
				"CAS Current Living Situation",
				{**row.cas_fields(), "member": self.member_of(row)},
				{"enrollment": enrollment},
			)
		for assessment in sorted(
			self.household.assessments, key=lambda a: (a.row["AssessmentDate"], a.row.line)
		):
			self.write_assessment(enrollment, assessment)
		for row in self.household.events:
			self.upsert(
				"Event.csv",
				row["EventID"],
				"CAS CE Event",
				{**row.cas_fields(), "member": self.member_of(row)},
				{"enrollment": enrollment},
			)
		for row in self.household.services:
			fields = {
				**row.cas_fields(),
				"member": self.clients[row["PersonalID"]],
				"service_type": self.service_type_for(*hmis_import.service_codes(row)),
			}
			self.upsert("Services.csv", row["ServicesID"], "CAS Service", fields, {"enrollment": enrollment})
		for status in hmis_import.status_records(self.household):
			self.write_status_record(enrollment, status)
		self.refresh_follow_ups(enrollment)
		self.remember_ids()
		return enrollment

	# What the fast writer does its own way

	def find(self, file: str, hmis_id: str, doctype: str) -> str | None:
		return record_ids.find(self.source, file, hmis_id, doctype)

	def new_record(self, values: dict):
		return frappe.get_doc(values).insert()

	def refresh_follow_ups(self, enrollment: str):
		# What is due follows what the household's records say: a household the file left as it was keeps
		# its due items as they are (the daily job moves them on with time).
		if any(key.startswith(("Created", "Updated")) for key in self.counts):
			follow_ups.refresh(enrollment, todos=False)

	def remember_ids(self):
		record_ids.remember_all(self.remembered)

	def write_status_record(self, enrollment: str, status: hmis_import.StatusRecord):
		"""One household's answers at one stage and date, submitted as one CAS Status Assessment; each row
		keeps the HMIS IDs it came with, so that it goes back out under them."""
		doctype = "CAS Status Assessment"
		if self.find("StatusAssessment", status.key, doctype):
			return  # submitted records are not edited; the one imported before stands
		doc = frappe.get_doc(
			{
				"doctype": doctype,
				"enrollment": enrollment,
				"data_collection_stage": status.stage,
				"information_date": status.on,
				"members": [
					{"client": self.clients[personal_id], **answers}
					for personal_id, answers in status.answers.items()
				],
			}
		)
		doc.insert()
		doc.submit()
		self.counts[f"Created {doctype}"] += 1
		self.remember(self.source, "StatusAssessment", status.key, doctype, doc.name)
		rows = {row.client: row.name for row in doc.members}
		for file, hmis_id, personal_id, disability_type in status.ids:
			row = rows[self.clients[personal_id]]
			reference = f"{row}-{disability_type}" if disability_type else row
			self.remember(self.source, file, hmis_id, doctype, reference)

	def upsert(self, file: str, hmis_id: str, doctype: str, fields: dict, new_only: dict) -> str:
		"""Update the record this ID was imported as, or create it (``new_only`` applies to new records)."""
		name = self.find(file, hmis_id, doctype)
		if name:
			self.update(frappe.get_doc(doctype, name), fields)
			return name
		doc = self.new_record({"doctype": doctype, **new_only, **fields})
		self.counts[f"Created {doctype}"] += 1
		self.remember(self.source, file, hmis_id, doctype, doc.name)
		return doc.name

	def update(self, doc, fields: dict, force: bool = False):
		"""Save only what the file changes: an unchanged record keeps its history clean."""
		if force or differs(doc, fields):
			doc.update(fields)
			doc.save()
			self.counts[f"Updated {doc.doctype}"] += 1

	def write_enrollment(self) -> str:
		head = self.household.head
		fields = head.cas_fields()
		if self.household.head_exit:
			fields.update(self.household.head_exit.cas_fields())
		# Each member's own entry, exit and answers go on their row: never the head's for all.
		members = [
			{
				"client": self.clients[row["PersonalID"]],
				"relationship_to_hoh": hmis_mapping.cas_value(
					"Enrollment.csv", "RelationshipToHoH", row["RelationshipToHoH"]
				),
				**hmis_mapping.member_values(
					row.values, getattr(self.household.exits.get(row["EnrollmentID"]), "values", None)
				),
			}
			for row in self.household.members
		]
		fields["program"] = self.importer.programs[head["ProjectID"]]
		name = self.find("Household", self.household.household_id, "CAS Enrollment")
		if name:
			doc = frappe.get_doc("CAS Enrollment", name)
			changed = False
			for member in members:
				row = next((row for row in doc.household_members if row.client == member["client"]), None)
				if row is None:
					doc.append("household_members", member)
					changed = True
				elif differs(row, member):
					row.update(member)
					changed = True
			self.update(doc, fields, force=changed)
		else:
			doc = self.new_record(
				{
					"doctype": "CAS Enrollment",
					"client": self.clients[head["PersonalID"]],
					"household_members": members,
					**fields,
				}
			)
			self.counts["Created CAS Enrollment"] += 1
			self.remember(self.source, "Household", self.household.household_id, "CAS Enrollment", doc.name)
		for row in self.household.members:
			member_key = f"{doc.name}:{self.clients[row['PersonalID']]}"
			self.remember(self.source, "Enrollment.csv", row["EnrollmentID"], "CAS Enrollment", member_key)
			exit_row = self.household.exits.get(row["EnrollmentID"])
			if exit_row:
				self.remember(self.source, "Exit.csv", exit_row["ExitID"], "CAS Enrollment", member_key)
		return doc.name

	def member_of(self, row: hmis_import.Row) -> str | None:
		"""The member a household record is about, when not the head: it goes back out under their
		enrollment."""
		return (
			None
			if row["PersonalID"] == self.household.head["PersonalID"]
			else self.clients[row["PersonalID"]]
		)

	def service_type_for(self, record_code: int, type_code: int) -> str:
		"""The service type carrying these HUD codes (an enabled one first), or one created for them."""
		if self.importer.service_types is None:
			self.importer.service_types = frappe.get_all(
				"CAS Service Type",
				filters={"hud_record_type": ("is", "set")},
				fields=["name", "hud_record_type", "hud_type_provided", "disabled"],
				as_list=True,
			)
		found = service_rules.service_type_for(self.importer.service_types, record_code, type_code)
		if found:
			return found
		values = service_rules.new_type_for_hud(record_code, type_code)
		name = service_rules.full_name(values["service_category"], values["service_name"])
		if frappe.db.exists("CAS Service Type", name):
			frappe.throw(
				_(
					"Service type {0} exists but no longer carries HUD record type {1}, type provided {2}; set them"
					" on it or on another service type first."
				).format(frappe.bold(name), record_code, type_code)
			)
		frappe.get_doc({"doctype": "CAS Service Type", **values}).insert()
		self.importer.service_types = None  # read again, with the new one
		self.counts["Created CAS Service Type"] += 1
		return name

	def write_assessment(self, enrollment: str, assessment: hmis_import.Assessment):
		doctype = assessment.doctype
		if self.find("Assessment.csv", assessment.row["AssessmentID"], doctype):
			return  # submitted assessments are not edited; the one imported before stands
		fields = assessment.row.cas_fields()
		fields.pop("assessment_level", None)  # the CAS sets it from the kind of assessment
		question_set, answers = self.answers_for(doctype, assessment)
		recorded = None
		if question_set is None:
			# No CoC question set takes these answers: kept as recorded, with the scores recorded, unscored.
			question_set, recorded = self.imported_question_set(doctype), assessment.recorded_results()
			answers = recorded_answers(assessment)
			fields.update(
				total_score=recorded.total or 0,
				is_evh=recorded.is_evh,
				section_scores=[{"section": k, "score": v} for k, v in recorded.sections],
			)
			self.notes.append(
				_(
					"Assessment {0}: its answers are not a CoC question set's; kept as recorded in {1}, with the"
					" scores the source recorded."
				).format(assessment.row["AssessmentID"], question_set)
			)
			if recorded.unkept:
				self.notes.append(
					_("Assessment {0}: results that are not numbers are not kept: {1}.").format(
						assessment.row["AssessmentID"], "; ".join(recorded.unkept)
					)
				)
		doc = frappe.get_doc(
			{
				"doctype": doctype,
				"enrollment": enrollment,
				"question_set": question_set,
				"answers": answers,
				"member": self.member_of(assessment.row),
				**fields,
			}
		)
		doc.insert()
		doc.submit()
		self.counts[f"Created {doctype}"] += 1
		self.remember(self.source, "Assessment.csv", assessment.row["AssessmentID"], doctype, doc.name)
		by_question = {
			hmis_mapping.as_exported("AssessmentQuestions.csv", "AssessmentQuestion", row.question): row.name
			for row in doc.answers
		}
		for row in assessment.questions:
			if row["AssessmentQuestion"] in by_question:
				self.remember(
					self.source,
					"AssessmentQuestions.csv",
					row["AssessmentQuestionID"],
					"CAS Assessment Answer",
					by_question[row["AssessmentQuestion"]],
				)
		reported = assessment.reported_total()
		if recorded is None and reported not in (None, "") and str(doc.total_score) != reported:
			self.notes.append(
				_(
					"Assessment {0}: the source reported a total of {1}; the CAS question set scores it {2}."
				).format(assessment.row["AssessmentID"], reported, doc.total_score)
			)

	def answers_for(self, doctype: str, assessment: hmis_import.Assessment) -> tuple[str | None, list[dict]]:
		"""The question set of this kind that asks every question of the assessment and offers every
		answer given, and the answers as rows of it; (None, []) when none does. Answers are matched by
		question text: the codes of another HMIS mean nothing here."""
		kind = get_controller(doctype).kind
		answers = assessment.answers()
		for question_set in frappe.get_all(
			"CAS Question Set",
			filters={"kind": kind, "for_imported": 0},
			order_by="is_default desc, modified desc",
			pluck="name",
		):
			doc = frappe.get_cached_doc("CAS Question Set", question_set)
			questions = {
				hmis_mapping.as_exported("AssessmentQuestions.csv", "AssessmentQuestion", row.question): row
				for row in doc.questions
			}
			offered = {text: set() for text in questions}
			for option in doc.answer_options:
				for text, row in questions.items():
					if row.code == option.question_code:
						offered[text].add(option.option)
			if hmis_import.fits_question_set(answers, offered):
				return question_set, [
					{
						"question_code": questions[question].code,
						"section": questions[question].section,
						"question": questions[question].question,
						"required": questions[question].required,
						"answer": answer,
					}
					for _group, question, answer in answers
				]
		return None, []

	def imported_question_set(self, doctype: str) -> str:
		"""The question set of this kind that keeps other HMIS's answers as recorded (made where absent)."""
		kind = get_controller(doctype).kind
		name = frappe.db.get_value("CAS Question Set", {"kind": kind, "for_imported": 1}, "name")
		if name:
			return name
		doc = frappe.get_doc(
			{
				"doctype": "CAS Question Set",
				"question_set_name": _("Imported from HMIS: {0}").format(_(kind)),
				"kind": kind,
				"for_imported": 1,
				"description": _(
					"Assessments imported from another HMIS whose answers no question set of the CoC takes: their"
					" answers and scores are kept as recorded there, never scored here."
				),
			}
		)
		doc.flags.ignore_mandatory = True  # no questions of its own: each assessment brings its answers
		doc.insert()
		self.counts["Created CAS Question Set"] += 1
		return doc.name


class NewHouseholdWriter(HouseholdWriter):
	"""Writes a household none of whose records was imported before: its clients, enrollment, CLS, events
	and services staged as `bulk.stage` stages them (each validated by its controller, named from the series
	taken for the file), then written one statement per table, with its Next Steps computed from them. Its
	assessments and status records go through their documents' whole insert and submit, as in
	`HouseholdWriter`, once what they refer to is written. A dry run writes none of it when nothing else
	needed it written: what it reports was decided before any row."""

	FAST_DOCTYPES = (
		"CAS Client",
		"CAS Enrollment",
		"CAS Current Living Situation",
		"CAS CE Event",
		"CAS Service",
	)

	def __init__(self, importer: Importer, household: hmis_import.Household, counts: Counter):
		super().__init__(importer, household, counts)
		self.enrollment = None  # the CAS Enrollment document, once staged
		self.staged: dict[str, list] = {doctype: [] for doctype in self.FAST_DOCTYPES}
		self.unwritten: list = []  # staged documents whose rows are not written yet
		self.wrote = False  # rows were written: a dry run must then write the rest too

	def find(self, file: str, hmis_id: str, doctype: str) -> str | None:
		return None  # Importer.find_new_households found none of the household's IDs

	def new_record(self, values: dict):
		doctype = values["doctype"]
		if doctype not in self.FAST_DOCTYPES:
			self.write_staged()
			return super().new_record(values)
		reads = self.importer.reads
		if doctype == "CAS Client":
			prepare = reads.client
		elif doctype == "CAS Enrollment":
			prepare = reads.enrollment(self.staged["CAS Client"])
		elif self.enrollment and values.get("enrollment") == self.enrollment.name:
			prepare = reads.household_record(self.enrollment)
		else:
			prepare = None
		doc = bulk.stage(values, self.importer.names.take(doctype), prepare)
		if doctype == "CAS Enrollment":
			self.enrollment = doc
		self.staged[doctype].append(doc)
		self.unwritten.append(doc)
		return doc

	def write_staged(self):
		if not self.unwritten:
			return
		bulk.write(self.unwritten)
		if not self.importer.dry_run:
			for doc in self.unwritten:
				bulk.add_to_global_search(doc)  # what Document.insert queues for the desk's search
		self.unwritten, self.wrote = [], True

	def write_assessment(self, enrollment: str, assessment: hmis_import.Assessment):
		self.write_staged()
		return super().write_assessment(enrollment, assessment)

	def write_status_record(self, enrollment: str, status: hmis_import.StatusRecord):
		self.write_staged()
		return super().write_status_record(enrollment, status)

	@staticmethod
	def writes_documents(household: hmis_import.Household) -> bool:
		"""Whether some of the household is written through documents, which read its rows."""
		return bool(household.assessments or household.member_status)

	@property
	def writes_nothing(self) -> bool:
		return self.importer.dry_run and not self.wrote

	def refresh_follow_ups(self, enrollment: str):
		if self.household.assessments or self.household.member_status:
			# What is due then depends on assessments and status records written as documents.
			self.write_staged()
			return super().refresh_follow_ups(enrollment)
		items = bulk.due_items(
			self.enrollment,
			self.staged["CAS Current Living Situation"],
			self.staged["CAS CE Event"],
			self.importer.is_ce_program(self.enrollment.program),
		)
		if not self.writes_nothing:
			self.unwritten += bulk.next_steps(enrollment, items)

	def remember_ids(self):
		if self.writes_nothing:
			return
		checked = self.importer.new[id(self.household)]
		if any((file, hmis_id) not in checked for _source, file, hmis_id, _d, _r in self.remembered):
			self.write_staged()
			return super().remember_ids()
		if self.wrote:
			self.write_staged()
			return record_ids.remember_new(self.remembered)
		# Whole now: its rows go with the batch.
		self.importer.batch.add(self.unwritten, self.remembered)
		self.unwritten = []


def recorded_answers(assessment: hmis_import.Assessment) -> list[dict]:
	"""The answers as another HMIS recorded them (its own questions, free text), in its order."""
	return [
		{
			"question_code": f"Q{index}",
			"section": group or _("Imported"),
			"question": question,
			"required": 0,
			"answer": answer,
		}
		for index, (group, question, answer) in enumerate(assessment.answers(), start=1)
	]


def differs(doc, fields: dict) -> bool:
	return any(comparable(doc.get(key)) != comparable(value) for key, value in fields.items())


def comparable(value) -> str | None:
	"""A stored value and a value read from a file compare equal when they say the same thing: numbers by
	their value, and an empty number as zero (Frappe stores an empty Int, Check or Currency as 0)."""
	if isinstance(value, int | float | Decimal):
		return None if value == 0 else repr(float(value))
	return None if value in (None, "") else str(value)
