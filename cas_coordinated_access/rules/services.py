"""Services provided to the members of a household (issue 13, "Provide Services"): who may receive one, its
dates and quantity, which HUD record type and type provided a service type may carry, and what HMIS CSV's
Services.csv makes of a service.

A service is recorded for one member of one enrollment; providing a service to a whole household (or to
every household in a shelter tonight) records one service per member, so each person's history, the
HMIS export and the report count people, not forms.
"""

from collections.abc import Collection, Sequence
from datetime import date, timedelta

from cas_coordinated_access.rules import hud
from cas_coordinated_access.rules.violations import RuleViolation, _

RECORD_TYPE = "1.4"
BED_NIGHT = 200
# HUD's list of the types provided under each record type (the Services.csv TypeProvided rule).
TYPE_PROVIDED_LISTS = {
	141: "P1.2",
	142: "R14.2",
	143: "W1.2",
	144: "V2.2",
	151: "W2.2",
	152: "V3.3",
	161: "P2.2",
	200: "4.14",
	210: "V8.2",
	300: "C2.2",
}
# Financial assistance carries the amount paid (HOPWA W2, SSVF V3) and, for SSVF, the period it paid for;
# a PATH referral carries its outcome (P2.A). Services.csv leaves those columns empty for anything else.
FINANCIAL_ASSISTANCE = (151, 152)
ASSISTANCE_PERIOD = (152,)
PATH_REFERRAL = 161
REFERRAL_OUTCOME = "P2.A"
# HUD asks for a text where the type provided is "Other": (record type, type provided) -> the column.
OTHER_TEXT_COLUMNS = {
	(144, 6): "OtherTypeProvided",
	(210, 12): "OtherTypeProvided",
	(300, 5): "MovingOnOtherType",
}
# Bulk entry is one request: a shelter's night, not a year of records at once.
MOST_AT_ONCE = 2000


def full_name(category: str | None, service_name: str | None) -> str:
	"""The name a service type is known by: "Case Management: Documentation Assistance"."""
	category, service_name = (category or "").strip(), (service_name or "").strip()
	if not service_name:
		raise RuleViolation(_("Enter the name of the service."), title=_("Missing service name"))
	return f"{category}: {service_name}" if category else service_name


# Service types and HUD's codes


def record_type_labels() -> list[str]:
	"""HUD's record types a service type may carry, in HUD's order."""
	return [label for code, label in hud.codes(RECORD_TYPE).items() if code in TYPE_PROVIDED_LISTS]


def type_provided_labels(record_type: str | None) -> list[str]:
	"""The types provided HUD lists under ``record_type`` (a label), in any version the CAS exchanges (an
	FY2024 export leaves out what FY2024 lacks); none for an unknown record type."""
	list_id = TYPE_PROVIDED_LISTS.get(hud.code_for(RECORD_TYPE, record_type))
	return list(hud.codes_of_any_version(list_id).values()) if list_id else []


def type_provided_code(record_code: int, label: str | None) -> int | None:
	list_id = TYPE_PROVIDED_LISTS.get(record_code)
	if not list_id or not label:
		return None
	return next((code for code, name in hud.codes_of_any_version(list_id).items() if name == label), None)


def all_type_provided_labels() -> list[str]:
	"""Every type provided of every record type, each once: the options of the service type's select (the
	form narrows them to the record type chosen)."""
	labels: list[str] = []
	for record_type in record_type_labels():
		labels += [label for label in type_provided_labels(record_type) if label not in labels]
	return labels


def hud_codes(record_type: str | None, type_provided: str | None) -> tuple[int, int] | None:
	"""(RecordType, TypeProvided) of a service type, or None when it carries no HUD record type."""
	record_code = hud.code_for(RECORD_TYPE, record_type)
	type_code = type_provided_code(record_code, type_provided)
	if record_code is None or type_code is None:
		return None
	return record_code, type_code


