from datetime import date

import pytest

from cas_coordinated_access.rules import evh, isp, scoring
from cas_coordinated_access.rules import household as hh
from cas_coordinated_access.rules.violations import RuleViolation
from tests.unit import test_default_question_sets as defaults

# The seed factors and the loader live with the other default-question-set tests.
SINGLE_FACTORS = set(defaults.SINGLE_FACTORS)
FAMILY_FACTORS = set(defaults.FAMILY_FACTORS)
THRESHOLDS = defaults.THRESHOLDS
load = defaults.load


def answers_for(question_set, household_type, factors):
	"""The answer showing each named factor, and a zero-point answer everywhere else."""
	answers = {}
	for question in question_set.questions:
		if not question.applies_to(household_type):
			continue
		factor = next((o for o in question.options if o.evh_factor in factors), None)
		zero = next(o for o in question.options if o.points == 0)
		answers[question.code] = (factor or zero).label
	return answers


@pytest.mark.parametrize("name", ["default_housing_conversation_tool.json", "default_crisis_assessment.json"])
def test_default_sets_load_and_carry_every_seed_factor(name):
	question_set = load(name)
	factors = {o.evh_factor for q in question_set.questions for o in q.options if o.evh_factor}
	assert SINGLE_FACTORS | FAMILY_FACTORS <= factors
	assert "replace" in question_set.name.lower()


@pytest.mark.parametrize("name", ["default_housing_conversation_tool.json", "default_crisis_assessment.json"])
def test_three_factors_make_an_individual_evh_and_none_keeps_them_below(name):
	question_set = load(name)
	three = {
		"Fleeing domestic violence or trafficking",
		"Disabling condition",
		"Sleeping outdoors or in a tent",
	}
	result = scoring.score(
		question_set, answers_for(question_set, hh.INDIVIDUAL_ADULT, three), hh.INDIVIDUAL_ADULT
	)
	assert evh.evaluate(result.total, hh.INDIVIDUAL_ADULT, THRESHOLDS).is_evh
	none = scoring.score(
		question_set, answers_for(question_set, hh.INDIVIDUAL_ADULT, set()), hh.INDIVIDUAL_ADULT
	)
	assert none.total == 0 and not evh.evaluate(none.total, hh.INDIVIDUAL_ADULT, THRESHOLDS).is_evh


@pytest.mark.parametrize("name", ["default_housing_conversation_tool.json", "default_crisis_assessment.json"])
def test_family_factors_and_two_more_reach_the_family_threshold(name):
	question_set = load(name)
	factors = FAMILY_FACTORS | {"Fleeing domestic violence or trafficking", "Disabling condition"}
	answers = answers_for(question_set, hh.FAMILY_WITH_CHILDREN, factors)
	result = scoring.score(question_set, answers, hh.FAMILY_WITH_CHILDREN)
	assert evh.evaluate(result.total, hh.FAMILY_WITH_CHILDREN, THRESHOLDS).is_evh
	only_family = scoring.score(
		question_set,
		answers_for(question_set, hh.FAMILY_WITH_CHILDREN, FAMILY_FACTORS),
		hh.FAMILY_WITH_CHILDREN,
	)
	assert not evh.evaluate(only_family.total, hh.FAMILY_WITH_CHILDREN, THRESHOLDS).is_evh


def test_hct_covers_the_seed_topics():
	sections = {q.section for q in load("default_housing_conversation_tool.json").questions}
	assert {
		"Housing History",
		"Risks and Safety",
		"Health and Disability",
		"Daily Living and Supports",
		"Youth and Foster Care",
		"Family",
	} <= sections


class TestISP:
	def goal(self, number=1, category="Housing", days=30):
		return isp.Goal(number, category, date(2026, 11, 9), days)

	def test_target_date(self):
		assert isp.target_date(date(2026, 11, 9), 30) == date(2026, 12, 9)

	def test_needs_a_housing_goal(self):
		isp.check_goals([self.goal()])
		with pytest.raises(RuleViolation, match="housing goal"):
			isp.check_goals([self.goal(category="Income and Employment")])
		with pytest.raises(RuleViolation, match="housing goal"):
			isp.check_goals([])

	def test_timeline_at_least_a_day(self):
		with pytest.raises(RuleViolation, match="at least one day"):
			isp.check_goals([self.goal(days=0)])

	def test_steps_belong_to_goals(self):
		isp.check_steps({1, 2}, [1, 2, 2])
		with pytest.raises(RuleViolation, match="goal 3"):
			isp.check_steps({1, 2}, [3])
