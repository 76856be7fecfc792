"""Reading an HMIS CSV FY2024 export for import: each file checked against HUD's specification, rows grouped
into households, and every reason to refuse a household found before anything is written.

The Frappe side (`hmis/importer.py`) matches households to records seen before and writes them, one
household at a time; what can be decided from the files alone is decided here.
"""

import csv
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from cas_coordinated_access.rules import circumstances, hmis_csv, hmis_fy2022, hmis_hash, hmis_mapping, hud
from cas_coordinated_access.rules import client as client_rules
from cas_coordinated_access.rules import services as service_rules
from cas_coordinated_access.rules.violations import _

# Without these the files hold no household to import.
REQUIRED_FILES = ("Export.csv", "Client.csv", "Enrollment.csv", "Project.csv")
# Read when present: an HMIS may export households with no CLS, assessment or event. Organizations and
# users are not imported: the households go to the agency chosen for the import.
OPTIONAL_FILES = tuple(
	file for file in hmis_csv.FILES if file not in (*REQUIRED_FILES, "Organization.csv", "User.csv")
)
HEAD_OF_HOUSEHOLD = "1"
# The date of each household record, which must fall inside the enrollment.
RECORD_DATE = {
	"CurrentLivingSituation.csv": "InformationDate",
	"Assessment.csv": "AssessmentDate",
	"Event.csv": "EventDate",
	"Services.csv": "DateProvided",
	"IncomeBenefits.csv": "InformationDate",
	"HealthAndDV.csv": "InformationDate",
	"Disabilities.csv": "InformationDate",
}
# Each member's answers at a data collection stage (rules/circumstances.py).
MEMBER_STATUS_FILES = ("IncomeBenefits.csv", "HealthAndDV.csv", "Disabilities.csv")
# HUD 2.02.6 project type to the CAS program category.
PROGRAM_CATEGORY = {
	0: "Emergency Shelter",
	1: "Emergency Shelter",
	2: "Transitional Housing",
	3: "Permanent Supportive Housing",
	4: "Street Outreach",
	6: "Services Only",
	8: "Emergency Shelter",
	9: "Other Permanent Housing",
	10: "Other Permanent Housing",
	12: "Homelessness Prevention",
	13: "Rapid Re-Housing",
	14: "Coordinated Entry",
}


@dataclass(frozen=True)
class Problem:
	"""Why a row (and so its household) or a whole file is refused. ``message`` is a template."""

	message: str
	file: str = ""
	line: int = 0
	params: tuple = ()

	def text(self, translate=lambda message: message) -> str:
		body = translate(self.message).format(**dict(self.params))
		return (
			f"{self.file}:{self.line}: {body}"
			if self.line
			else (f"{self.file}: {body}" if self.file else body)
		)


def problem(message: str, file: str = "", line: int = 0, **params) -> Problem:
	return Problem(message, file, line, tuple(sorted(params.items())))


@dataclass
class Row:
	file: str
	line: int
	values: dict[str, str | None]
	problems: list[Problem] = field(default_factory=list)
	hash_status: int = hmis_hash.UNHASHED  # Export.csv's, for a Client.csv row

	def __getitem__(self, column: str) -> str | None:
		return self.values.get(column)

	def date(self, column: str) -> date | None:
		value = self.values.get(column)
		try:
			return date.fromisoformat(value[:10]) if value else None
		except ValueError:
			return None

	def problem(self, message: str, **params) -> Problem:
		return problem(message, self.file, self.line, **params)

	def cas_fields(self) -> dict:
		fields = hmis_mapping.from_hmis(self.file, self.values)
		if self.file != "Client.csv":
			return fields
		if hmis_hash.is_hashed(self.hash_status):
			# A hash is kept as a hash: the name and SSN fields stay empty, no SSN is made up.
			return client_fields(
				hmis_hash.client_fields_from_hashed(
					fields, self.values, hud.label_for(hmis_hash.HASH_STATUS, self.hash_status)
				)
			)
		return client_fields(hmis_hash.clear_of_hashes(fields))


RACE_FIELDS, GENDER_FIELDS = client_rules.RACE_FIELDS, client_rules.GENDER_FIELDS


