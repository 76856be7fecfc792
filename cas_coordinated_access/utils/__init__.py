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
