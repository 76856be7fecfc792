"""HMIS CSV export (FY2026 unless FY2024 is asked for): the CAS data of a reporting period as the files HUD
defines (rules/hmis_csv.py), each row built and checked by the chosen version's specification, zipped.

The format (column order, types, codes, quoting) is `rules/hmis_csv.py`; this module gathers the values.
Only what the exporting user may see is exported; protected clients leave no identifying data; clients
held by a victim service provider are left out unless an administrator of that agency exports. Files are
written row by row and enrollments are read in chunks, so memory does not grow with the data.
"""

import hashlib
import io
import os
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from operator import itemgetter

import frappe
from frappe.utils import getdate, now_datetime

import cas_coordinated_access
from cas_coordinated_access import permissions
from cas_coordinated_access.hmis import record_ids
from cas_coordinated_access.rules import circumstances, hmis_csv, hmis_hash, hmis_mapping, hud
from cas_coordinated_access.rules import client as client_rules
from cas_coordinated_access.rules import services as service_rules

CHUNK = 500
# Each member's own enrollment data (rules/hmis_mapping.py), read with the household's rows.
MEMBER_COLUMNS = sorted(
	{field for fields in hmis_mapping.MEMBER_FIELDS.values() for field in fields.values()}
	| {"own_enrollment_data"}
)
ASSESSMENTS = ("CAS Crisis Assessment", "CAS Housing Conversation Tool")


# The household records the export reads, with the HMIS CSV file each fills and what it reads of them
# besides that file's columns (rules/hmis_mapping.py FIELDS). Reading only these, not whole records,
# halves what the database sends.
HOUSEHOLD_RECORDS = {
	"CAS Current Living Situation": ("CurrentLivingSituation.csv", ("location_details",)),
	"CAS Crisis Assessment": ("Assessment.csv", ("total_score", "is_evh")),
	"CAS Housing Conversation Tool": ("Assessment.csv", ("total_score", "is_evh")),
	"CAS CE Event": ("Event.csv", ()),
	"CAS Service": ("Services.csv", ("service_type", "end_date")),
	"CAS Status Assessment": (None, ("data_collection_stage", "information_date")),
}
RECORD_METADATA = ("name", "enrollment", "member", "owner", "creation", "modified")
ANSWER_COLUMNS = "`name`, `section`, `idx`, `question`, `answer`"
SCORE_COLUMNS = "`section`, `score`"
# The columns of an answer's and a result's own values, in the order write_assessment_details gives them.
QUESTION_COLUMNS = (
	"AssessmentQuestionID",
	"AssessmentQuestionGroup",
	"AssessmentQuestionOrder",
	"AssessmentQuestion",
	"AssessmentAnswer",
)
RESULT_COLUMNS = ("AssessmentResultID", "AssessmentResultType", "AssessmentResult")
# A household record's columns after its ID, in the order Export.whose gives them.
WHOSE = ("EnrollmentID", "PersonalID", "DateCreated", "DateUpdated", "UserID")


def record_columns(doctype: str, table: str = "record") -> str:
	"""The select list of what the export reads of a household record (the columns its table has)."""
	file, extra = HOUSEHOLD_RECORDS[doctype]
	mapped = hmis_mapping.FIELDS[file].values() if file else ()
	present = set(frappe.db.get_table_columns(doctype))
	wanted = dict.fromkeys((*RECORD_METADATA, *mapped, *extra))
	return ", ".join(_select(table, column) for column in wanted if column in present)


def whole_record_columns(doctype: str, table: str) -> str:
	"""Every column of an enrollment or a client (their files map most of them), the stamps as text."""
	return ", ".join(_select(table, column) for column in frappe.db.get_table_columns(doctype))


def _select(table: str, column: str) -> str:
	# Frappe's connection parses every DATETIME it reads with strptime, the export's costliest call per
	# record; as text the stamps cost nothing to read and the row writes them as HUD asks.
	if column in ("creation", "modified"):
		return f"cast({table}.`{column}` as char) as `{column}`"
	return f"{table}.`{column}`"