def client_fields(fields: dict) -> dict:
	"""A client as the client form stores it (cas_client.py), so that a re-import of an unchanged file
	compares equal: RaceNone/GenderNone 99 beside a ticked category is dropped, an SSN loses its dashes."""
	for none_field, categories in (("race_none", RACE_FIELDS), ("gender_none", GENDER_FIELDS)):
		if none_field in fields:
			ticked = [name for name in categories if fields.get(name)]
			fields[none_field] = client_rules.none_answer(ticked, fields[none_field])
	if fields.get("ssn"):
		fields["ssn"] = fields["ssn"].strip().replace("-", "") or None
	return fields


@dataclass
class ParsedFile:
	rows: list[Row]
	problems: list[Problem]  # about the file as a whole: it cannot be read
	# (column, format): rows whose dates or amounts were read from a format other than HUD's
	strays: dict[tuple[str, str], int] = field(default_factory=dict)
	# No header row at all (a 0-byte file): read as a file without records, and said in the report.
	without_header: bool = False


def parse_file(file: str, lines: Iterable[str], hash_status: int = hmis_hash.UNHASHED) -> ParsedFile:
	"""Rows of one file with what is wrong in each. A missing required column refuses the whole file.
	Dates in another common format are read (and counted, for the report); in a hashed export the name
	and SSN columns of Client.csv hold hashes, longer than HUD's limits for names and SSNs."""
	reader = csv.reader(lines)
	header = header_names(next(reader, []))
	if not header:
		return ParsedFile([], [], without_header=True)
	columns = hmis_mapping.spec_columns(file)
	missing = [name for name, column in columns.items() if column.get("required") and name not in header]
	if missing:
		return ParsedFile(
			[],
			[problem(_("Required columns are missing: {columns}."), file, columns=", ".join(missing))],
		)
	rows = []
	strays: dict[tuple[str, str], int] = defaultdict(int)
	dated = [
		(name, column["type_code"]) for name, column in columns.items() if column["type_code"] in ("D", "T")
	]
	amounts = [name for name, column in columns.items() if column["type_code"] == "M"]
	hashed = hmis_hash.is_hashed(hash_status) and file == "Client.csv"
	unlimited = tuple(hmis_hash.HASHED_COLUMNS) if hashed else ()
	for line, cells in enumerate(reader, start=2):
		if not any(cell.strip() for cell in cells):
			continue
		if len(cells) != len(header):
			rows.append(
				Row(
					file,
					line,
					{},
					[
						problem(
							_("{found} values for {expected} columns."),
							file,
							line,
							found=len(cells),
							expected=len(header),
						)
					],
				)
			)
			continue
		values = {
			name: (cell.strip() or None) for name, cell in zip(header, cells, strict=True) if name in columns
		}
		if values.get("DateDeleted"):
			continue  # HUD: a record deleted in the source is not imported
		for name, kind in dated:
			if values.get(name):
				values[name], found = hmis_csv.read_date(values[name], kind)
				if found:
					strays[(name, found)] += 1
				elif name in STAMPS and not hmis_csv.is_hud_date(values[name], kind):
					# The source's own stamp, which the CAS does not keep: set aside, not a refusal.
					strays[(name, UNREADABLE)] += 1
					del values[name]
		for name in amounts:
			if values.get(name):
				values[name], found = hmis_csv.read_money(values[name])
				if found:
					strays[(name, found)] += 1
		rows.append(
			Row(
				file,
				line,
				values,
				row_problems(file, line, values, unlimited),
				int(hash_status) if hashed else hmis_hash.UNHASHED,
			)
		)
	return ParsedFile(rows, [], dict(strays))


# When the source created and last changed a record: the CAS stamps its own records and keeps neither.
STAMPS = ("DateCreated", "DateUpdated")
UNREADABLE = "unreadable"


def header_names(cells: list[str]) -> list[str]:
	"""Column names as written, whatever the exporting tool wrapped them in: a byte order mark (read as
	text when it comes before a quoted name), quotes, spaces."""
	return [name.strip().lstrip("\ufeff").strip().strip('"').strip() for name in cells]


def row_problems(
	file: str, line: int, values: dict[str, str | None], unlimited: tuple[str, ...] = ()
) -> list[Problem]:
	"""The checks a validator built from the specification makes: required values, types, lengths, codes
	(no length for the ``unlimited`` columns)."""
	present = [column for column in hmis_csv.columns(file) if column["name"] in values]
	cells = [values[column["name"]] for column in present]
	return [
		problem(_("{detail}"), file, line, detail=detail)
		for detail in hmis_csv.problems_in(present, cells, unlimited)
	]


