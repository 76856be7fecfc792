from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cas_coordinated_access.rules import evh
from cas_coordinated_access.rules import household as hh

DEFAULTS = evh.Thresholds(individual=6, family=10)
WITH_OTHER = evh.Thresholds(individual=6, family=10, other=8)
OTHER_TYPES = (hh.ADULTS_ONLY, hh.UNACCOMPANIED_YOUTH, hh.UNKNOWN)

CASES = [
	*[(hh.INDIVIDUAL_ADULT, thresholds, 6) for thresholds in (DEFAULTS, WITH_OTHER)],
	*[(hh.FAMILY_WITH_CHILDREN, thresholds, 10) for thresholds in (DEFAULTS, WITH_OTHER)],
	*[(household_type, DEFAULTS, 6) for household_type in OTHER_TYPES],
	*[(household_type, WITH_OTHER, 8) for household_type in OTHER_TYPES],
	*[(household_type, evh.Thresholds(6, 10, other=0), 6) for household_type in OTHER_TYPES],
]


@pytest.mark.parametrize("household_type, thresholds, threshold", CASES)
@pytest.mark.parametrize("offset", [-1, 0, 1])
def test_at_and_around_each_threshold(household_type, thresholds, threshold, offset):
	assert evh.threshold_for(household_type, thresholds) == threshold
	result = evh.evaluate(threshold + offset, household_type, thresholds)
	assert result.threshold == threshold
	assert result.is_evh is (offset >= 0)


@pytest.mark.parametrize(
	"household_type, thresholds, score, reason",
	[
		(hh.INDIVIDUAL_ADULT, DEFAULTS, 7, "Score 7 reaches the individual threshold of 6."),
		(hh.FAMILY_WITH_CHILDREN, DEFAULTS, 9, "Score 9 is below the family threshold of 10."),
		(hh.ADULTS_ONLY, DEFAULTS, 6, "Score 6 reaches the individual threshold of 6."),
		(hh.UNACCOMPANIED_YOUTH, WITH_OTHER, 7, "Score 7 is below the other-household threshold of 8."),
	],
)
def test_the_reason_names_the_threshold(household_type, thresholds, score, reason):
	assert evh.evaluate(score, household_type, thresholds).reasons == (reason,)


def test_each_factor_is_a_reason_even_below_the_threshold():
	result = evh.evaluate(4, hh.INDIVIDUAL_ADULT, DEFAULTS, ("Pregnant", "Over 55"))
	assert not result.is_evh
	assert result.reasons[1:] == ("EVH factor: Pregnant", "EVH factor: Over 55")


JAN, FEB, MAR = date(2026, 1, 5), date(2026, 2, 5), date(2026, 3, 5)


@pytest.mark.parametrize(
	"previous_is_evh, previous_since, now_is_evh, expected",
	[
		(False, None, False, None),
		(False, None, True, FEB),
		(True, JAN, True, JAN),
		(True, None, True, FEB),
		(True, JAN, False, None),
	],
)
def test_since(previous_is_evh, previous_since, now_is_evh, expected):
	assert evh.since(previous_is_evh, previous_since, now_is_evh, FEB) == expected


def test_a_household_that_becomes_evh_again_starts_a_new_date():
	since = evh.since(False, None, True, JAN)
	since = evh.since(True, since, False, FEB)
	assert evh.since(False, since, True, MAR) == MAR


@given(
	st.integers(min_value=1, max_value=30),
	st.integers(min_value=1, max_value=30),
	st.integers(min_value=0, max_value=30),
	st.sampled_from(hh.HOUSEHOLD_TYPES),
	st.integers(min_value=0, max_value=60),
)
def test_evh_exactly_when_the_score_reaches_the_threshold(individual, family, other, household_type, score):
	thresholds = evh.Thresholds(individual, family, other)
	result = evh.evaluate(score, household_type, thresholds)
	assert result.threshold in {individual, family, other}
	assert result.is_evh == (score >= result.threshold)
