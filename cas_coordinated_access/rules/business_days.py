"""Business days: Monday to Friday, less the CoC's holidays (CAS Settings)."""

from datetime import date, timedelta

SATURDAY = 5


def is_business_day(day: date, holidays: frozenset[date] = frozenset()) -> bool:
	return day.weekday() < SATURDAY and day not in holidays


def add_business_days(start: date, days: int, holidays: frozenset[date] = frozenset()) -> date:
	"""The business day ``days`` business days after ``start``; with 0, ``start`` or the next business day.

	An HCT on a Friday with 1 business day gives Monday (Tuesday when Monday is a holiday).
	"""
	day = start
	while not is_business_day(day, holidays) and days == 0:
		day += timedelta(days=1)
	remaining = days
	while remaining > 0:
		day += timedelta(days=1)
		if is_business_day(day, holidays):
			remaining -= 1
	return day


def business_days_between(start: date, end: date, holidays: frozenset[date] = frozenset()) -> int:
	"""Business days after ``start`` up to and including ``end`` (0 when end is not after start)."""
	count, day = 0, start
	while day < end:
		day += timedelta(days=1)
		if is_business_day(day, holidays):
			count += 1
	return count
