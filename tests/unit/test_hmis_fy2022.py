"""HMIS CSV FY2022 read as FY2024 (rules/hmis_fy2022.py): HUD's FY2024 crosswalk of living situations,
gender, race and ethnicity, enrollment CoC and shelter project types, and an FY2022 export planned as the
FY2024 export of the same answers."""

import pytest

from cas_coordinated_access.rules import hmis_csv, hmis_fy2022, hmis_import
from tests.hmis_files import HmisFiles, as_fy2022, veteran_and_son

# FY2022 answers FY2024 kept under the same code (3.12 / 3.917 / 4.12).
KEPT = (8, 9, 17, 24, 30, 37, 99)


def fy2024_codes(*list_ids: str) -> set[str]:
	with hmis_csv.using(hmis_csv.FY2024):
		return {code for list_id in list_ids for code in hmis_csv.list_values(list_id)}


def test_every_fy2022_living_situation_lands_on_an_fy2024_code():
	situations = fy2024_codes("3.917", "4.12", "3.12")
	assert {str(code) for code in hmis_fy2022.LIVING_SITUATIONS.values()} <= situations
	assert {str(code) for code in hmis_fy2022.SUBSIDY_TYPES.values()} <= fy2024_codes("3.12.A")
	# The rentals with an ongoing subsidy are the ones that became 435 and carry their subsidy beside it.
	assert {old for old, new in hmis_fy2022.LIVING_SITUATIONS.items() if new == 435} == set(
		hmis_fy2022.SUBSIDY_TYPES
	)
	assert not set(KEPT) & set(hmis_fy2022.LIVING_SITUATIONS)
	assert {str(code) for code in KEPT} <= situations


@pytest.mark.parametrize(
	"old, new",
	[
		("16", ("116", None)),
		("1", ("101", None)),
		("18", ("118", None)),
		("10", ("410", None)),
		("19", ("435", "419")),
		("3", ("435", "440")),
		("31", ("435", "431")),
		("17", ("17", None)),
		("99", ("99", None)),
		("", ("", None)),
		(None, (None, None)),
		("x", ("x", None)),
	],
)
def test_a_living_situation_is_mapped_with_its_subsidy(old, new):
	assert hmis_fy2022.situation(old) == new


def test_gender_race_and_ethnicity_take_fy2024s_columns():
	row = {
		"PersonalID": "C1",
		"Female": "1",
		"Male": "0",
		"NoSingleGender": "99",
		"Transgender": "",
		"Questioning": "0",
		"GenderNone": "",
		"White": "1",
		"Asian": "99",
		"Ethnicity": "1",
		"RaceNone": "",
	}
	client = hmis_fy2022.client(row)
	assert {name: client[name] for name in hmis_fy2022.GENDER_COLUMNS} == {
		"Woman": "1",
		"Man": "0",
		"NonBinary": "0",
		"Transgender": "0",
		"Questioning": "0",
	}
	assert (client["CulturallySpecific"], client["DifferentIdentity"], client["MidEastNAfrican"]) == (
		"0",
		"0",
		"0",
	)
	assert (client["White"], client["Asian"], client["HispanicLatinaeo"]) == ("1", "0", "1")
	assert not {"Female", "Male", "NoSingleGender", "Ethnicity"} & set(client)
	# An answer refused or not collected stays in RaceNone / GenderNone.
	refused = hmis_fy2022.client({"Ethnicity": "9", "RaceNone": "9", "GenderNone": "8", "Female": "99"})
	assert (refused["HispanicLatinaeo"], refused["RaceNone"], refused["GenderNone"], refused["Woman"]) == (
		"0",
		"9",
		"8",
		"0",
	)
	# Hispanic/Latin(a)(o)(x) is a race and ethnicity answer: "none" no longer applies.
	assert hmis_fy2022.client({"Ethnicity": "1", "RaceNone": "99"})["RaceNone"] is None


