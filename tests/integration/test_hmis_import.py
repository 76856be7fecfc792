"""HMIS CSV FY2024 import into a chosen agency: dry run, households written whole or not at all, matching by
the source's IDs, refusals with clear messages, and who may import."""

import io
import zipfile

import frappe
import pytest

from cas_coordinated_access.coordinated_access.doctype.cas_hmis_import.cas_hmis_import import run_import
from cas_coordinated_access.hmis import importer, record_ids
from cas_coordinated_access.utils.assessment import default_question_set
from tests.hmis_files import HmisFiles
from tests.integration.factories import make_agency, make_program, make_user

IMPORTED = ("CAS Client", "CAS Enrollment", "CAS Current Living Situation", "CAS CE Event", "CAS Program")


def hct_answers(points: int = 0) -> list[tuple[str, str, str]]:
	"""Every question of the default HCT set answered with an option worth ``points`` (0 when none is)."""
	question_set = frappe.get_doc("CAS Question Set", default_question_set("Housing Conversation Tool"))
	options: dict[str, list] = {}
	for option in question_set.answer_options:
		options.setdefault(option.question_code, []).append(option)
	answers = []
	for question in question_set.questions:
		if question.applies_to and question.applies_to not in ("All Households", "Individual Adult"):
			continue
		choices = options[question.code]
		chosen = next((o for o in choices if o.points == points), None) or next(
			o for o in choices if not o.points
		)
		answers.append((question.section, question.question, chosen.option))
	return answers


def counts() -> dict[str, int]:
	return {doctype: frappe.db.count(doctype) for doctype in (*IMPORTED, "CAS HMIS Record ID")}


def run(files: HmisFiles, agency: str, dry_run: bool = False) -> importer.ImportResult:
	return importer.Importer(importer.read_zip(files.zip_bytes()), agency, dry_run=dry_run).run()


def outcomes(result: importer.ImportResult) -> dict[str, tuple[str, list[str]]]:
	return {h.household_id: (h.outcome, h.messages) for h in result.households}


@pytest.fixture
def agency():
	frappe.set_user("Administrator")
	return make_agency().name


@pytest.fixture
def files():
	"""Three households from another HMIS: a woman alone assessed and referred, a family, and one with a
	code HUD does not have."""
	files = HmisFiles(implementation=f"clarity-{frappe.generate_hash(length=6)}")
	files.household("H1", "C1")
	files.living_situation("S1", "H1E", "C1", date="2026-02-01")
	files.assessment("A1", "H1E", "C1", answers=hct_answers(), date="2026-02-01", total=0)
	files.event("V1", "H1E", "C1", date="2026-02-02", event=2, ProbSolDivRRResult=0)
	files.client("C2", first="Maya", dob="1990-06-01")
	files.client("C3", first="Leo", dob="2018-03-01")
	files.enrollment("H2E1", "C2", "H2", entry="2026-03-01")
	files.enrollment("H2E2", "C3", "H2", relationship=2, entry="2026-03-01")
	files.exit("X2", "H2E1", "C2", date="2026-04-15", destination=116)
	files.household("H3", "C4", LivingSituation=999)
	return files


def test_dry_run_reports_what_would_happen_and_writes_nothing(agency, files):
	before = counts()
	result = run(files, agency, dry_run=True)
	assert counts() == before
	assert outcomes(result)["H1"] == ("Created", [])
	assert outcomes(result)["H2"] == ("Created", [])
	assert outcomes(result)["H3"] == (
		"Refused",
		["Enrollment.csv:5: LivingSituation: 999 is not a valid code"],
	)
	assert result.records["Created CAS Client"] == 3 and result.records["Created CAS Enrollment"] == 2
	assert result.records["Created CAS Housing Conversation Tool"] == 1
	# What the real run then does is what the dry run said.
	real = run(files, agency)
	assert real.summary() == {**result.summary(), "dry_run": False}


