from datetime import date

import pytest

from cas_coordinated_access.rules import client as rules
from cas_coordinated_access.rules.violations import RuleViolation

TODAY = date(2026, 11, 22)


def test_full_name_skips_blanks():
	assert rules.full_name(" Ana ", None, "", "Ruiz") == "Ana Ruiz"


def test_full_name_reported_needs_a_name():
	with pytest.raises(RuleViolation, match="full name"):
		rules.check_name(None, None, "Full name reported")
	rules.check_name(None, None, "Client prefers not to answer")
	rules.check_name("Ana", None, "Full name reported")


def test_date_of_birth_not_in_future():
	with pytest.raises(RuleViolation, match="future"):
		rules.check_date_of_birth(date(2027, 1, 1), "Full DOB reported", TODAY)


@pytest.mark.parametrize("quality", ["Full DOB reported", "Approximate or partial DOB reported"])
def test_reported_date_of_birth_must_be_entered(quality):
	with pytest.raises(RuleViolation, match="none is entered"):
		rules.check_date_of_birth(None, quality, TODAY)


def test_missing_date_of_birth_with_missing_quality_is_fine():
	rules.check_date_of_birth(None, "Data not collected", TODAY)


@pytest.mark.parametrize("ssn", ["12345678", "1234567890", "12345-678", "abcdefghi"])
def test_ssn_shape(ssn):
	with pytest.raises(RuleViolation, match="9 characters"):
		rules.check_ssn(ssn, "Full SSN reported")


def test_partial_ssn_with_x():
	rules.check_ssn("xxxxx6789", "Approximate or partial SSN reported")


def test_no_ssn_is_fine():
	rules.check_ssn(None, "Data not collected")


def test_none_answer_conflicts_with_categories():
	with pytest.raises(RuleViolation, match="not both"):
		rules.check_none_answer(["Asian"], "Client prefers not to answer", "Race and ethnicity")
	rules.check_none_answer([], "Client prefers not to answer", "Race and ethnicity")
	rules.check_none_answer(["Asian"], None, "Race and ethnicity")


@pytest.mark.parametrize(
	"first, last, expected",
	[
		("Ana", "Ruiz", "Full name reported"),
		("Ana", None, "Partial, street name, or code name reported"),
		(None, None, "Data not collected"),
	],
)
def test_default_name_quality(first, last, expected):
	assert rules.default_name_quality(first, last) == expected


def test_default_dob_and_ssn_quality():
	assert rules.default_dob_quality(date(1980, 1, 1)) == "Full DOB reported"
	assert rules.default_dob_quality(None) == "Data not collected"
	assert rules.default_ssn_quality("123456789") == "Full SSN reported"
	assert rules.default_ssn_quality("xxxxx6789") == "Approximate or partial SSN reported"
	assert rules.default_ssn_quality(None) == "Data not collected"


def test_none_answer_follows_the_selection():
	assert rules.none_answer([], None) == "Data not collected"
	assert rules.none_answer(["asian"], "Data not collected") is None
	assert rules.none_answer([], "Client prefers not to answer") == "Client prefers not to answer"
	assert rules.none_answer(["asian"], "Client prefers not to answer") == "Client prefers not to answer"
