# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt

# import frappe
from cas_coordinated_access.permissions import ScopedChildRow


class CASHouseholdMember(ScopedChildRow):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		age_at_entry: DF.Int
		client: DF.Link
		client_name: DF.Data | None
		date_of_birth: DF.Date | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		relationship_to_hoh: DF.Literal[
			"",
			"Self (Head of Household)",
			"Head of household\u2019s child",
			"Head of household\u2019s spouse or partner",
			"Head of household\u2019s other relation member",
			"Other: non-relation member",
			"Data not collected",
		]
	# end: auto-generated types
	pass