@dataclass
class Assessment:
	row: Row
	questions: list[Row] = field(default_factory=list)
	results: list[Row] = field(default_factory=list)

	@property
	def doctype(self) -> str | None:
		level = self.row["AssessmentLevel"]
		return hmis_mapping.ASSESSMENT_DOCTYPE_BY_LEVEL.get(int(level)) if (level or "").isdigit() else None

	def answers(self) -> list[tuple[str | None, str, str | None]]:
		"""(group, question, answer) in the assessment's order."""
		ordered = sorted(
			self.questions,
			key=lambda row: (int(row["AssessmentQuestionOrder"] or 0), row.line),
		)
		return [
			(row["AssessmentQuestionGroup"], row["AssessmentQuestion"], row["AssessmentAnswer"])
			for row in ordered
		]

	def reported_total(self) -> str | None:
		for row in self.results:
			if (row["AssessmentResultType"] or "").lower() == "total score":
				return row["AssessmentResult"]
		return None

	def recorded_results(self) -> "RecordedResults":
		"""The scores the source HMIS recorded, as the CAS keeps them when it does not score the answers
		itself: the total ('Total Score', else the one result whose type says total), EVH, and each other
		whole-number result as a section score (the CAS's own export writes sections as 'Section: X')."""
		recorded = RecordedResults()
		totals = []
		for row in self.results:
			kind, value = (row["AssessmentResultType"] or "").strip(), (row["AssessmentResult"] or "").strip()
			number = _whole_number(value)
			if kind.lower() == "evh":
				recorded.is_evh = int(value.lower() in ("yes", "1", "true"))
			elif kind.lower() == "total score" and number is not None:
				recorded.total = number
			elif "total" in kind.lower() and number is not None:
				totals.append(number)
				recorded.sections.append((kind, number))
			elif number is not None:
				recorded.sections.append((kind.removeprefix("Section: "), number))
			else:
				recorded.unkept.append(f"{kind}: {value}")
		if recorded.total is None and len(totals) == 1:
			recorded.total = totals[0]
		return recorded


@dataclass
class RecordedResults:
	total: int | None = None
	is_evh: int = 0
	sections: list[tuple[str, int]] = field(default_factory=list)
	unkept: list[str] = field(default_factory=list)  # results that are not numbers (shown in the report)


def _whole_number(value: str) -> int | None:
	try:
		number = float(value)
	except ValueError:
		return None
	return int(number) if number.is_integer() else None


def fits_question_set(answers: list[tuple], questions: dict[str, set[str]]) -> bool:
	"""Whether a question set (its question texts, each with the answers it offers) takes an imported
	assessment as it is: it has question rows, the set asks every one, and every answer is one of the
	set's. Otherwise (free-text answers, another CoC's questions, no rows) it is not scored here."""
	return bool(answers) and all(
		question in questions and (answer in (None, "") or answer in questions[question])
		for _group, question, answer in answers
	)


@dataclass
class Household:
	household_id: str
	members: list[Row] = field(default_factory=list)  # Enrollment.csv rows
	clients: dict[str, Row] = field(default_factory=dict)
	exits: dict[str, Row] = field(default_factory=dict)  # by EnrollmentID
	living_situations: list[Row] = field(default_factory=list)
	assessments: list[Assessment] = field(default_factory=list)
	events: list[Row] = field(default_factory=list)
	services: list[Row] = field(default_factory=list)
	member_status: list[Row] = field(default_factory=list)
	problems: list[Problem] = field(default_factory=list)

	@property
	def head(self) -> Row | None:
		heads = [row for row in self.members if row["RelationshipToHoH"] == HEAD_OF_HOUSEHOLD]
		return heads[0] if len(heads) == 1 else None

	@property
	def project_id(self) -> str | None:
		return self.head["ProjectID"] if self.head else None

	@property
	def head_exit(self) -> Row | None:
		return self.exits.get(self.head["EnrollmentID"]) if self.head else None

	@property
	def refused(self) -> bool:
		return bool(self.problems)

	def rows(self) -> Iterable[Row]:
		yield from self.members
		yield from self.clients.values()
		yield from self.exits.values()
		yield from self.living_situations
		yield from self.events
		yield from self.services
		yield from self.member_status
		for assessment in self.assessments:
			yield assessment.row
			yield from assessment.questions
			yield from assessment.results


