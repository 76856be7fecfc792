import pytest
from hypothesis import given
from hypothesis import strategies as st

from cas_coordinated_access.rules import crisis, evh, scoring
from cas_coordinated_access.rules import household as hh
from cas_coordinated_access.rules.violations import RuleViolation

SET = scoring.question_set_from_dict(
	{
		"name": "Test",
		"kind": "Housing Conversation Tool",
		"questions": [
			{
				"code": "Q1",
				"text": "Slept where?",
				"section": "History",
				"options": [
					{"label": "Outside", "points": 2, "evh_factor": "Sleeping outdoors"},
					{"label": "Shelter", "points": 1},
				],
			},
			{
				"code": "Q2",
				"text": "Fleeing DV?",
				"section": "Safety",
				"options": [
					{"label": "Yes", "points": 2, "evh_factor": "Fleeing DV"},
					{"label": "No", "points": 0},
				],
			},
			{
				"code": "Q3",
				"text": "Child under 5?",
				"section": "Family",
				"household_types": ["Family with Children"],
				"options": [
					{"label": "Yes", "points": 2, "evh_factor": "Child under 5"},
					{"label": "No", "points": 0},
				],
			},
			{
				"code": "Q4",
				"text": "Foster care?",
				"section": "Youth",
				"required": False,
				"options": [{"label": "Yes", "points": 1}, {"label": "No", "points": 0}],
			},
		],
		"recommendations": [
			{"outcome": "Shelter Referral", "any_answers": [["Q1", "Outside"]]},
			{"outcome": "Shelter Referral", "require_evh": True},
			{"outcome": "Case Management Referral", "min_score": 3},
		],
	}
)
THRESHOLDS = evh.Thresholds(individual=6, family=10)


class TestScore:
	def test_totals_sections_and_factors(self):
		result = scoring.score(SET, {"Q1": "Outside", "Q2": "Yes", "Q4": "Yes"}, hh.INDIVIDUAL_ADULT)
		assert result.total == 5
		assert result.section_scores == {"History": 2, "Safety": 2, "Youth": 1}
		assert result.evh_factors == ("Sleeping outdoors", "Fleeing DV")
		assert result.missing_required == ()

	def test_family_questions_only_for_families(self):
		assert scoring.score(SET, {}, hh.FAMILY_WITH_CHILDREN).missing_required == ("Q1", "Q2", "Q3")
		assert scoring.score(SET, {}, hh.INDIVIDUAL_ADULT).missing_required == ("Q1", "Q2")
		with pytest.raises(RuleViolation, match="not asked"):
			scoring.score(SET, {"Q3": "Yes"}, hh.INDIVIDUAL_ADULT)

	def test_unknown_question_or_answer_is_refused(self):
		with pytest.raises(RuleViolation, match="does not match any question"):
			scoring.score(SET, {"Q9": "Yes"}, hh.INDIVIDUAL_ADULT)
		with pytest.raises(RuleViolation, match="not one of the answers"):
			scoring.score(SET, {"Q2": "Maybe"}, hh.INDIVIDUAL_ADULT)

	def test_check_complete(self):
		with pytest.raises(RuleViolation, match="Q2"):
			scoring.check_complete(scoring.score(SET, {"Q1": "Shelter"}, hh.INDIVIDUAL_ADULT))

	def test_broken_sets_are_refused(self):
		with pytest.raises(RuleViolation, match="used twice"):
			scoring.question_set_from_dict(
				{
					"name": "x",
					"kind": "k",
					"questions": [
						{"code": "A", "text": "a", "section": "s"},
						{"code": "A", "text": "b", "section": "s"},
					],
				}
			)

	@given(
		st.dictionaries(
			st.sampled_from(["Q1", "Q2", "Q4"]), st.sampled_from(["Yes", "No", "Outside", "Shelter"])
		)
	)
	def test_total_is_the_sum_of_sections(self, answers):
		try:
			result = scoring.score(SET, answers, hh.INDIVIDUAL_ADULT)
		except RuleViolation:
			return
		assert result.total == sum(result.section_scores.values())


class TestEVH:
	@pytest.mark.parametrize(
		"household_type, score, expected",
		[
			(hh.INDIVIDUAL_ADULT, 5, False),
			(hh.INDIVIDUAL_ADULT, 6, True),
			(hh.INDIVIDUAL_ADULT, 7, True),
			(hh.FAMILY_WITH_CHILDREN, 9, False),
			(hh.FAMILY_WITH_CHILDREN, 10, True),
			(hh.FAMILY_WITH_CHILDREN, 11, True),
			(hh.ADULTS_ONLY, 5, False),
			(hh.ADULTS_ONLY, 6, True),
			(hh.UNACCOMPANIED_YOUTH, 6, True),
			(hh.UNKNOWN, 6, True),
		],
	)
	def test_thresholds(self, household_type, score, expected):
		assert evh.evaluate(score, household_type, THRESHOLDS).is_evh is expected

	def test_other_households_threshold_is_a_setting(self):
		other = evh.Thresholds(individual=6, family=10, other=8)
		assert not evh.evaluate(7, hh.ADULTS_ONLY, other).is_evh
		assert evh.evaluate(8, hh.UNACCOMPANIED_YOUTH, other).is_evh
		assert evh.evaluate(6, hh.INDIVIDUAL_ADULT, other).is_evh

	def test_reasons_name_the_score_and_factors(self):
		result = evh.evaluate(7, hh.INDIVIDUAL_ADULT, THRESHOLDS, ("Fleeing DV",))
		assert "7" in result.reasons[0] and "6" in result.reasons[0]
		assert result.reasons[1] == "EVH factor: Fleeing DV"

	def test_since(self):
		from datetime import date

		d1, d2 = date(2026, 1, 5), date(2026, 2, 5)
		assert evh.since(False, None, True, d2) == d2
		assert evh.since(True, d1, True, d2) == d1
		assert evh.since(True, d1, False, d2) is None

	@given(st.integers(min_value=0, max_value=40), st.sampled_from(hh.HOUSEHOLD_TYPES))
	def test_evh_exactly_at_or_above_threshold(self, score, household_type):
		result = evh.evaluate(score, household_type, THRESHOLDS)
		assert result.is_evh == (score >= result.threshold)


class TestCrisis:
	def test_recommendations(self):
		result = scoring.score(SET, {"Q1": "Outside", "Q2": "No"}, hh.INDIVIDUAL_ADULT)
		outcomes = crisis.recommend(SET.recommendations, result, {"Q1": "Outside", "Q2": "No"}, False)
		assert set(outcomes) == {"Shelter Referral"}
		assert outcomes["Shelter Referral"] == ("answered Q1: Outside",)

	def test_evh_and_score_rules(self):
		result = scoring.score(SET, {"Q1": "Shelter", "Q2": "Yes"}, hh.INDIVIDUAL_ADULT)
		outcomes = crisis.recommend(SET.recommendations, result, {"Q1": "Shelter", "Q2": "Yes"}, True)
		assert set(outcomes) == {"Shelter Referral", "Case Management Referral"}
		assert crisis.recommend(SET.recommendations, result, {}, False).keys() == {"Case Management Referral"}
