# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils import today

from cas_coordinated_access import permissions
from cas_coordinated_access.rules import documents as rules
from cas_coordinated_access.utils import enforce_rules
from cas_coordinated_access.utils.escaping import PrintsAsText


class CASClientDocument(PrintsAsText):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		client: DF.Link
		client_name: DF.Data | None
		document_type: DF.Link
		kept_where: DF.Data | None
		note: DF.SmallText | None
		status: DF.Literal["Not Started", "Requested", "In Hand", "Not Needed"]
		status_date: DF.Date | None
		updated_by: DF.Link | None
	# end: auto-generated types

	def autoname(self):
		# One record per client and document type: the name says which, so a second is refused by the key.
		self.name = f"{self.client}-{self.document_type}"

	def validate(self):
		with enforce_rules():
			rules.check_status(self.status)
		self.check_client_is_visible()
		if self.is_new():
			self.check_one_per_client_and_type()
		self.set_client_name()
		if self.is_new() or self.has_value_changed("status"):
			self.status_date = today()
		# Who changed it is the user, never what the form sent.
		self.updated_by = frappe.session.user

	def check_one_per_client_and_type(self):
		# Asked only once the client is known to be visible: the answer must not tell who has what.
		if frappe.db.exists(self.doctype, {"client": self.client, "document_type": self.document_type}):
			frappe.throw(
				_("{0} already has a record of {1}: update it instead.").format(
					self.client_name or self.client, self.document_type
				),
				frappe.DuplicateEntryError,
				title=_("Already recorded"),
			)

	def check_client_is_visible(self):
		"""A document is recorded only for a client the user sees (a new one is not yet in the list rule)."""
		# Without a client Frappe's own mandatory check answers.
		if self.client and not permissions.sees("CAS Client", self.client):
			frappe.throw(
				_("Client {0} was not found, or you may not update their documents.").format(self.client),
				frappe.PermissionError,
				title=_("Not your client"),
			)

	def set_client_name(self):
		# The name other records show: a protected client's pseudonym.
		self.client_name = (
			frappe.db.get_value("CAS Client", self.client, "display_name") if self.client else None
		)
