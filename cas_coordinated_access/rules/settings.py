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
}
