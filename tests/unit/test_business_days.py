from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from cas_coordinated_access.rules.business_days import (
	add_business_days,
	business_days_between,
	is_business_day,
)

FRIDAY, SATURDAY, MONDAY = date(2026, 11, 20), date(2026, 11, 21), date(2026, 11, 23)
THANKSGIVING = date(2026, 11, 26)


def test_friday_plus_one_is_monday():
	assert add_business_days(FRIDAY, 1) == MONDAY


def test_a_holiday_monday_pushes_to_tuesday():
	assert add_business_days(FRIDAY, 1, frozenset({MONDAY})) == MONDAY + timedelta(days=1)


def test_same_day_on_a_business_day_and_next_one_on_a_weekend():
	assert add_business_days(FRIDAY, 0) == FRIDAY
	assert add_business_days(SATURDAY, 0) == MONDAY


def test_thanksgiving_week():
	assert add_business_days(
		date(2026, 11, 25), 1, frozenset({THANKSGIVING, THANKSGIVING + timedelta(1)})
	) == date(2026, 11, 30)


def test_business_days_between():
	assert business_days_between(FRIDAY, MONDAY) == 1
	assert business_days_between(MONDAY, FRIDAY) == 0
	assert business_days_between(MONDAY, MONDAY + timedelta(days=7), frozenset({THANKSGIVING})) == 4


holidays = st.frozensets(st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31)), max_size=30)


@given(
	st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 6, 30)),
	st.integers(min_value=1, max_value=20),
	holidays,
)
def test_lands_on_a_business_day_after_start(start, days, off):
	due = add_business_days(start, days, off)
	assert is_business_day(due, off)
	assert due > start
	assert business_days_between(start, due, off) == days


def test_weekends_and_holidays_are_not_business_days():
	assert is_business_day(FRIDAY) and is_business_day(MONDAY)
	assert not is_business_day(SATURDAY) and not is_business_day(SATURDAY + timedelta(days=1))
	assert not is_business_day(THANKSGIVING, frozenset({THANKSGIVING}))


def test_zero_days_skips_a_holiday_monday():
	assert add_business_days(MONDAY, 0, frozenset({MONDAY})) == MONDAY + timedelta(days=1)


@given(st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 6, 30)), holidays)
def test_zero_days_is_the_first_business_day_from_start(start, off):
	due = add_business_days(start, 0, off)
	assert is_business_day(due, off)
	assert due >= start
	assert not any(is_business_day(start + timedelta(days=n), off) for n in range((due - start).days))
