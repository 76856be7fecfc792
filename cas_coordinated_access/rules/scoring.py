"""Scoring a Crisis Assessment or a Housing Conversation Tool from its answers.

A question set (owned by the CoC, stored in CAS Question Set) gives each answer its points and marks the
answers that are EVH factors. Scores are always computed here from the answers: a score sent with a form
is never trusted.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from cas_coordinated_access.rules.violations import RuleViolation, _


@dataclass(frozen=True)
class Option:
	label: str
	points: int
	evh_factor: str | None = None


@dataclass(frozen=True)
class Question:
	code: str
	text: str
	section: str
	options: tuple[Option, ...]
	household_types: frozenset[str] = frozenset()  # empty: every household
	required: bool = True

	def applies_to(self, household_type: str) -> bool:
		return not self.household_types or household_type in self.household_types

	def option(self, label: str) -> Option | None:
		return next((option for option in self.options if option.label == label), None)


@dataclass(frozen=True)
class Recommendation:
	"""When the Crisis Assessment recommends an outcome: every condition given must hold."""

	outcome: str
	min_score: int | None = None
	any_answers: tuple[tuple[str, str], ...] = ()
	require_evh: bool = False


@dataclass(frozen=True)
class QuestionSet:
	name: str
	kind: str
	questions: tuple[Question, ...]
	recommendations: tuple[Recommendation, ...] = ()


@dataclass(frozen=True)
class ScoreResult:
	total: int
	section_scores: dict[str, int] = field(default_factory=dict)
	evh_factors: tuple[str, ...] = ()
	answered: int = 0
	missing_required: tuple[str, ...] = ()


def question_set_from_dict(data: Mapping) -> QuestionSet:
	"""Build a question set from plain data (as CAS Question Set stores it), refusing a broken one."""
	questions: dict[str, Question] = {}
	for raw in data.get("questions", []):
		question = _question_from_dict(raw)
		if question.code in questions:
			raise RuleViolation(
				_("The question code {code} is used twice; codes are unique in a set."),
				title=_("Duplicate question"),
				code=question.code,
			)
		questions[question.code] = question
	recommendations = tuple(
		_recommendation_from_dict(raw, questions) for raw in data.get("recommendations", [])
	)
	return QuestionSet(data["name"], data["kind"], tuple(questions.values()), recommendations)


def _question_from_dict(raw: Mapping) -> Question:
	code = raw["code"]
	options = tuple(
		Option(o["label"], int(o.get("points") or 0), o.get("evh_factor") or None)
		for o in raw.get("options", [])
	)
	if len({o.label for o in options}) != len(options):
		raise RuleViolation(
			_("Question {code} offers the same answer twice."), title=_("Duplicate answer"), code=code
		)
	return Question(
		code=code,
		text=raw["text"],
		section=raw["section"],
		options=options,
		household_types=frozenset(raw.get("household_types") or ()),
		required=bool(raw.get("required", True)),
	)


def _recommendation_from_dict(raw: Mapping, questions: Mapping[str, Question]) -> Recommendation:
	"""A rule naming an answer the set does not offer would never apply, and a rule without any condition
	would apply to everyone: both are typing mistakes an administrator must see, not silent outcomes."""
	recommendation = Recommendation(
		outcome=raw["outcome"],
		min_score=raw.get("min_score"),
		any_answers=tuple(tuple(pair) for pair in raw.get("any_answers", ())),
		require_evh=bool(raw.get("require_evh")),
	)
	for code, label in recommendation.any_answers:
		question = questions.get(code)
		if question is None or question.option(label) is None:
			raise RuleViolation(
				_("The rule for '{outcome}' names '{code}: {answer}', an answer this set does not offer."),
				title=_("Unknown answer in a recommendation"),
				outcome=recommendation.outcome,
				code=code,
				answer=label,
			)
	if not (recommendation.min_score or recommendation.any_answers or recommendation.require_evh):
		raise RuleViolation(
			_("The rule for '{outcome}' has no condition; give it a minimum score, answers or EVH."),
			title=_("Recommendation without a condition"),
			outcome=recommendation.outcome,
		)
	return recommendation


def score(question_set: QuestionSet, answers: Mapping[str, str], household_type: str) -> ScoreResult:
	"""Total and section scores, EVH factors, and the required questions still unanswered."""
	by_code = {question.code: question for question in question_set.questions}
	for code in answers:
		_check_answer(by_code.get(code), code, answers[code], household_type)

	total, sections, factors, answered, missing = 0, {}, [], 0, []
	for question in question_set.questions:
		if not question.applies_to(household_type):
			continue
		sections.setdefault(question.section, 0)
		label = answers.get(question.code)
		if not label:
			if question.required:
				missing.append(question.code)
			continue
		option = question.option(label)
		answered += 1
		total += option.points
		sections[question.section] += option.points
		if option.evh_factor and option.evh_factor not in factors:
			factors.append(option.evh_factor)
	return ScoreResult(total, sections, tuple(factors), answered, tuple(missing))


def _check_answer(question: Question | None, code: str, label: str, household_type: str) -> None:
	if question is None:
		raise RuleViolation(
			_("The answer to {code} does not match any question of this question set."),
			title=_("Unknown question"),
			code=code,
		)
	if not question.applies_to(household_type):
		raise RuleViolation(
			_("Question {code} is not asked of a household of this type ({household_type})."),
			title=_("Question does not apply"),
			code=code,
			household_type=household_type,
		)
	if question.option(label) is None:
		raise RuleViolation(
			_("'{answer}' is not one of the answers to question {code}."),
			title=_("Unknown answer"),
			answer=label,
			code=code,
		)


def check_complete(result: ScoreResult, describe: Callable[[str], str | None] | None = None) -> None:
	"""Before an assessment is final, every required question that applies has an answer. ``describe``
	names a question as the assessor sees it (its row and text); the code where it has no description."""
	if result.missing_required:
		if describe:
			questions = "; ".join(describe(code) or code for code in result.missing_required)
		else:
			questions = ", ".join(result.missing_required)
		raise RuleViolation(
			_("Answer the remaining required questions before submitting: {codes}."),
			title=_("Unanswered questions"),
			codes=questions,
		)
