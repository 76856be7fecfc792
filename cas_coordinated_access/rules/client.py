"""Checks of the HUD universal data elements on a client record (3.01 to 3.07)."""

import re
from datetime import date

from cas_coordinated_access.rules import hud
from cas_coordinated_access.rules.violations import RuleViolation, _

_SSN = re.compile(r"^[0-9xX]{9}$")

FULL_REPORTED = 1  # "Full name/SSN/DOB reported" in lists 3.01.5, 3.02.2 and 3.03.2


def full_name(*parts: str | None) -> str:
	return " ".join(part.strip() for part in parts if part and part.strip())


def check_name(first: str | None, last: str | None, quality: str | None) -> None:
	if not (first or last) and hud.code_for(hud.NAME_DATA_QUALITY, quality) == FULL_REPORTED:
		raise RuleViolation(
			_("A full name was reported but no first or last name is entered; enter the name or change the name data quality."),
			title=_("Name data quality"),
		)


def check_date_of_birth(date_of_birth: date | None, quality: str | None, today: date) -> None:
	if date_of_birth and date_of_birth > today:
		raise RuleViolation(
			_("The date of birth {date_of_birth} is in the future."),
			title=_("Invalid date of birth"),
			date_of_birth=date_of_birth.isoformat(),
		)
	if not date_of_birth and hud.code_for(hud.DOB_DATA_QUALITY, quality) in (FULL_REPORTED, 2):
		raise RuleViolation(
			_("The date of birth data quality says a date was reported, but none is entered."),
			title=_("Date of birth data quality"),
		)


def check_ssn(ssn: str | None, quality: str | None) -> None:
	if ssn and not _SSN.match(ssn):
		raise RuleViolation(
			_("An SSN has 9 characters: digits, or x for a digit the client does not know."),
			title=_("Invalid SSN"),
		)
	if not ssn and hud.code_for(hud.SSN_DATA_QUALITY, quality) in (FULL_REPORTED, 2):
		raise RuleViolation(
			_("The SSN data quality says an SSN was reported, but none is entered."),
			title=_("SSN data quality"),
		)


def check_none_answer(selected: list[str], none_answer: str | None, element: str) -> None:
	"""HUD's RaceNone/GenderNone may be given only when no category is selected."""
	if selected and none_answer:
		raise RuleViolation(
			_("{element}: clear the 'none' answer ({answer}) or the selected categories; not both."),
			title=_("Conflicting answers"),
			element=element,
			answer=none_answer,
		)
