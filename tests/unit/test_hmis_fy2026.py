"""HMIS CSV FY2026 beside FY2024: the two specifications against each other (every column added, removed or
retyped, with what the CAS does about it), version detection on import, and rows built by each version."""

import pytest

from cas_coordinated_access.rules import hmis_csv, hmis_import, hmis_mapping, hud
from cas_coordinated_access.rules.violations import RuleViolation
from tests.hmis_files import HmisFiles

FY2024, FY2026 = hmis_csv.spec(hmis_csv.FY2024), hmis_csv.spec(hmis_csv.FY2026)

# Every difference between the two specifications of the files the CAS exchanges, and its handling.
ADDED = {
	("Client.csv", "Sex"): "4.21 Sex: the client's Sex field, asked once; imported and exported as recorded,"
	" 99 (Data not collected) while not asked; gender never stands in for it",
	("Client.csv", "HispanicLatinao"): "FY2024's HispanicLatinaeo renamed: the same check box both ways",
	("Enrollment.csv", "MentalHealthConsultation"): "VA element V10: not kept by the CAS, exported empty",
}
REMOVED = {
	("Client.csv", "HispanicLatinaeo"): "renamed HispanicLatinao (above)",
	**{
		("Client.csv", column): "3.06 gender: kept on the client as answered, exported in FY2024 only; an"
		" FY2026 import leaves it as it was"
		for column in (
			"Woman",
			"Man",
			"NonBinary",
			"CulturallySpecific",
			"Transgender",
			"Questioning",
			"DifferentIdentity",
			"GenderNone",
			"DifferentIdentityText",
		)
	},
	**{
		("Enrollment.csv", column): "RHY R3 / C4 elements the CAS does not keep: nothing to migrate"
		for column in (
			"SexualOrientation",
			"SexualOrientationOther",
			"TranslationNeeded",
			"PreferredLanguage",
			"PreferredLanguageDifferent",
		)
	},
}
RETYPED = {
	("Export.csv", "SourceID"): ("S32", "S350", "nullable", "nullable", "the CAS writes no SourceID"),
	("Enrollment.csv", "EnrollmentCoC"): ("S6", "S6", "required", "nullable", "still always filled"),
	("CurrentLivingSituation.csv", "VerifiedBy"): (
		"S100",
		"S200",
		"nullable",
		"nullable",
		"cut at 100 in FY2024, 200 in FY2026",
	),
	**{
		("Assessment.csv", column): (
			kind,
			kind,
			"required",
			"nullable",
			"still always filled (Crisis/HCT, in person, queue status)",
		)
		for column, kind in (
			("AssessmentLocation", "S250"),
			("AssessmentType", "I"),
			("AssessmentLevel", "I"),
			("PrioritizationStatus", "I"),
		)
	},
	# Program-specific elements the CAS does not keep: a file's answers are checked against its version's
	# list, and never written.
	**{
		("Enrollment.csv", column): ("I", "I", "nullable", "nullable", "R13 takes list 1.8 (8/9/99 allowed)")
		for column in (
			"UnemploymentFam",
			"MentalHealthDisorderFam",
			"PhysicalDisabilityFam",
			"AlcoholDrugUseDisorderFam",
			"InsufficientIncome",
			"IncarceratedParent",
		)
	},
	**{
		("Exit.csv", column): ("I", "I", "nullable", "nullable", "R18 and R20.A take list 1.10 (no 99)")
		for column in (
			"CounselingReceived",
			"IndividualCounseling",
			"FamilyCounseling",
			"GroupCounseling",
			"PostExitCounselingPlan",
			"EmailSocialMedia",
			"Telephone",
			"InPersonIndividual",
			"InPersonGroup",
		)
	},
}
LISTS = {
	"4.20.2": (
		{"17"},
		set(),
		"EHV events stay readable (FY2024 import, the form) and are left out of FY2026 exports",
	),
	"3.6.1": (set("0123456789") - {"7"} | {"99"}, set(), "gender list: with the gender columns"),
	"R3.1": ({"1", "2", "3", "4", "5", "6", "8", "9", "99"}, set(), "with SexualOrientation"),
	"4.21": (set(), {"0", "1", "8", "9", "99"}, "Sex"),
	"V10": (set(), {"1", "2", "3", "4"}, "MentalHealthConsultation"),
	"V2.2": (set(), {"10"}, "SSVF service 'Healthcare Navigation': Services.csv accepts it in FY2026"),
	"C4.A": (set(FY2024["lists"]["C4.A"]["values"]), set(), "preferred language: with PreferredLanguage"),
}


