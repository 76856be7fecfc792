"""Referrals from the Community Queue: who a program may be offered, deadlines, and the HUD events and
results a referral records."""

from dataclasses import dataclass
from datetime import date, timedelta

from cas_coordinated_access.rules import household
from cas_coordinated_access.rules.violations import RuleViolation, _

# HUD 4.20.2 referral events by the receiving program's HUD project type (2.02.6).
EVENT_BY_PROJECT_TYPE = {
	0: 10,  # Emergency Shelter - Entry Exit: Referral to Emergency Shelter bed opening
	1: 10,  # Emergency Shelter - Night-by-Night
	8: 10,  # Safe Haven
	2: 11,  # Transitional Housing
	13: 13,  # PH - Rapid Re-Housing
	3: 14,  # PH - Permanent Supportive Housing
	9: 15,  # PH - Housing Only
	10: 15,  # PH - Housing with Services
	12: 1,  # Homelessness Prevention
	4: 6,  # Street Outreach
	6: 7,  # Services Only: housing navigation
}
JOINT_TH_RRH_EVENT = 12
DEFAULT_EVENT = 15  # other permanent housing

ACCEPTED, CLIENT_REJECTED, PROVIDER_REJECTED = 1, 2, 3  # HUD 4.20.D
PROVIDER, CLIENT = "Provider", "Client"


def event_for_program(project_type_code: int | None) -> int:
	return EVENT_BY_PROJECT_TYPE.get(project_type_code, DEFAULT_EVENT)


def referral_result(accepted: bool, denial_type: str | None) -> int:
	if accepted:
		return ACCEPTED
	return CLIENT_REJECTED if denial_type == CLIENT else PROVIDER_REJECTED


@dataclass(frozen=True)
class ProgramFilters:
	household_types: frozenset[str]
	veteran_only: bool = False
	requires_chronic: bool = False
	youth_only: bool = False
	open_slots: int | None = None  # None: capacity not tracked


@dataclass(frozen=True)
class Household:
	household_type: str
	veteran: bool = False
	chronic: bool = False


def ineligibility(program: ProgramFilters, candidate: Household) -> list[str]:
	"""Why a program may not be offered this household (empty: eligible)."""
	reasons = []
	if candidate.household_type not in program.household_types:
		reasons.append(_("the program does not serve {0} households").format(candidate.household_type))
	if program.veteran_only and not candidate.veteran:
		reasons.append(_("the program serves veterans only"))
	if program.requires_chronic and not candidate.chronic:
		reasons.append(_("the program requires chronic homelessness"))
	if program.youth_only and candidate.household_type != household.UNACCOMPANIED_YOUTH:
		reasons.append(_("the program serves youth only"))
	if program.open_slots is not None and program.open_slots <= 0:
		reasons.append(_("the program has no open capacity"))
	return reasons


def check_eligible(program: ProgramFilters, candidate: Household) -> None:
	reasons = ineligibility(program, candidate)
	if reasons:
		raise RuleViolation(
			_("This household cannot be referred to the program: {reasons}."),
			title=_("Not eligible"),
			reasons="; ".join(reasons),
		)


def deadline(sent_on: date, response_days: int) -> date:
	return sent_on + timedelta(days=response_days)


def deadline_after_check_in(
	current: date, checked_in_on: date, response_days: int, already_extended: bool
) -> date:
	"""A provider's check-in restarts the countdown, once."""
	if already_extended:
		raise RuleViolation(
			_("The deadline was already restarted by a check-in; it restarts only once."), title=_("Check-in")
		)
	return max(current, checked_in_on + timedelta(days=response_days))


def is_expired(deadline_on: date, today: date) -> bool:
	return today > deadline_on


def is_stalled(sent_on: date, deadline_on: date, today: date) -> bool:
	"""Past half the time a provider has to answer."""
	half = sent_on + (deadline_on - sent_on) / 2
	return today >= half and not is_expired(deadline_on, today)


def whereabouts_are_old(last_cls_on: date | None, referred_on: date, stale_after_days: int) -> bool:
	"""The provider calls on the last Current Living Situation; one older than the settings allow (or none)
	is how a household comes to be "could not be located", the commonest reason a referral fails."""
	return last_cls_on is None or (referred_on - last_cls_on).days > stale_after_days
