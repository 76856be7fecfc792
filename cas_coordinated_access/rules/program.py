"""Checks of a program's HUD project descriptor (2.02) and its referral settings."""

import re
from datetime import date

from cas_coordinated_access.rules import hud
from cas_coordinated_access.rules.violations import RuleViolation, _

_COC_CODE = re.compile(r"^[A-Za-z]{2}-[0-9]{3}$")
RAPID_REHOUSING = 13


def check_coc_code(coc_code: str | None) -> None:
	if coc_code and not _COC_CODE.match(coc_code):
		raise RuleViolation(
			_(
				"The CoC code {coc_code} is not a HUD CoC code; it looks like CA-503 (two letters, a dash, three digits)."
			),
			title=_("Invalid CoC code"),
			coc_code=coc_code,
		)


def check_operating_dates(start: date | None, end: date | None) -> None:
	if start and end and end < start:
		raise RuleViolation(
			_("The operating end date {end} is before the start date {start}."),
			title=_("Invalid operating dates"),
			start=start.isoformat(),
			end=end.isoformat(),
		)


def check_rrh_subtype(project_type: str | None, rrh_sub_type: str | None) -> None:
	is_rrh = hud.code_for(hud.PROJECT_TYPE, project_type) == RAPID_REHOUSING
	if is_rrh and not rrh_sub_type:
		raise RuleViolation(
			_("A Rapid Re-Housing program needs its RRH subtype (HUD 2.02.A)."),
			title=_("Missing RRH subtype"),
		)
	if not is_rrh and rrh_sub_type:
		raise RuleViolation(
			_("An RRH subtype applies only to Rapid Re-Housing programs; clear it."),
			title=_("RRH subtype not applicable"),
		)


def check_household_types(accepts_referrals: bool, served: list[bool]) -> None:
	if accepts_referrals and not any(served):
		raise RuleViolation(
			_("A program that takes Community Queue referrals must serve at least one household type."),
			title=_("No household types served"),
		)
