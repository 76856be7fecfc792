"""Checks of the HUD universal data elements on a client record (3.01 to 3.07)."""

import re
from datetime import date

from cas_coordinated_access.rules import hud
from cas_coordinated_access.rules.violations import RuleViolation, _

_SSN = re.compile(r"^[0-9xX]{9}$")

FULL_REPORTED = 1  # "Full name/SSN/DOB reported" in lists 3.01.5, 3.02.2 and 3.03.2
PARTIAL_REPORTED = 2

# The client form's check boxes of HUD 3.04 (race and ethnicity) and 3.06 (gender, FY2024).
RACE_FIELDS = (
	"am_ind_ak_native",
	"asian",
	"black_af_american",
	"hispanic_latinaeo",
	"mid_east_n_african",
	"native_hi_pacific",
	"white",
)
GENDER_FIELDS = (
	"woman",
	"man",
	"culturally_specific",
	"non_binary",
	"transgender",
	"questioning",
	"different_identity",
)


def full_name(*parts: str | None) -> str:
	return " ".join(part.strip() for part in parts if part and part.strip())


def check_name(first: str | None, last: str | None, quality: str | None) -> None:
	if not (first or last) and hud.code_for(hud.NAME_DATA_QUALITY, quality) == FULL_REPORTED:
		raise RuleViolation(
			_(
				"A full name was reported but no first or last name is entered; enter the name or change the name data quality."
			),
			title=_("Name data quality"),
		)


def check_date_of_birth(date_of_birth: date | None, quality: str | None, today: date) -> None:
	if date_of_birth and date_of_birth > today:
		raise RuleViolation(
			_("The date of birth {date_of_birth} is in the future."),
			title=_("Invalid date of birth"),
			date_of_birth=date_of_birth.isoformat(),
		)
	if not date_of_birth and hud.code_for(hud.DOB_DATA_QUALITY, quality) in (FULL_REPORTED, PARTIAL_REPORTED):
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
	if not ssn and hud.code_for(hud.SSN_DATA_QUALITY, quality) in (FULL_REPORTED, PARTIAL_REPORTED):
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


# When the assessor leaves a data-quality answer empty, it follows from what was entered; an answer
# they chose is kept (and checked above).


def default_name_quality(first: str | None, last: str | None) -> str:
	code = FULL_REPORTED if first and last else PARTIAL_REPORTED if first or last else hud.DATA_NOT_COLLECTED
	return hud.label_for(hud.NAME_DATA_QUALITY, code)


def default_dob_quality(date_of_birth: date | None) -> str:
	return hud.label_for(hud.DOB_DATA_QUALITY, FULL_REPORTED if date_of_birth else hud.DATA_NOT_COLLECTED)


def default_ssn_quality(ssn: str | None) -> str:
	if not ssn:
		code = hud.DATA_NOT_COLLECTED
	else:
		code = PARTIAL_REPORTED if "x" in ssn.lower() else FULL_REPORTED
	return hud.label_for(hud.SSN_DATA_QUALITY, code)


def none_answer(selected: list[str], answer: str | None) -> str | None:
	"""HUD's RaceNone/GenderNone: 'Data not collected' when nothing is selected or answered, and
	dropped again once a category is selected (a chosen 'prefers not to answer' is kept and checked)."""
	not_collected = hud.label_for(hud.RACE_GENDER_NONE, hud.DATA_NOT_COLLECTED)
	if selected:
		return None if answer == not_collected else answer
	return answer or not_collected
