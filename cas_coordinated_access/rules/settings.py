"""The defaults CAS Settings ships with (Sacramento's practice). Installed where a value is absent,
never written over an administrator's value."""

DEFAULTS = {
	"evh_threshold_individual": 6,
	"evh_threshold_family": 10,
	"cls_stale_after_days": 30,
	"isp_due_business_days": 1,
	"referral_response_days": 5,
	"youth_age_limit": 24,
	"coc_code": "CA-503",
	"evh_alert_role": "CAS Referral Specialist",
	"evh_alert_by": "Notification",
}


def check(values: dict) -> None:
	"""Thresholds and day counts are whole numbers; thresholds and the CLS period at least 1."""
	from cas_coordinated_access.rules.violations import RuleViolation, _

	for fieldname in (
		"evh_threshold_individual",
		"evh_threshold_family",
		"cls_stale_after_days",
		"youth_age_limit",
	):
		if (values.get(fieldname) or 0) < 1:
			raise RuleViolation(
				_("{setting} must be at least 1."),
				title=_("Invalid setting"),
				setting=fieldname.replace("_", " "),
			)
	for fieldname in ("isp_due_business_days", "referral_response_days", "evh_threshold_other"):
		if (values.get(fieldname) or 0) < 0:
			raise RuleViolation(
				_("{setting} cannot be negative."),
				title=_("Invalid setting"),
				setting=fieldname.replace("_", " "),
			)
