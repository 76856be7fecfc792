"""Stored text is text wherever the app renders it as HTML (issue 18).

Frappe's save cleans markup out of a value, but a value can reach the database another way (an import, a
direct write, a future bug). Frappe's own server formatter returns Data, Text and Select values as they are,
and its Standard print format, PDF and the emails that attach it put them into the page as HTML: the app's
DocTypes format their plain-text fields escaped."""

import frappe
from frappe.model.document import Document
from frappe.utils import escape_html
from frappe.utils.formatters import format_value

# Fields whose value is plain text (Text Editor and HTML Editor hold markup on purpose and are left alone).
PLAIN_TEXT = frozenset({"Data", "Small Text", "Text", "Long Text", "Read Only", "Select"})
LINKS = frozenset({"Link", "Dynamic Link"})


def as_text(value: str) -> str:
	"""A value placed in a text Frappe shows as HTML (a notification subject, a ToDo description): no tag
	survives. Only the angle brackets: the same text also shows where Frappe does not decode entities (the
	ToDo list), where an escaped apostrophe or ampersand of a name would read as `&#39;`."""
	return str(value).replace("<", "&lt;").replace(">", "&gt;")


class PrintsAsText(Document):
	"""A CAS DocType whose plain-text fields print as text (Frappe's Standard print calls get_formatted)."""

	def get_formatted(
		self, fieldname, doc=None, currency=None, absolute_value=False, translated=False, format=None
	):
		df = self.meta.get_field(fieldname)
		value = self.get(fieldname)
		if not df or not isinstance(value, str) or df.fieldtype not in PLAIN_TEXT | LINKS:
			return super().get_formatted(fieldname, doc, currency, absolute_value, translated, format)
		if translated:
			value = frappe._(value)
		doc = doc or getattr(self, "parent_doc", None) or self
		if df.fieldtype in LINKS:
			# A link prints its title (another record's name): escaped once it is looked up.
			return escape_html(format_value(value, df=df, doc=doc, format=format))
		# Escaped before formatting, so that Text keeps the line breaks Frappe's formatter adds.
		return format_value(escape_html(value), df=df, doc=doc, format=format)
