# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt

# import frappe
from frappe.model.document import Document


class CASQuestion(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		applies_to: DF.Literal[
			"All Households", "Individual Adult", "Family with Children", "Adults Only", "Unaccompanied Youth"
		]
		code: DF.Data
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		question: DF.SmallText
		required: DF.Check
		section: DF.Data
	# end: auto-generated types
	pass