def check_hud_type(record_type: str | None, type_provided: str | None) -> None:
	"""A HUD record type needs a type provided of its own list; a type provided needs its record type."""
	if not record_type:
		if type_provided:
			raise RuleViolation(
				_("Choose the HUD record type of the type provided {type_provided}, or clear it."),
				title=_("HUD record type"),
				type_provided=type_provided,
			)
		return
	if record_type not in record_type_labels():
		raise RuleViolation(
			_("{record_type} is not a HUD record type a CAS service can carry."),
			title=_("HUD record type"),
			record_type=record_type,
		)
	if type_provided not in type_provided_labels(record_type):
		raise RuleViolation(
			_("Choose what is provided under the HUD record type {record_type}: one of {choices}."),
			title=_("HUD type provided"),
			record_type=record_type,
			choices=", ".join(type_provided_labels(record_type)),
		)


def service_type_for(
	types: Sequence[tuple[str, str | None, str | None, bool]], record_code: int, type_code: int
) -> str | None:
	"""The service type an HMIS row (RecordType, TypeProvided) is imported as, from ``types`` given as
	(name, record type label, type provided label, disabled): an enabled one first, then by name."""
	matching = sorted(
		(bool(disabled), name)
		for name, record_type, type_provided, disabled in types
		if hud_codes(record_type, type_provided) == (record_code, type_code)
	)
	return matching[0][1] if matching else None


def new_type_for_hud(record_code: int, type_code: int) -> dict | None:
	"""The service type an import creates for HUD codes no service type carries yet; None for codes a CAS
	service cannot carry."""
	list_id = TYPE_PROVIDED_LISTS.get(record_code)
	record_type = hud.label_for(RECORD_TYPE, record_code)
	type_provided = hud.codes_of_any_version(list_id).get(type_code) if list_id else None
	if not record_type or not type_provided:
		return None
	return {
		"service_category": record_type,
		"service_name": type_provided,
		"hud_record_type": record_type,
		"hud_type_provided": type_provided,
		"unit": "Night" if record_code == BED_NIGHT else None,
	}


# A service provided


def check_type_enabled(service_type: str, disabled: bool) -> None:
	if disabled:
		raise RuleViolation(
			_(
				"The service type {service_type} is disabled; choose another or ask an administrator to enable it."
			),
			title=_("Service type disabled"),
			service_type=service_type,
		)


def check_dates(start: date | None, end: date | None) -> None:
	"""A date range runs forwards; the end date is the last day the service was provided (the start for a
	single day)."""
	if start and end and end < start:
		raise RuleViolation(
			_(
				"The end date {end} is before the start date {start}; a service ends on or after the day it starts."
			),
			title=_("Invalid end date"),
			end=end.isoformat(),
			start=start.isoformat(),
		)


def check_quantity(quantity: float | None) -> None:
	if quantity is None or quantity <= 0:
		raise RuleViolation(
			_("Enter a quantity greater than zero."), title=_("Invalid quantity"), quantity=quantity
		)


def check_assistance(
	record_code: int | None,
	amount: float | None,
	start: date | None,
	end: date | None,
	referral_outcome: str | None,
) -> None:
	"""What a financial assistance or a PATH referral carries, on that kind of service only: an amount
	that is not negative, a period that runs forwards, an outcome of HUD's list."""
	if amount and record_code not in FINANCIAL_ASSISTANCE:
		raise RuleViolation(
			_("Only financial assistance has an amount; clear it or choose a financial assistance type."),
			title=_("Amount"),
		)
	if amount is not None and amount < 0:
		raise RuleViolation(_("The amount cannot be negative."), title=_("Invalid amount"), amount=amount)
	if (start or end) and record_code not in ASSISTANCE_PERIOD:
		raise RuleViolation(
			_("Only SSVF financial assistance has a period it pays for; clear its dates."),
			title=_("Assistance period"),
		)
	if start and end and end < start:
		raise RuleViolation(
			_("The assistance period ends on {end}, before it starts on {start}."),
			title=_("Assistance period"),
			end=end.isoformat(),
			start=start.isoformat(),
		)
	if referral_outcome and record_code != PATH_REFERRAL:
		raise RuleViolation(
			_("Only a PATH referral has an outcome; clear it or choose a PATH referral type."),
			title=_("Referral outcome"),
		)
	if referral_outcome and referral_outcome not in hud.labels(REFERRAL_OUTCOME):
		raise RuleViolation(
			_("{outcome} is not a PATH referral outcome."),
			title=_("Referral outcome"),
			outcome=referral_outcome,
		)


