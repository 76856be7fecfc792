"""Case conference rules: which households the agenda takes and in what order, next steps and review dates."""

from datetime import date, timedelta
from types import MappingProxyType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cas_coordinated_access.rules import access
from cas_coordinated_access.rules import case_conference as rules
from cas_coordinated_access.rules.violations import RuleViolation

DAY = date(2026, 12, 4)

candidates = st.lists(
	st.builds(
		rules.Candidate,
		enrollment=st.sampled_from([f"ENR-{n:03}" for n in range(30)]),
		reason=st.sampled_from(rules.REASONS),
		weight=st.integers(min_value=-50, max_value=500),
	),
	max_size=80,
)


def top(found, reason, per_reason):
	ranked = sorted((c for c in found if c.reason == reason), key=lambda c: (-c.weight, c.enrollment))
	return {c.enrollment for c in ranked[:per_reason]}


class TestAgenda:
	def test_each_reason_brings_its_heaviest_households_in_the_order_of_reasons(self):
		found = [
			rules.Candidate("long-1", rules.LONGEST_ON_QUEUE, 400, "400 days"),
			rules.Candidate("long-2", rules.LONGEST_ON_QUEUE, 300),
			rules.Candidate("long-3", rules.LONGEST_ON_QUEUE, 200),
			rules.Candidate("evh-1", rules.EVH_WITHOUT_SHELTER, 3),
			rules.Candidate("evh-2", rules.EVH_WITHOUT_SHELTER, 9),
			rules.Candidate("denied", rules.DENIED_REFERRAL, 1),
		]
		agenda = rules.build_agenda(found, per_reason=2)
		assert [item.enrollment for item in agenda] == ["evh-2", "evh-1", "denied", "long-1", "long-2"]

	def test_a_household_is_listed_once_with_every_reason_under_the_first(self):
		found = [
			rules.Candidate("ENR-1", rules.LONGEST_ON_QUEUE, 500, "500 days"),
			rules.Candidate("ENR-1", rules.NOT_DOCUMENT_READY, 0, "Missing: photo ID"),
			rules.Candidate("ENR-1", rules.EVH_WITHOUT_SHELTER, 2, "EVH since 2 Dec"),
		]
		(item,) = rules.build_agenda(found, per_reason=5)
		assert item.first_reason == rules.EVH_WITHOUT_SHELTER
		assert [c.reason for c in item.reasons] == [
			rules.EVH_WITHOUT_SHELTER,
			rules.NOT_DOCUMENT_READY,
			rules.LONGEST_ON_QUEUE,
		]
		assert rules.describe(item.reasons).splitlines() == [
			"EVH without a shelter referral: EVH since 2 Dec",
			"Not document ready: Missing: photo ID",
			"Longest on the queue: 500 days",
		]

	def test_households_already_on_the_conference_are_left_out(self):
		found = [
			rules.Candidate("ENR-1", rules.STALLED_REFERRAL, 5),
			rules.Candidate("ENR-2", rules.STALLED_REFERRAL),
		]
		assert [i.enrollment for i in rules.build_agenda(found, 5, already_on={"ENR-1"})] == ["ENR-2"]

	def test_an_unknown_reason_or_an_empty_agenda_size_is_refused(self):
		with pytest.raises(RuleViolation, match="Unknown agenda reason: Gossip"):
			rules.build_agenda([rules.Candidate("ENR-1", "Gossip")], 5)
		with pytest.raises(RuleViolation, match="at least one household"):
			rules.build_agenda([], 0)

	@given(
		candidates, st.integers(min_value=1, max_value=6), st.sets(st.sampled_from(["ENR-000", "ENR-001"]))
	)
	def test_the_agenda_is_the_union_of_each_reasons_top_households(self, found, per_reason, already):
		agenda = rules.build_agenda(found, per_reason, already)
		names = [item.enrollment for item in agenda]
		assert len(names) == len(set(names))  # each household once
		assert not set(names) & already
		remaining = [c for c in found if c.enrollment not in already]
		expected = set().union(*(top(remaining, reason, per_reason) for reason in rules.REASONS))
		assert set(names) == expected
		assert len(names) <= per_reason * len(rules.REASONS)
		for item in agenda:
			# every reason the household has is listed, in the order of reasons
			own = {c.reason for c in remaining if c.enrollment == item.enrollment}
			assert [c.reason for c in item.reasons] == [r for r in rules.REASONS if r in own]
		# the agenda runs in the order of each household's first reason
		firsts = [rules.REASONS.index(item.first_reason) for item in agenda]
		assert firsts == sorted(firsts)


