"""The weekly case conference: which households the facilitator brings to the table and why, and what a
next step owes its owner.

CoCs lose referrals to households that "could not be located" or are "not document ready", and to EVH
households left without a shelter bed. The agenda puts those in front of the partners who can act: the
first ``per_reason`` households of each reason (the worst first), each household once with every reason it
has, in the order of the reasons below.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from cas_coordinated_access.rules.violations import RuleViolation, _

EVH_WITHOUT_SHELTER = "EVH without a shelter referral"
STALLED_REFERRAL = "Referral stalled"
DENIED_REFERRAL = "Referral denied, awaiting review"
NOT_DOCUMENT_READY = "Not document ready"
LONGEST_ON_QUEUE = "Longest on the queue"
ADDED_BY_FACILITATOR = "Added by the facilitator"

# The order the agenda takes them in: who may be on the street tonight first, then referrals about to be
# lost, then what keeps the next offer from succeeding, then who has waited longest.
REASONS = (EVH_WITHOUT_SHELTER, STALLED_REFERRAL, DENIED_REFERRAL, NOT_DOCUMENT_READY, LONGEST_ON_QUEUE)


@dataclass(frozen=True)
class Candidate:
	"""A household that has a reason to be discussed: ``weight`` orders households within a reason (the larger
	comes first: days waiting, days stalled); ``detail`` says what the facilitator should know."""

	enrollment: str
	reason: str
	weight: float = 0
	detail: str = ""


@dataclass(frozen=True)
class AgendaItem:
	enrollment: str
	reasons: tuple[Candidate, ...]

	@property
	def first_reason(self) -> str:
		return self.reasons[0].reason


def build_agenda(
	candidates: Iterable[Candidate], per_reason: int, already_on: Iterable[str] = ()
) -> list[AgendaItem]:
	"""The agenda: for each reason, its ``per_reason`` heaviest households; a household chosen once lists
	every reason it has (so the table sees the whole picture), under the first of them. Households already
	on the conference are left out."""
	if per_reason < 1:
		raise RuleViolation(_("An agenda takes at least one household of each reason."))
	skip = set(already_on)
	by_reason: dict[str, list[Candidate]] = {reason: [] for reason in REASONS}
	by_household: dict[str, list[Candidate]] = {}
	for candidate in candidates:
		if candidate.reason not in by_reason:
			raise RuleViolation(
				_("Unknown agenda reason: {reason}."), title=_("Case Conference"), reason=candidate.reason
			)
		if candidate.enrollment in skip:
			continue
		by_reason[candidate.reason].append(candidate)
		by_household.setdefault(candidate.enrollment, []).append(candidate)
	chosen: list[str] = []
	for reason in REASONS:
		ranked = sorted(by_reason[reason], key=lambda c: (-c.weight, c.enrollment))
		for candidate in ranked[:per_reason]:
			if candidate.enrollment not in chosen:
				chosen.append(candidate.enrollment)
	return sorted(
		(AgendaItem(name, _in_reason_order(by_household[name])) for name in chosen),
		key=lambda item: (REASONS.index(item.first_reason), -item.reasons[0].weight, item.enrollment),
	)


def _in_reason_order(candidates: list[Candidate]) -> tuple[Candidate, ...]:
	best: dict[str, Candidate] = {}
	for candidate in candidates:
		if candidate.reason not in best or candidate.weight > best[candidate.reason].weight:
			best[candidate.reason] = candidate
	return tuple(best[reason] for reason in REASONS if reason in best)


def describe(reasons: Iterable[Candidate], translate: Callable[[str], str] = _) -> str:
	"""One line per reason, as the agenda and the discussion show them (``translate``: the caller's)."""
	return "\n".join(
		f"{translate(candidate.reason)}: {candidate.detail}"
		if candidate.detail
		else translate(candidate.reason)
		for candidate in reasons
	)


@dataclass(frozen=True)
class NextStep:
	step: str
	owner: str | None
	due_on: date | None


def check_next_steps(steps: Iterable[NextStep], conference_date: date) -> None:
	"""A next step is someone's work by a date: without an owner or a due date it is nobody's, and one due
	before the conference met cannot have been decided there."""
	for number, step in enumerate(steps, start=1):
		if not (step.step or "").strip():
			raise RuleViolation(_("Next step {number}: say what is to be done."), number=number)
		if not step.owner:
			raise RuleViolation(_("Next step {number}: choose who will do it."), number=number)
		if not step.due_on:
			raise RuleViolation(_("Next step {number}: give the date it is due."), number=number)
		if step.due_on < conference_date:
			raise RuleViolation(
				_("Next step {number} is due before the conference met; give a date on or after it."),
				number=number,
			)


def check_review_date(review_on: date | None, conference_date: date) -> None:
	if review_on and review_on <= conference_date:
		raise RuleViolation(_("Review the household again after this conference, not on or before it."))
