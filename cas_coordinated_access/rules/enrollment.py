"""Date and exit rules of a program enrollment (HUD 3.10 Project Start Date, 3.11 Exit, 3.12 Destination)."""

from datetime import date

from cas_coordinated_access.rules import hud
from cas_coordinated_access.rules.violations import RuleViolation, _


def check_dates(entry_date: date | None, exit_date: date | None, today: date) -> None:
	if not entry_date:
		raise RuleViolation(_("Enter the entry date of the enrollment."), title=_("Missing entry date"))
	if entry_date > today:
		raise RuleViolation(
			_("The entry date {entry_date} is in the future; enroll the client on or before today."),
			title=_("Invalid entry date"),
			entry_date=entry_date.isoformat(),
		)
	if exit_date and exit_date < entry_date:
		raise RuleViolation(
			_("The exit date {exit_date} is before the entry date {entry_date}; an exit cannot come first."),
			title=_("Invalid exit date"),
			exit_date=exit_date.isoformat(),
			entry_date=entry_date.isoformat(),
		)
	if exit_date and exit_date > today:
		raise RuleViolation(
			_("The exit date {exit_date} is in the future; record the exit on the day it happens."),
			title=_("Invalid exit date"),
			exit_date=exit_date.isoformat(),
		)


def check_exit(
	exit_date: date | None,
	destination: str | None,
	subsidy_type: str | None,
	other: str | None,
	describe_other: bool = True,
):
	"""A destination belongs to an exit and nothing else; its follow-ups only where HUD asks for them.
	``describe_other``: the CAS asks its users to describe an 'Other' destination; HUD does not require it
	(OtherDestination is nullable), so history from another HMIS is taken without it."""
	if not exit_date:
		if destination:
			raise RuleViolation(
				_("A destination is recorded only when the client exits; enter the exit date or clear it."),
				title=_("Destination without exit"),
			)
		return
	code = hud.code_for(hud.DESTINATION, destination)
	if code is None:
		raise RuleViolation(
			_("Choose the client's destination at exit (HUD 3.12)."), title=_("Missing destination")
		)
	if code == hud.SUBSIDIZED_RENTAL and not subsidy_type:
		raise RuleViolation(
			_("Choose the rental subsidy type for a rental with an ongoing housing subsidy."),
			title=_("Missing subsidy type"),
		)
	if code != hud.SUBSIDIZED_RENTAL and subsidy_type:
		raise RuleViolation(
			_("A subsidy type applies only to a rental with an ongoing housing subsidy; clear it."),
			title=_("Subsidy type not applicable"),
		)
	if describe_other and code == hud.OTHER_DESTINATION and not (other or "").strip():
		raise RuleViolation(
			_("Describe the destination when it is 'Other'."), title=_("Missing destination description")
		)


def is_open(exit_date: date | None) -> bool:
	return not exit_date


def check_record_date(
	record_date: date | None, entry_date: date, exit_date: date | None, today: date
) -> None:
	"""A record of an enrollment (CLS, assessment, event, plan) is dated within the enrollment, not later than today."""
	if not record_date:
		raise RuleViolation(_("Enter the date."), title=_("Missing date"))
	if record_date > today:
		raise RuleViolation(
			_("{record_date} is in the future; record what happened on or before today."),
			title=_("Invalid date"),
			record_date=record_date.isoformat(),
		)
	if record_date < entry_date:
		raise RuleViolation(
			_("{record_date} is before the enrollment began on {entry_date}."),
			title=_("Invalid date"),
			record_date=record_date.isoformat(),
			entry_date=entry_date.isoformat(),
		)
	if exit_date and record_date > exit_date:
		raise RuleViolation(
			_("{record_date} is after the client exited on {exit_date}."),
			title=_("Invalid date"),
			record_date=record_date.isoformat(),
			exit_date=exit_date.isoformat(),
		)
