from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cas_coordinated_access.rules import household as hh
from cas_coordinated_access.rules import prioritization as prio
from cas_coordinated_access.rules import referral
from cas_coordinated_access.rules.violations import RuleViolation

rows = st.lists(
	st.builds(
		prio.QueueRow,
		name=st.uuids().map(str),
		is_evh=st.booleans(),
		score=st.integers(0, 40),
		days_homeless=st.integers(0, 4000),
		date_added=st.dates(date(2024, 1, 1), date(2026, 11, 1)),
		tie_breaker=st.floats(0, 1),
		age_65_or_older=st.booleans(),
		medical_condition=st.booleans(),
	),
	max_size=40,
	unique_by=lambda r: r.name,
)


def row(name, **values):
	defaults = {
		"is_evh": False,
		"score": 0,
		"days_homeless": 0,
		"date_added": date(2026, 1, 1),
		"tie_breaker": 0.5,
	}
	return prio.QueueRow(name=name, **{**defaults, **values})


def test_default_order_evh_then_score_then_time_then_date():
	ranked = prio.rank(
		[
			row("late", score=9, date_added=date(2026, 2, 1)),
			row("evh", is_evh=True, score=2),
			row("early", score=9, date_added=date(2026, 1, 1)),
			row("longer", score=9, days_homeless=500),
			row("low", score=1),
		]
	)
	assert [r.name for _, r, _ in ranked] == ["evh", "longer", "early", "late", "low"]
	assert ranked[0][2].startswith("EVH; score 2")


def test_sacramento_schema_is_expressible():
	ranked = prio.rank(
		[
			row("medical", medical_condition=True),
			row("senior", age_65_or_older=True),
			row("long", days_homeless=900),
		],
		prio.SACRAMENTO_ORDER,
	)
	assert [r.name for _, r, _ in ranked] == ["senior", "medical", "long"]


def test_unknown_criteria_are_refused():
	with pytest.raises(RuleViolation, match="Unknown"):
		prio.rank([], ["Astrology"])


@given(rows, st.randoms())
def test_order_is_total_stable_and_evh_leads(queue, rnd):
	ranked = [r.name for _, r, _ in prio.rank(queue)]
	shuffled = list(queue)
	rnd.shuffle(shuffled)
	assert [r.name for _, r, _ in prio.rank(shuffled)] == ranked
	evh_flags = [r.is_evh for _, r, _ in prio.rank(queue)]
	assert evh_flags == sorted(evh_flags, reverse=True)


class TestEligibility:
	def test_household_types_veterans_chronic(self):
		psh = referral.ProgramFilters(frozenset({hh.INDIVIDUAL_ADULT}), requires_chronic=True)
		assert referral.ineligibility(psh, referral.Household(hh.INDIVIDUAL_ADULT, chronic=True)) == []
		with pytest.raises(RuleViolation, match="chronic"):
			referral.check_eligible(psh, referral.Household(hh.INDIVIDUAL_ADULT))
		with pytest.raises(RuleViolation, match="does not serve"):
			referral.check_eligible(psh, referral.Household(hh.FAMILY_WITH_CHILDREN, chronic=True))
		vets = referral.ProgramFilters(frozenset(hh.HOUSEHOLD_TYPES), veteran_only=True)
		with pytest.raises(RuleViolation, match="veterans"):
			referral.check_eligible(vets, referral.Household(hh.INDIVIDUAL_ADULT))

	def test_capacity(self):
		full = referral.ProgramFilters(frozenset({hh.INDIVIDUAL_ADULT}), open_slots=0)
		assert "no open capacity" in referral.ineligibility(full, referral.Household(hh.INDIVIDUAL_ADULT))[0]


class TestDeadlines:
	SENT = date(2026, 11, 2)

	def test_deadline_and_expiry(self):
		due = referral.deadline(self.SENT, 5)
		assert due == date(2026, 11, 7)
		assert not referral.is_expired(due, due) and referral.is_expired(due, due + timedelta(days=1))

	def test_check_in_restarts_once(self):
		due = referral.deadline(self.SENT, 5)
		assert referral.deadline_after_check_in(due, date(2026, 11, 6), 5, False) == date(2026, 11, 11)
		with pytest.raises(RuleViolation, match="only once"):
			referral.deadline_after_check_in(due, date(2026, 11, 6), 5, True)

	def test_stalled_past_half_the_time(self):
		due = referral.deadline(self.SENT, 6)
		assert not referral.is_stalled(self.SENT, due, date(2026, 11, 4))
		assert referral.is_stalled(self.SENT, due, date(2026, 11, 5))
		assert not referral.is_stalled(self.SENT, due, due + timedelta(days=1))


class TestHudEvents:
	@pytest.mark.parametrize(
		"project_type, event", [(0, 10), (1, 10), (2, 11), (13, 13), (3, 14), (9, 15), (None, 15)]
	)
	def test_event_by_program(self, project_type, event):
		assert referral.event_for_program(project_type) == event

	def test_results(self):
		assert referral.referral_result(True, None) == 1
		assert referral.referral_result(False, "Client") == 2
		assert referral.referral_result(False, "Provider") == 3


def test_whereabouts_are_old_when_the_last_cls_is_older_than_the_settings_allow():
	on = date(2026, 12, 3)
	assert not referral.whereabouts_are_old(date(2026, 11, 3), on, 30)  # 30 days: still current
	assert referral.whereabouts_are_old(date(2026, 11, 2), on, 30)
	assert referral.whereabouts_are_old(date(2026, 1, 5), on, 30)  # eleven months
	assert referral.whereabouts_are_old(None, on, 30)  # never recorded


def test_the_order_renders_to_sql_with_the_same_tie_breaks_unless_readiness_is_in_it():
	# The Community Queue ranks in the database with this ORDER BY; readiness is computed in Python.
	sql = prio.order_by_sql(prio.DEFAULT_ORDER, "e", "'2026-01-01'")
	assert sql == (
		"e.`is_evh` desc, e.`score` desc, e.`homeless_from`, e.`date_added`, e.`tie_breaker`, e.`name`"
	)
	assert prio.order_by_sql((prio.DOCUMENT_READY, prio.SCORE), "e", "'2026-01-01'") is None


@given(
	st.one_of(st.none(), st.dates(date(2015, 1, 1), date(2027, 12, 31))),
	st.dates(date(2020, 1, 1), date(2026, 12, 31)),
	st.dates(date(2020, 1, 1), date(2027, 12, 31)),
	st.integers(0, 4000),
)
def test_time_homeless_counts_from_a_stored_date_that_orders_as_the_days_do(since, added, stored_on, later):
	"""The queue orders by the stored date (ascending) where rows are ranked by days homeless (descending):
	the two agree for any day after the date was stored."""
	counted_from = prio.homeless_from(since, added, stored_on)
	assert counted_from <= stored_on and counted_from == min(since or added, stored_on)
	on = stored_on + timedelta(days=later)
	assert prio.days_homeless(counted_from, on) == (on - counted_from).days
	earlier = prio.homeless_from(None, counted_from - timedelta(days=1), stored_on)
	assert prio.days_homeless(earlier, on) == prio.days_homeless(counted_from, on) + 1