class TestNextSteps:
	def step(self, **values):
		return rules.NextStep(
			**{"step": "Get the birth certificate", "owner": "a@x.org", "due_on": DAY, **values}
		)

	def test_a_step_has_what_who_and_when_on_or_after_the_conference(self):
		rules.check_next_steps([self.step(), self.step(due_on=DAY + timedelta(days=7))], DAY)
		for values, message in (
			({"step": "  "}, "Next step 1: say what is to be done"),
			({"owner": None}, "Next step 1: choose who"),
			({"due_on": None}, "Next step 1: give the date"),
			({"due_on": DAY - timedelta(days=1)}, "Next step 1 is due before the conference met"),
		):
			with pytest.raises(RuleViolation, match=message):
				rules.check_next_steps([self.step(**values)], DAY)

	@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1)))
	def test_a_review_is_after_the_conference(self, review_on):
		if review_on <= DAY:
			with pytest.raises(RuleViolation):
				rules.check_review_date(review_on, DAY)
		else:
			rules.check_review_date(review_on, DAY)
		rules.check_review_date(None, DAY)


class TestConferenceNotes:
	"""A protected household's notes: only the agency that holds it reads them, referral staff included."""

	SHARED = "CAS Agency"
	protected = MappingProxyType({"agency": SHARED, "client_agency": "Harbor", "is_protected": 1})
	open_household = MappingProxyType({"agency": SHARED, "client_agency": "River", "is_protected": 0})

	def viewer(self, roles, agencies):
		return access.Viewer("u@x.org", frozenset(roles), frozenset(agencies), self.SHARED)

	def test_referral_staff_see_the_protected_household_but_not_its_notes(self):
		referral = self.viewer({"CAS Referral Specialist"}, {self.SHARED})
		assert access.matches(access.household_rule(referral), self.protected)
		assert not access.matches(access.conference_notes_rule(referral), self.protected)
		assert access.matches(access.conference_notes_rule(referral), self.open_household)

	def test_the_holding_agency_reads_its_notes_and_administrators_everything(self):
		advocate = self.viewer({"CAS Assessor"}, {"Harbor"})
		assert access.matches(access.conference_notes_rule(advocate), self.protected)
		other = self.viewer({"CAS Assessor"}, {"River"})
		assert not access.matches(access.conference_notes_rule(other), self.protected)
		admin = self.viewer({"CAS Administrator"}, set())
		assert access.conference_notes_rule(admin).everything

	@given(
		st.sets(st.sampled_from(["CAS Assessor", "CAS Referral Specialist", "CAS Provider"])),
		st.sets(st.sampled_from(["CAS Agency", "Harbor", "River", "North"])),
		st.fixed_dictionaries(
			{
				"agency": st.sampled_from(["CAS Agency", "River", "North"]),
				"client_agency": st.sampled_from(["Harbor", "River", "North"]),
				"is_protected": st.booleans(),
			}
		),
	)
	def test_notes_are_never_shown_where_the_household_is_not(self, roles, agencies, record):
		viewer = self.viewer(roles, agencies)
		if access.matches(access.conference_notes_rule(viewer), record):
			assert access.matches(access.household_rule(viewer), record)