def test_households_are_written_into_the_chosen_agency(agency, files):
	todos = frappe.db.count("ToDo")
	result = run(files, agency)
	assert result.summary()["created"] == 2 and result.summary()["refused"] == 1
	program = frappe.get_doc("CAS Program", "Imported CE")
	assert (program.agency, program.project_type, program.program_category) == (
		agency,
		"Coordinated Entry",
		"Coordinated Entry",
	)
	single = frappe.get_doc("CAS Enrollment", outcome_enrollment(result, "H1"))
	assert single.program == "Imported CE" and str(single.entry_date) == "2026-02-01"
	head = frappe.get_doc("CAS Client", single.client)
	assert (head.first_name, head.agency, head.white, head.woman) == ("Ana", agency, 1, 1)
	assert head.veteran_status == "No" and head.name_data_quality == "Full name reported"
	cls = frappe.get_doc("CAS Current Living Situation", {"enrollment": single.name})
	assert cls.location_address == "Under the 16th Street bridge" and cls.living_situation.startswith(
		"Place not"
	)
	hct = frappe.get_doc("CAS Housing Conversation Tool", {"enrollment": single.name})
	assert hct.docstatus == 1 and len(hct.answers) == len(hct_answers()) and hct.total_score == 0
	event = frappe.get_doc("CAS CE Event", {"enrollment": single.name})
	assert event.event.startswith("Problem Solving") and event.prob_sol_div_rr_result == "No"
	family = frappe.get_doc("CAS Enrollment", outcome_enrollment(result, "H2"))
	assert family.household_type == "Family with Children" and len(family.household_members) == 2
	assert str(family.exit_date) == "2026-04-15" and family.destination.startswith("Place not")
	# No client of the refused household was written.
	assert not frappe.db.exists(
		"CAS Client", {"first_name": "Ana", "agency": agency, "name": ("!=", head.name)}
	)
	# Imported history sends no ToDos to the importer, but the household's Next Steps are there.
	assert frappe.db.count("ToDo") == todos
	assert [row.kind for row in single.due_items]


def outcome_enrollment(result: importer.ImportResult, household: str) -> str:
	return next(h.enrollment for h in result.households if h.household_id == household)


def test_a_household_breaking_a_cas_rule_is_refused_whole(agency):
	files = HmisFiles(implementation=f"clarity-{frappe.generate_hash(length=6)}")
	files.household("H1", "C1")
	files.living_situation("S1", "H1E", "C1")
	files.exit("X1", "H1E", "C1", date="2099-01-01")
	files.client("C2", first="Kim")
	files.enrollment("H2E", "C2", "H2")
	before = counts()
	result = run(files, agency)
	outcome, messages = outcomes(result)["H1"]
	assert outcome == "Refused" and "is in the future" in messages[0], messages
	assert outcomes(result)["H2"][0] == "Created"
	after = counts()
	# Only the second household (and the program) were written: one client, one enrollment.
	assert after["CAS Client"] - before["CAS Client"] == 1
	assert after["CAS Enrollment"] - before["CAS Enrollment"] == 1
	assert after["CAS Current Living Situation"] == before["CAS Current Living Situation"]
	assert not frappe.db.exists("CAS Client", {"first_name": "Ana", "agency": agency})


def test_importing_again_matches_what_was_seen_before(agency, files):
	run(files, agency)
	before = counts()
	files.rows["Client.csv"][0]["FirstName"] = "Anna"
	files.living_situation("S2", "H1E", "C1", date="2026-03-01", LocationDetails="Mather shelter")
	again = run(files, agency)
	assert outcomes(again)["H1"][0] == "Updated" and outcomes(again)["H2"][0] == "Unchanged"
	after = counts()
	assert after["CAS Client"] == before["CAS Client"] and after["CAS Enrollment"] == before["CAS Enrollment"]
	assert after["CAS Current Living Situation"] == before["CAS Current Living Situation"] + 1
	assert again.records == {"Updated CAS Client": 1, "Created CAS Current Living Situation": 1}
	client = record_ids.find(
		files.rows["Export.csv"][0]["ImplementationID"], "Client.csv", "C1", "CAS Client"
	)
	assert frappe.db.get_value("CAS Client", client, "first_name") == "Anna"
	assert outcomes(run(files, agency))["H1"][0] == "Unchanged"