@dataclass
class ImportPlan:
	export: Row | None
	projects: dict[str, Row]
	households: list[Household]
	problems: list[Problem]  # refusing the whole import, or rows that belong to no household
	version: str | None = None  # the HMIS CSV version the files are, when their headers show it
	notes: list[Problem] = field(default_factory=list)  # where the files stray from HUD's format
	hash_status: int = hmis_hash.UNHASHED

	@property
	def source(self) -> str:
		"""Whose IDs these are: IDs are unique within one HMIS implementation."""
		if not self.export:
			return ""
		return self.export["ImplementationID"] or self.export["SourceID"] or self.export["SourceName"] or ""


# Client.csv columns only one version of HMIS CSV has (FY2024 renamed HUD's ethnicity into the race
# columns as HispanicLatinaeo; FY2026 spells it HispanicLatinao and records Sex).
VERSION_COLUMNS = (
	("FY2024", "HispanicLatinaeo"),
	("FY2026", "HispanicLatinao"),
	("FY2026", "Sex"),
	# FY2020 had one Gender column and an Ethnicity column; FY2022 has Ethnicity and gender check boxes.
	("FY2020", "Gender"),
	("FY2022", "Ethnicity"),
)
# The versions the CAS reads, newest first. FY2022 is read too, its rows mapped to FY2024's first
# (rules/hmis_fy2022.py); older versions are only named: FY2020's one Gender answer cannot be told apart in
# FY2024's terms without guessing.
READ_VERSIONS = (hmis_csv.FY2026, hmis_csv.FY2024)
READ_VERSION = hmis_csv.FY2024  # what a file that shows no version is read as (as before FY2026 was read)
FY2022 = "FY2022"  # read as FY2024 by HUD's FY2024 crosswalk
# Export.csv's CSVVersion: '[year] v[version]' (FY2026 requires it; FY2024 exports mostly wrote it too).
_CSV_VERSION = re.compile(r"\s*(?:FY)?\s*(20\d\d)\b", re.IGNORECASE)


def version_of(client_lines: Iterable[str]) -> tuple[str | None, str | None]:
	"""(version, the column that shows it) from Client.csv's header."""
	header = header_names(next(csv.reader(client_lines), []))
	for version, column in VERSION_COLUMNS:
		if column in header:
			return version, column
	return None, None


def stated_version(export_lines: Iterable[str]) -> tuple[str, str] | None:
	"""(version, CSVVersion as written) when Export.csv's CSVVersion names one ('2026 v1.0' is FY2026)."""
	reader = csv.reader(export_lines)
	header = header_names(next(reader, []))
	if "CSVVersion" not in header:
		return None
	for cells in reader:
		if len(cells) == len(header):
			text = cells[header.index("CSVVersion")].strip().strip('"')
			found = _CSV_VERSION.match(text)
			return (f"FY{found.group(1)}", text) if found else None
	return None


def detect_version(files: dict[str, Iterable[str]]) -> tuple[str | None, str, list[Problem]]:
	"""(version, what shows it, notes). Client.csv's columns decide, being what the rows are read by;
	Export.csv's CSVVersion decides when Client.csv's header shows none, and a CSVVersion that disagrees
	with the columns is reported."""
	by_columns, column = version_of(iter(files["Client.csv"]))
	stated, written = stated_version(iter(files["Export.csv"])) or (None, "")
	notes = []
	if by_columns and stated and stated != by_columns:
		notes.append(
			problem(
				_(
					"Export.csv says HMIS CSV {stated}, but Client.csv's columns are {version}'s: read as {version}."
				),
				"Export.csv",
				stated=stated,
				version=by_columns,
			)
		)
	if by_columns:
		return by_columns, f"Client.csv has {column}", notes
	if stated:
		return stated, f"Export.csv has CSVVersion {written}", notes
	return None, "", notes


