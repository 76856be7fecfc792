"""HUD's member data over time (4.02-4.11): any-source agreement, total income, disabling condition,
chronic homelessness, who is asked what, and the annual window around each anniversary."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cas_coordinated_access.rules import circumstances as c

ANSWERS = [c.YES, c.NO, "Client doesn’t know", "Client prefers not to answer", "Data not collected", None]


def member(age=40, is_head=True, **answers):
	return c.MemberCircumstances("Alex", age, is_head, answers)


@st.composite
def element_answers(draw, element):
	answer = draw(st.sampled_from(ANSWERS))
	ticked = draw(st.sets(st.sampled_from([s.field for s in element.sources])))
	answers = {element.key: answer, **{field: 1 for field in ticked}}
	if element.sources[-1].field in ticked:
		answers[element.other_identify] = "Something else"
	return answers


@pytest.mark.parametrize("element", c.ELEMENTS, ids=lambda e: e.key)
@given(data=st.data())
def test_any_source_agrees_with_the_sources_or_is_refused(element, data):
	answers = data.draw(element_answers(element))
	problems = c.check_element(element, member(**answers))
	ticked = any(answers.get(s.field) for s in element.sources)
	agrees = (answers[element.key] == c.YES) == ticked
	assert (not problems) == agrees
	for problem in problems:
		assert problem.params["member"] == "Alex"
		assert problem.params["element"] == element.label


def test_the_message_names_the_ticked_source():
	(problem,) = c.check_element(c.INCOME, member(income_from_any_source=c.NO, ssi=1))
	assert problem.params["source"] == "Supplemental Security Income (SSI)"


@given(
	st.dictionaries(
		st.sampled_from([s.field for s in c.INCOME.sources]),
		st.tuples(st.booleans(), st.decimals(min_value=0, max_value=100000, places=2)),
	)
)
def test_total_monthly_income_is_the_sum_of_the_ticked_sources(sources):
	answers = {}
	for field, (ticked, amount) in sources.items():
		answers[field] = int(ticked)
		answers[f"{field}_amount"] = float(amount)
	expected = round(sum(float(amount) for ticked, amount in sources.values() if ticked), 2)
	assert c.total_monthly_income(member(**answers)) == pytest.approx(expected)


def test_an_amount_beside_an_unticked_source_or_a_negative_one_is_refused():
	problems = c.check_element(
		c.INCOME, member(income_from_any_source=c.YES, earned=1, earned_amount=-5, ssi_amount=100)
	)
	assert {p.params["source"] for p in problems} == {"Earned income", "Supplemental Security Income (SSI)"}


def test_an_other_source_must_be_named():
	problems = c.check_element(c.BENEFITS, member(benefits_from_any_source=c.YES, other_benefits=1))
	assert [p.message for p in problems] == ["{member}: name the other source of “{element}”."]


@given(age=st.integers(min_value=0, max_value=17))
def test_a_child_is_asked_insurance_but_not_income_benefits_or_dv(age):
	child = member(age=age, is_head=False)
	assert not c.asked(c.INCOME, child) and not c.asked(c.BENEFITS, child)
	assert c.asked(c.INSURANCE, child)
	assert not c.dv_asked(child)
	assert c.check_element(c.INCOME, member(age=age, is_head=False, income_from_any_source=c.NO))
	assert not c.check_element(c.INSURANCE, member(age=age, is_head=False, insurance_from_any_source=c.NO))


def test_a_child_who_heads_the_household_is_asked_everything():
	head = member(age=17, is_head=True)
	assert all(c.asked(element, head) for element in c.ELEMENTS) and c.dv_asked(head)


def test_members_are_ordered_head_first_then_adults_then_children():
	members = [
		member(age=5, is_head=False),
		member(age=30, is_head=False),
		member(age=16, is_head=True),
		member(age=None, is_head=False),
	]
	ordered = c.order_members(members)
	assert [(m.age, m.is_head) for m in ordered] == [(16, True), (30, False), (None, False), (5, False)]


@given(
	st.fixed_dictionaries(
		{},
		optional={
			**{d.key: st.sampled_from([*ANSWERS, *c.SUBSTANCE_USE_YES]) for d in c.DISABILITIES},
			**{f"{d.key}_indefinite": st.sampled_from(ANSWERS) for d in c.DISABILITIES},
		},
	)
)
def test_disabling_condition_follows_hud_3_08(answers):
	subject = member(**answers)
	expected = any(
		c.is_yes(answers.get(d.key)) and (d.disabling_alone or answers.get(f"{d.key}_indefinite") == c.YES)
		for d in c.DISABILITIES
	)
	assert (c.disabling_condition(subject) == c.YES) == expected
	assert bool(c.check_disabling_condition(c.NO, subject)) == expected
	assert not c.check_disabling_condition(c.YES, subject)


def test_indefinite_and_impairing_needs_the_disability():
	(problem,) = c.check_disabilities(
		member(mental_health_disorder=c.NO, mental_health_disorder_indefinite=c.YES)
	)
	assert problem.params["disability"] == "Mental health disorder"


def test_dv_follow_ups_only_for_a_survivor():
	assert c.check_domestic_violence(member(domestic_violence_survivor=c.NO, currently_fleeing=c.YES))
	assert not c.check_domestic_violence(member(domestic_violence_survivor=c.YES, currently_fleeing=c.YES))
	assert c.check_domestic_violence(member(age=9, is_head=False, domestic_violence_survivor=c.NO))


ON = date(2026, 6, 1)


@pytest.mark.parametrize(
	"disabling, code, since, chronic",
	[
		(c.YES, 116, ON - timedelta(days=400), True),
		(c.YES, 101, ON - timedelta(days=365), True),
		(c.YES, 116, ON - timedelta(days=364), False),
		(c.NO, 116, ON - timedelta(days=800), False),
		(c.YES, 215, ON - timedelta(days=800), False),  # not literally homeless at entry
		(c.YES, 118, None, False),
	],
)
def test_chronic_homelessness(disabling, code, since, chronic):
	result = c.chronic_homelessness(disabling, code, since, ON)
	assert result.is_chronic == chronic
	assert result.reasons


def test_four_occasions_adding_up_to_twelve_months_is_chronic():
	assert c.chronic_homelessness(c.YES, 116, ON - timedelta(days=30), ON, 4, 12).is_chronic
	assert not c.chronic_homelessness(c.YES, 116, ON - timedelta(days=30), ON, 4, 11).is_chronic
	assert not c.chronic_homelessness(c.YES, 116, ON - timedelta(days=30), ON, 3, 20).is_chronic


def test_leap_day_entry_has_its_anniversary_on_the_28th_in_common_years():
	assert c.anniversary(date(2024, 2, 29), 2025) == date(2025, 2, 28)
	assert c.anniversary(date(2024, 2, 29), 2028) == date(2028, 2, 29)


def test_a_window_across_the_new_year():
	(due,) = c.annual_assessments_due(date(2025, 1, 10), date(2025, 12, 20), [date(2025, 12, 15)])
	assert (due.opens, due.anniversary, due.closes) == (
		date(2025, 12, 11),
		date(2026, 1, 10),
		date(2026, 2, 9),
	)
	assert due.done


@given(
	entry=st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31)),
	offset=st.integers(min_value=-40, max_value=40),
	years=st.integers(min_value=1, max_value=4),
)
def test_annual_assessment_counts_only_inside_the_window(entry, offset, years):
	day = c.anniversary(entry, entry.year + years)
	recorded = day + timedelta(days=offset)
	dues = c.annual_assessments_due(entry, day + timedelta(days=60), [recorded])
	assert len(dues) == years
	assert dues[-1].done == (abs(offset) <= c.ANNUAL_WINDOW_DAYS)
	assert all(d.closes - d.opens == timedelta(days=60) for d in dues)


def test_no_annual_assessment_before_the_first_window_opens():
	assert c.annual_assessments_due(date(2026, 1, 1), date(2026, 12, 1), []) == []
	assert len(c.annual_assessments_due(date(2026, 1, 1), date(2026, 12, 2), [])) == 1


LAST = {"income_from_any_source": "No", "physical_disability": "No", "mental_health_disorder": "No"}


@pytest.mark.parametrize(
	"reported, last, changed",
	[
		([("Income", "Yes")], LAST, ["Income"]),
		([("Income", "No")], LAST, []),
		([("Disability", "Yes"), ("Income", "Yes")], LAST, ["Disability", "Income"]),
		([("Disability", "No")], {**LAST, "substance_use_disorder": "Drug use disorder"}, ["Disability"]),
		([("Income", "Prefers not to answer")], LAST, []),
		([("Income", "Yes")], {}, []),  # no record yet: the project start record is due instead
		([("Disability", "Yes")], {"income_from_any_source": "No"}, []),  # disabilities never asked
	],
)
def test_an_assessment_reporting_changed_income_or_disability(reported, last, changed):
	assert c.changes_reported(reported, last) == changed


@given(
	answers=st.fixed_dictionaries(
		{},
		optional={
			"income_from_any_source": st.sampled_from(ANSWERS[:-1]),
			**{
				d.key: st.sampled_from(
					["No", *c.SUBSTANCE_USE_YES, *ANSWERS[2:-1]] if d.hud_type == 10 else ANSWERS[:-1]
				)
				for d in c.DISABILITIES
			},
		},
	)
)
def test_hmis_rows_and_back_keep_the_answers(answers):
	income = {k: v for k, v in c.answers_from_income_benefits(c.income_benefits_values(answers)).items() if v}
	assert income.get("income_from_any_source") == answers.get("income_from_any_source")
	back = {}
	for row in c.disability_values(answers):
		back.update(c.answers_from_disability({k: str(v) if v is not None else None for k, v in row.items()}))
	assert {k: v for k, v in back.items() if not k.endswith("_indefinite")} == {
		d.key: answers[d.key] for d in c.DISABILITIES if answers.get(d.key)
	}
