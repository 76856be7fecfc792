"""HUD 4.12 Current Living Situation: which follow-up questions apply, and the location the seeds insist on."""

from cas_coordinated_access.rules import hud
from cas_coordinated_access.rules.violations import RuleViolation, _

# 4.12.B is asked for these situations (institutional, temporary and permanent; HUD's FY2024 note).
LEAVE_SITUATION_CODES = frozenset(
	{215, 206, 207, 225, 204, 205, 302, 329, 314, 332, 336, 335, 410, 435, 421, 411}
)
HOMELESS_CODES = frozenset({101, 116, 118})
YES = 1
LOCATION_DETAILS_LENGTH = 250
VERIFIED_BY_LENGTH = 100

# 4.12.C-F, asked when the client must leave within 14 days (4.12.B = Yes).
LEAVE_FOLLOW_UPS = ("subsequent_residence", "resources_to_obtain", "lease_own_60_day", "moved_two_or_more")


def asks_leave_situation(situation: str | None) -> bool:
	return hud.code_for(hud.CURRENT_LIVING_SITUATION, situation) in LEAVE_SITUATION_CODES


def asks_subsidy_type(situation: str | None) -> bool:
	return hud.code_for(hud.CURRENT_LIVING_SITUATION, situation) == hud.SUBSIDIZED_RENTAL


def is_homeless(situation: str | None) -> bool:
	return hud.code_for(hud.CURRENT_LIVING_SITUATION, situation) in HOMELESS_CODES


def applicable_fields(situation: str | None, leave_situation_14_days: str | None) -> set[str]:
	"""The follow-up fields HUD asks for this answer; every other follow-up stays empty."""
	fields = set()
	if asks_subsidy_type(situation):
		fields.add("cls_subsidy_type")
	if asks_leave_situation(situation):
		fields.add("leave_situation_14_days")
		if hud.code_for(hud.NO_YES_REASONS_MISSING, leave_situation_14_days) == YES:
			fields.update(LEAVE_FOLLOW_UPS)
	return fields


def check_location(address: str | None, map_point: str | None, details: str | None) -> None:
	"""The location may not be skipped: an address or a point on the map."""
	if not (address or "").strip() and not _has_point(map_point):
		raise RuleViolation(
			_(
				"Record where the client is: enter an address or place a point on the map. The location may not be skipped."
			),
			title=_("Location is required"),
		)
	if details and len(details) > LOCATION_DETAILS_LENGTH:
		raise RuleViolation(
			_("Location details are limited to {limit} characters (HUD 4.12.4)."),
			title=_("Location details too long"),
			limit=LOCATION_DETAILS_LENGTH,
		)


def _has_point(map_point: str | None) -> bool:
	"""A Frappe Geolocation value is GeoJSON; an empty map is a FeatureCollection without features."""
	return bool(map_point) and '"coordinates"' in map_point


def check_subsidy_type(situation: str | None, subsidy_type: str | None) -> None:
	if asks_subsidy_type(situation) and not subsidy_type:
		raise RuleViolation(
			_("Choose the rental subsidy type for a rental with an ongoing housing subsidy (HUD 4.12.A)."),
			title=_("Missing subsidy type"),
		)
