from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cas_coordinated_access.rules import hmis_csv, hmis_import, hmis_mapping, hud
from tests.hmis_files import HmisFiles


def texts(items) -> list[str]:
	return [item.text() for item in items]


def single_household(**enrollment) -> HmisFiles:
	files = HmisFiles()
	files.household("H1", "C1", **enrollment)
	return files


# The mapping table, both ways


def test_every_mapped_column_is_in_the_specification():
	for file, columns in hmis_mapping.FIELDS.items():
		for column in columns:
			assert column in hmis_mapping.spec_columns(file), (file, column)


@pytest.mark.parametrize(
	"file,column",
	[
		(file, column)
		for file, columns in hmis_mapping.FIELDS.items()
		for column in columns
		if hmis_mapping.column_list(file, column) not in (None, hmis_mapping.NO_YES)
	],
)
def test_every_code_of_a_mapped_column_survives_a_round_trip(file, column):
	for code in hud.codes(hmis_mapping.column_list(file, column)):
		label = hmis_mapping.cas_value(file, column, str(code))
		assert label and hmis_mapping.hmis_value(file, column, label) == code


def test_flags_are_checkboxes_and_dates_are_dates():
	fields = hmis_mapping.from_hmis("Client.csv", {"White": "1", "Asian": "0", "DOB": "1980-04-01"})
	assert fields == {"white": 1, "asian": 0, "date_of_birth": date(1980, 4, 1)}
	assert hmis_mapping.to_hmis("Client.csv", {"white": 1})["Asian"] == 0


def test_a_column_the_row_does_not_carry_is_left_out_of_an_update():
	assert "middle_name" not in hmis_mapping.from_hmis("Client.csv", {"FirstName": "Ana"})


def test_labels_become_codes_on_export():
	values = hmis_mapping.to_hmis(
		"Event.csv",
		{
			"event": "Referral to PSH project resource opening",
			"referral_result": None,
			"event_date": "2026-01-01",
		},
	)
	assert values["Event"] == 14 and values["ReferralResult"] is None and values["EventDate"] == "2026-01-01"


@pytest.mark.parametrize("version", hmis_csv.VERSIONS)
@pytest.mark.parametrize("file", ["CurrentLivingSituation.csv", "Assessment.csv", "Event.csv", "Client.csv"])
@given(data=st.data())
def test_values_in_order_are_to_hmis_values_by_position(version, file, data):
	"""What the export writes by position is what to_hmis answers by name, for any record."""
	with hmis_csv.using(version):
		fields = hmis_mapping.version_fields(file, hmis_mapping.FIELDS[file])
		leave_out = tuple(data.draw(st.sets(st.sampled_from(sorted(fields)), max_size=3)))
		record = {}
		for column, field in fields.items():
			list_id = hmis_mapping.column_list(file, column)
			labels = [None, *hud.labels(list_id)] if list_id and list_id != hmis_mapping.NO_YES else None
			values = st.sampled_from(labels) if labels else st.one_of(st.none(), st.integers(0, 1), st.text())
			if data.draw(st.booleans()):  # some fields the record does not carry at all
				record[field] = data.draw(values)
		columns, values_of = hmis_mapping.to_hmis_in_order(file, leave_out)
		expected = {
			column: value
			for column, value in hmis_mapping.to_hmis(file, record).items()
			if column not in leave_out
		}
		assert dict(zip(columns, values_of(record), strict=True)) == expected
		assert len(columns) == len(expected)


@given(st.text(max_size=400))
def test_imported_text_is_matched_as_the_export_writes_it(text):
	exported = hmis_mapping.as_exported("AssessmentQuestions.csv", "AssessmentQuestion", text)
	assert exported is None or len(exported) <= 250
	assert hmis_mapping.as_exported("AssessmentQuestions.csv", "AssessmentQuestion", exported) == exported


# Reading files


def test_a_clean_export_plans_one_household_with_no_problem():
	files = single_household()
	files.living_situation("S1", "H1E", "C1")
	files.event("V1", "H1E", "C1")
	plan = hmis_import.plan(files.lines())
	assert plan.problems == [] and plan.source == "clarity-sacramento"
	(household,) = plan.households
	assert household.problems == [] and household.project_id == "P1"
	assert household.head["PersonalID"] == "C1" and len(household.living_situations) == 1


