# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils import flt, format_date, getdate

from cas_coordinated_access.rules import circumstances as rules
from cas_coordinated_access.utils import circumstances, refuse_unless_imported
from cas_coordinated_access.utils.household_record import HouseholdRecord


class CASStatusAssessment(HouseholdRecord):
	date_field = "information_date"

	def validate(self):
		self.set_household_facts()
		self.check_stage_date()
		self.set_members()
		self.check_answers()
		self.compute()

	def on_submit(self):
		circumstances.apply_to_enrollment(self)
		self.refresh_follow_ups()

	def on_cancel(self):
		self.refresh_follow_ups()

	def check_stage_date(self):
		"""Project start is recorded on the entry date and project exit on the exit date (HUD 5.03)."""
		enrollment = self.get_enrollment()
		on = getdate(self.information_date)
		if self.data_collection_stage == rules.PROJECT_START and on != getdate(enrollment.entry_date):
			self.refuse_unless_imported(
				_("A project start record is dated on the entry date, {0}.").format(
					format_date(enrollment.entry_date)
				)
			)
		if self.data_collection_stage == rules.PROJECT_EXIT:
			if not enrollment.exit_date:
				# HUD's format does not tie an exit-stage record to an Exit.csv row: another HMIS may keep one
				# for an exit it later removed.
				self.refuse_unless_imported(
					_("Exit the enrollment first: the exit record is dated on its exit date.")
				)
			elif on != getdate(enrollment.exit_date):
				self.refuse_unless_imported(
					_("An exit record is dated on the exit date, {0}.").format(
						format_date(enrollment.exit_date)
					)
				)

	def refuse_unless_imported(self, message: str, title: str | None = None):
		"""The CAS's own rules of these records (HUD's format allows a record from another HMIS to break
		them): refused in the desk, kept and listed for staff on import."""
		refuse_unless_imported(
			_("{0} record of {1}: {2}").format(
				_(self.data_collection_stage), format_date(self.information_date), message
			)
			if frappe.flags.cas_hmis_import
			else message,
			title=title,
		)

	def set_members(self):
		"""A new record starts with the household (from the last record, when there is one); the rows'
		names, heads and ages come from the household, never from the form."""
		expected = circumstances.household_rows(self.enrollment, self.information_date)
		if self.is_new() and not self.members:
			for row in expected:
				self.append("members", row)
		by_client = {row["client"]: row for row in expected}
		seen = set()
		for row in self.members:
			if row.client not in by_client:
				frappe.throw(_("Row {0}: {1} is not a member of this household.").format(row.idx, row.client))
			if row.client in seen:
				frappe.throw(_("Row {0}: {1} is in the table twice.").format(row.idx, row.client))
			seen.add(row.client)
			for field in circumstances.ROW_FACTS:
				row.set(field, by_client[row.client][field])
		# The head first, adults before children, as the household is filled in.
		order = {row["client"]: index for index, row in enumerate(expected)}
		self.members.sort(key=lambda row: order[row.client])
		for index, row in enumerate(self.members, start=1):
			row.idx = index

	def check_answers(self):
		problems = [
			problem for row in self.members for problem in rules.check_member(self.circumstances_of(row))
		]
		if problems:
			self.refuse_unless_imported(
				"<br>".join(circumstances.translated(problem) for problem in problems),
				title=_("Answers that disagree"),
			)

	def compute(self):
		for row in self.members:
			row.total_monthly_income = rules.total_monthly_income(self.circumstances_of(row))
		self.household_monthly_income = sum(flt(row.total_monthly_income) for row in self.members)
		head = next((row for row in self.members if row.is_head), None)
		derived = rules.disabling_condition(self.circumstances_of(head)) if head else None
		self.disabling_condition = derived or self.get_enrollment_disabling()
		chronic = circumstances.chronicity(self.enrollment, self.disabling_condition, self.information_date)
		self.is_chronically_homeless = int(chronic.is_chronic)
		self.chronic_reasons = "\n".join(_(reason) for reason in chronic.reasons)

	def get_enrollment_disabling(self) -> str | None:
		return frappe.db.get_value("CAS Enrollment", self.enrollment, "disabling_condition")

	def circumstances_of(self, row) -> rules.MemberCircumstances:
		return circumstances.member_circumstances(row, row.client_name or row.client)
