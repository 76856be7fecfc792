# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils import getdate

from cas_coordinated_access.rules import isp as rules
from cas_coordinated_access.utils import enforce_rules
from cas_coordinated_access.utils.household_record import HouseholdRecord


class CASIndividualizedSupportPlan(HouseholdRecord):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from cas_coordinated_access.coordinated_access.doctype.cas_isp_action_step.cas_isp_action_step import (
			CASISPActionStep,
		)
		from cas_coordinated_access.coordinated_access.doctype.cas_isp_goal.cas_isp_goal import CASISPGoal
		from cas_coordinated_access.coordinated_access.doctype.cas_support_team_member.cas_support_team_member import (
			CASSupportTeamMember,
		)

		action_steps: DF.Table[CASISPActionStep]
		agency: DF.Link | None
		client: DF.Link | None
		client_agency: DF.Link | None
		client_name: DF.Data | None
		client_reasons: DF.SmallText
		enrollment: DF.Link
		goals: DF.Table[CASISPGoal]
		housing_conversation_tool: DF.Link
		is_protected: DF.Check
		plan_date: DF.Date
		program_preference: DF.Link
		services_level: DF.Data | None
		subsidy_length: DF.Data | None
		support_team: DF.Table[CASSupportTeamMember]
	# end: auto-generated types

	date_field = "plan_date"

	def validate(self):
		self.set_household_facts()
		self.check_housing_conversation_tool()
		for number, goal in enumerate(self.goals, start=1):
			goal.goal_number = number
			if goal.start_date and goal.timeline_days:
				goal.target_date = rules.target_date(getdate(goal.start_date), goal.timeline_days)
		with enforce_rules():
			rules.check_goals(
				[
					rules.Goal(g.goal_number, g.category, getdate(g.start_date), g.timeline_days or 0)
					for g in self.goals
				]
			)
			rules.check_steps({g.goal_number for g in self.goals}, [s.goal_number for s in self.action_steps])

	def check_housing_conversation_tool(self):
		"""The plan follows a submitted HCT of the same enrollment."""
		hct = frappe.db.get_value(
			"CAS Housing Conversation Tool",
			self.housing_conversation_tool,
			["enrollment", "docstatus", "assessment_date"],
			as_dict=True,
		)
		if not hct or hct.enrollment != self.enrollment or hct.docstatus != 1:
			frappe.throw(
				_("Choose a submitted Housing Conversation Tool of this enrollment; the plan follows it."),
				title=_("Housing Conversation Tool"),
			)
		if getdate(self.plan_date) < getdate(hct.assessment_date):
			frappe.throw(
				_("The plan date comes on or after the HCT it follows ({0}).").format(
					frappe.format(hct.assessment_date, "Date")
				),
				title=_("Plan date"),
			)
