from datetime import date

import pytest

from cas_coordinated_access.rules import program, settings
from cas_coordinated_access.rules.violations import RuleViolation

RRH = "PH – Rapid Re-Housing"
SHELTER = "Emergency Shelter – Entry Exit"


@pytest.mark.parametrize("code", ["CA-503", "ca-503", "NY-600", None, ""])
def test_valid_coc_codes(code):
	program.check_coc_code(code)


@pytest.mark.parametrize("code", ["CA503", "CAL-503", "CA-5033", "Sacramento"])
def test_invalid_coc_codes(code):
	with pytest.raises(RuleViolation, match="CoC code"):
		program.check_coc_code(code)


def test_operating_dates():
	program.check_operating_dates(date(2024, 1, 1), None)
	program.check_operating_dates(date(2024, 1, 1), date(2024, 1, 1))
	with pytest.raises(RuleViolation, match="before the start date"):
		program.check_operating_dates(date(2024, 1, 2), date(2024, 1, 1))


def test_rrh_subtype_only_and_always_for_rrh():
	program.check_rrh_subtype(RRH, "RRH: Services Only")
	program.check_rrh_subtype(SHELTER, None)
	with pytest.raises(RuleViolation, match="needs its RRH subtype"):
		program.check_rrh_subtype(RRH, None)
	with pytest.raises(RuleViolation, match="applies only"):
		program.check_rrh_subtype(SHELTER, "RRH: Services Only")


def test_referral_programs_serve_someone():
	program.check_household_types(False, [False] * 4)
	program.check_household_types(True, [False, True, False, False])
	with pytest.raises(RuleViolation, match="at least one household type"):
		program.check_household_types(True, [False] * 4)


def test_shipped_settings_pass_their_own_check():
	settings.check(settings.DEFAULTS)


@pytest.mark.parametrize(
	"fieldname", ["evh_threshold_individual", "evh_threshold_family", "cls_stale_after_days"]
)
def test_thresholds_at_least_one(fieldname):
	with pytest.raises(RuleViolation, match="at least 1"):
		settings.check({**settings.DEFAULTS, fieldname: 0})


def test_days_not_negative():
	with pytest.raises(RuleViolation, match="negative"):
		settings.check({**settings.DEFAULTS, "referral_response_days": -1})
