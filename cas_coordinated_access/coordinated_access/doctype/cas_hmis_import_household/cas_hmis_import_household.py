# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt

# import frappe
from frappe.model.document import Document


class CASHMISImportHousehold(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		enrollment: DF.Link | None
		household_id: DF.Data | None
		messages: DF.SmallText | None
		outcome: DF.Literal["Created", "Updated", "Unchanged", "Refused"]
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
	# end: auto-generated types
	pass
