"""Each member of a household keeps their own HUD enrollment data on the way in and out of HMIS CSV."""

from datetime import date

import pytest

from cas_coordinated_access.rules import enrollment as enrollment_rules
from cas_coordinated_access.rules import hmis_mapping, hud
from cas_coordinated_access.rules.violations import RuleViolation

HOUSEHOLD = {
	"client": "C1",
	"entry_date": date(2026, 2, 1),
	"enrollment_coc": "CA-503",
	"prior_living_situation": hud.label_for("3.917", 116),
	"homeless_since": date(2025, 6, 1),
	"disabling_condition": "Yes",
	"exit_date": date(2026, 4, 1),
	"destination": hud.label_for("3.12", 116),
}


def test_a_member_recorded_in_the_cas_never_gets_the_heads_answers():
	values = hmis_mapping.member_enrollment(HOUSEHOLD, {"client": "C2"}, is_head=False)
	assert values["EntryDate"] == date(2026, 2, 1) and values["EnrollmentCoC"] == "CA-503"
	assert values["LivingSituation"] is None and values["DisablingCondition"] is None
	assert values["DateToStreetESSH"] is None
	# They exit with the household (the CAS exits a household whole).
	assert hmis_mapping.member_exit(HOUSEHOLD, {"client": "C2"}, is_head=False)["Destination"] == 116


def test_the_head_answers_from_the_enrollment_and_keeps_what_only_their_row_holds():
	head_row = {
		"own_enrollment_data": 1,
		"move_in_date": date(2026, 3, 1),
		"length_of_stay": "One year or longer",
	}
	values = hmis_mapping.member_enrollment(HOUSEHOLD, head_row, is_head=True)
	assert values["LivingSituation"] == 116 and values["DisablingCondition"] == 1
	assert values["MoveInDate"] == date(2026, 3, 1) and values["LengthOfStay"] == 5


def test_a_member_from_an_hmis_keeps_their_own_data_and_exits_only_when_they_did():
	row = hmis_mapping.member_values(
		{
			"EntryDate": "2026-02-10",
			"EnrollmentCoC": None,
			"LivingSituation": "435",
			"RentalSubsidyType": "419",
			"LengthOfStay": "10",
			"DateToStreetESSH": "2025-12-24",
			"DisablingCondition": "0",
			"MoveInDate": "2026-03-05",
			"TimesHomelessPastThreeYears": "4",
			"MonthsHomelessPastThreeYears": "113",
		},
		None,
	)
	assert row["own_enrollment_data"] == 1 and row["exit_date"] is None
	values = hmis_mapping.member_enrollment(HOUSEHOLD, row, is_head=False)
	assert values == {
		"EntryDate": date(2026, 2, 10),
		"EnrollmentCoC": "CA-503",  # HUD requires it of every member: the household's
		"LivingSituation": 435,
		"RentalSubsidyType": 419,
		"LengthOfStay": 10,
		# HUD 3.917's answers for chronic homelessness are the member's own too.
		"LOSUnderThreshold": None,
		"PreviousStreetESSH": None,
		"TimesHomelessPastThreeYears": 4,
		"MonthsHomelessPastThreeYears": 113,
		"DateToStreetESSH": date(2025, 12, 24),
		"DisablingCondition": 0,
		"MoveInDate": date(2026, 3, 5),
		"DateOfEngagement": None,
	}
	# The household exited; this member did not.
	assert hmis_mapping.member_exit(HOUSEHOLD, row, is_head=False) is None


def test_a_members_own_exit_goes_out_as_theirs():
	row = hmis_mapping.member_values(
		{"EntryDate": "2026-02-10"}, {"ExitDate": "2026-03-20", "Destination": "17", "OtherDestination": None}
	)
	assert hmis_mapping.member_exit(HOUSEHOLD, row, is_head=False) == {
		"ExitDate": date(2026, 3, 20),
		"Destination": 17,
		"DestinationSubsidyType": None,
		"OtherDestination": None,
	}


def test_other_destination_undescribed_is_refused_on_the_form_and_taken_from_an_hmis():
	other = hud.label_for(hud.DESTINATION, hud.OTHER_DESTINATION)
	with pytest.raises(RuleViolation):
		enrollment_rules.check_exit(date(2026, 3, 20), other, None, None)
	enrollment_rules.check_exit(date(2026, 3, 20), other, None, None, describe_other=False)


def test_every_member_column_is_in_the_specification():
	for file, columns in hmis_mapping.MEMBER_FIELDS.items():
		for column in columns:
			assert column in hmis_mapping.spec_columns(file), (file, column)
