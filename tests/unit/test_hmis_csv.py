from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cas_coordinated_access.rules import hmis_csv as csv
from cas_coordinated_access.rules.violations import RuleViolation


def test_every_file_has_the_metadata_tail_and_export_is_first():
	assert csv.FILES[0] == "Export.csv" and len(csv.FILES) == len(set(csv.FILES)) == 16
	for file in csv.FILES[1:]:
		tail = csv.header(file)[-5:] if file != "User.csv" else csv.header(file)[-4:]
		assert tail[-1] == "ExportID" and "DateCreated" in tail


def test_row_is_in_hud_order_with_99_for_required_codes():
	cells = csv.row(
		"Client.csv",
		{
			"PersonalID": "CLI-00001",
			"FirstName": "Ana",
			"DateCreated": datetime(2026, 1, 2, 3, 4, 5),
			"DateUpdated": datetime(2026, 1, 2, 3, 4, 5),
			"UserID": "u",
			"ExportID": "E1",
		},
	)
	values = dict(zip(csv.header("Client.csv"), cells, strict=True))
	assert values["PersonalID"] == "CLI-00001" and values["FirstName"] == "Ana"
	assert values["NameDataQuality"] == "99" and values["VeteranStatus"] == "99"
	assert values["DateCreated"] == "2026-01-02 03:04:05" and values["DOB"] is None
	assert values["Asian"] == "0" and values["RaceNone"] is None


def test_types():
	date_col = next(c for c in csv.columns("Enrollment.csv") if c["name"] == "EntryDate")
	assert csv.cell(date_col, date(2026, 3, 1)) == "2026-03-01"
	assert csv.cell(date_col, "2026-03-01 10:00:00") == "2026-03-01"


def test_codes_must_be_in_their_list():
	column = next(c for c in csv.columns("Event.csv") if c["name"] == "Event")
	assert csv.cell(column, 10) == "10"
	with pytest.raises(RuleViolation, match="not a code"):
		csv.cell(column, 42)


def test_required_without_a_list_is_refused():
	column = next(c for c in csv.columns("Enrollment.csv") if c["name"] == "EntryDate")
	with pytest.raises(RuleViolation, match="required"):
		csv.cell(column, None)


def test_strings_are_cleaned_limited_and_quoted():
	column = next(c for c in csv.columns("CurrentLivingSituation.csv") if c["name"] == "LocationDetails")
	assert csv.cell(column, "Under <the> [bridge] {north}") == "Under the bridge north"
	assert len(csv.cell(column, "x" * 400)) == 250
	cells = csv.row(
		"Organization.csv",
		{
			"OrganizationID": "A1",
			"OrganizationName": 'The "Harbor"',
			"VictimServiceProvider": 1,
			"DateCreated": datetime(2026, 1, 1),
			"DateUpdated": datetime(2026, 1, 1),
			"UserID": "u",
			"ExportID": "E",
		},
	)
	line = csv.to_csv_line("Organization.csv", cells)
	assert line.startswith('"A1","The ""Harbor""",1,,')


def test_protected_client_leaves_no_identifying_data():
	blanked = csv.protected_client(
		{
			"PersonalID": "CLI-1",
			"FirstName": "Vera",
			"LastName": "X",
			"DOB": date(1990, 1, 1),
			"SSN": "123456789",
		}
	)
	assert (blanked["FirstName"], blanked["DOB"], blanked["SSN"]) == (None, None, None)
	assert blanked["NameDataQuality"] == 99 and blanked["PersonalID"] == "CLI-1"


def test_validator_finds_what_is_wrong():
	cells = csv.row(
		"Event.csv",
		{
			"EventID": "E1",
			"EnrollmentID": "EN1",
			"PersonalID": "P1",
			"EventDate": date(2026, 1, 1),
			"Event": 7,
			"DateCreated": datetime(2026, 1, 1),
			"DateUpdated": datetime(2026, 1, 1),
			"UserID": "u",
			"ExportID": "X",
		},
	)
	assert csv.problems("Event.csv", cells) == []
	broken = list(cells)
	broken[4] = "77"
	broken[3] = "01/02/2026"
	assert {p.split(":")[0] for p in csv.problems("Event.csv", broken)} == {"Event", "EventDate"}


_CELL_VALUES = st.one_of(
	st.none(),
	st.just(""),
	st.integers(min_value=-2, max_value=120),
	st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)),
	st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)),
	st.text(max_size=40),
	st.sampled_from(["2026-01-02 03:04:05.123456", "2026-01-02 03:04:05", 'a "quoted" <word>']),
)


def _line_or_refusal(build):
	# Which of a row's faults is named first may differ (the one-pass line looks at the given values
	# first); that the row is refused may not.
	try:
		return build()
	except (RuleViolation, ValueError, TypeError, ArithmeticError):
		return "refused"


@settings(max_examples=300, deadline=None)
@given(file=st.sampled_from(csv.FILES), data=st.data(), version=st.sampled_from(csv.VERSIONS))
def test_the_exports_one_pass_line_is_the_row_quoted(file, data, version):
	"""What the export writes (csv_line: only the given values formatted, into a row of empty cells worked
	out once) is exactly the row built column by column and quoted, or the same refusal."""
	with csv.using(version):
		names = csv.header(file)
		values = data.draw(st.dictionaries(st.sampled_from([*names, "NotAColumn"]), _CELL_VALUES))
		fast = _line_or_refusal(lambda: csv.csv_line(file, values))
		slow = _line_or_refusal(
			lambda: csv.to_csv_line(
				file, [csv.cell(column, values.get(column["name"])) for column in csv.columns(file)]
			)
		)
	assert fast == slow


@settings(max_examples=300, deadline=None)
@given(file=st.sampled_from(csv.FILES), data=st.data(), version=st.sampled_from(csv.VERSIONS))
def test_rows_sharing_values_are_the_rows_of_all_their_values(file, data, version):
	"""An assessment's answers share its IDs and stamps, formatted once, and give their own values in
	order: each line is the line of all its values, or the same refusal."""
	with csv.using(version):
		names = csv.header(file)
		shared = data.draw(st.dictionaries(st.sampled_from([*names, "NotAColumn"]), _CELL_VALUES))
		others = [name for name in names if name not in shared]
		own = data.draw(st.dictionaries(st.sampled_from(others), _CELL_VALUES)) if others else {}
		unlimited = tuple(data.draw(st.sets(st.sampled_from(names), max_size=3)))
		whole = _line_or_refusal(lambda: csv.csv_line(file, {**shared, **own}, unlimited))
		shared_once = _line_or_refusal(
			lambda: csv.csv_lines_sharing(file, shared, tuple(own), unlimited)(*own.values())
		)
	assert shared_once == whole


def test_a_stamp_read_as_text_is_written_to_the_second():
	column = next(c for c in csv.columns("Client.csv") if c["name"] == "DateCreated")
	assert csv.cell(column, "2026-01-02 03:04:05.123456") == "2026-01-02 03:04:05"
	assert csv.cell(column, datetime(2026, 1, 2, 3, 4, 5, 999)) == "2026-01-02 03:04:05"
	with pytest.raises(ValueError):
		csv.cell(column, "2026-13-02 03:04:05")