def plan(files: dict[str, Iterable[str]]) -> ImportPlan:
	"""Parse every file (``files`` maps a file name to its lines) and group rows into households, in the
	HMIS CSV version the files are (FY2026 or FY2024; FY2024 when they show none; FY2022 rewritten as
	FY2024 first)."""
	missing = [file for file in REQUIRED_FILES if file not in files]
	if missing:
		return ImportPlan(None, {}, [], [problem(_("The zip has no {files}."), files=", ".join(missing))])
	version, shown_by, version_notes = detect_version(files)
	read_as = version or READ_VERSION
	if version == FY2022:
		# Rewritten in FY2024's columns and codes, the rows are read and checked as FY2024's; the import
		# still reports the version the files are.
		with hmis_csv.using(READ_VERSION):
			files = hmis_fy2022.as_fy2024(files, fy2024_header)
		version_notes.append(
			problem(
				_(
					"This is an HMIS CSV FY2022 export ({shown_by}): it was read as FY2024, its living situations,"
					" gender, race and ethnicity, enrollment CoC and shelter project types mapped as HUD's FY2024"
					" data standards changed them."
				),
				shown_by=shown_by,
			)
		)
		read_as = READ_VERSION
	elif version and version not in READ_VERSIONS:
		# Say plainly what the trouble is: every missing column would follow from the version.
		refusal = problem(
			_(
				"This is an HMIS CSV {version} export ({shown_by}); the CAS reads HMIS CSV {read}:"
				" export one of those from the source HMIS."
			),
			version=version,
			shown_by=shown_by,
			read=_(" or ").join(READ_VERSIONS),
		)
		return ImportPlan(None, {}, [], [refusal], version, version_notes)
	with hmis_csv.using(read_as):
		found = _plan(files, version)
	found.notes = version_notes + found.notes
	return found


def fy2024_header(file: str) -> list[str]:
	"""FY2024's columns of a file the import reads (none for another file: it is left out)."""
	return hmis_csv.header(file) if file in (*REQUIRED_FILES, *OPTIONAL_FILES) else []


def _plan(files: dict[str, Iterable[str]], version: str | None) -> ImportPlan:
	parsed = {"Export.csv": parse_file("Export.csv", files["Export.csv"])}
	hash_status = export_hash_status(parsed["Export.csv"].rows)
	parsed.update(
		{
			file: parse_file(file, lines, hash_status)
			for file, lines in files.items()
			if file in (*REQUIRED_FILES, *OPTIONAL_FILES) and file != "Export.csv"
		}
	)
	notes = format_notes(parsed)
	fatal = [item for result in parsed.values() for item in result.problems]
	export_rows = parsed["Export.csv"].rows
	if not fatal and len(export_rows) != 1:
		fatal.append(problem(_("Export.csv must hold exactly one row."), "Export.csv"))
	fatal += [item for row in export_rows for item in row.problems]
	if fatal:
		return ImportPlan(None, {}, [], fatal, version, notes, hash_status)
	rows = {file: result.rows for file, result in parsed.items()}
	found = group(export_rows[0], rows)
	found.version, found.notes, found.hash_status = version, notes, hash_status
	return found


def export_hash_status(export_rows: list[Row]) -> int:
	"""Export.csv's HashStatus (unhashed when it cannot be read: the row's own problems say why)."""
	value = export_rows[0]["HashStatus"] if len(export_rows) == 1 else None
	return int(value) if (value or "").isdigit() else hmis_hash.UNHASHED


def format_notes(parsed: dict[str, ParsedFile]) -> list[Problem]:
	"""One line per file and column whose dates or amounts are not in HUD's format (they were read all the
	same), and one per file without a header row."""
	notes = []
	for file, result in parsed.items():
		if result.without_header:
			notes.append(
				problem(_("The file is empty, without HUD's header row: read as holding no records."), file)
			)
		for (column, found), count in sorted(result.strays.items()):
			if hmis_mapping.column_type(file, column) == "M":
				notes.append(
					problem(
						_(
							"{column}: {count} rows have amounts as {format}, not in HUD's format (two decimals);"
							" they were read as amounts."
						),
						file,
						column=column,
						count=count,
						format=found,
					)
				)
				continue
			if found == UNREADABLE:
				notes.append(
					problem(
						_(
							"{column}: {count} rows have dates that cannot be read safely (not HUD's format, nor one"
							" HMIS exports use, such as a two-digit year); the CAS does not keep the source's {column},"
							" so they were set aside."
						),
						file,
						column=column,
						count=count,
					)
				)
				continue
			notes.append(
				problem(
					_(
						"{column}: {count} rows have dates as {format}, not in HUD's format ({hud}); they were read"
						" as {format}."
					),
					file,
					column=column,
					count=count,
					format=found,
					hud="YYYY-MM-DD"
					if hmis_mapping.column_type(file, column) == "D"
					else "YYYY-MM-DD hh:mm:ss",
				)
			)
	return notes