def by_name(spec: dict, file: str) -> dict[str, dict]:
	return {column["name"]: column for column in spec["files"][file]}


def shape(column: dict) -> tuple:
	return column["hud_type"], "nullable" if column["nullable"] == "yes" else "required"


def test_both_versions_cover_every_file_the_cas_exchanges():
	assert set(FY2024["files"]) == set(FY2026["files"]) == set(hmis_csv.FILES)
	for file in ("IncomeBenefits.csv", "HealthAndDV.csv", "Disabilities.csv", "Services.csv"):
		assert [c["name"] for c in FY2026["files"][file]] == [c["name"] for c in FY2024["files"][file]]
	# Every coded column of FY2026 names a list FY2026 has, with its codes.
	for file, columns in FY2026["files"].items():
		for column in columns:
			if column.get("list"):
				assert FY2026["lists"][column["list"]]["values"], (file, column["name"])


def test_every_column_added_removed_or_retyped_is_listed_with_its_handling():
	added, removed, retyped = set(), set(), {}
	for file in hmis_csv.FILES:
		old, new = by_name(FY2024, file), by_name(FY2026, file)
		added |= {(file, name) for name in new.keys() - old.keys()}
		removed |= {(file, name) for name in old.keys() - new.keys()}
		for name in old.keys() & new.keys():
			if shape(old[name]) != shape(new[name]) or old[name].get("list") != new[name].get("list"):
				retyped[(file, name)] = (*zip(shape(old[name]), shape(new[name]), strict=True),)
		# What both versions have keeps its order.
		kept = [name for name in old if name in new]
		assert kept == [name for name in new if name in old], file
	assert added == set(ADDED)
	assert removed == set(REMOVED)
	assert {key: (*a, *b) for key, (a, b) in retyped.items()} == {
		key: value[:4] for key, value in RETYPED.items()
	}


def test_every_list_difference_is_listed():
	found = {}
	for list_id in FY2024["lists"].keys() | FY2026["lists"].keys():
		old = set(FY2024["lists"].get(list_id, {}).get("values", {}))
		new = set(FY2026["lists"].get(list_id, {}).get("values", {}))
		if old != new:
			found[list_id] = (old - new, new - old)
	assert found == {list_id: (gone, came) for list_id, (gone, came, _why) in LISTS.items()}
	# A list FY2026 dropped is one no FY2026 column uses.
	assert not any(_used(FY2026, list_id) for list_id in ("C4.A", "3.6.1", "R3.1"))


def _used(spec: dict, list_id: str) -> bool:
	return any(column.get("list") == list_id for columns in spec["files"].values() for column in columns)


def test_fy2026_rows_follow_fy2026():
	with hmis_csv.using(hmis_csv.FY2026):
		header = hmis_csv.header("Client.csv")
		assert "Sex" in header and "HispanicLatinao" in header and "Woman" not in header
		values = hmis_mapping.to_hmis("Client.csv", {"hispanic_latinaeo": 1, "woman": 1})
		assert values["HispanicLatinao"] == 1 and "Woman" not in values and "HispanicLatinaeo" not in values
		assert hmis_csv.cell(hmis_mapping.spec_columns("Client.csv")["Sex"], 99) == "99"
		with pytest.raises(RuleViolation):
			hmis_csv.cell(hmis_mapping.spec_columns("Event.csv")["Event"], 17)  # EHV: no FY2026 code
		verified = hmis_mapping.spec_columns("CurrentLivingSituation.csv")["VerifiedBy"]
		assert len(hmis_csv.cell(verified, "x" * 300)) == 200
		assert hmis_csv.csv_version() == "2026 v1.0"
	# FY2024 is untouched: what a caller unaware of versions sees.
	assert hmis_csv.version() == hmis_csv.FY2024
	assert "Woman" in hmis_csv.header("Client.csv") and "Sex" not in hmis_csv.header("Client.csv")
	assert hmis_csv.cell(hmis_mapping.spec_columns("Event.csv")["Event"], 17) == "17"
	assert hmis_mapping.to_hmis("Client.csv", {"hispanic_latinaeo": 1})["HispanicLatinaeo"] == 1
	assert hud.label_for("4.20.2", 17) == "Referral to Emergency Housing Voucher (EHV)"  # still readable


