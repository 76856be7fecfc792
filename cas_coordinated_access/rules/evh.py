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
	if household_type == household.FAMILY_WITH_CHILDREN:
		return thresholds.family
	if household_type == household.INDIVIDUAL_ADULT:
		return thresholds.individual
	return thresholds.other or thresholds.individual


def evaluate(
	score: int, household_type: str, thresholds: Thresholds, evh_factors: tuple[str, ...] = ()
) -> EVHResult:
	threshold = threshold_for(household_type, thresholds)
	is_evh = score >= threshold
	verdict = (
		_("Score {score} reaches the threshold of {threshold} for this household.")
		if is_evh
		else _("Score {score} is below the threshold of {threshold} for this household.")
	)
	reasons = (
		verdict.format(score=score, threshold=threshold),
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
