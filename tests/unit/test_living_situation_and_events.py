from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cas_coordinated_access.rules import ce_event, hud, living_situation
from cas_coordinated_access.rules import enrollment as enrollment_rules
from cas_coordinated_access.rules.violations import RuleViolation

OUTSIDE = "Place not meant for habitation (e.g., a vehicle, an abandoned building, bus/train/subway station/airport or anywhere outside)"
FRIEND = "Staying or living in a friend’s room, apartment, or house"
SUBSIDIZED = "Rental by client, with ongoing housing subsidy"
MAP_POINT = '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[-121.49,38.58]}}]}'
EMPTY_MAP = '{"type":"FeatureCollection","features":[]}'


class TestFollowUps:
	def test_homeless_situation_asks_nothing_more(self):
		assert living_situation.applicable_fields(OUTSIDE, "Yes") == set()
		assert living_situation.is_homeless(OUTSIDE)

	def test_staying_with_a_friend_asks_about_leaving(self):
		assert living_situation.applicable_fields(FRIEND, None) == {"leave_situation_14_days"}
		assert living_situation.applicable_fields(FRIEND, "Yes") == {
			"leave_situation_14_days",
			*living_situation.LEAVE_FOLLOW_UPS,
		}
		assert living_situation.applicable_fields(FRIEND, "No") == {"leave_situation_14_days"}

	def test_subsidized_rental_asks_the_subsidy(self):
		assert "cls_subsidy_type" in living_situation.applicable_fields(SUBSIDIZED, None)
		with pytest.raises(RuleViolation, match="subsidy type"):
			living_situation.check_subsidy_type(SUBSIDIZED, None)

	@pytest.mark.parametrize("situation", ["Other", "Worker unable to determine", "Data not collected"])
	def test_other_answers_ask_nothing(self, situation):
		assert living_situation.applicable_fields(situation, "Yes") == set()


class TestLocation:
	def test_address_or_map_point_is_enough(self):
		living_situation.check_location("Under the 16th St bridge", None, None)
		living_situation.check_location(None, MAP_POINT, None)

	@pytest.mark.parametrize("address, point", [(None, None), ("  ", None), ("", EMPTY_MAP)])
	def test_location_may_not_be_skipped(self, address, point):
		with pytest.raises(RuleViolation, match="may not be skipped"):
			living_situation.check_location(address, point, "near the river")

	def test_details_limited_to_hud_length(self):
		with pytest.raises(RuleViolation, match="250"):
			living_situation.check_location("Park", None, "x" * 251)


class TestEvents:
	def test_diversion_needs_its_result(self):
		with pytest.raises(RuleViolation, match="safe alternative"):
			ce_event.check_dependent_fields(
				"Problem Solving/Diversion/Rapid Resolution intervention or service", {}
			)
		ce_event.check_dependent_fields(
			"Problem Solving/Diversion/Rapid Resolution intervention or service",
			{"prob_sol_div_rr_result": "Yes"},
		)

	def test_case_management_needs_aftercare(self):
		with pytest.raises(RuleViolation, match="aftercare"):
			ce_event.check_dependent_fields("Referral to Post-placement/ follow-up case management", {})

	def test_fields_that_do_not_fit_the_event_are_refused(self):
		with pytest.raises(RuleViolation, match="does not belong"):
			ce_event.check_dependent_fields(
				"Referral to Street Outreach project or services",
				{"referral_result": "Successful referral: client accepted"},
			)

	def test_referral_result_may_come_later_but_needs_its_date(self):
		shelter = "Referral to Emergency Shelter bed opening"
		ce_event.check_dependent_fields(shelter, {"location_crisis_or_ph_housing": "Loaves & Fishes"})
		with pytest.raises(RuleViolation, match="go together"):
			ce_event.check_dependent_fields(
				shelter, {"referral_result": "Successful referral: client accepted"}
			)
		ce_event.check_dependent_fields(
			shelter,
			{"referral_result": "Successful referral: client accepted", "result_date": date(2026, 1, 2)},
		)

	def test_event_list_is_hud_4_20_2(self):
		assert ce_event.event_code("Referral to a Housing Stability Voucher") == 18
		with pytest.raises(RuleViolation, match="Choose"):
			ce_event.check_dependent_fields(None, {})


class TestRecordDate:
	ENTRY, EXIT, TODAY = date(2026, 3, 1), date(2026, 6, 1), date(2026, 11, 22)

	def test_within_the_enrollment(self):
		enrollment_rules.check_record_date(date(2026, 3, 1), self.ENTRY, None, self.TODAY)
		enrollment_rules.check_record_date(date(2026, 6, 1), self.ENTRY, self.EXIT, self.TODAY)

	@pytest.mark.parametrize(
		"day, exit_date, message",
		[
			(date(2026, 2, 28), None, "before the enrollment"),
			(date(2026, 6, 2), EXIT, "after the client exited"),
			(date(2026, 11, 23), None, "future"),
		],
	)
	def test_outside_the_enrollment(self, day, exit_date, message):
		with pytest.raises(RuleViolation, match=message):
			enrollment_rules.check_record_date(day, self.ENTRY, exit_date, self.TODAY)


# HUD retired 17 (EHV) from 4.20.2 in FY2026, in effect 1 October 2025.
EHV = "Referral to Emergency Housing Voucher (EHV)"


def test_the_ehv_event_is_retired_on_the_first_day_of_fy2026():
	assert ce_event.retired_on(EHV) == date(2025, 10, 1)
	ce_event.check_not_retired(EHV, date(2025, 9, 30))  # recorded before: kept as it was
	with pytest.raises(RuleViolation, match="retired"):
		ce_event.check_not_retired(EHV, date(2025, 10, 1))


@given(
	event=st.sampled_from([label for label in hud.labels(ce_event.EVENT) if label != EHV]),
	day=st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31)),
)
def test_events_in_the_list_are_never_refused_as_retired(event, day):
	assert ce_event.retired_on(event) is None
	ce_event.check_not_retired(event, day)
