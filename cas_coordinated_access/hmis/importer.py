"""HMIS CSV import (FY2026 or FY2024): clients, enrollments, CLS, assessments, events and services of another HMIS,
loaded into a chosen agency.

`rules/hmis_import.py` reads the files and finds what refuses a household; this module matches each
household to the records it created before (by the source HMIS's IDs, kept in CAS HMIS Record ID) and
writes it through the same controllers an assessor's form goes through, so every CAS rule applies. Each
household is written inside its own savepoint: all of it or nothing of it. A dry run does the same work
inside one outer savepoint and rolls it all back, so what it reports is what the real run would do.
"""

import io
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import frappe
from frappe import _
from frappe.model.base_document import get_controller
from frappe.utils import strip_html

from cas_coordinated_access import permissions
from cas_coordinated_access.hmis import record_ids
from cas_coordinated_access.rules import hmis_csv, hmis_import, hmis_mapping
from cas_coordinated_access.rules import services as service_rules
from cas_coordinated_access.utils import follow_ups

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
				for done, household in enumerate(plan.households, start=1):
					self.result.households.append(self.import_household(household, plan.projects))
					if self.commit_each and not self.dry_run:
						frappe.db.commit()  # nosemgrep: a household is the unit of work of a long import
					if self.progress:
						self.progress(done, len(plan.households))
		finally:
			frappe.flags.cas_hmis_import = False
			if self.dry_run:
				frappe.db.rollback(save_point=DRY_RUN_SAVEPOINT)
		return self.result

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
		savepoint = "cas_hmis_household"
		frappe.db.savepoint(savepoint)
		counts = Counter()
		known_programs = dict(self.programs)
		try:
			self.program_of(household.project_id, projects[household.project_id], counts)
			writer = HouseholdWriter(self, household, counts)
			outcome.enrollment = writer.write()
			outcome.messages = writer.notes
		except frappe.ValidationError as error:
			frappe.db.rollback(save_point=savepoint)
			self.programs = known_programs  # a program created with this household went with it
			frappe.clear_last_message()
			outcome.messages.append(message_of(error))
			return outcome
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
		follow_ups.refresh(enrollment, todos=False)
		record_ids.remember_all(self.remembered)
		return enrollment

	def write_status_record(self, enrollment: str, status: hmis_import.StatusRecord):
		"""One household's answers at one stage and date, submitted as one CAS Status Assessment; each row
		keeps the HMIS IDs it came with, so that it goes back out under them."""
		doctype = "CAS Status Assessment"
		if record_ids.find(self.source, "StatusAssessment", status.key, doctype):
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
		name = record_ids.find(self.source, file, hmis_id, doctype)
		if name:
			self.update(frappe.get_doc(doctype, name), fields)
			return name
		doc = frappe.get_doc({"doctype": doctype, **new_only, **fields})
		doc.insert()
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
		name = record_ids.find(self.source, "Household", self.household.household_id, "CAS Enrollment")
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
			doc = frappe.get_doc(
				{
					"doctype": "CAS Enrollment",
					"client": self.clients[head["PersonalID"]],
					"household_members": members,
					**fields,
				}
			).insert()
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
		types = frappe.get_all(
			"CAS Service Type",
			filters={"hud_record_type": ("is", "set")},
			fields=["name", "hud_record_type", "hud_type_provided", "disabled"],
			as_list=True,
		)
		found = service_rules.service_type_for(types, record_code, type_code)
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
		self.counts["Created CAS Service Type"] += 1
		return name

	def write_assessment(self, enrollment: str, assessment: hmis_import.Assessment):
		doctype = assessment.doctype
		if record_ids.find(self.source, "Assessment.csv", assessment.row["AssessmentID"], doctype):
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
	"""A stored value and a value read from a file compare equal when they say the same thing."""
	return None if value in (None, "") else str(value)
