"""The Crisis Assessment's three recommendations (shelter referral, PSAP eligibility, case management),
from rules the CoC keeps in the question set."""

from collections.abc import Mapping, Sequence

from cas_coordinated_access.rules.scoring import Recommendation, ScoreResult
from cas_coordinated_access.rules.violations import _


def recommend(
	recommendations: Sequence[Recommendation], result: ScoreResult, answers: Mapping[str, str], is_evh: bool
) -> dict[str, tuple[str, ...]]:
	"""Each outcome that applies, with why. A rule applies when every condition it sets holds; several rules
	may lead to the same outcome."""
	outcomes: dict[str, list[str]] = {}
	for rule in recommendations:
		reasons = _reasons(rule, result, answers, is_evh)
		if reasons is not None:
			outcomes.setdefault(rule.outcome, []).extend(
				r for r in reasons if r not in outcomes.get(rule.outcome, [])
			)
	return {outcome: tuple(reasons) for outcome, reasons in outcomes.items()}


def _reasons(
	rule: Recommendation, result: ScoreResult, answers: Mapping[str, str], is_evh: bool
) -> list[str] | None:
	reasons = []
	if rule.min_score:
		if result.total < rule.min_score:
			return None
		reasons.append(
			_("score {score} is at least {minimum}").format(score=result.total, minimum=rule.min_score)
		)
	if rule.any_answers:
		chosen = [f"{code}: {label}" for code, label in rule.any_answers if answers.get(code) == label]
		if not chosen:
			return None
		reasons.extend(_("answered {answer}").format(answer=answer) for answer in chosen)
	if rule.require_evh:
		if not is_evh:
			return None
		reasons.append(_("extremely vulnerable household"))
	return reasons