def test_an_unknown_version_is_refused():
	with pytest.raises(RuleViolation), hmis_csv.using("FY2030"):
		pass


# Version detection on import


def household(version: str) -> HmisFiles:
	files = HmisFiles(version=version)
	files.client("C1", HispanicLatinao=1, HispanicLatinaeo=1, Sex=0)
	files.enrollment("H1E", "C1", "H1")
	return files


def test_an_fy2026_export_is_read_as_fy2026():
	plan = hmis_import.plan(household(hmis_csv.FY2026).lines())
	assert plan.problems == [] and plan.version == "FY2026" and plan.export is not None
	(client,) = [row for row in plan.households[0].rows() if row.file == "Client.csv"]
	with hmis_csv.using(plan.version):
		fields = client.cas_fields()
	assert fields["hispanic_latinaeo"] == 1
	assert "woman" not in fields and "gender_none" not in fields  # left as they were


def test_an_fy2024_export_is_still_read_as_fy2024():
	plan = hmis_import.plan(household(hmis_csv.FY2024).lines())
	assert plan.problems == [] and plan.version == "FY2024"


def test_the_version_comes_from_export_csv_when_client_csv_shows_none():
	lines = household(hmis_csv.FY2026).lines(drop=("Client.csv:HispanicLatinao", "Client.csv:Sex"))
	version, shown_by, notes = hmis_import.detect_version(lines)
	assert (version, shown_by, notes) == ("FY2026", "Export.csv has CSVVersion 2026 v1.0", [])


def test_a_csv_version_that_disagrees_with_the_columns_is_reported():
	files = household(hmis_csv.FY2024)
	files.rows["Export.csv"][0]["CSVVersion"] = "2026 v1.0"
	plan = hmis_import.plan(files.lines())
	assert plan.version == "FY2024"
	assert plan.notes[0].text() == (
		"Export.csv: Export.csv says HMIS CSV FY2026, but Client.csv's columns are FY2024's: read as FY2024."
	)


def test_an_fy2020_export_is_named_and_refused():
	lines = household(hmis_csv.FY2024).lines()
	lines["Client.csv"][0] = (
		lines["Client.csv"][0].replace("HispanicLatinaeo", "Ethnicity").replace("Woman", "Gender")
	)
	plan = hmis_import.plan(lines)
	assert plan.export is None and plan.version == "FY2020"
	assert plan.problems[0].text() == (
		"This is an HMIS CSV FY2020 export (Client.csv has Gender); the CAS reads HMIS CSV FY2026 or"
		" FY2024: export one of those from the source HMIS."
	)


def test_a_retired_code_in_an_fy2026_file_is_refused_where_it_stands():
	files = household(hmis_csv.FY2026)
	files.event("EV1", "H1E", "C1", event=17)
	plan = hmis_import.plan(files.lines())
	texts = [item.text() for household in plan.households for item in household.problems]
	assert any("Event: 17 is not a valid code" in text for text in texts), texts


def test_fy2026_sex_is_read_and_written_as_asked():
	"""4.21 Sex, a column FY2026 added: each code round-trips through the client's field; FY2024 has none."""
	with hmis_csv.using(hmis_csv.FY2026):
		for code, label in hud.codes("4.21").items():
			assert hmis_mapping.from_hmis("Client.csv", {"Sex": str(code)}) == {"sex": label}
			assert hmis_mapping.to_hmis("Client.csv", {"sex": label})["Sex"] == code
		assert hmis_mapping.to_hmis("Client.csv", {})["Sex"] is None  # not asked: the export writes 99
	assert "Sex" not in hmis_mapping.to_hmis("Client.csv", {"sex": "Female"})
