# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt

# import frappe
from cas_coordinated_access.permissions import ScopedChildRow


class CASAssessmentAnswer(ScopedChildRow):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		answer: DF.Literal[None]
		evh_factor: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		points: DF.Int
		question: DF.SmallText | None
		question_code: DF.Data | None
		required: DF.Check
		section: DF.Data | None
	# end: auto-generated types
	pass