def source_columns() -> dict[str, str]:
	"""{table: what the export selects of it}: the benchmark's floor reads the same columns."""
	return {
		"CAS Enrollment": whole_record_columns("CAS Enrollment", "record"),
		"CAS Household Member": ", ".join(
			f"`{column}`" for column in ("parent", "client", "relationship_to_hoh", *MEMBER_COLUMNS)
		),
		"CAS Client": whole_record_columns("CAS Client", "record"),
		**{doctype: record_columns(doctype) for doctype in HOUSEHOLD_RECORDS},
		"CAS Assessment Answer": f"`parent`, {ANSWER_COLUMNS}",
		"CAS Assessment Section Score": f"`parent`, {SCORE_COLUMNS}",
		"CAS Member Status": "*",
	}


@lru_cache(maxsize=4096)
def user_id(user: str) -> str:
	"""A stable 32-character id for a user (HUD's UserID is at most 32 characters)."""
	return hashlib.md5(user.encode("utf-8")).hexdigest()


def client_values(client) -> dict:
	"""Client.csv's values of a client. FY2026's 4.21 Sex not yet asked goes as "Data not collected", as
	HUD asks of a question not asked: the gender answers are another question and never stand in for it."""
	values = hmis_mapping.to_hmis("Client.csv", client)
	if "Sex" in values and values["Sex"] is None:
		values["Sex"] = int(hmis_csv.DATA_NOT_COLLECTED)
	return values


def whole_records(doctype: str, names: list[str]) -> list:
	if not names:
		return []
	return frappe.db.sql(
		f"""select {whole_record_columns(doctype, "record")} from `tab{doctype}` record
		where record.`name` in %(names)s order by record.`name`""",
		{"names": names},
		as_dict=True,
	)


@dataclass
class Chunk:
	"""All the export writes of one chunk of enrollments, read before any of it is written (read_chunk): the
	writing (write_chunk) asks the database nothing."""

	enrollments: dict = field(default_factory=dict)  # name: the whole enrollment
	members: list = field(default_factory=list)
	new_clients: list = field(default_factory=list)  # whole records of clients no chunk before wrote
	ids: dict = field(default_factory=dict)  # {file, or doctype: {CAS reference: the ID an HMIS gave it}}
	records: dict = field(default_factory=dict)  # {doctype: its rows of the chunk's enrollments}
	answers: dict = field(default_factory=dict)  # {assessment doctype: {assessment: its answers}}
	scores: dict = field(default_factory=dict)  # {assessment doctype: {assessment: its section scores}}
	member_status: dict = field(default_factory=dict)  # {status assessment: its members' rows}


by_name = itemgetter("name")


def _text_file(path: str):
	# HUD's files are UTF-8 with CRLF line ends, which the export writes itself (newline="": as it wrote).
	return open(path, "w", encoding="utf-8", newline="")