def group(export: Row, rows: dict[str, list[Row]]) -> ImportPlan:
	# A line that could not be read into columns belongs to no household: it is reported on its own.
	stray = [
		item for file_rows in rows.values() for row in file_rows if not row.values for item in row.problems
	]
	rows = {file: [row for row in file_rows if row.values] for file, file_rows in rows.items()}
	projects = {row["ProjectID"]: row for row in rows["Project.csv"]}
	clients = {row["PersonalID"]: row for row in rows["Client.csv"]}
	households: dict[str, Household] = {}
	by_enrollment: dict[str, Household] = {}
	member_of: dict[str, Row] = {}
	for row in rows["Enrollment.csv"]:
		household = households.setdefault(row["HouseholdID"] or f"?{row.line}", Household(row["HouseholdID"]))
		household.members.append(row)
		by_enrollment[row["EnrollmentID"]] = household
		member_of[row["EnrollmentID"]] = row
		if row["PersonalID"] in clients:
			household.clients[row["PersonalID"]] = clients[row["PersonalID"]]
		else:
			household.problems.append(
				row.problem(_("Client {id} is not in Client.csv."), id=row["PersonalID"])
			)

	def owner(row: Row) -> Household | None:
		household = by_enrollment.get(row["EnrollmentID"])
		if household is None:
			stray.append(row.problem(_("Enrollment {id} is not in Enrollment.csv."), id=row["EnrollmentID"]))
			return None
		if member_of[row["EnrollmentID"]]["PersonalID"] != row["PersonalID"]:
			household.problems.append(
				row.problem(
					_("Client {id} is not the client of enrollment {enrollment}."),
					id=row["PersonalID"],
					enrollment=row["EnrollmentID"],
				)
			)
		return household

	for row in rows.get("Exit.csv", []):
		if household := owner(row):
			household.exits[row["EnrollmentID"]] = row
	for row in rows.get("CurrentLivingSituation.csv", []):
		if household := owner(row):
			household.living_situations.append(row)
	for row in rows.get("Event.csv", []):
		if household := owner(row):
			household.events.append(row)
	for row in rows.get("Services.csv", []):
		if household := owner(row):
			household.services.append(row)
	for file in MEMBER_STATUS_FILES:
		for row in rows.get(file, []):
			if household := owner(row):
				household.member_status.append(row)
	assessments: dict[str, Assessment] = {}
	for row in rows.get("Assessment.csv", []):
		if household := owner(row):
			assessments[row["AssessmentID"]] = Assessment(row)
			household.assessments.append(assessments[row["AssessmentID"]])
	for file, attribute in (("AssessmentQuestions.csv", "questions"), ("AssessmentResults.csv", "results")):
		for row in rows.get(file, []):
			assessment = assessments.get(row["AssessmentID"])
			if assessment is None:
				stray.append(
					row.problem(
						_("Assessment {id} is not in Assessment.csv."),
						id=row["AssessmentID"],
					)
				)
				continue
			getattr(assessment, attribute).append(row)
	for household in households.values():
		household.problems += household_problems(household, projects)
	return ImportPlan(export, projects, list(households.values()), stray)


def household_problems(household: Household, projects: dict[str, Row]) -> list[Problem]:
	"""Everything that refuses a household: bad rows, no single head, unknown project, dates out of order."""
	found = [item for row in household.rows() for item in row.problems]
	heads = [row for row in household.members if row["RelationshipToHoH"] == HEAD_OF_HOUSEHOLD]
	first = household.members[0]
	if len(heads) != 1:
		found.append(
			first.problem(
				_("Household {id} has {count} heads of household; it needs exactly one."),
				id=household.household_id,
				count=len(heads),
			)
		)
		return found
	head = heads[0]
	if head["ProjectID"] not in projects:
		found.append(head.problem(_("Project {id} is not in Project.csv."), id=head["ProjectID"]))
	for row in household.members:
		if row["ProjectID"] != head["ProjectID"]:
			found.append(row.problem(_("A household's members must be in one project.")))
	found += date_problems(household, head)
	for row in household.services:
		if service_rules.new_type_for_hud(service_codes(row)[0], service_codes(row)[1]) is None:
			found.append(
				row.problem(
					_(
						"Service record type {record_type} with type provided {type_provided} is not one the CAS keeps."
					),
					record_type=row["RecordType"],
					type_provided=row["TypeProvided"],
				)
			)
	for assessment in household.assessments:
		if assessment.doctype is None:
			found.append(
				assessment.row.problem(
					_("Assessment level {level} is not one the CAS keeps."),
					level=assessment.row["AssessmentLevel"],
				)
			)
	return found


