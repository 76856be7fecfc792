import json
from pathlib import Path

import pytest

from cas_coordinated_access.rules import crisis, evh, scoring
from cas_coordinated_access.rules import household as hh
from cas_coordinated_access.rules.scoring import Recommendation, ScoreResult

SHELTER, PSAP, CASE_MANAGEMENT = "Shelter Referral", "PSAP Eligible", "Case Management Referral"
DEFAULT_SET = scoring.question_set_from_dict(
	json.loads(
		(
			Path(__file__).resolve().parents[2]
			/ "cas_coordinated_access/coordinated_access/data/default_crisis_assessment.json"
		).read_text(encoding="utf-8")
	)
)


def recommend(rules, total=0, answers=None, is_evh=False):
	return crisis.recommend(rules, ScoreResult(total), answers or {}, is_evh)


class TestRules:
	def test_every_condition_given_must_hold(self):
		rule = Recommendation(SHELTER, min_score=4, any_answers=(("Q1", "Outside"),), require_evh=True)
		assert recommend([rule], 4, {"Q1": "Outside"}, True) == {
			SHELTER: ("score 4 is at least 4", "answered Q1: Outside", "extremely vulnerable household")
		}
		assert recommend([rule], 3, {"Q1": "Outside"}, True) == {}
		assert recommend([rule], 4, {"Q1": "Car"}, True) == {}
		assert recommend([rule], 4, {"Q1": "Outside"}, False) == {}

	def test_any_one_of_the_answers_is_enough_and_each_chosen_one_is_a_reason(self):
		rule = Recommendation(PSAP, any_answers=(("Q1", "Yes"), ("Q2", "Yes"), ("Q3", "Yes")))
		assert recommend([rule], answers={"Q2": "Yes"}) == {PSAP: ("answered Q2: Yes",)}
		assert recommend([rule], answers={"Q1": "Yes", "Q3": "Yes"}) == {
			PSAP: ("answered Q1: Yes", "answered Q3: Yes")
		}

	def test_rules_for_the_same_outcome_add_their_reasons_once(self):
		rules = [
			Recommendation(CASE_MANAGEMENT, min_score=4),
			Recommendation(CASE_MANAGEMENT, any_answers=(("Q5", "Yes"),)),
			Recommendation(CASE_MANAGEMENT, min_score=4),
		]
		assert recommend(rules, 5, {"Q5": "Yes"}) == {
			CASE_MANAGEMENT: ("score 5 is at least 4", "answered Q5: Yes")
		}

	def test_no_rules_no_outcomes(self):
		assert recommend([], 40, {"Q1": "Yes"}, True) == {}


NOBODY_AT_RISK = {
	"CA-01": "In a shelter or a motel",
	"CA-02": "No",
	"CA-03": "Not sure",
	"CA-04": "Not sure",
	"CA-05": "No",
	"CA-06": "No",
	"CA-07": "No",
	"CA-08": "No",
	"CA-09": "25 to 55",
	"CA-10": "Less than a year",
	"CA-14": "No",
}


def default_outcomes(changes=None):
	answers = {**NOBODY_AT_RISK, **(changes or {})}
	result = scoring.score(DEFAULT_SET, answers, hh.INDIVIDUAL_ADULT)
	is_evh = evh.evaluate(result.total, hh.INDIVIDUAL_ADULT, evh.Thresholds(6, 10)).is_evh
	return crisis.recommend(DEFAULT_SET.recommendations, result, answers, is_evh)


class TestDefaultCrisisAssessment:
	def test_no_needs_no_outcome(self):
		assert default_outcomes() == {}

	@pytest.mark.parametrize(
		"changes, outcome",
		[
			({"CA-01": "Outdoors, in a tent, or another place not meant for people to live"}, SHELTER),
			({"CA-01": "In a vehicle"}, SHELTER),
			({"CA-02": "Yes"}, SHELTER),
			({"CA-03": "Yes"}, PSAP),
			({"CA-04": "Yes"}, PSAP),
			({"CA-05": "Yes"}, CASE_MANAGEMENT),
			({"CA-14": "Yes"}, CASE_MANAGEMENT),
			({"CA-06": "Yes", "CA-07": "Yes"}, CASE_MANAGEMENT),  # score 4
		],
	)
	def test_each_trigger(self, changes, outcome):
		assert set(default_outcomes(changes)) == {outcome}

	def test_an_evh_household_is_referred_to_shelter(self):
		outcomes = default_outcomes({"CA-06": "Yes", "CA-07": "Yes", "CA-08": "Yes"})
		assert "extremely vulnerable household" in outcomes[SHELTER]
		assert set(outcomes) == {SHELTER, CASE_MANAGEMENT}
