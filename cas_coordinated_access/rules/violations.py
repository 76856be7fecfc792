"""How a rule says no.

A rule raises :class:`RuleViolation` with an English message template; the caller (a controller)
translates it and shows it with ``frappe.throw``. Message templates are written as ``_("...")``
with the no-op marker below so that Frappe's translation extractor still collects them.
"""


def _(message: str) -> str:
	"""Mark a message for translation; the controller translates it when it is shown."""
	return message


class RuleViolation(ValueError):
	"""A record breaks a CAS rule. ``message`` is a ``str.format`` template filled from ``params``."""

	def __init__(self, message: str, title: str | None = None, **params):
		super().__init__(message.format(**params) if params else message)
		self.message = message
		self.title = title
		self.params = params
