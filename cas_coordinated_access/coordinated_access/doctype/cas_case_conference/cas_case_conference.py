# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from cas_coordinated_access.constants import CASE_CONFERENCE_DISCUSSION


class CASCaseConference(Document):
	def validate(self):
		# Frappe gives a title field no default of its own: a conference without a title gets the usual one.
		self.conference_title = (self.conference_title or "").strip() or _("Case Conference")
		self.check_attendees()
		if not self.is_new() and self.has_value_changed("conference_date"):
			self.move_discussions()

	def check_attendees(self):
		seen = set()
		for row in self.attendees:
			if row.user in seen:
				frappe.throw(
					_("Row {0}: {1} is listed twice.").format(row.idx, frappe.bold(row.user)),
					title=_("Attendees"),
				)
			seen.add(row.user)
			if not row.agency:
				row.agency = frappe.db.get_value("CAS Staff Member", row.user, "acting_agency")

	def move_discussions(self):
		# The households discussed move with the meeting: their date is the conference's.
		frappe.db.set_value(
			CASE_CONFERENCE_DISCUSSION,
			{"case_conference": self.name},
			"conference_date",
			self.conference_date,
		)

	def on_trash(self):
		if frappe.db.exists(CASE_CONFERENCE_DISCUSSION, {"case_conference": self.name}):
			frappe.throw(
				_("Households were discussed at this conference; delete their discussions first."),
				frappe.LinkExistsError,
			)
