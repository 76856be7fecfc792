# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils import getdate, today

from cas_coordinated_access.rules import prioritization
from cas_coordinated_access.utils import follow_ups
from cas_coordinated_access.utils.household_record import HouseholdRecord

OPEN_STATES = follow_ups.OPEN_QUEUE_ENTRY_STATES


class CASQueueEntry(HouseholdRecord):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		age_65_or_older: DF.Check
		agency: DF.Link | None
		chronic: DF.Check
		client: DF.Link | None
		client_agency: DF.Link | None
		client_name: DF.Data | None
		date_added: DF.Date | None
		disability: DF.Check
		enrollment: DF.Link
		evh_since: DF.Date | None
		homeless_since: DF.Date | None
		household_size: DF.Int
		household_type: DF.Data | None
		inactive_reason: DF.SmallText | None
		is_evh: DF.Check
		is_protected: DF.Check
		left_on: DF.Date | None
		queue: DF.Literal["Shelter", "Housing"]
		score: DF.Int
		source_assessment: DF.DynamicLink | None
		source_assessment_type: DF.Link | None
		status: DF.Literal["Active", "Referred", "Housed", "Inactive", "Removed"]
		tie_breaker: DF.Float
		veteran: DF.Check
	# end: auto-generated types

	date_field = "date_added"

	def validate(self):
		self.set_household_facts()
		self.check_one_open_entry()
		self.homeless_from = prioritization.homeless_from(
			getdate(self.homeless_since) if self.homeless_since else None,
			getdate(self.date_added or today()),
			getdate(today()),
		)
		if self.status in ("Inactive", "Removed") and not (self.inactive_reason or "").strip():
			frappe.throw(
				_(
					"Say why the household is {0}: referral staff see it when they ask why it was not offered."
				).format(_(self.status).lower()),
				title=_("Reason needed"),
			)
		if self.has_value_changed("status"):
			self.left_on = None if self.status in OPEN_STATES else getdate()

	def check_one_open_entry(self):
		"""One open entry per household per queue; a household that came back can be queued again. Read
		with a lock, after the household's lock: a plain read sees the transaction's first snapshot, from
		before another assessor's entry for the same household was committed."""
		if self.status not in OPEN_STATES:
			return
		other = follow_ups.open_queue_entries(self.enrollment, self.queue, excluding=self.name or "")
		if other:
			frappe.throw(
				_("This household is already on the {0} queue ({1}).").format(_(self.queue), other[0]),
				title=_("Already on the queue"),
			)


def on_doctype_update():
	"""The Community Queue's default order (EVH, score, time homeless, date added, then the tie-break) as an
	index under the queue and status it is read by: a page reads its rows in order, not a sort of every
	active entry (MariaDB 10.8+ keeps the descending parts)."""
	frappe.db.add_index(
		"CAS Queue Entry",
		[
			"`queue`",
			"`status`",
			"`is_evh` desc",
			"`score` desc",
			"`homeless_from`",
			"`date_added`",
			"`tie_breaker`",
		],
		index_name="queue_order",
	)