def date_problems(household: Household, head: Row) -> list[Problem]:
	entry = head.date("EntryDate")
	exit_row = household.head_exit
	exit_date = exit_row.date("ExitDate") if exit_row else None
	found = []
	if entry is None:
		return found
	for enrollment_id, row in household.exits.items():
		if row.date("ExitDate") and row.date("ExitDate") < entry:
			found.append(
				row.problem(
					_("Exit date {exit} is before the entry date {entry} of enrollment {id}."),
					exit=row["ExitDate"],
					entry=head["EntryDate"],
					id=enrollment_id,
				)
			)
	records = [
		*household.living_situations,
		*household.events,
		*household.services,
		*household.member_status,
		*(a.row for a in household.assessments),
	]
	for row in records:
		when = row.date(RECORD_DATE[row.file])
		if when is None:
			continue
		if when < entry or (exit_date and when > exit_date):
			found.append(
				row.problem(
					_("{date} is outside the enrollment ({entry} to {exit})."),
					date=when.isoformat(),
					entry=entry.isoformat(),
					exit=exit_date.isoformat() if exit_date else _("open"),
				)
			)
	for row in household.events:
		result_date = row.date("ResultDate")
		event_date = row.date("EventDate")
		if result_date and event_date and result_date < event_date:
			found.append(
				row.problem(
					_("Result date {result} is before the event date {event}."),
					result=row["ResultDate"],
					event=row["EventDate"],
				)
			)
	return found


def service_codes(row: Row) -> tuple[int, int]:
	"""(RecordType, TypeProvided) of a Services.csv row (0 for a value that is not a number)."""
	return tuple(
		int(row[column]) if (row[column] or "").isdigit() else 0 for column in ("RecordType", "TypeProvided")
	)


def program_category(project_type_code: int | None) -> str:
	return PROGRAM_CATEGORY.get(project_type_code, "Other")


def project_type_label(code: str | None) -> str | None:
	return hud.label_for(hud.PROJECT_TYPE, code)


@dataclass
class StatusRecord:
	"""The rows of one household at one data collection stage and date: one CAS Status Assessment."""

	key: str  # HouseholdID:date:stage, the record's own ID (HUD gives none to the whole household's)
	stage: str
	on: date
	answers: dict[str, dict] = field(default_factory=dict)  # PersonalID: the member's answers
	ids: list[tuple[str, str, str, int | None]] = field(default_factory=list)  # file, ID, PersonalID, type


def status_records(household: Household) -> list[StatusRecord]:
	"""The household's IncomeBenefits, HealthAndDV and Disabilities rows as status records, oldest first."""
	records: dict[tuple, StatusRecord] = {}
	for row in household.member_status:
		stage = circumstances.stage_from_code(row["DataCollectionStage"])
		on = row.date("InformationDate")
		if stage is None or on is None:
			continue
		record = records.setdefault(
			(on, stage), StatusRecord(f"{household.household_id}:{on.isoformat()}:{stage}", stage, on)
		)
		answers = record.answers.setdefault(row["PersonalID"], {})
		if row.file == "IncomeBenefits.csv":
			answers.update(circumstances.answers_from_income_benefits(row.values))
			record.ids.append((row.file, row["IncomeBenefitsID"], row["PersonalID"], None))
		elif row.file == "HealthAndDV.csv":
			answers.update(circumstances.answers_from_health_and_dv(row.values))
			record.ids.append((row.file, row["HealthAndDVID"], row["PersonalID"], None))
		else:
			answers.update(circumstances.answers_from_disability(row.values))
			record.ids.append(
				(row.file, row["DisabilitiesID"], row["PersonalID"], int(row["DisabilityType"] or 0))
			)
	return sorted(records.values(), key=lambda record: (record.on, circumstances.STAGE_CODES[record.stage]))