def test_missing_required_column_refuses_the_file():
	plan = hmis_import.plan(single_household().lines(drop=("Enrollment.csv:EntryDate",)))
	assert plan.export is None
	assert texts(plan.problems) == ["Enrollment.csv: Required columns are missing: EntryDate."]


def test_missing_optional_columns_are_fine():
	plan = hmis_import.plan(single_household().lines(drop=("Client.csv:MiddleName", "Client.csv:SSN")))
	assert plan.problems == [] and plan.households[0].problems == []


def test_missing_files_refuse_the_import():
	lines = single_household().lines()
	del lines["Project.csv"]
	plan = hmis_import.plan(lines)
	assert texts(plan.problems) == ["The zip has no Project.csv."]


def test_export_needs_exactly_one_row():
	lines = single_household().lines()
	lines["Export.csv"].append(lines["Export.csv"][1])
	assert texts(hmis_import.plan(lines).problems) == ["Export.csv: Export.csv must hold exactly one row."]


def test_bad_codes_and_dates_refuse_the_household_with_the_line():
	files = HmisFiles()
	files.household("H1", "C1", LivingSituation=999)
	files.household("H2", "C2", entry="2026-02-30")
	files.household("H3", "C3")
	plan = hmis_import.plan(files.lines())
	first, second, third = plan.households
	assert texts(first.problems) == ["Enrollment.csv:2: LivingSituation: 999 is not a valid code"]
	assert texts(second.problems) == ["Enrollment.csv:3: EntryDate: 2026-02-30 is not a date"]
	assert third.problems == []


def test_a_row_with_too_few_values_is_refused():
	lines = single_household().lines()
	lines["Client.csv"][1] = lines["Client.csv"][1].rsplit(",", 3)[0]
	plan = hmis_import.plan(lines)
	assert texts(plan.problems) == [
		f"Client.csv:2: {len(lines['Client.csv'][0].split(',')) - 3} values for {len(lines['Client.csv'][0].split(','))} columns."
	]
	assert texts(plan.households[0].problems) == ["Enrollment.csv:2: Client C1 is not in Client.csv."]


def test_deleted_rows_are_skipped_and_a_byte_order_mark_is_read():
	files = single_household()
	files.living_situation("S1", "H1E", "C1", DateDeleted="2026-03-01 10:00:00")
	lines = files.lines()
	lines["Export.csv"][0] = "\ufeff" + lines["Export.csv"][0]
	plan = hmis_import.plan(lines)
	assert plan.problems == [] and plan.households[0].living_situations == []


# Households


def test_members_are_grouped_by_household_and_need_one_head():
	files = HmisFiles()
	files.household("H1", "C1")
	files.client("C2", first="Bo", dob="2015-01-01")
	files.enrollment("H1E2", "C2", "H1", relationship=2)
	files.client("C3")
	files.enrollment("H2E", "C3", "H2", relationship=3)
	plan = hmis_import.plan(files.lines())
	family, headless = plan.households
	assert [row["PersonalID"] for row in family.members] == ["C1", "C2"] and family.problems == []
	assert texts(headless.problems) == [
		"Enrollment.csv:4: Household H2 has 0 heads of household; it needs exactly one."
	]


def test_unknown_client_and_project_refuse_the_household():
	files = HmisFiles()
	files.enrollment("H1E", "C9", "H1", project="P9")
	(household,) = hmis_import.plan(files.lines()).households
	assert texts(household.problems) == [
		"Enrollment.csv:2: Client C9 is not in Client.csv.",
		"Enrollment.csv:2: Project P9 is not in Project.csv.",
	]


def test_dates_out_of_order_refuse_the_household():
	files = single_household(entry="2026-03-01")
	files.exit("X1", "H1E", "C1", date="2026-02-01")
	files.living_situation("S1", "H1E", "C1", date="2026-02-15")
	files.event("V1", "H1E", "C1", date="2026-03-02", event=10, ReferralResult=1, ResultDate="2026-03-01")
	(household,) = hmis_import.plan(files.lines()).households
	assert texts(household.problems) == [
		"Exit.csv:2: Exit date 2026-02-01 is before the entry date 2026-03-01 of enrollment H1E.",
		"CurrentLivingSituation.csv:2: 2026-02-15 is outside the enrollment (2026-03-01 to 2026-02-01).",
		"Event.csv:2: 2026-03-02 is outside the enrollment (2026-03-01 to 2026-02-01).",
		"Event.csv:2: Result date 2026-03-01 is before the event date 2026-03-02.",
	]


