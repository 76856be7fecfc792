# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from cas_coordinated_access.permissions import clear_viewer_cache
from cas_coordinated_access.utils.escaping import PrintsAsText


class CASAgency(PrintsAsText):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		address: DF.SmallText | None
		agency_common_name: DF.Data | None
		agency_name: DF.Data
		disabled: DF.Check
		email: DF.Data | None
		is_cas_agency: DF.Check
		phone: DF.Data | None
		victim_service_provider: DF.Check
		website: DF.Data | None
	# end: auto-generated types

	def validate(self):
		if self.is_cas_agency:
			self.check_single_cas_agency()

	def on_update(self):
		# Who works in the shared agency may have changed.
		clear_viewer_cache()

	def check_single_cas_agency(self):
		"""There is exactly one shared CAS Agency: every CAS enrollment lives in its CE program."""
		other = frappe.db.get_value("CAS Agency", {"is_cas_agency": 1, "name": ("!=", self.name)}, "name")
		if other:
			frappe.throw(
				_(
					"{0} is already the shared CAS Agency, and there is only one. Clear the flag there first."
				).format(frappe.bold(other)),
				title=_("Shared CAS Agency"),
			)