def check_member(member: str | None, household: Collection[str]) -> None:
	"""A service goes to a member of the enrollment's household."""
	if not member:
		raise RuleViolation(
			_("Choose the household member who received the service."), title=_("Missing member")
		)
	if member not in household:
		raise RuleViolation(
			_("{member} is not a member of this household; record the service in their own enrollment."),
			title=_("Not in the household"),
			member=member,
		)


def nights(start: date, end: date | None) -> list[date]:
	"""Each day from the start to the end date, both included."""
	return [start + timedelta(days=offset) for offset in range(((end or start) - start).days + 1)]


def quantity_for(
	record_code: int | None, start: date, end: date | None, entered: float | None
) -> float | None:
	"""A bed night is one night on each date of its range: its quantity is counted, never typed. Other
	services keep the quantity entered."""
	if record_code == BED_NIGHT:
		return float(len(nights(start, end)))
	return entered


def check_batch_size(count: int) -> None:
	if count == 0:
		raise RuleViolation(
			_("Choose at least one person to provide the service to."), title=_("Nobody chosen")
		)
	if count > MOST_AT_ONCE:
		raise RuleViolation(
			_("{count} services at once is more than {most}; provide them in smaller groups."),
			title=_("Too many at once"),
			count=count,
			most=MOST_AT_ONCE,
		)


# HMIS CSV Services.csv


def hmis_rows(
	service: str,
	record_code: int,
	type_code: int,
	start: date,
	end: date | None,
	type_name: str | None,
	assistance: dict | None = None,
) -> list[dict]:
	"""The Services.csv values (beside the enrollment, the person and metadata) of the service ``service``.
	HUD records a bed night per night, so a bed night over a range is one row for each night, each with its
	own ID (the service's name and the night, at most 32 characters as HUD allows); any other service is one
	row under the service's name, dated the day it started (Services.csv has no end date outside financial
	assistance). ``type_name`` fills HUD's "other" text where the type provided asks for one; the amount,
	period and outcome (``assistance``: FAAmount, FAStartDate, FAEndDate, ReferralOutcome) go out only with
	the record types that carry them."""
	values = {
		"RecordType": record_code,
		"TypeProvided": type_code,
		**assistance_columns(record_code, assistance),
	}
	other = OTHER_TEXT_COLUMNS.get((record_code, type_code))
	if other:
		values[other] = type_name
	dates = nights(start, end) if record_code == BED_NIGHT else [start]
	if len(dates) == 1:
		return [{**values, "ServicesID": service, "DateProvided": dates[0]}]
	return [{**values, "ServicesID": f"{service}:{day:%Y%m%d}"[:32], "DateProvided": day} for day in dates]


def assistance_columns(record_code: int, assistance: dict | None) -> dict:
	"""FAAmount, FAStartDate, FAEndDate and ReferralOutcome of a service of ``record_code``, those HUD asks of
	that record type and the service has (an amount of 0 is one not entered: Frappe stores an empty Currency
	as 0)."""
	assistance = assistance or {}
	kept = {
		"FAAmount": record_code in FINANCIAL_ASSISTANCE,
		"FAStartDate": record_code in ASSISTANCE_PERIOD,
		"FAEndDate": record_code in ASSISTANCE_PERIOD,
		"ReferralOutcome": record_code == PATH_REFERRAL,
	}
	return {column: assistance[column] for column, keep in kept.items() if keep and assistance.get(column)}