def test_records_of_unknown_enrollments_are_reported_apart():
	files = single_household()
	files.living_situation("S1", "NOPE", "C1")
	files.add(
		"AssessmentQuestions.csv",
		AssessmentQuestionID="Q1",
		AssessmentID="A9",
		EnrollmentID="H1E",
		PersonalID="C1",
		AssessmentQuestion="?",
	)
	plan = hmis_import.plan(files.lines())
	assert texts(plan.problems) == [
		"CurrentLivingSituation.csv:2: Enrollment NOPE is not in Enrollment.csv.",
		"AssessmentQuestions.csv:2: Assessment A9 is not in Assessment.csv.",
	]
	assert plan.households[0].problems == []


def test_a_record_of_another_client_refuses_the_household():
	files = single_household()
	files.event("V1", "H1E", "C2")
	(household,) = hmis_import.plan(files.lines()).households
	assert texts(household.problems) == ["Event.csv:2: Client C2 is not the client of enrollment H1E."]


def test_assessments_carry_their_answers_in_order_and_level_says_the_kind():
	files = single_household()
	files.assessment(
		"A1", "H1E", "C1", answers=[("Housing", "Q one", "Yes"), ("Health", "Q two", "No")], total=3
	)
	files.assessment("A2", "H1E", "C1", level=1)
	(household,) = hmis_import.plan(files.lines()).households
	housing, crisis = household.assessments
	assert housing.doctype == "CAS Housing Conversation Tool" and crisis.doctype == "CAS Crisis Assessment"
	assert housing.answers() == [("Housing", "Q one", "Yes"), ("Health", "Q two", "No")]
	assert housing.reported_total() == "3" and crisis.reported_total() is None


def test_program_category_follows_the_project_type():
	assert hmis_import.program_category(14) == "Coordinated Entry"
	assert hmis_import.program_category(13) == "Rapid Re-Housing"
	assert hmis_import.program_category(7) == "Other"
	assert hmis_import.program_category(None) == "Other"


def test_a_client_is_read_as_the_cas_stores_it_so_a_reimport_finds_it_unchanged():
	"""HUD's RaceNone/GenderNone 99 beside a category that is ticked is dropped by the client form; read
	the same way, an unchanged file compares equal to what was stored from it."""
	files = HmisFiles()
	files.client("C1", RaceNone=99, GenderNone=99)
	files.enrollment("H1E", "C1", "H1")
	(household,) = hmis_import.plan(files.lines()).households
	fields = household.clients["C1"].cas_fields()
	assert fields["white"] == 1 and fields["race_none"] is None
	assert fields["woman"] == 1 and fields["gender_none"] is None
	assert hmis_import.Row("Client.csv", 2, {"SSN": "123-45-6789"}).cas_fields()["ssn"] == "123456789"
	# Nothing ticked: the answer given is kept, and none given is 'Data not collected', as the form does.
	values = hmis_import.Row(
		"Client.csv", 2, {"White": "0", "RaceNone": "9", "GenderNone": None}
	).cas_fields()
	assert values["race_none"] == hud.label_for("1.6", 9)
	assert values["gender_none"] == hud.label_for("1.6", 99)


def test_an_export_of_another_version_is_named_plainly():
	"""FY2026 is read (tests/unit/test_hmis_fy2026.py), FY2022 too (tests/unit/test_hmis_fy2022.py); FY2020
	(one Gender column) is named and refused."""
	lines = single_household().lines()
	lines["Client.csv"][0] = (
		lines["Client.csv"][0].replace("HispanicLatinaeo", "Ethnicity").replace("Woman", "Gender")
	)
	plan = hmis_import.plan(lines)
	assert plan.export is None and plan.version == "FY2020"
	assert texts(plan.problems)[0] == (
		"This is an HMIS CSV FY2020 export (Client.csv has Gender); the CAS reads HMIS CSV FY2026 or"
		" FY2024: export one of those from the source HMIS."
	)
	assert hmis_import.plan(single_household().lines()).version == "FY2024"


# Hashed exports (Export.csv HashStatus 2, 3, 4)

NAME_HASH = "a" * 64
SSN_HASH = "6789" + "b" * 64


def hashed_household(hash_status: int = 4) -> HmisFiles:
	files = HmisFiles(hash_status=hash_status)
	files.client("C1", first=NAME_HASH, last="c" * 64, SSN=SSN_HASH, SSNDataQuality=1)
	files.enrollment("H1E", "C1", "H1")
	return files


