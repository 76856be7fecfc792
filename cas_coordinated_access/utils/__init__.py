"""Small helpers the controllers share."""

from contextlib import contextmanager

import frappe
from frappe import _

from cas_coordinated_access.rules.violations import RuleViolation


@contextmanager
def enforce_rules():
	"""Turn a rule's refusal into a translated ``frappe.throw``: the request rolls back, nothing is half-saved."""
	try:
		yield
	except RuleViolation as violation:
		message = _(violation.message).format(**violation.params)
		frappe.throw(message, title=_(violation.title) if violation.title else None)


def refuse_unless_imported(message: str, title: str | None = None):
	"""A record breaks a rule of the CAS's own (not HUD's): refused where staff record it. A record that comes
	from another HMIS as HUD's format allows it is kept as it was recorded there, and the import lists the
	rule for staff to review (``imported_record_notes``)."""
	if frappe.flags.cas_hmis_import:
		frappe.flags.cas_hmis_import_notes = [*(frappe.flags.cas_hmis_import_notes or []), message]
		return
	frappe.throw(message, title=title)


def imported_record_notes() -> list[str]:
	"""The notes of ``refuse_unless_imported`` since the last call (the import asks after each household)."""
	notes = frappe.flags.cas_hmis_import_notes or []
	frappe.flags.cas_hmis_import_notes = []
	return notes


def get_settings():
	"""CAS Settings, cached per request and invalidated by Frappe when an administrator saves them."""
	return frappe.get_cached_doc("CAS Settings")


def latest_today():
	"""Today, for refusing future dates: the later of the server's date and the user's, so that a user whose
	time zone is already in tomorrow is not told that their own today is in the future."""
	from frappe.utils import get_datetime_in_timezone, getdate, today

	system_today = getdate(today())
	# Cached (Frappe clears it when the user is saved): every dated record asks, an import thousands of times.
	user_time_zone = frappe.get_cached_value("User", frappe.session.user, "time_zone")
	if not user_time_zone:
		return system_today
	return max(system_today, get_datetime_in_timezone(user_time_zone).date())