class Export:
	def __init__(
		self,
		from_date: date,
		to_date: date,
		user: str | None = None,
		hash_status: int = hmis_hash.UNHASHED,
		version: str | None = None,
	):
		self.from_date, self.to_date = getdate(from_date), getdate(to_date)
		self.version = version or hmis_csv.DEFAULT_EXPORT_VERSION
		# Export.csv's HashStatus: unhashed, or SHA-256 (RHY) names and SSNs (rules/hmis_hash.py)
		self.hash_status = int(hash_status)
		self.user = user or frappe.session.user
		self.export_id = hashlib.md5(f"{frappe.local.site}{now_datetime()}".encode()).hexdigest()
		self.counts = dict.fromkeys(hmis_csv.FILES, 0)
		self.users, self.programs = set(), set()
		self._exported = None
		self.progress = None  # called with (enrollments done, total) after each chunk
		self.imported = record_ids.has_any()
		# CE Events whose code the version has no place for (FY2026 retired 17, EHV): left out, never
		# written under a code that version does not define.
		self.left_out: dict[str, int] = defaultdict(int)
		self._household_lines = {}

	# The export reads the whole CoC: on the read replica when the site has one (`read_from_replica`), so a
	# long export does not compete with the staff's writes. It writes only files (and Redis heartbeats).
	@frappe.read_only()
	def write(self, target: io.BufferedIOBase) -> dict:
		"""Write the zip to ``target`` in the export's HMIS CSV version."""
		with hmis_csv.using(self.version):
			return self.write_version(target)

	def write_version(self, target: io.BufferedIOBase) -> dict:
		"""Each file is streamed to a temporary file first (a zip takes one writer at a time), so no file is
		ever held in memory whole."""
		with tempfile.TemporaryDirectory() as folder:
			handles = {
				file: _text_file(os.path.join(folder, file))
				for file in hmis_csv.FILES
				if file not in dict(self.LAST)
			}
			try:
				for file, handle in handles.items():
					self.line(handle, file, ",".join(hmis_csv.header(file)), header=True)
				total, done = self.count_enrollments(), 0
				for names in self.enrollment_chunks():
					self.write_chunk(handles, self.read_chunk(names))
					done += len(names)
					if self.progress:
						self.progress(done, total)
			finally:
				for handle in handles.values():
					handle.close()
			for file, method in self.LAST:
				with _text_file(os.path.join(folder, file)) as handle:
					self.line(handle, file, ",".join(hmis_csv.header(file)), header=True)
					getattr(self, method)(handle)
			# Deflate's fastest level: at its default level the zip took a twentieth of the export, three
			# times as long as this, for an archive a fifth smaller (7.5 MB of files: 0.53 against 0.65 MB).
			with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
				for file in hmis_csv.FILES:
					archive.write(os.path.join(folder, file), file)
		return self.counts

	def unlimited(self, file: str) -> tuple[str, ...]:
		"""A hashed export's hashes are longer than HUD's limits for names and SSNs: never cut."""
		hashed = file == "Client.csv" and hmis_hash.is_hashed(self.hash_status)
		return tuple(hmis_hash.HASHED_COLUMNS) if hashed else ()

	def line(self, handle, file: str, text: str, header: bool = False):
		handle.write(text + "\r\n")
		if not header:
			self.counts[file] += 1

	def lines(self, handle, file: str, texts: list[str]):
		if texts:
			handle.write("\r\n".join(texts) + "\r\n")
			self.counts[file] += len(texts)

	def emit(self, handles, file: str, values: dict, record=None):
		if record is not None:
			values.update(self.metadata(record))
		self.line(handles[file], file, hmis_csv.csv_line(file, values, self.unlimited(file)))

	def metadata(self, record) -> dict:
		created, updated, user = self.stamps(record)
		return {"DateCreated": created, "DateUpdated": updated, "UserID": user, "ExportID": self.export_id}

	def stamps(self, record) -> tuple:
		"""When the record was created and updated, and its author's UserID (User.csv lists every author)."""
		owner = record.get("owner") or "Administrator"
		self.users.add(owner)
		return record.get("creation"), record.get("modified"), user_id(owner)

	# Which enrollments

	def exported_enrollments(self) -> tuple[str, dict]:
		"""The condition (on ``enrollment``) of the enrollments the export holds, and its values (worked
		out once: every chunk asks)."""
		if self._exported is not None:
			return self._exported
		condition = permissions.condition_for("CAS Enrollment", table="enrollment")
		self._exported = (
			f"""enrollment.`entry_date` <= %(to_date)s
				and (enrollment.`exit_date` is null or enrollment.`exit_date` >= %(from_date)s)
				and (enrollment.`client_agency` is null or enrollment.`client_agency` not in %(excluded)s)
				and {condition}""",
			{
				"from_date": self.from_date,
				"to_date": self.to_date,
				"excluded": self.excluded_agencies() or [""],
			},
		)
		return self._exported

	def count_enrollments(self) -> int:
		condition, values = self.exported_enrollments()
		return frappe.db.sql(
			f"select count(*) from `tabCAS Enrollment` enrollment where {condition}", values
		)[0][0]

	def enrollment_chunks(self):
		"""The enrollments to export in name order, CHUNK at a time, each chunk read after the last by the
		primary key: the CoC's names are never held at once, so memory stays flat as the CoC grows."""
		condition, values = self.exported_enrollments()
		last = ""
		while True:
			names = frappe.db.sql_list(
				f"""select enrollment.`name` from `tabCAS Enrollment` enrollment
				where {condition} and enrollment.`name` > %(last)s
				order by enrollment.`name` limit {CHUNK}""",
				{**values, "last": last},
			)
			if names:
				yield names
			if len(names) < CHUNK:
				return
			last = names[-1]

	def written_before(self, clients: set[str], first_enrollment: str) -> set[str]:
		"""Of ``clients``, those a chunk before this one has written: members of an exported enrollment named
		before ``first_enrollment``. Asked of the database (by the member's client index), not remembered,
		so the export's memory does not grow with the CoC's clients."""
		condition, values = self.exported_enrollments()
		return set(
			frappe.db.sql_list(
				f"""select distinct member.`client` from `tabCAS Household Member` member
				inner join `tabCAS Enrollment` enrollment on enrollment.`name` = member.`parent`
				where member.`parenttype` = 'CAS Enrollment' and member.`client` in %(clients)s
					and enrollment.`name` < %(first)s and {condition}""",
				{**values, "clients": tuple(clients) or ("",), "first": first_enrollment},
			)
		)

	def excluded_agencies(self) -> list[str]:
		"""Victim service providers' clients stay out, unless an administrator of that agency exports."""
		viewer = permissions.get_viewer(self.user)
		vsp = frappe.get_all("CAS Agency", filters={"victim_service_provider": 1}, pluck="name")
		return [agency for agency in vsp if not (viewer.is_admin and agency in viewer.agencies)]

	# Household files: each chunk read whole (read_chunk), then written (write_chunk).

	def hmis_ids(self, file: str, references) -> dict[str, str]:
		"""IDs that records imported from an HMIS carry back to it (by CAS reference)."""
		return record_ids.exported_ids(file, list(references)) if self.imported else {}

	def read_chunk(self, names: list[str]) -> Chunk:
		chunk = Chunk(enrollments={row.name: row for row in whole_records("CAS Enrollment", names)})
		chunk.members = frappe.get_all(
			"CAS Household Member",
			filters={"parent": ("in", names), "parenttype": "CAS Enrollment"},
			fields=["parent", "client", "relationship_to_hoh", *MEMBER_COLUMNS],
			order_by="parent, idx",
		)
		clients = {member.client for member in chunk.members}
		chunk.new_clients = whole_records(
			"CAS Client", list(clients - self.written_before(clients, names[0]))
		)
		member_keys = [f"{member.parent}:{member.client}" for member in chunk.members]
		chunk.ids = {
			"Client.csv": self.hmis_ids("Client.csv", clients),
			"Enrollment.csv": self.hmis_ids("Enrollment.csv", member_keys),
			"Exit.csv": self.hmis_ids("Exit.csv", member_keys),
			"Household": self.hmis_ids("Household", names),
			"Project.csv": self.hmis_ids("Project.csv", {row.program for row in chunk.enrollments.values()}),
		}
		enrollments = list(chunk.enrollments)
		self.read_records(chunk, "CAS Current Living Situation", enrollments, "information_date")
		for doctype in ASSESSMENTS:
			self.read_assessments(chunk, doctype, enrollments)
		chunk.ids["AssessmentQuestions.csv"] = self.hmis_ids(
			"AssessmentQuestions.csv",
			(answer[1] for found in chunk.answers.values() for rows in found.values() for answer in rows),
		)
		self.read_records(chunk, "CAS CE Event", enrollments, "event_date")
		self.read_services(chunk, enrollments)
		self.read_member_status(chunk, enrollments)
		return chunk

	def read_records(self, chunk: Chunk, doctype: str, enrollments: list, date_field: str, extra: str = ""):
		rows = chunk.records[doctype] = self.records(doctype, enrollments, date_field, extra)
		chunk.ids[doctype] = self.hmis_ids(HOUSEHOLD_RECORDS[doctype][0], (row.name for row in rows))
		return rows

	def records(
		self, doctype: str, enrollments: list, date_field: str, extra: str = "", values: dict | None = None
	) -> list:
		"""The chunk's records of ``doctype``, by name. Sorted here, not by the server: for a chunk's
		thousand rows MariaDB's sort cost the export more than Python's."""
		condition = permissions.condition_for(doctype, table="record")
		rows = frappe.db.sql(
			f"""select {record_columns(doctype)} from `tab{doctype}` record
			where record.`enrollment` in %(enrollments)s and record.`{date_field}` <= %(to_date)s
				and {condition} {extra}""",
			{"enrollments": enrollments, "to_date": self.to_date, **(values or {})},
			as_dict=True,
		)
		rows.sort(key=by_name)
		return rows

	def read_assessments(self, chunk: Chunk, doctype: str, enrollments: list):
		# Every answer and section score of the chunk's assessments at once, not two queries each.
		rows = self.read_records(chunk, doctype, enrollments, "assessment_date", "and record.`docstatus` = 1")
		chunk.answers[doctype] = self.assessment_children(
			doctype, rows, "CAS Assessment Answer", ANSWER_COLUMNS
		)
		chunk.scores[doctype] = self.assessment_children(
			doctype, rows, "CAS Assessment Section Score", SCORE_COLUMNS
		)

	def assessment_children(
		self, doctype: str, assessments: list, child: str, columns: str
	) -> dict[str, list]:
		"""{assessment: its rows of the child table ``child``, in their order, as tuples (parent, then
		``columns``): a CoC's answers are millions, and tuples are read at half the cost of dicts."""
		if not assessments:
			return {}
		found = defaultdict(list)
		for row in frappe.db.sql(
			f"""select `parent`, {columns} from `tab{child}`
			where `parenttype` = %(doctype)s and `parent` in %(parents)s
			order by `parent`, `idx`""",
			{"doctype": doctype, "parents": tuple(assessment.name for assessment in assessments)},
		):
			found[row[0]].append(row)
		return found

	def read_services(self, chunk: Chunk, enrollments: list):
		"""Services of a type that carries a HUD record type, each to a member still in the household (one
		since taken out has no enrollment row to name, and is left out)."""
		hud_types = self.hud_service_types()
		members = {(member.parent, member.client) for member in chunk.members}
		# Only the types HUD's file has are read: most of a CoC's services may be of others.
		found = (
			self.records(
				"CAS Service",
				enrollments,
				"service_date",
				"and record.`service_type` in %(hud_types)s",
				{"hud_types": tuple(hud_types)},
			)
			if hud_types
			else []
		)
		rows = chunk.records["CAS Service"] = [
			row for row in found if (row.enrollment, row.member) in members
		]
		chunk.ids["CAS Service"] = self.hmis_ids("Services.csv", (row.name for row in rows))

	def read_member_status(self, chunk: Chunk, enrollments: list):
		"""Submitted status assessments, and their members' rows (income and benefits, health and DV,
		disabilities)."""
		rows = chunk.records["CAS Status Assessment"] = self.records(
			"CAS Status Assessment", enrollments, "information_date", "and record.`docstatus` = 1"
		)
		members_of = chunk.member_status = defaultdict(list)
		for member in frappe.get_all(
			"CAS Member Status",
			filters={
				"parent": ("in", [row.name for row in rows] or [""]),
				"parenttype": "CAS Status Assessment",
			},
			fields=["*"],
			order_by="parent, idx",
		):
			members_of[member.parent].append(member)
		names = [member.name for group in members_of.values() for member in group]
		for file in ("IncomeBenefits.csv", "HealthAndDV.csv"):
			chunk.ids[file] = self.hmis_ids(file, names)
		chunk.ids["Disabilities.csv"] = self.hmis_ids(
			"Disabilities.csv", [f"{name}-{d.hud_type}" for name in names for d in circumstances.DISABILITIES]
		)

	def write_chunk(self, handles, chunk: Chunk):
		clients = self.write_clients(handles, chunk)
		ids = chunk.ids
		for member in chunk.members:
			enrollment = chunk.enrollments[member.parent]
			self.programs.add(enrollment.program)
			member_key = f"{enrollment.name}:{member.client}"
			enrollment_id = ids["Enrollment.csv"].get(member_key, member_key)
			is_head = member.client == enrollment.client
			self.emit(
				handles,
				"Enrollment.csv",
				{
					**hmis_mapping.member_enrollment(enrollment, member, is_head),
					"EnrollmentID": enrollment_id,
					"PersonalID": clients[member.client],
					"ProjectID": ids["Project.csv"].get(enrollment.program, enrollment.program),
					"HouseholdID": ids["Household"].get(enrollment.name, enrollment.name),
					"RelationshipToHoH": hud.code_for(hud.RELATIONSHIP_TO_HOH, member.relationship_to_hoh),
				},
				enrollment,
			)
			exit_values = hmis_mapping.member_exit(enrollment, member, is_head)
			if exit_values and getdate(exit_values["ExitDate"]) <= self.to_date:
				self.emit(
					handles,
					"Exit.csv",
					{
						**exit_values,
						"ExitID": ids["Exit.csv"].get(member_key, enrollment_id),
						"EnrollmentID": enrollment_id,
						"PersonalID": clients[member.client],
					},
					enrollment,
				)
		# Records about one member (services, status records, an event of a member's own enrollment) name
		# the member's enrollment row; the household's records name the head's.
		member_ids = {
			(m.parent, m.client): (
				ids["Enrollment.csv"].get(f"{m.parent}:{m.client}", f"{m.parent}:{m.client}"),
				clients[m.client],
			)
			for m in chunk.members
		}
		heads = {name: member_ids[(name, row.client)] for name, row in chunk.enrollments.items()}
		self.write_living_situations(handles, chunk, heads, member_ids)
		self.write_assessments(handles, chunk, heads, member_ids)
		self.write_events(handles, chunk, heads, member_ids)
		self.write_services(handles, chunk, member_ids)
		self.write_member_status(handles, chunk, member_ids)

	def write_clients(self, handles, chunk: Chunk) -> dict[str, str]:
		"""Write the clients not yet written; answer the PersonalID of every member's client."""
		personal_ids = chunk.ids["Client.csv"]
		for client in chunk.new_clients:
			values = hmis_hash.client_for_export(
				{
					**client_values(client),
					"PersonalID": personal_ids.get(client.name, client.name),
				},
				client,
				hud.code_for(hmis_hash.HASH_STATUS, client.hash_status),
				self.hash_status,
			)
			if client.is_protected:
				values = hmis_csv.protected_client(values)
			self.emit(handles, "Client.csv", values, client)
		return {m.client: personal_ids.get(m.client, m.client) for m in chunk.members}

	def household_line(self, file: str, extra: tuple[str, ...] = ()) -> tuple[tuple, Callable, Callable]:
		"""(mapped columns, values_of, line) for the records of a household file, a record's line being
		``line(*values_of(record), *self.whose(record, ...), *extra)``. Worked out once per file: a CoC's
		household records are millions, and a dict of each one's values cost about as much as reading it."""
		key = (file, extra)
		if key not in self._household_lines:
			own = (hmis_mapping.ID_COLUMN[file], *WHOSE, *extra)
			mapped, values_of = hmis_mapping.to_hmis_in_order(file, leave_out=own)
			line = hmis_csv.csv_lines_sharing(
				file, {"ExportID": self.export_id}, (*mapped, *own), self.unlimited(file)
			)
			self._household_lines[key] = (mapped, values_of, line)
		return self._household_lines[key]

	def whose(self, record, heads: dict, ids: dict, members: dict) -> tuple:
		"""A household record's ID, whose it is (the member it came with from an HMIS, if still in the
		household; else the head) and its stamps: the values of WHOSE's columns, after the ID."""
		enrollment_id, personal_id = members.get(
			(record.enrollment, record.get("member")), heads[record.enrollment]
		)
		return (ids.get(record.name, record.name), enrollment_id, personal_id, *self.stamps(record))

	def write_living_situations(self, handles, chunk: Chunk, heads: dict, members: dict):
		file, doctype = "CurrentLivingSituation.csv", "CAS Current Living Situation"
		_mapped, values_of, line = self.household_line(file, ("LocationDetails",))
		ids = chunk.ids[doctype]
		self.lines(
			handles[file],
			file,
			[
				line(
					*values_of(cls),
					*self.whose(cls, heads, ids, members),
					client_rules.full_name(cls.location_address, cls.location_details),
				)
				for cls in chunk.records[doctype]
			],
		)

	def write_assessments(self, handles, chunk: Chunk, heads: dict, members: dict):
		_mapped, values_of, line = self.household_line("Assessment.csv")
		for doctype in ASSESSMENTS:
			ids = chunk.ids[doctype]
			for assessment in chunk.records[doctype]:
				whose = self.whose(assessment, heads, ids, members)
				self.line(handles["Assessment.csv"], "Assessment.csv", line(*values_of(assessment), *whose))
				self.write_assessment_details(
					handles,
					assessment,
					whose,
					chunk.answers[doctype].get(assessment.name, []),
					chunk.scores[doctype].get(assessment.name, []),
					chunk.ids["AssessmentQuestions.csv"],
				)

	def write_assessment_details(
		self, handles, assessment, whose: tuple, answers: list, scores: list, question_ids: dict
	):
		# What every row of the assessment carries, its metadata included (worked out once, not per answer).
		ids = {**dict(zip(("AssessmentID", *WHOSE), whose, strict=True)), "ExportID": self.export_id}
		# ... and formatted once for all its rows: a CoC's answers are two in five of the export's rows.
		question_line = hmis_csv.csv_lines_sharing("AssessmentQuestions.csv", ids, QUESTION_COLUMNS)
		self.lines(
			handles["AssessmentQuestions.csv"],
			"AssessmentQuestions.csv",
			[
				question_line(question_ids.get(name, name), section, idx, question, answer)
				for _parent, name, section, idx, question, answer in answers
			],
		)
		result_line = hmis_csv.csv_lines_sharing("AssessmentResults.csv", ids, RESULT_COLUMNS)
		results = [("Total Score", assessment.total_score), ("EVH", "Yes" if assessment.is_evh else "No")]
		results += [(f"Section: {section}", score) for _parent, section, score in scores]
		self.lines(
			handles["AssessmentResults.csv"],
			"AssessmentResults.csv",
			[
				result_line(f"{ids['AssessmentID']}-R{index}", result_type, result)
				for index, (result_type, result) in enumerate(results, start=1)
			],
		)

	def write_events(self, handles, chunk: Chunk, heads: dict, members: dict):
		mapped, values_of, line = self.household_line("Event.csv")
		event_at, events = mapped.index("Event"), hmis_csv.list_values("4.20.2")
		ids, lines = chunk.ids["CAS CE Event"], []
		for event in chunk.records["CAS CE Event"]:
			values = values_of(event)
			if values[event_at] is not None and str(values[event_at]) not in events:
				self.left_out[f"Event.csv: {event.event}"] += 1
				continue
			lines.append(line(*values, *self.whose(event, heads, ids, members)))
		self.lines(handles["Event.csv"], "Event.csv", lines)

	def write_services(self, handles, chunk: Chunk, members: dict):
		"""Each service under the member it went to."""
		hud_types, ids = self.hud_service_types(), chunk.ids["CAS Service"]
		for service in chunk.records["CAS Service"]:
			enrollment_id, personal_id = members[(service.enrollment, service.member)]
			(record_code, type_code), type_name = hud_types[service.service_type]
			if str(type_code) not in hmis_csv.list_values(service_rules.TYPE_PROVIDED_LISTS[record_code]):
				# A type provided this export's version does not have (FY2026's SSVF Healthcare Navigation in
				# an FY2024 export): left out and counted, never sent under another code.
				self.left_out[f"Services.csv: {service.service_type}"] += 1
				continue
			for values in service_rules.hmis_rows(
				ids.get(service.name, service.name),
				record_code,
				type_code,
				getdate(service.service_date),
				getdate(service.end_date) if service.end_date else None,
				type_name,
				hmis_mapping.to_hmis("Services.csv", service),
			):
				if values["DateProvided"] > self.to_date:
					break  # nights after the period are the next export's
				values.update(EnrollmentID=enrollment_id, PersonalID=personal_id)
				self.emit(handles, "Services.csv", values, service)

	def write_member_status(self, handles, chunk: Chunk, members: dict):
		"""Each member's income and benefits, health and DV, and disabilities at each data collection stage
		(submitted status assessments), under the member's enrollment row."""
		ids = chunk.ids
		for record in chunk.records["CAS Status Assessment"]:
			stage = circumstances.STAGE_CODES[record.data_collection_stage]
			for member in chunk.member_status[record.name]:
				if (record.enrollment, member.client) not in members:
					continue  # taken out of the household since: no enrollment row to name
				enrollment_id, personal_id = members[(record.enrollment, member.client)]
				common = {
					"EnrollmentID": enrollment_id,
					"PersonalID": personal_id,
					"InformationDate": record.information_date,
					"DataCollectionStage": stage,
				}
				for file, values in (
					("IncomeBenefits.csv", circumstances.income_benefits_values(member)),
					("HealthAndDV.csv", circumstances.health_and_dv_values(member)),
				):
					values.update(
						common, **{hmis_mapping.ID_COLUMN[file]: ids[file].get(member.name, member.name)}
					)
					self.emit(handles, file, values, record)
				for values in circumstances.disability_values(member):
					reference = f"{member.name}-{values['DisabilityType']}"
					values.update(common, DisabilitiesID=ids["Disabilities.csv"].get(reference, reference))
					self.emit(handles, "Disabilities.csv", values, record)

	def hud_service_types(self) -> dict:
		"""{service type: ((RecordType, TypeProvided), its service name)} of the types HMIS CSV reports."""
		if getattr(self, "_hud_service_types", None) is None:
			self._hud_service_types = {}
			for kind in frappe.get_all(
				"CAS Service Type",
				filters={"hud_record_type": ("is", "set")},
				fields=["name", "service_name", "hud_record_type", "hud_type_provided"],
			):
				codes = service_rules.hud_codes(kind.hud_record_type, kind.hud_type_provided)
				if codes:
					self._hud_service_types[kind.name] = (codes, kind.service_name)
		return self._hud_service_types

	# Descriptor files, written once every household is out

	def write_export(self, handle):
		self.line(
			handle,
			"Export.csv",
			hmis_csv.csv_line(
				"Export.csv",
				{
					"ExportID": self.export_id,
					"SourceType": 2,
					"SourceName": "CAS Coordinated Access",
					"ExportDate": now_datetime(),
					"ExportStartDate": self.from_date,
					"ExportEndDate": self.to_date,
					"SoftwareName": "CAS Coordinated Access",
					"SoftwareVersion": cas_coordinated_access.__version__,
					"CSVVersion": hmis_csv.csv_version(),
					"ExportPeriodType": 3,
					"ExportDirective": 2,
					"HashStatus": self.hash_status,
					"ImplementationID": hashlib.md5(frappe.local.site.encode()).hexdigest(),
				},
			),
		)

	def write_projects(self, handle):
		project_ids = self.hmis_ids("Project.csv", self.programs)
		for program in frappe.get_all(
			"CAS Program", filters={"name": ("in", list(self.programs) or [""])}, fields=["*"]
		):
			values = {
				**hmis_mapping.to_hmis("Project.csv", program),
				"ProjectID": project_ids.get(program.name, program.name),
				"OrganizationID": program.agency,
				**self.metadata(program),
			}
			project_type, rrh = values["ProjectType"], values["RRHSubType"]
			values["ResidentialAffiliation"] = 0 if project_type == 6 or rrh == 1 else None
			self.line(handle, "Project.csv", hmis_csv.csv_line("Project.csv", values))

	def write_organizations(self, handle):
		agencies = {frappe.db.get_value("CAS Program", p, "agency") for p in self.programs}
		for agency in frappe.get_all(
			"CAS Agency", filters={"name": ("in", list(agencies) or [""])}, fields=["*"]
		):
			values = {
				**hmis_mapping.to_hmis("Organization.csv", agency),
				"OrganizationID": agency.name,
				**self.metadata(agency),
			}
			self.line(handle, "Organization.csv", hmis_csv.csv_line("Organization.csv", values))

	def write_users(self, handle):
		for user in frappe.get_all(
			"User",
			filters={"name": ("in", list(self.users) or [""])},
			fields=["name", "first_name", "last_name", "email", "creation", "modified"],
		):
			values = {
				"UserID": user_id(user.name),
				"UserFirstName": user.first_name,
				"UserLastName": user.last_name,
				"UserEmail": user.email,
				"DateCreated": user.creation,
				"DateUpdated": user.modified,
				"ExportID": self.export_id,
			}
			self.line(handle, "User.csv", hmis_csv.csv_line("User.csv", values))

	# Written after the household files: they list what those files used. Projects before organizations
	# (a project's organization) and users last (every record's author).
	LAST = (
		("Export.csv", "write_export"),
		("Project.csv", "write_projects"),
		("Organization.csv", "write_organizations"),
		("User.csv", "write_users"),
	)
