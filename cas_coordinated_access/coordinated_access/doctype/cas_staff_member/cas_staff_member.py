# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from cas_coordinated_access.permissions import clear_viewer_cache


class CASStaffMember(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from cas_coordinated_access.coordinated_access.doctype.cas_staff_member_agency.cas_staff_member_agency import (
			CASStaffMemberAgency,
		)

		acting_agency: DF.Link | None
		agencies: DF.TableMultiSelect[CASStaffMemberAgency]
		full_name: DF.Data | None
		user: DF.Link
	# end: auto-generated types

	def validate(self):
		agencies = [row.agency for row in self.agencies]
		if len(set(agencies)) != len(agencies):
			frappe.throw(_("Each agency is listed once."), title=_("Duplicate agency"))
		self.acting_agency = self.acting_agency or (agencies[0] if agencies else None)
		if self.acting_agency not in agencies:
			frappe.throw(
				_("{0} acts for {1}, which is not one of their agencies.").format(
					self.full_name or self.user, frappe.bold(self.acting_agency)
				),
				title=_("Acting agency"),
			)

	def on_update(self):
		clear_viewer_cache()

	def on_trash(self):
		clear_viewer_cache()
