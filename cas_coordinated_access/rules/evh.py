"""Extremely Vulnerable Households (EVH): individuals scoring 6 or more and families 10 or more on the HCT
or the Crisis Assessment (CAS Settings hold the thresholds) are escalated for shelter and housing."""

from dataclasses import dataclass
from datetime import date

from cas_coordinated_access.rules import household
from cas_coordinated_access.rules.violations import _


@dataclass(frozen=True)
class Thresholds:
	individual: int
	family: int
	other: int | None = None  # adult-only households and youth; None or 0: the individual threshold


@dataclass(frozen=True)
class EVHResult:
	is_evh: bool
	threshold: int
	reasons: tuple[str, ...]


def threshold_for(household_type: str, thresholds: Thresholds) -> int:
	return _threshold(household_type, thresholds)[1]


def _threshold(household_type: str, thresholds: Thresholds) -> tuple[str, int]:
	"""Which threshold applies, named for the reasons: adult-only households, youth and households of
	unknown type use the individual threshold unless the CoC set one of their own."""
	if household_type == household.FAMILY_WITH_CHILDREN:
		return _("family"), thresholds.family
	if household_type == household.INDIVIDUAL_ADULT or not thresholds.other:
		return _("individual"), thresholds.individual
	return _("other-household"), thresholds.other


def evaluate(
	score: int, household_type: str, thresholds: Thresholds, evh_factors: tuple[str, ...] = ()
) -> EVHResult:
	"""EVH when the score reaches the household's threshold; the reasons say which threshold and list the
	EVH factors the answers show (an assessor reads them on the assessment)."""
	which, threshold = _threshold(household_type, thresholds)
	is_evh = score >= threshold
	verdict = (
		_("Score {score} reaches the {which} threshold of {threshold}.")
		if is_evh
		else _("Score {score} is below the {which} threshold of {threshold}.")
	)
	reasons = (
		verdict.format(score=score, which=which, threshold=threshold),
		*(_("EVH factor: {factor}").format(factor=factor) for factor in evh_factors),
	)
	return EVHResult(is_evh, threshold, reasons)


def since(
	previous_is_evh: bool, previous_since: date | None, now_is_evh: bool, assessed_on: date
) -> date | None:
	"""EVH since when: kept while the household stays EVH, started when it becomes EVH, cleared when not."""
	if not now_is_evh:
		return None
	if previous_is_evh and previous_since:
		return min(previous_since, assessed_on)
	return assessed_on
