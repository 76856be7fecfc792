# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils import getdate

from cas_coordinated_access import permissions
from cas_coordinated_access.rules import access
from cas_coordinated_access.rules import case_conference as rules
from cas_coordinated_access.utils import case_conference, enforce_rules
from cas_coordinated_access.utils.household_record import HouseholdRecord


class CASCaseConferenceDiscussion(HouseholdRecord):
	# Not dated within the enrollment's history: a conference may be planned ahead, and discuss a household
	# after it has left the program.
	date_field = ""
	# The facilitator may put on the agenda any household they see; what is said there is read by the
	# discussion's own, stricter rule (a protected household's notes stay with its agency).
	written_as = "CAS Enrollment"

	def validate(self):
		self.conference_date = frappe.db.get_value(
			"CAS Case Conference", self.case_conference, "conference_date"
		)
		if not self.conference_date:
			frappe.throw(
				_("Case conference {0} does not exist.").format(self.case_conference),
				frappe.DoesNotExistError,
			)
		self.set_household_facts()
		if self.is_new():
			self.set_previous()
		self.check_next_steps()

	def set_previous(self):
		"""The household's last discussion, and what was recorded about it since, for "what changed"."""
		previous = case_conference.previous_discussion(self.enrollment, self.conference_date, self.name)
		if previous:
			self.previous_discussion = previous.name
			self.since_previous = case_conference.recorded_since(
				self.enrollment, previous.conference_date, self.conference_date
			)

	def check_next_steps(self):
		conference_date = getdate(self.conference_date)
		with enforce_rules():
			rules.check_next_steps(
				[
					rules.NextStep(row.step, row.assigned_to, getdate(row.due_date) if row.due_date else None)
					for row in self.next_steps
				],
				conference_date,
			)
			rules.check_review_date(getdate(self.review_on) if self.review_on else None, conference_date)
		record = self.as_dict()
		for row in self.next_steps:
			# A step's owner works from its ToDo: they must be able to open the discussion it points to.
			owner = permissions.get_viewer(row.assigned_to)
			if not access.matches(permissions.rule_for(self.doctype, owner), record):
				frappe.throw(
					_(
						"Next step {0}: {1} cannot see this household's discussion; choose someone who can."
					).format(row.idx, frappe.bold(frappe.utils.get_fullname(row.assigned_to))),
					title=_("Not their household"),
				)

	def on_update(self):
		case_conference.sync_todos(self)

	def on_trash(self):
		frappe.db.set_value(
			"ToDo",
			{"reference_type": self.doctype, "reference_name": self.name, "status": "Open"},
			"status",
			"Cancelled",
		)

	def refresh_follow_ups(self):
		pass  # a discussion changes nothing that is due in the enrollment