def test_files_that_cannot_be_read_are_refused_whole(agency, files):
	before = counts()
	result = importer.Importer(
		importer.read_zip(files.zip_bytes(drop=("Client.csv:PersonalID",))), agency, dry_run=False
	).run()
	assert result.households == []
	assert result.problems == ["Client.csv: Required columns are missing: PersonalID."]
	assert counts() == before
	with pytest.raises(frappe.ValidationError, match="not a zip"):
		importer.read_zip(b"PersonalID,FirstName\n")


def test_a_project_named_like_another_agencys_program_is_refused(agency, files):
	make_program(make_agency().name, name=f"Taken {frappe.generate_hash(length=6)}")
	taken = frappe.get_all("CAS Program", filters={"program_name": ("like", "Taken %")}, pluck="name")[0]
	files.rows["Project.csv"][0]["ProjectName"] = taken
	result = run(files, agency)
	outcome, messages = outcomes(result)["H1"]
	assert outcome == "Refused" and messages == [
		f"Project P1: a program named {taken} already belongs to agency "
		f"{frappe.db.get_value('CAS Program', taken, 'agency')}."
	]


def test_a_file_whose_every_household_is_refused_leaves_no_program(agency):
	files = HmisFiles(implementation=f"clarity-{frappe.generate_hash(length=6)}")
	files.rows["Project.csv"][0]["ProjectName"] = f"Never {frappe.generate_hash(length=6)}"
	files.household("H1", "C1", LivingSituation=999)
	files.household("H2", "C2")
	files.event("V2", "H2E", "C2", event=2, ProbSolDivRRResult=0, date="2026-01-15")  # before entry
	before = counts()
	result = run(files, agency)
	assert [h.outcome for h in result.households] == ["Refused", "Refused"]
	assert counts() == before and "Created CAS Program" not in result.records


def test_an_assessment_of_other_questions_or_free_text_is_kept_as_recorded(agency):
	"""Another CoC's questions, free-text answers, no question rows at all: the household is imported, the
	answers and scores kept as the source recorded them, in the question set made for imported ones."""
	files = HmisFiles(implementation=f"clarity-{frappe.generate_hash(length=6)}")
	files.household("H1", "C1")
	long_answer = "Mostly in my car near the river, sometimes at my sister's place when she lets me. " * 5
	files.assessment(
		"A1",
		"H1E",
		"C1",
		answers=[
			("VI-SPDAT", "Where do you sleep most frequently?", "Shelters"),
			("VI-SPDAT", "Tell us about your housing history", long_answer.strip()),
		],
		total=9,
	)
	files.add(
		"AssessmentResults.csv",
		AssessmentResultID="A1-R2",
		AssessmentID="A1",
		EnrollmentID="H1E",
		PersonalID="C1",
		AssessmentResultType="Acuity",
		AssessmentResult="High",
	)
	# Free text where the CoC's own questions offer options: not scored against them.
	hct = hct_answers()
	files.assessment("A2", "H1E", "C1", answers=[(hct[0][0], hct[0][1], "whatever the client said")])
	files.assessment("A3", "H1E", "C1", level=1, total=4)  # no question rows
	result = run(files, agency)
	outcome, messages = outcomes(result)["H1"]
	assert outcome == "Created", messages
	assert result.records["Created CAS Question Set"] == 2
	first = frappe.get_doc(
		"CAS Housing Conversation Tool",
		record_ids.find(files_source(files), "Assessment.csv", "A1", "CAS Housing Conversation Tool"),
	)
	assert frappe.db.get_value("CAS Question Set", first.question_set, "for_imported") == 1
	assert [(row.question, row.answer) for row in first.answers] == [
		("Where do you sleep most frequently?", "Shelters"),
		("Tell us about your housing history", long_answer.strip()),
	]
	assert first.total_score == 9 and first.docstatus == 1
	second = frappe.get_doc(
		"CAS Housing Conversation Tool",
		record_ids.find(files_source(files), "Assessment.csv", "A2", "CAS Housing Conversation Tool"),
	)
	assert (
		second.question_set == first.question_set and second.answers[0].answer == "whatever the client said"
	)
	crisis = frappe.get_doc(
		"CAS Crisis Assessment",
		record_ids.find(files_source(files), "Assessment.csv", "A3", "CAS Crisis Assessment"),
	)
	assert crisis.answers == [] and crisis.total_score == 4
	assert "Assessment A1: results that are not numbers are not kept: Acuity: High." in messages
	# Importing again finds it unchanged; the set made for imported assessments is made once.
	again = run(files, agency)
	assert outcomes(again)["H1"][0] == "Unchanged" and "Created CAS Question Set" not in again.records
	# An assessor cannot choose that set for a new assessment: theirs are always scored.
	with pytest.raises(frappe.ValidationError, match="keeps assessments imported"):
		frappe.get_doc(
			{
				"doctype": "CAS Housing Conversation Tool",
				"enrollment": first.enrollment,
				"question_set": first.question_set,
				"assessment_date": "2026-03-01",
				"assessment_location": "Office",
				"assessment_type": "In Person",
				"prioritization_status": "Placed on prioritization list",
			}
		).insert()


