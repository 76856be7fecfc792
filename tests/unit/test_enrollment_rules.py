from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cas_coordinated_access.rules import enrollment as rules
from cas_coordinated_access.rules.violations import RuleViolation

TODAY = date(2026, 11, 22)
SHELTER = (
	"Emergency shelter, including hotel or motel paid for with emergency shelter voucher, Host Home shelter"
)
SUBSIDIZED = "Rental by client, with ongoing housing subsidy"


class TestDates:
	def test_open_enrollment(self):
		rules.check_dates(date(2026, 1, 5), None, TODAY)

	def test_exit_same_day_as_entry(self):
		rules.check_dates(date(2026, 1, 5), date(2026, 1, 5), TODAY)

	def test_entry_required(self):
		with pytest.raises(RuleViolation, match="entry date"):
			rules.check_dates(None, None, TODAY)

	def test_entry_in_future(self):
		with pytest.raises(RuleViolation, match="in the future"):
			rules.check_dates(TODAY + timedelta(days=1), None, TODAY)

	def test_exit_before_entry_names_both_dates(self):
		with pytest.raises(RuleViolation) as caught:
			rules.check_dates(date(2026, 3, 2), date(2026, 3, 1), TODAY)
		assert "2026-03-01" in str(caught.value) and "2026-03-02" in str(caught.value)

	def test_exit_in_future(self):
		with pytest.raises(RuleViolation, match="future"):
			rules.check_dates(date(2026, 3, 2), TODAY + timedelta(days=3), TODAY)

	@given(st.dates(max_value=TODAY), st.integers(min_value=0, max_value=400))
	def test_exit_on_or_after_entry_is_accepted(self, entry, days):
		exit_date = entry + timedelta(days=days)
		if exit_date <= TODAY:
			rules.check_dates(entry, exit_date, TODAY)


class TestExit:
	def test_no_exit_no_destination(self):
		rules.check_exit(None, None, None, None)

	def test_destination_without_exit(self):
		with pytest.raises(RuleViolation, match="only when the client exits"):
			rules.check_exit(None, SHELTER, None, None)

	def test_exit_needs_destination(self):
		with pytest.raises(RuleViolation, match="destination"):
			rules.check_exit(TODAY, None, None, None)

	def test_subsidy_type_for_subsidized_rental(self):
		with pytest.raises(RuleViolation, match="subsidy type"):
			rules.check_exit(TODAY, SUBSIDIZED, None, None)
		rules.check_exit(TODAY, SUBSIDIZED, "VASH housing subsidy", None)

	def test_subsidy_type_refused_elsewhere(self):
		with pytest.raises(RuleViolation, match="applies only"):
			rules.check_exit(TODAY, SHELTER, "VASH housing subsidy", None)

	def test_other_needs_description(self):
		with pytest.raises(RuleViolation, match="Other"):
			rules.check_exit(TODAY, "Other", None, "  ")
		rules.check_exit(TODAY, "Other", None, "Moved abroad")

	def test_unknown_label_is_refused(self):
		with pytest.raises(RuleViolation):
			rules.check_exit(TODAY, "Castle", None, None)