@pytest.mark.parametrize("hash_status", [2, 3, 4])
def test_a_hashed_export_is_read_with_its_hashes_kept_as_hashes(hash_status):
	plan = hmis_import.plan(hashed_household(hash_status).lines())
	assert plan.problems == [] and plan.hash_status == hash_status
	(household,) = plan.households
	assert household.problems == []  # hashes longer than HUD's name and SSN limits are not refused
	fields = household.clients["C1"].cas_fields()
	# Never a real name, never a real SSN, no SSN made up from the hash's last four.
	assert fields["first_name"] is None and fields["last_name"] is None and fields["ssn"] is None
	assert fields["first_name_hash"] == NAME_HASH and fields["last_name_hash"] == "c" * 64
	assert fields["ssn_hash"] == SSN_HASH
	assert fields["hash_status"] == hud.label_for("1.5", hash_status)


def test_an_unhashed_export_clears_hashes_kept_from_before():
	fields = hmis_import.plan(single_household().lines()).households[0].clients["C1"].cas_fields()
	assert fields["first_name"] == "Ana" and fields["hash_status"] is None
	assert fields["first_name_hash"] is None and fields["ssn_hash"] is None


def test_an_unhashed_export_still_limits_names():
	lines = single_household().lines()
	lines["Client.csv"][1] = lines["Client.csv"][1].replace('"Ana"', f'"{NAME_HASH}"')
	(household,) = hmis_import.plan(lines).households
	assert texts(household.problems) == ["Client.csv:2: FirstName: longer than 50"]


# Dates as HMIS exports write them in practice


@pytest.mark.parametrize(
	"written,kind,read,found",
	[
		("2026-02-01", "D", "2026-02-01", None),
		("02/01/2026", "D", "2026-02-01", "MM/DD/YYYY"),
		("2/1/2026", "D", "2026-02-01", "MM/DD/YYYY"),
		("2026-02-01 00:00:00", "D", "2026-02-01", "YYYY-MM-DD hh:mm:ss"),
		("2/1/2026 9:05", "T", "2026-02-01 09:05:00", "MM/DD/YYYY hh:mm"),
		("2/1/2026 9:05 PM", "T", "2026-02-01 21:05:00", "MM/DD/YYYY hh:mm"),
		("2026-02-01T09:05:07", "T", "2026-02-01 09:05:07", "YYYY-MM-DD hh:mm:ss"),
		("2026-02-01 09:05:07", "T", "2026-02-01 09:05:07", None),
		("2026-02-01", "T", "2026-02-01 00:00:00", "YYYY-MM-DD"),
		("02/30/2026", "D", "02/30/2026", None),
		("1/2/26", "D", "1/2/26", None),
		("yesterday", "D", "yesterday", None),
	],
)
def test_dates_in_common_formats_are_read(written, kind, read, found):
	assert hmis_csv.read_date(written, kind) == (read, found)


def test_a_file_with_dates_out_of_hud_format_is_read_and_reported():
	files = HmisFiles()
	files.household("H1", "C1")
	files.household("H2", "C2", entry="2026-02-03")
	files.living_situation("S1", "H1E", "C1", date="2026-02-05")
	lines = files.lines()
	lines["Enrollment.csv"] = [
		line.replace("2026-02-01", "2/1/2026").replace("2026-02-03", "02/03/2026")
		for line in lines["Enrollment.csv"]
	]
	lines["Client.csv"] = [line.replace("1980-04-01", "4/1/1980 0:00") for line in lines["Client.csv"]]
	# A Windows export: CRLF endings, a byte order mark and quoted headers keep working.
	lines["CurrentLivingSituation.csv"] = [
		",".join(f'"{name}"' for name in lines["CurrentLivingSituation.csv"][0].split(",")).replace(
			'"CurrentLivingSitID"', '\ufeff"CurrentLivingSitID"'
		),
		*(
			line.replace("2026-02-05", "02/05/2026") + "\r"
			for line in lines["CurrentLivingSituation.csv"][1:]
		),
	]
	plan = hmis_import.plan(lines)
	assert plan.problems == [] and [h.problems for h in plan.households] == [[], []]
	assert plan.households[0].head.date("EntryDate") == date(2026, 2, 1)
	assert plan.households[0].living_situations[0].date("InformationDate") == date(2026, 2, 5)
	assert plan.households[0].clients["C1"].cas_fields()["date_of_birth"] == date(1980, 4, 1)
	assert texts(plan.notes) == [
		"Client.csv: DOB: 2 rows have dates as MM/DD/YYYY hh:mm, not in HUD's format (YYYY-MM-DD); they were"
		" read as MM/DD/YYYY hh:mm.",
		"Enrollment.csv: EntryDate: 2 rows have dates as MM/DD/YYYY, not in HUD's format (YYYY-MM-DD); they"
		" were read as MM/DD/YYYY.",
		"CurrentLivingSituation.csv: InformationDate: 1 rows have dates as MM/DD/YYYY, not in HUD's format"
		" (YYYY-MM-DD); they were read as MM/DD/YYYY.",
	]


