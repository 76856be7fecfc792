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
