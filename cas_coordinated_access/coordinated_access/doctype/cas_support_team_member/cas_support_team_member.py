# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt

# import frappe
from cas_coordinated_access.permissions import ScopedChildRow


class CASSupportTeamMember(ScopedChildRow):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		consent_on_file: DF.Check
		email: DF.Data | None
		member_name: DF.Data
		organization: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		phone: DF.Data | None
		role: DF.Literal[
			"Case Manager / Service Coordinator",
			"Housing Navigator",
			"Peer Support",
			"Healthcare Provider",
			"Behavioral Health Specialist",
			"Other",
		]
	# end: auto-generated types
	pass
