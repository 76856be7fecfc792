"""The two question sets the app ships: placeholders a CoC replaces, built so the EVH thresholds mean what
Sacramento's policy says (three factors make an individual EVH; a family's own factors and two more make a
family EVH)."""

import json
from itertools import combinations
from pathlib import Path

import pytest

from cas_coordinated_access.rules import evh, scoring
from cas_coordinated_access.rules import household as hh

DATA = Path(__file__).resolve().parents[2] / "cas_coordinated_access" / "coordinated_access" / "data"
HCT, CRISIS = "default_housing_conversation_tool.json", "default_crisis_assessment.json"
SINGLE_FACTORS = (
	"Fleeing domestic violence or trafficking",
	"Pregnant",
	"Disabling condition",
	"Over 55",
	"Recent mental health crisis",
	"Recent physical health crisis",
	"Sleeping outdoors or in a tent",
	"Homeless more than a year",
)
FAMILY_FACTORS = ("Several children", "A child under 5", "Single parent")
THRESHOLDS = evh.Thresholds(individual=6, family=10)


def raw(name):
	return json.loads((DATA / name).read_text(encoding="utf-8"))


def load(name):
	return scoring.question_set_from_dict(raw(name))


def total(question_set, household_type, factors):
	"""The score of a household showing exactly ``factors`` and answering 0 points everywhere else."""
	answers = {}
	for question in question_set.questions:
		if question.applies_to(household_type):
			chosen = next((o for o in question.options if o.evh_factor in factors), None)
			answers[question.code] = (chosen or next(o for o in question.options if o.points == 0)).label
	result = scoring.score(question_set, answers, household_type)
	assert set(result.evh_factors) == set(factors) and result.missing_required == ()
	return result.total


def is_evh(question_set, household_type, factors):
	return evh.evaluate(total(question_set, household_type, factors), household_type, THRESHOLDS).is_evh


@pytest.mark.parametrize("name, kind", [(HCT, "Housing Conversation Tool"), (CRISIS, "Crisis Assessment")])
def test_marked_as_a_default_to_replace(name, kind):
	data = raw(name)
	assert data["kind"] == kind
	assert data["name"].startswith("Default ") and "replace" in data["name"]
	assert "default" in data["description"] and "Replace it" in data["description"]


@pytest.mark.parametrize("name", [HCT, CRISIS])
def test_codes_unique_and_every_question_can_score_zero(name):
	questions = raw(name)["questions"]
	codes = [q["code"] for q in questions]
	assert len(codes) == len(set(codes))
	for question in questions:
		assert any(o["points"] == 0 for o in question["options"]), question["code"]


def test_sizes_and_sections():
	hct, crisis = load(HCT), load(CRISIS)
	assert 30 <= len(hct.questions) <= 40 and len({q.section for q in hct.questions}) == 6
	assert 12 <= len(crisis.questions) <= 15
	assert hct.recommendations == ()
	assert {r.outcome for r in crisis.recommendations} == {
		"Shelter Referral",
		"PSAP Eligible",
		"Case Management Referral",
	}


@pytest.mark.parametrize("name", [HCT, CRISIS])
def test_factor_answers_are_worth_two_and_the_rest_at_most_one(name):
	for question in load(name).questions:
		for option in question.options:
			assert (option.points == 2) if option.evh_factor else (option.points in (0, 1)), question.code
			if option.evh_factor in FAMILY_FACTORS:
				assert question.household_types == {hh.FAMILY_WITH_CHILDREN}


@pytest.mark.parametrize("name", [HCT, CRISIS])
@pytest.mark.parametrize("household_type", [hh.INDIVIDUAL_ADULT, hh.ADULTS_ONLY, hh.UNACCOMPANIED_YOUTH])
def test_any_three_factors_make_a_household_without_children_evh_and_two_do_not(name, household_type):
	question_set = load(name)
	for three in combinations(SINGLE_FACTORS, 3):
		assert is_evh(question_set, household_type, three)
		assert not is_evh(question_set, household_type, three[:2])


@pytest.mark.parametrize("name", [HCT, CRISIS])
def test_family_factors_and_any_two_more_make_a_family_evh_and_one_does_not(name):
	question_set = load(name)
	for two in combinations(SINGLE_FACTORS, 2):
		assert is_evh(question_set, hh.FAMILY_WITH_CHILDREN, FAMILY_FACTORS + two)
		assert not is_evh(question_set, hh.FAMILY_WITH_CHILDREN, FAMILY_FACTORS + two[:1])


@pytest.mark.parametrize("name", [HCT, CRISIS])
@pytest.mark.parametrize("household_type", hh.HOUSEHOLD_TYPES)
def test_no_factors_scores_zero(name, household_type):
	assert total(load(name), household_type, ()) == 0
