"""Who is in a household, and what kind of household it is.

The household type drives thresholds (EVH), program eligibility and HUD's reporting splits, so it is
derived from the members' ages on a reference date (the enrollment's entry date), never typed in.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from cas_coordinated_access.rules import hud
from cas_coordinated_access.rules.violations import RuleViolation, _

ADULT_AGE = 18
DEFAULT_YOUTH_AGE_LIMIT = 24

INDIVIDUAL_ADULT = "Individual Adult"
FAMILY_WITH_CHILDREN = "Family with Children"
ADULTS_ONLY = "Adults Only"
UNACCOMPANIED_YOUTH = "Unaccompanied Youth"
UNKNOWN = "Unknown"

HOUSEHOLD_TYPES = (INDIVIDUAL_ADULT, FAMILY_WITH_CHILDREN, ADULTS_ONLY, UNACCOMPANIED_YOUTH, UNKNOWN)


def age_on(date_of_birth: date | None, on: date) -> int | None:
	"""Whole years of age on ``on``; None when the date of birth is unknown."""
	if not date_of_birth:
		return None
	had_birthday = (on.month, on.day) >= (date_of_birth.month, date_of_birth.day)
	return on.year - date_of_birth.year - (0 if had_birthday else 1)


def household_type(ages: Sequence[int | None], youth_age_limit: int = DEFAULT_YOUTH_AGE_LIMIT) -> str:
	"""The household type from the members' ages (None = unknown age).

	- Family with Children: at least one minor and at least one adult.
	- Unaccompanied Youth: nobody older than the youth age limit and no adult caring for a minor
	  (HUD's "only children" households and unaccompanied youth up to 24).
	- Individual Adult: one person over the youth age limit.
	- Adults Only: two or more adults, at least one over the youth age limit.
	- Unknown: no members, or ages missing where they would change the answer.
	"""
	known = [age for age in ages if age is not None]
	has_minor = any(age < ADULT_AGE for age in known)
	has_adult = any(age >= ADULT_AGE for age in known)
	if has_minor and has_adult:
		return FAMILY_WITH_CHILDREN
	if not ages or len(known) < len(ages):
		return UNKNOWN
	if all(age <= youth_age_limit for age in known):
		return UNACCOMPANIED_YOUTH
	return INDIVIDUAL_ADULT if len(known) == 1 else ADULTS_ONLY


def has_minor_child(ages: Iterable[int | None]) -> bool:
	return any(age is not None and age < ADULT_AGE for age in ages)


@dataclass(frozen=True)
class Member:
	client: str
	relationship: str | None  # HUD 3.15.1 label


def check_members(head_of_household: str, members: Sequence[Member]) -> None:
	"""HUD 3.15: exactly one member is the head of household (the enrollment's client); nobody twice."""
	seen = set()
	for member in members:
		if member.client in seen:
			raise RuleViolation(
				_("{client} is listed twice in the household."),
				title=_("Duplicate member"),
				client=member.client,
			)
		seen.add(member.client)
		if not member.relationship:
			raise RuleViolation(
				_("Choose the relationship to the head of household for {client}."),
				title=_("Missing relationship"),
				client=member.client,
			)

	heads = [m.client for m in members if _is_head(m)]
	if heads != [head_of_household]:
		raise RuleViolation(
			_(
				"The household must have exactly one head of household, {client}, marked 'Self (Head of"
				" Household)'; every other member needs another relationship."
			),
			title=_("Head of household"),
			client=head_of_household,
		)


def _is_head(member: Member) -> bool:
	return hud.code_for(hud.RELATIONSHIP_TO_HOH, member.relationship) == hud.SELF_HEAD_OF_HOUSEHOLD
