"""HUD 4.20 Coordinated Entry Events: which dependent fields each event asks for, and which events HUD has
retired."""

from datetime import date

from cas_coordinated_access.rules import hud
from cas_coordinated_access.rules.violations import RuleViolation, _

EVENT = "4.20.2"
REFERRAL_RESULT = "4.20.D"

PROBLEM_SOLVING = 2
CASE_MANAGEMENT = 5
HOUSING_OPENINGS = frozenset({10, 11, 12, 13, 14, 15})
VOUCHERS = frozenset({17, 18})
ACCESS_EVENTS = frozenset({1, 2, 3, 4})
# The events an assessor logs themselves (Sacramento's job aid); the rest come from referrals.
ASSESSOR_EVENTS = (1, 2, 5, 6, 7, 16, 18)

# HUD's FY2026 Data Standards (in effect 1 October 2025) took 17, Referral to Emergency Housing Voucher,
# out of 4.20.2. Events from before that day keep it (history stays as recorded, and FY2024 exports still
# carry it); none is recorded on or after it.
RETIRED_EVENTS = {17: date(2025, 10, 1)}

LABELS = {
	"prob_sol_div_rr_result": _("Client housed/re-housed in a safe alternative"),
	"referral_case_manage_after": _("Enrolled in aftercare project"),
	"location_crisis_or_ph_housing": _("Location of crisis housing or permanent housing"),
	"referral_result": _("Referral result"),
}

# fieldname: (events that ask for it, required when asked)
DEPENDENT_FIELDS = {
	"prob_sol_div_rr_result": (frozenset({PROBLEM_SOLVING}), True),
	"referral_case_manage_after": (frozenset({CASE_MANAGEMENT}), True),
	"location_crisis_or_ph_housing": (HOUSING_OPENINGS | VOUCHERS, False),
	"referral_result": (HOUSING_OPENINGS | VOUCHERS, False),
}


def event_code(label: str | None) -> int | None:
	return hud.code_for(EVENT, label)


def check_dependent_fields(event: str | None, values: dict) -> None:
	"""Each dependent field is filled where the event asks for it (and must be) and nowhere else.

	The referral result and its date may come later than the referral itself; the date goes with the result.
	"""
	code = event_code(event)
	if code is None:
		raise RuleViolation(_("Choose the Coordinated Entry event (HUD 4.20.2)."), title=_("Missing event"))
	for fieldname, (events, required) in DEPENDENT_FIELDS.items():
		value = values.get(fieldname)
		if code in events and required and not value:
			raise RuleViolation(
				_("The event '{event}' needs an answer to '{field}'."),
				title=_("Missing event detail"),
				event=event,
				field=LABELS[fieldname],
			)
		if code not in events and value:
			raise RuleViolation(
				_("'{field}' does not belong to the event '{event}'; clear it."),
				title=_("Event detail not applicable"),
				event=event,
				field=LABELS[fieldname],
			)
	has_result, has_date = bool(values.get("referral_result")), bool(values.get("result_date"))
	if has_result != has_date:
		raise RuleViolation(
			_("A referral result and its date go together (HUD 4.20.D and 4.20.E): fill both or neither."),
			title=_("Referral result date"),
		)


def retired_on(event: str | None) -> date | None:
	"""The day HUD retired the event, or None while it is in the list."""
	return RETIRED_EVENTS.get(event_code(event))


def check_not_retired(event: str | None, event_date: date | None) -> None:
	"""An event HUD has retired cannot be recorded for a day on or after its retirement."""
	retired = retired_on(event)
	if retired and event_date and event_date >= retired:
		raise RuleViolation(
			_(
				"HUD retired the event '{event}' from the Coordinated Entry events on {retired} (FY2026 HMIS Data"
				" Standards): record the referral as the event that fits it now, such as 'Referral to Other PH"
				" project/unit/resource opening'."
			),
			title=_("Event retired by HUD"),
			event=event,
			retired=retired.isoformat(),
		)
