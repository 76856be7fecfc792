# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils import getdate, now_datetime, today

from cas_coordinated_access.rules import ce_event, hud
from cas_coordinated_access.rules import referral as rules
from cas_coordinated_access.utils import community_queue, enforce_rules, get_settings
from cas_coordinated_access.utils.api import whitelist
from cas_coordinated_access.utils.household_record import HouseholdRecord

OPEN_STATES = ("Pending", "In Process", "Denied")
RESULT_LIST = ce_event.REFERRAL_RESULT


class CASReferral(HouseholdRecord):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		agency: DF.Link | None
		ce_event: DF.Link | None
		checked_in_on: DF.Date | None
		client: DF.Link | None
		client_agency: DF.Link | None
		client_name: DF.Data | None
		contact: DF.SmallText | None
		deadline: DF.Date | None
		deadline_restarted: DF.Check
		decided_on: DF.Date | None
		denial_note: DF.SmallText | None
		denial_reason: DF.Link | None
		denial_type: DF.Literal["", "Provider", "Client"]
		document_readiness: DF.SmallText | None
		enrollment: DF.Link
		homeless_since: DF.Date | None
		household_size: DF.Int
		household_type: DF.Data | None
		is_evh: DF.Check
		is_protected: DF.Check
		last_cls_date: DF.Date | None
		last_cls_location: DF.SmallText | None
		notes: DF.SmallText | None
		program: DF.Link
		provider_enrollment: DF.Link | None
		queue_entry: DF.Link | None
		receiving_agency: DF.Link | None
		referral_date: DF.Date
		referral_type: DF.Literal["Shelter", "Housing"]
		review_note: DF.SmallText | None
		score: DF.Int
		veteran: DF.Check
		workflow_state: DF.Link | None
	# end: auto-generated types

	date_field = "referral_date"

	def validate(self):
		if self.queue_entry:
			self.enrollment = frappe.db.get_value("CAS Queue Entry", self.queue_entry, "enrollment")
		self.receiving_agency = frappe.db.get_value("CAS Program", self.program, "agency")
		self.set_household_facts()
		if self.is_new():
			self.prepare_new_referral()
		elif self.has_value_changed("workflow_state"):
			self.on_state_change()

	def household_to_lock(self) -> str | None:
		# A new referral names its queue entry; its household comes from there.
		if self.queue_entry and isinstance(self.queue_entry, str):
			return frappe.db.get_value("CAS Queue Entry", self.queue_entry, "enrollment")
		return super().household_to_lock()

	def prepare_new_referral(self):
		self.workflow_state = "Pending"
		if not self.queue_entry:
			# Started from the household rather than the queue: it still leaves the queue it waits on.
			self.queue_entry = frappe.db.get_value(
				"CAS Queue Entry",
				{"enrollment": self.enrollment, "queue": self.referral_type, "status": "Active"},
			)
		if self.queue_entry:
			status = frappe.db.get_value("CAS Queue Entry", self.queue_entry, "status")
			if status != "Active":
				frappe.throw(
					_("Queue entry {0} is {1}: only an active entry can be referred.").format(
						self.queue_entry, _(status)
					),
					title=_("Not on the queue"),
				)
			entry = frappe.db.get_value(
				"CAS Queue Entry", self.queue_entry, ["household_type", "veteran", "chronic"], as_dict=True
			)
			with enforce_rules():
				rules.check_eligible(
					community_queue.program_filters(self.program), community_queue.candidate(entry)
				)
		self.copy_household_snapshot()
		self.check_one_open_referral()
		self.deadline = rules.deadline(getdate(self.referral_date), get_settings().referral_response_days)
		self.set_readiness()
		self.set_document_readiness()
		self.warn_if_whereabouts_are_old()

	# What the provider decides on, from the household's place on the queue (which they may not open).
	HOUSEHOLD_SNAPSHOT = ("household_type", "household_size", "homeless_since", "is_evh", "score", "veteran")

	def copy_household_snapshot(self):
		if self.queue_entry:
			snapshot = frappe.db.get_value(
				"CAS Queue Entry", self.queue_entry, self.HOUSEHOLD_SNAPSHOT, as_dict=True
			)
			self.update(snapshot)

	def check_one_open_referral(self):
		referral = frappe.qb.DocType("CAS Referral")
		query = self.other_referrals(referral).where(referral.workflow_state.isin(OPEN_STATES))
		if self.queue_entry:
			query = query.where(referral.queue_entry == self.queue_entry)
		else:
			query = query.where(referral.referral_type == self.referral_type)
		other = query.run(pluck=True)
		if other:
			frappe.throw(
				_(
					"This household already has an open referral ({0}); withdraw it or wait for its answer."
				).format(other[0]),
				title=_("Open referral"),
			)

	def other_referrals(self, referral):
		"""The household's other referrals, read with a lock: a locking read sees what other sessions have
		just committed, where a plain read would see this transaction's older snapshot."""
		return (
			frappe.qb.from_(referral)
			.select(referral.name, referral.program)
			.where(referral.enrollment == self.enrollment)
			.where(referral.name != (self.name or ""))
			.for_update()
		)

	def set_readiness(self):
		"""Ready to be found: the last CLS and how to reach the household, shown before the provider calls
		("could not be located" is the commonest reason a referral fails). A protected household's
		whereabouts and contact stay with the agencies that hold it: the provider asks referral staff."""
		if self.is_protected:
			self.last_cls_date = frappe.db.get_value(
				"CAS Current Living Situation", {"enrollment": self.enrollment}, "max(information_date)"
			)
			self.last_cls_location = _("Protected household: ask the referral staff how to reach them.")
			self.contact = None
			return
		last = frappe.get_all(
			"CAS Current Living Situation",
			filters={"enrollment": self.enrollment},
			fields=["information_date", "location_address", "location_details"],
			order_by="information_date desc",
			limit=1,
		)
		if last:
			self.last_cls_date = last[0].information_date
			self.last_cls_location = "\n".join(
				filter(None, [last[0].location_address, last[0].location_details])
			)
		contact = frappe.db.get_value(
			"CAS Client", self.client, ["phone", "email", "contact_notes", "is_protected"], as_dict=True
		)
		if contact and not contact.is_protected:
			self.contact = "\n".join(filter(None, [contact.phone, contact.email, contact.contact_notes]))

	def set_document_readiness(self):
		"""Whether the household holds what this program needs, or what is missing: shown to the provider
		before they accept. Members are named by their place in the household only."""
		from cas_coordinated_access.utils import documents

		readiness = documents.readiness_of([self.enrollment], self.program)[self.enrollment]
		self.document_readiness = documents.summary(readiness)

	def onload(self):
		# Documents arrive while the provider decides: an open referral shows where they stand now.
		if self.workflow_state in ("Pending", "In Process") and self.enrollment and self.program:
			self.set_document_readiness()

	def warn_if_whereabouts_are_old(self):
		"""Referred all the same (the specialist may know more), but told, while a CLS can still be asked for."""
		stale_after_days = get_settings().cls_stale_after_days
		last = getdate(self.last_cls_date) if self.last_cls_date else None
		if not rules.whereabouts_are_old(last, getdate(self.referral_date), stale_after_days):
			return
		if last:
			message = _(
				"The household's last Current Living Situation is from {0}, more than {1} days ago: the provider"
				" will look for them there. Ask the assessor to record a current one."
			).format(frappe.format(last, {"fieldtype": "Date"}), stale_after_days)
		else:
			message = _(
				"The household has no Current Living Situation: the provider will not know where to find them."
				" Ask the assessor to record one."
			)
		frappe.msgprint(message, title=_("Whereabouts may be out of date"), indicator="orange")

	def on_state_change(self):
		state = self.workflow_state
		if state == "Denied":
			self.check_denial()
		if state == "Accepted":
			self.accept()
		if state in ("Accepted", "Denial Confirmed", "Withdrawn"):
			self.decided_on = today()

	def check_denial(self):
		missing = [
			label
			for label, value in (
				(_("who declined"), self.denial_type),
				(_("a reason"), self.denial_reason),
				(_("a note"), self.denial_note),
			)
			if not value
		]
		if missing:
			frappe.throw(_("A denial needs {0}.").format(", ".join(missing)), title=_("Denial incomplete"))

	def accept(self):
		"""Atomic: two providers accepting the same household at once are served one after the other.

		The household's enrollment row is locked and carries the last accepted referral; the second
		acceptance waits for the first to commit, then reads it and is refused. (Locking only this row, after
		the referral's own, keeps the lock order the same in every session.)
		"""
		household = frappe.db.sql(
			"""select last_accepted_referral, last_accepted_on from `tabCAS Enrollment`
			where name = %s for update""",
			self.enrollment,
			as_dict=True,
		)[0]
		other = household.last_accepted_referral
		if other and other != self.name:
			other_type, other_program = frappe.db.get_value(
				"CAS Referral", other, ["referral_type", "program"]
			)
			if other_type == self.referral_type and getdate(household.last_accepted_on) >= getdate(
				self.referral_date
			):
				frappe.throw(
					_("{0} was already accepted by {1} ({2}); this referral cannot be accepted too.").format(
						self.client_name, other_program, other
					),
					title=_("Already accepted"),
				)
		frappe.db.set_value(
			"CAS Enrollment",
			self.enrollment,
			{"last_accepted_referral": self.name, "last_accepted_on": now_datetime()},
			update_modified=False,
		)

	def after_insert(self):
		if self.queue_entry:
			community_queue.set_entry_status(self.queue_entry, "Referred")
		self.log_event()

	def log_event(self):
		"""Sending a referral logs the HUD 4.20 event that matches the program, once."""
		code = community_queue.event_code_for(self.program)
		at_location = code in ce_event.HOUSING_OPENINGS | ce_event.VOUCHERS
		event = frappe.get_doc(
			{
				"doctype": "CAS CE Event",
				"enrollment": self.enrollment,
				"event_date": self.referral_date,
				"event": hud.label_for(ce_event.EVENT, code),
				"location_crisis_or_ph_housing": self.program if at_location else None,
				"reference_doctype": self.doctype,
				"reference_name": self.name,
			}
		).insert(ignore_permissions=True)
		self.db_set("ce_event", event.name, update_modified=False)

	def on_update(self):
		super().on_update()
		if not self.has_value_changed("workflow_state") or self.is_new():
			return
		entry_status = {
			"Accepted": "Housed",
			"Denial Confirmed": "Active",
			"Withdrawn": "Active",
			"In Process": "Referred",
		}
		if self.queue_entry and self.workflow_state in entry_status:
			community_queue.set_entry_status(self.queue_entry, entry_status[self.workflow_state])
		if self.workflow_state in ("Accepted", "Denial Confirmed"):
			self.record_result(rules.referral_result(self.workflow_state == "Accepted", self.denial_type))

	def record_result(self, result: int):
		"""The referral's CE Event carries its outcome (HUD 4.20.D and E), once."""
		if not self.ce_event:
			return
		frappe.db.set_value(
			"CAS CE Event",
			self.ce_event,
			{
				"referral_result": hud.label_for(RESULT_LIST, result),
				"result_date": self.decided_on or today(),
			},
		)

	@whitelist()
	def enroll_household(self) -> str:
		"""Once accepted, the provider enrolls the household in its program; from then on the provider sees
		the client as any agency sees the households it serves (a protected client stays pseudonymous)."""
		self.check_permission("write")
		if self.workflow_state != "Accepted":
			frappe.throw(_("Enroll the household once the referral is accepted."), title=_("Not accepted"))
		if self.provider_enrollment:
			return self.provider_enrollment
		household = frappe.get_doc("CAS Enrollment", self.enrollment)
		enrollment = frappe.get_doc(
			{
				"doctype": "CAS Enrollment",
				"client": household.client,
				"program": self.program,
				"entry_date": today(),
				"homeless_since": household.homeless_since,
				"household_members": [
					{"client": member.client, "relationship_to_hoh": member.relationship_to_hoh}
					for member in household.household_members
				],
			}
		).insert()
		self.db_set("provider_enrollment", enrollment.name)
		return enrollment.name

	@whitelist()
	def check_in(self):
		"""The provider is still working on it: the countdown restarts, once."""
		self.check_permission("write")
		with enforce_rules():
			self.deadline = rules.deadline_after_check_in(
				getdate(self.deadline),
				getdate(),
				get_settings().referral_response_days,
				bool(self.deadline_restarted),
			)
		self.checked_in_on = today()
		self.deadline_restarted = 1
		self.save()
