from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cas_coordinated_access.rules import household as hh
from cas_coordinated_access.rules.violations import RuleViolation

SELF = "Self (Head of Household)"
CHILD = "Head of household’s child"
PARTNER = "Head of household’s spouse or partner"


class TestAgeOn:
	def test_counts_whole_years(self):
		assert hh.age_on(date(2000, 6, 15), date(2018, 6, 14)) == 17
		assert hh.age_on(date(2000, 6, 15), date(2018, 6, 15)) == 18

	def test_leap_day_birthday(self):
		assert hh.age_on(date(2004, 2, 29), date(2022, 2, 28)) == 17
		assert hh.age_on(date(2004, 2, 29), date(2022, 3, 1)) == 18

	def test_unknown_birth_date(self):
		assert hh.age_on(None, date(2024, 1, 1)) is None


class TestHouseholdType:
	@pytest.mark.parametrize(
		"ages, expected",
		[
			([40], hh.INDIVIDUAL_ADULT),
			([25], hh.INDIVIDUAL_ADULT),
			([24], hh.UNACCOMPANIED_YOUTH),
			([17], hh.UNACCOMPANIED_YOUTH),
			([16, 15], hh.UNACCOMPANIED_YOUTH),
			([20, 22], hh.UNACCOMPANIED_YOUTH),
			([40, 38], hh.ADULTS_ONLY),
			([40, 20], hh.ADULTS_ONLY),
			([30, 4], hh.FAMILY_WITH_CHILDREN),
			([19, 0], hh.FAMILY_WITH_CHILDREN),
			([30, None, 2], hh.FAMILY_WITH_CHILDREN),
			([30, None], hh.UNKNOWN),
			([None], hh.UNKNOWN),
			([], hh.UNKNOWN),
		],
	)
	def test_examples(self, ages, expected):
		assert hh.household_type(ages) == expected

	def test_youth_age_limit_is_a_setting(self):
		assert hh.household_type([24], youth_age_limit=21) == hh.INDIVIDUAL_ADULT
		assert hh.household_type([21], youth_age_limit=21) == hh.UNACCOMPANIED_YOUTH

	@given(st.lists(st.integers(min_value=0, max_value=110), min_size=1, max_size=12))
	def test_minor_and_adult_is_always_a_family(self, ages):
		result = hh.household_type(ages)
		has_minor = any(a < 18 for a in ages)
		has_adult = any(a >= 18 for a in ages)
		assert (result == hh.FAMILY_WITH_CHILDREN) == (has_minor and has_adult)
		assert result in hh.HOUSEHOLD_TYPES and result != hh.UNKNOWN

	@given(st.lists(st.integers(min_value=0, max_value=110), min_size=1, max_size=12), st.randoms())
	def test_order_of_members_does_not_matter(self, ages, rnd):
		shuffled = list(ages)
		rnd.shuffle(shuffled)
		assert hh.household_type(ages) == hh.household_type(shuffled)


class TestMembers:
	def test_one_head_and_others(self):
		hh.check_members("C1", [hh.Member("C1", SELF), hh.Member("C2", CHILD), hh.Member("C3", PARTNER)])

	def test_head_missing(self):
		with pytest.raises(RuleViolation, match="exactly one head of household"):
			hh.check_members("C1", [hh.Member("C1", CHILD)])

	def test_two_heads(self):
		with pytest.raises(RuleViolation, match="exactly one head of household"):
			hh.check_members("C1", [hh.Member("C1", SELF), hh.Member("C2", SELF)])

	def test_someone_else_marked_head(self):
		with pytest.raises(RuleViolation, match="C1"):
			hh.check_members("C1", [hh.Member("C2", SELF)])

	def test_member_twice(self):
		with pytest.raises(RuleViolation, match="listed twice"):
			hh.check_members("C1", [hh.Member("C1", SELF), hh.Member("C2", CHILD), hh.Member("C2", CHILD)])

	def test_relationship_required(self):
		with pytest.raises(RuleViolation, match="relationship"):
			hh.check_members("C1", [hh.Member("C1", SELF), hh.Member("C2", None)])