def files_source(files: HmisFiles) -> str:
	return files.rows["Export.csv"][0]["ImplementationID"]


def test_dates_out_of_hud_format_are_read_and_reported(agency):
	files = HmisFiles(implementation=f"clarity-{frappe.generate_hash(length=6)}")
	files.household("H1", "C1", entry="2026-02-03")
	files.living_situation("S1", "H1E", "C1", date="2026-02-05")
	buffer = io.BytesIO()
	with zipfile.ZipFile(buffer, "w") as archive:
		for file, lines in files.lines().items():
			text = (
				"\r\n".join(lines).replace("2026-02-03", "02/03/2026").replace("2026-02-05", "2/5/2026 0:00")
			)
			# A Windows export: byte order mark, CRLF, quoted headers.
			header, _sep, body = text.partition("\r\n")
			header = ",".join(f'"{name}"' for name in header.split(","))
			archive.writestr(file, "\ufeff" + header + "\r\n" + body + "\r\n")
	result = importer.Importer(importer.read_zip(buffer.getvalue()), agency, dry_run=False).run()
	assert outcomes(result)["H1"][0] == "Created"
	enrollment = frappe.get_doc("CAS Enrollment", result.households[0].enrollment)
	assert str(enrollment.entry_date) == "2026-02-03"
	assert result.notes == [
		"Enrollment.csv: EntryDate: 1 rows have dates as MM/DD/YYYY, not in HUD's format (YYYY-MM-DD); they"
		" were read as MM/DD/YYYY.",
		"CurrentLivingSituation.csv: InformationDate: 1 rows have dates as MM/DD/YYYY hh:mm, not in HUD's"
		" format (YYYY-MM-DD); they were read as MM/DD/YYYY hh:mm.",
	]


def test_only_a_cas_administrator_imports(agency, files):
	assessor = make_user(f"assessor-{frappe.generate_hash(length=6)}@example.org", "CAS Assessor", [agency])
	frappe.set_user(assessor)
	with pytest.raises(frappe.PermissionError):
		run(files, agency, dry_run=True)
	frappe.set_user("Administrator")
	assert not frappe.has_permission("CAS HMIS Import", "create", user=assessor)


def test_the_import_record_runs_a_dry_run_first(agency, files):
	file = frappe.get_doc(
		{"doctype": "File", "file_name": "clarity.zip", "is_private": 1, "content": files.zip_bytes()}
	).insert()
	log = frappe.get_doc(
		{"doctype": "CAS HMIS Import", "agency": agency, "import_file": file.file_url}
	).insert()
	with pytest.raises(frappe.ValidationError, match="dry run"):
		log.start_import()
	before = counts()
	run_import(log.name, dry_run=True, user="Administrator")
	log.reload()
	assert counts() == before
	assert (log.status, log.households_created, log.households_refused) == ("Dry Run Done", 2, 1)
	assert [(row.household_id, row.outcome) for row in log.households] == [("H3", "Refused")]
	assert "999 is not a valid code" in log.households[0].messages
	log.start_import()
	assert frappe.db.get_value("CAS HMIS Import", log.name, "status") == "Import Queued"


def test_an_import_record_needs_a_zip(agency):
	with pytest.raises(frappe.ValidationError, match=r"\.zip"):
		frappe.get_doc(
			{"doctype": "CAS HMIS Import", "agency": agency, "import_file": "/private/files/clients.xlsx"}
		).insert()
