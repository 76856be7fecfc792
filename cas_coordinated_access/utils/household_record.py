"""The base of every record kept inside a CAS enrollment (CLS, assessments, CE Events, plans)."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from cas_coordinated_access import permissions
from cas_coordinated_access.rules import enrollment as enrollment_rules
from cas_coordinated_access.utils import enforce_rules, follow_ups, latest_today
from cas_coordinated_access.utils.escaping import PrintsAsText

# What a record copies from its enrollment: who it is about and where it belongs (for agency scoping).
ENROLLMENT_FACTS = ("client", "client_name", "agency", "client_agency", "is_protected")


class HouseholdRecord(PrintsAsText):
	# The date field that places the record in time, within the enrollment and not in the future; set by
	# each DocType (none: a record about the household rather than of its enrollment's history).
	date_field: str = ""
	# The DocType whose rule decides whether the author may write the record (its own, unless it says).
	written_as: str | None = None

	def check_if_latest(self):
		# Frappe reads the stored record and its rows with locks here, before any of the DocType's hooks run.
		# The household's lock comes first, so every write about a household takes its locks in one order
		# (see follow_ups.lock_household) and two writers wait for each other instead of deadlocking.
		household = self.household_to_lock()
		if household:
			follow_ups.lock_household(household)
		super().check_if_latest()

	def household_to_lock(self) -> str | None:
		return self.enrollment if isinstance(self.enrollment, str) else None

	def set_household_facts(self):
		"""Copy the enrollment's facts (never trusting what the form sent) and check the author may write here."""
		follow_ups.lock_household(self.enrollment)
		self.apply_enrollment_facts(self.get_enrollment())

	def apply_enrollment_facts(self, enrollment):
		"""The enrollment's facts on this record, the author's right to write here and the record's date
		inside the enrollment (the HMIS import's fast writer calls it with the enrollment it has staged)."""
		for fieldname in ENROLLMENT_FACTS:
			self.set(fieldname, enrollment.get(fieldname))
		permissions.ensure_visible(self, self.written_as)
		if not self.date_field:
			return
		with enforce_rules():
			enrollment_rules.check_record_date(
				getdate(self.get(self.date_field)) if self.get(self.date_field) else None,
				getdate(enrollment.entry_date),
				getdate(enrollment.exit_date) if enrollment.exit_date else None,
				latest_today(),
			)

	def on_update(self):
		self.refresh_follow_ups()

	def on_trash(self):
		self.refresh_follow_ups()

	def refresh_follow_ups(self):
		if frappe.flags.cas_hmis_import:
			return  # the import refreshes each household once, when all of it is written
		follow_ups.refresh_for_record(self.enrollment)

	def get_enrollment(self) -> frappe._dict:
		if not getattr(self, "_enrollment", None):
			self._enrollment = frappe.db.get_value(
				"CAS Enrollment",
				self.enrollment,
				[*ENROLLMENT_FACTS, "entry_date", "exit_date", "household_type", "program"],
				as_dict=True,
			)
			if not self._enrollment:
				frappe.throw(
					_("Enrollment {0} does not exist.").format(self.enrollment), frappe.DoesNotExistError
				)
		return self._enrollment
