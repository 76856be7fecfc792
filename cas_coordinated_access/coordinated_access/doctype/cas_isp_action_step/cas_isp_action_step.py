# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt

# import frappe
from cas_coordinated_access.permissions import ScopedChildRow


class CASISPActionStep(ScopedChildRow):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		document_type: DF.Link | None
		goal_number: DF.Int
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		responsible: DF.Data
		status: DF.Literal["Not Started", "In Progress", "Done"]
		step: DF.SmallText
		target_date: DF.Date | None
	# end: auto-generated types
	pass
