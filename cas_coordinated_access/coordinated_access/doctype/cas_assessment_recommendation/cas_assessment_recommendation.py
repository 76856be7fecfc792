# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt

# import frappe
from frappe.model.document import Document


class CASAssessmentRecommendation(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		any_answers: DF.SmallText | None
		min_score: DF.Int
		outcome: DF.Literal["Shelter Referral", "PSAP Eligible", "Case Management Referral"]
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		require_evh: DF.Check
	# end: auto-generated types
	pass
