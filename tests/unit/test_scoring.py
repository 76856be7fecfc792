import pytest
from hypothesis import given
from hypothesis import strategies as st

from cas_coordinated_access.rules import household as hh
from cas_coordinated_access.rules import scoring
from cas_coordinated_access.rules.violations import RuleViolation

YES_NO = [{"label": "Yes", "points": 1}, {"label": "No", "points": 0}]


def question(code, section, options=YES_NO, **values):
	return {"code": code, "text": f"Question {code}?", "section": section, "options": options, **values}


SET = scoring.question_set_from_dict(
	{
		"name": "Sections",
		"kind": "Housing Conversation Tool",
		"questions": [
			question("H1", "Health"),
			question("F1", "Family", household_types=["Family with Children"]),
			question("S1", "Safety", [{"label": "Yes", "points": 2, "evh_factor": "Fleeing DV"}, YES_NO[1]]),
			question("H2", "Health", [{"label": "Yes", "points": 2, "evh_factor": "Disabling condition"}]),
			question("S2", "Safety", [{"label": "Yes", "points": 2, "evh_factor": "Fleeing DV"}, YES_NO[1]]),
			question("O1", "Optional", required=False),
		],
	}
)


class TestQuestionSetFromDict:
	def test_defaults(self):
		h1 = SET.questions[0]
		assert h1.required and h1.household_types == frozenset()
		assert h1.options == (scoring.Option("Yes", 1, None), scoring.Option("No", 0, None))
		assert SET.recommendations == ()

	def test_blank_points_and_factor_are_none(self):
		built = scoring.question_set_from_dict(
			{
				"name": "x",
				"kind": "k",
				"questions": [question("A", "s", [{"label": "Yes", "points": None, "evh_factor": ""}])],
			}
		)
		assert built.questions[0].options == (scoring.Option("Yes", 0, None),)

	def test_same_answer_twice_is_refused(self):
		with pytest.raises(RuleViolation, match="A offers the same answer twice"):
			scoring.question_set_from_dict(
				{"name": "x", "kind": "k", "questions": [question("A", "s", [YES_NO[0], YES_NO[0]])]}
			)

	@pytest.mark.parametrize(
		"rule, message",
		[
			({"outcome": "PSAP Eligible", "any_answers": [["Z9", "Yes"]]}, "Z9: Yes"),
			({"outcome": "PSAP Eligible", "any_answers": [["H1", "Maybe"]]}, "H1: Maybe"),
			({"outcome": "Shelter Referral", "min_score": None}, "no condition"),
		],
	)
	def test_recommendations_that_could_never_or_always_apply_are_refused(self, rule, message):
		with pytest.raises(RuleViolation, match=message):
			scoring.question_set_from_dict(
				{"name": "x", "kind": "k", "questions": [question("H1", "s")], "recommendations": [rule]}
			)


class TestScore:
	def test_sections_keep_the_order_they_first_appear_in(self):
		result = scoring.score(SET, {"S1": "Yes"}, hh.INDIVIDUAL_ADULT)
		assert list(result.section_scores) == ["Health", "Safety", "Optional"]
		assert list(scoring.score(SET, {}, hh.FAMILY_WITH_CHILDREN).section_scores)[1] == "Family"

	def test_each_factor_once_in_question_order(self):
		result = scoring.score(SET, {"S2": "Yes", "H2": "Yes", "S1": "Yes"}, hh.INDIVIDUAL_ADULT)
		assert result.evh_factors == ("Fleeing DV", "Disabling condition")
		assert result.total == 6 and result.section_scores["Safety"] == 4

	def test_answered_and_optional_questions(self):
		result = scoring.score(SET, {"H1": "No", "H2": "Yes", "S1": "No", "S2": "No"}, hh.INDIVIDUAL_ADULT)
		assert result.answered == 4
		assert result.missing_required == ()
		scoring.check_complete(result)

	def test_refusals_name_the_question(self):
		with pytest.raises(RuleViolation, match="F1 is not asked of a household of this type"):
			scoring.score(SET, {"F1": "Yes"}, hh.ADULTS_ONLY)
		with pytest.raises(RuleViolation, match="'Often' is not one of the answers to question H1"):
			scoring.score(SET, {"H1": "Often"}, hh.INDIVIDUAL_ADULT)

	def test_check_complete_lists_every_missing_question(self):
		with pytest.raises(RuleViolation, match="H1, F1, S1, H2, S2") as refused:
			scoring.check_complete(scoring.score(SET, {}, hh.FAMILY_WITH_CHILDREN))
		assert refused.value.title == "Unanswered questions"

	def test_check_complete_names_the_rows_the_assessor_sees(self):
		"""Issue 16: the grid shows row numbers and question text, not codes."""
		rows = {"H1": "row 1 (Where did you sleep?)", "F1": "row 2 (Children with you?)"}
		result = scoring.score(SET, {}, hh.FAMILY_WITH_CHILDREN)
		with pytest.raises(RuleViolation, match=r"row 1 \(Where did you sleep\?\); row 2 .*; S1; H2; S2"):
			scoring.check_complete(result, describe=rows.get)


answers = st.dictionaries(st.sampled_from(["H1", "S1", "H2", "S2", "O1"]), st.sampled_from(["Yes", "No"]))


@given(answers)
def test_total_is_the_points_of_the_chosen_answers(chosen):
	chosen = {code: label for code, label in chosen.items() if code != "H2" or label == "Yes"}
	result = scoring.score(SET, chosen, hh.INDIVIDUAL_ADULT)
	by_code = {q.code: q for q in SET.questions}
	assert result.total == sum(by_code[code].option(label).points for code, label in chosen.items())
	assert result.answered == len(chosen)
	assert set(result.missing_required).isdisjoint(chosen)
