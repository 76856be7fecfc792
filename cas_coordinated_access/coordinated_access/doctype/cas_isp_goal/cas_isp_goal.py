# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt

# import frappe
from cas_coordinated_access.permissions import ScopedChildRow


class CASISPGoal(ScopedChildRow):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		achievable: DF.SmallText | None
		barriers: DF.SmallText | None
		category: DF.Literal[
			"Housing", "Income and Employment", "Health", "Documents", "Legal", "Education", "Other"
		]
		goal: DF.SmallText
		goal_number: DF.Int
		measurable: DF.SmallText | None
		notes: DF.SmallText | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		relevant: DF.SmallText | None
		specific: DF.SmallText | None
		start_date: DF.Date
		status: DF.Literal["Not Started", "In Progress", "Achieved", "Discontinued"]
		target_date: DF.Date | None
		time_bound: DF.SmallText | None
		timeline_days: DF.Int
	# end: auto-generated types
	pass