def test_the_sources_own_stamps_that_cannot_be_read_are_set_aside_not_refused():
	"""Eva's demo export writes Client.csv DateUpdated as "04-03-20": March 4 or April 3, 2020 or 2004? The CAS
	keeps neither stamp of the source, so the household comes in and the report says so; a date the CAS keeps
	(a birth date) written so still refuses it."""
	files = HmisFiles()
	files.household("H1", "C1")
	files.household("H2", "C2")
	lines = files.lines()
	lines["Client.csv"] = [line.replace("2026-01-03 09:00:00", "04-03-20") for line in lines["Client.csv"]]
	lines["Client.csv"][2] = lines["Client.csv"][2].replace("1980-04-01", "04-01-80")
	plan = hmis_import.plan(lines)
	first, second = plan.households
	assert first.problems == [] and "DateUpdated" not in first.clients["C1"].values
	assert texts(second.problems) == ["Client.csv:3: DOB: 04-01-80 is not a date"]
	assert texts(plan.notes) == [
		"Client.csv: DateUpdated: 2 rows have dates that cannot be read safely (not HUD's format, nor one HMIS"
		" exports use, such as a two-digit year); the CAS does not keep the source's DateUpdated, so they"
		" were set aside."
	]


@pytest.mark.parametrize(
	"written,read,found",
	[
		("1200.00", "1200.00", None),
		("1200", "1200.00", "whole dollars"),
		("-35.5", "-35.50", "one decimal"),
		("12.345", "12.345", None),
		("$1,200", "$1,200", None),
	],
)
def test_amounts_as_hmis_exports_write_them_are_read(written, read, found):
	assert hmis_csv.read_money(written) == (read, found)


def income_file(amount: str) -> dict[str, list[str]]:
	files = HmisFiles()
	files.household("H1", "C1")
	files.add(
		"IncomeBenefits.csv",
		IncomeBenefitsID="I1",
		EnrollmentID="H1E",
		PersonalID="C1",
		InformationDate="2026-02-01",
		DataCollectionStage=1,
		IncomeFromAnySource=1,
		TotalMonthlyIncome="1200.00",
		Earned=1,
		EarnedAmount="1200.00",
	)
	lines = files.lines()
	lines["IncomeBenefits.csv"] = [line.replace("1200.00", amount) for line in lines["IncomeBenefits.csv"]]
	return lines


def test_whole_dollar_amounts_are_read_and_reported():
	plan = hmis_import.plan(income_file("1200"))
	assert plan.problems == [] and [h.problems for h in plan.households] == [[]]
	assert texts(plan.notes) == [
		"IncomeBenefits.csv: EarnedAmount: 1 rows have amounts as whole dollars, not in HUD's format (two"
		" decimals); they were read as amounts.",
		"IncomeBenefits.csv: TotalMonthlyIncome: 1 rows have amounts as whole dollars, not in HUD's format"
		" (two decimals); they were read as amounts.",
	]
	(household,) = plan.households
	assert [row["EarnedAmount"] for row in household.member_status] == ["1200.00"]


def test_an_amount_that_is_no_amount_still_refuses_the_household():
	(household,) = hmis_import.plan(income_file("lots")).households
	assert any("EarnedAmount: lots is not money" in text for text in texts(household.problems))


def test_a_file_without_even_its_header_is_read_as_empty_and_reported():
	files = HmisFiles()
	files.household("H1", "C1")
	lines = files.lines()
	lines["Disabilities.csv"] = []
	plan = hmis_import.plan(lines)
	assert plan.problems == [] and [h.problems for h in plan.households] == [[]]
	assert texts(plan.notes) == [
		"Disabilities.csv: The file is empty, without HUD's header row: read as holding no records."
	]