@pytest.mark.parametrize(
	"project_type, tracking_method, new", [("1", "3", "1"), ("1", "0", "0"), ("1", "", "0"), ("13", "", "13")]
)
def test_a_shelters_tracking_method_becomes_its_project_type(project_type, tracking_method, new):
	project = hmis_fy2022.project({"ProjectType": project_type, "TrackingMethod": tracking_method})
	assert project == {"ProjectType": new}


def test_the_enrollment_coc_is_the_project_starts_and_the_households_for_a_member_without_one():
	cocs = hmis_fy2022.enrollment_cocs(
		[
			{"EnrollmentID": "E1", "HouseholdID": "H1", "CoCCode": "CA-503", "DataCollectionStage": "1"},
			{"EnrollmentID": "E1", "HouseholdID": "H1", "CoCCode": "CA-500", "DataCollectionStage": "3"},
			{"EnrollmentID": "E9", "HouseholdID": "H9", "CoCCode": "CA-501", "DataCollectionStage": "2"},
		]
	)
	assert hmis_fy2022.enrollment({"EnrollmentID": "E1", "HouseholdID": "H1"}, *cocs)["EnrollmentCoC"] == (
		"CA-503"
	)
	assert hmis_fy2022.enrollment({"EnrollmentID": "E2", "HouseholdID": "H1"}, *cocs)["EnrollmentCoC"] == (
		"CA-503"
	)
	assert hmis_fy2022.enrollment({"EnrollmentID": "E9", "HouseholdID": "H9"}, *cocs)["EnrollmentCoC"] is None


def cas_rows(plan) -> dict[str, list[dict]]:
	return {
		household.household_id: [row.cas_fields() for row in household.rows()]
		for household in plan.households
	}


def test_an_fy2022_export_is_planned_as_the_fy2024_export_of_the_same_answers():
	files = veteran_and_son()
	fy2022 = hmis_import.plan(as_fy2022(files.lines()))
	assert fy2022.version == "FY2022" and fy2022.export is not None
	assert [item.text() for item in fy2022.problems] == []
	assert fy2022.notes[0].text() == (
		"This is an HMIS CSV FY2022 export (Client.csv has Ethnicity): it was read as FY2024, its living"
		" situations, gender, race and ethnicity, enrollment CoC and shelter project types mapped as HUD's"
		" FY2024 data standards changed them."
	)
	household = fy2022.households[0]
	assert [item.text() for item in household.problems] == []
	head = household.members[0]
	assert (head["LivingSituation"], head["RentalSubsidyType"], head["EnrollmentCoC"]) == (
		"435",
		"419",
		"CA-503",
	)
	assert household.living_situations[0]["CurrentLivingSituation"] == "101"
	assert {row["Destination"] for row in household.exits.values()} == {"410"}
	# Read as FY2024, the same answers make the same CAS records.
	assert cas_rows(fy2022) == cas_rows(hmis_import.plan(files.lines()))
	assert fy2022.source == hmis_import.plan(files.lines()).source


def test_an_fy2022_shelter_is_read_by_its_tracking_method():
	files = HmisFiles()
	files.project("P2", "Night shelter", project_type=1)
	files.household("H1", "C1", project="P2")
	plan = hmis_import.plan(as_fy2022(files.lines(), tracking_method=3))
	assert plan.projects["P2"]["ProjectType"] == "1"
	plan = hmis_import.plan(as_fy2022(files.lines(), tracking_method=0))
	assert plan.projects["P2"]["ProjectType"] == "0"


def test_a_bad_fy2022_line_is_reported_on_its_own_line():
	lines = as_fy2022(veteran_and_son().lines())
	lines["Enrollment.csv"].insert(2, "")
	lines["Enrollment.csv"].append("H9E,C9,P1")
	plan = hmis_import.plan(lines)
	# Its place in the file is kept; its columns are counted as FY2024's, the file being read as FY2024.
	assert [item.text() for item in plan.problems] == ["Enrollment.csv:5: 3 values for 71 columns."]
