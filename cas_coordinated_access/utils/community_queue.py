"""The Community Queue: sending a household to it from a submitted assessment, the snapshot
prioritization uses, and the prioritized list."""

import random

import frappe
from frappe import _
from frappe.utils import add_days, date_diff, getdate

from cas_coordinated_access import permissions
from cas_coordinated_access.rules import household, hud
from cas_coordinated_access.rules import prioritization as prio
from cas_coordinated_access.rules import referral as referral_rules
from cas_coordinated_access.utils import circumstances, documents, follow_ups, get_settings
from cas_coordinated_access.utils.escaping import as_text

OPEN_ENTRY_STATES = follow_ups.OPEN_QUEUE_ENTRY_STATES


def set_entry_status(entry: str, status: str):
	"""Move a queue entry; leaving the queue (housed, inactive, removed) is dated, for the queue's history."""
	frappe.db.set_value(
		"CAS Queue Entry",
		entry,
		{"status": status, "left_on": None if status in OPEN_ENTRY_STATES else getdate()},
	)


def queue_size_over_time(weeks: int = 12, queue: str | None = None) -> list[tuple]:
	"""(week ending, households on the queue that day) for the last ``weeks`` weeks, as the user may see."""
	condition = permissions.condition_for("CAS Queue Entry", table="entry")
	today = getdate()
	days = [add_days(today, -7 * back) for back in range(weeks - 1, -1, -1)]
	values = {"queue": queue, **{f"day{i}": day for i, day in enumerate(days)}}
	queue_condition = "and entry.`queue` = %(queue)s" if queue else ""
	# One pass over the queue with a sum per week: a count per week read the same rows twelve times.
	sums = ", ".join(
		f"""coalesce(sum(entry.`date_added` <= %(day{i})s
			and (entry.`left_on` is null or entry.`left_on` > %(day{i})s)), 0)"""
		for i in range(len(days))
	)
	sizes = frappe.db.sql(
		f"""select {sums} from `tabCAS Queue Entry` entry
		where entry.`status` != 'Removed' {queue_condition} and {condition}""",
		values,
	)[0]
	return [(day, int(size)) for day, size in zip(days, sizes, strict=True)]


PLACED = "Placed on prioritization list"
YES = "Yes"


def send(assessment_doctype: str, assessment_name: str, queue: str) -> str:
	"""Put the household of a submitted assessment on a queue, or refresh its place there."""
	assessment = frappe.get_doc(assessment_doctype, assessment_name)
	assessment.check_permission("read")
	if assessment.docstatus != 1:
		frappe.throw(_("Submit the assessment before sending the household to the Community Queue."))
	# Two assessors may send the same household at once: one at a time, each seeing what the other wrote.
	follow_ups.lock_household(assessment.enrollment)
	existing = follow_ups.open_queue_entries(assessment.enrollment, queue)
	# Read with a lock too: a plain read would look in the transaction's first snapshot, where an entry
	# another assessor has just committed is not found.
	entry = (
		frappe.get_doc("CAS Queue Entry", existing[0], for_update=True)
		if existing
		else frappe.new_doc("CAS Queue Entry")
	)
	entry.update({"enrollment": assessment.enrollment, "queue": queue})
	entry.update(snapshot(assessment))
	if not entry.is_new():
		# Frappe's check of a stored record reads it without a lock, in the transaction's first snapshot,
		# where an entry another assessor has just committed is missing (a 403 under load). The same checks
		# on the record as locked: the role may write queue entries, the rule shows this one to the user.
		frappe.has_permission("CAS Queue Entry", "write", throw=True)
		permissions.ensure_visible(entry)
		entry.flags.ignore_permissions = True
	entry.save()
	frappe.db.set_value(assessment_doctype, assessment_name, "prioritization_status", PLACED)
	follow_ups.refresh_for_record(assessment.enrollment)
	return entry.name


def snapshot(assessment) -> dict:
	"""What prioritization and program eligibility read, taken from the assessment and the household now."""
	enrollment = frappe.get_doc("CAS Enrollment", assessment.enrollment)
	head = frappe.db.get_value(
		"CAS Client", enrollment.client, ["veteran_status", "date_of_birth"], as_dict=True
	)
	homeless_since = getdate(enrollment.homeless_since or enrollment.entry_date)
	disability = enrollment.disabling_condition == YES
	chronic = circumstances.chronicity(enrollment.name, enrollment.disabling_condition, getdate())
	age = household.age_on(getdate(head.date_of_birth), getdate()) if head.date_of_birth else None
	return {
		"source_assessment_type": assessment.doctype,
		"source_assessment": assessment.name,
		"score": assessment.total_score,
		"is_evh": enrollment.is_evh,
		"evh_since": enrollment.evh_since,
		"household_type": enrollment.household_type,
		"household_size": enrollment.household_size,
		"homeless_since": homeless_since,
		"veteran": int(head.veteran_status == YES),
		"disability": int(disability),
		"chronic": int(chronic.is_chronic),
		"chronic_reasons": "\n".join(_(reason) for reason in chronic.reasons),
		"age_65_or_older": int(age is not None and age >= 65),
		"tie_breaker": tie_breaker(enrollment),
	}


def tie_breaker(enrollment) -> float:
	"""A random number given once per household and kept: the queue's last, auditable tie-break."""
	if not enrollment.queue_tie_breaker:
		enrollment.queue_tie_breaker = random.SystemRandom().random() or 0.5
		frappe.db.set_value(
			"CAS Enrollment", enrollment.name, "queue_tie_breaker", enrollment.queue_tie_breaker
		)
	return enrollment.queue_tie_breaker


def refresh_entries(enrollment: str, assessment):
	"""A newer submitted assessment refreshes the household's open queue entries."""
	for name in frappe.get_all(
		"CAS Queue Entry",
		filters={"enrollment": enrollment, "status": ("in", OPEN_ENTRY_STATES)},
		pluck="name",
	):
		entry = frappe.get_doc("CAS Queue Entry", name)
		entry.update(snapshot(assessment))
		entry.save(ignore_permissions=True)


def prioritization_order() -> list[str]:
	return [row.criterion for row in get_settings().prioritization_order] or list(prio.DEFAULT_ORDER)


# What a row of the queue reads of its entry.
ENTRY_COLUMNS = """entry.`name`, entry.`client_name`, entry.`enrollment`, entry.`queue`, entry.`score`,
	entry.`is_evh`, entry.`household_type`, entry.`household_size`, entry.`homeless_since`, entry.`homeless_from`,
	entry.`date_added`, entry.`tie_breaker`, entry.`veteran`, entry.`chronic`, entry.`disability`,
	entry.`age_65_or_older`"""
# While a filter read in Python (program eligibility, readiness) skips some entries, the first read is
# twice what the page needs and each next read twice the last: a filter that takes most households
# costs one read of a little more than the page, one that takes few a handful of reads, never the queue.
FIRST_CHUNK_PER_ROW = 2


def queue_conditions(filters: dict) -> tuple[str, dict]:
	"""The SQL condition (on ``entry``) of the active entries the user may see under the queue, household
	type and EVH filters, and its values. A household's rank is its place among these."""
	conditions = ["entry.`status` = 'Active'", permissions.condition_for("CAS Queue Entry", table="entry")]
	values = {}
	for fieldname in ("queue", "household_type"):
		if filters.get(fieldname):
			conditions.append(f"entry.`{fieldname}` = %({fieldname})s")
			values[fieldname] = filters[fieldname]
	if filters.get("evh_only"):
		conditions.append("entry.`is_evh` = 1")
	return " and ".join(conditions), values


def queue_counts(filters: dict) -> tuple[int, int]:
	"""(households ranked under ``filters``, of which EVH), in one query."""
	condition, values = queue_conditions(filters)
	total, evh = frappe.db.sql(
		f"select count(*), coalesce(sum(entry.`is_evh`), 0) from `tabCAS Queue Entry` entry where {condition}",
		values,
	)[0]
	return int(total), int(evh)


def queue_rows(filters: dict, start: int = 0, limit: int | None = None) -> list[frappe._dict]:
	"""Active entries the user may see, in queue order, each with its rank and why: those from ``start``
	(0: the top) on, at most ``limit`` of them (None: every one).

	The rank is the household's place among the entries of the queue, household type and EVH filters; the
	program and document-ready filters leave some out without renumbering the rest. The CoC's order is
	ranked by the database, which reads only as far as the page; an order that uses document readiness is
	ranked in Python over every entry (readiness is computed from many records, rules/documents.py)."""
	start = max(int(start or 0), 0)
	program = program_filters(filters.get("program")) if filters.get("program") else None
	ready_only = bool(filters.get("document_ready_only"))
	order = prioritization_order()
	today = getdate()
	ranked = _Ranked(filters, order, today, start, limit, program or ready_only)
	page = []
	readiness = {}
	# The database may have skipped the entries before the page already.
	skipped = ranked.first
	for rank, entry, ready in ranked:
		if program and referral_rules.ineligibility(program, candidate(entry)):
			continue
		if ready_only:
			if ready is None:
				if entry.enrollment not in readiness:
					# Readiness of the rest of the chunk in one go, not one household at a time.
					readiness.update(documents.readiness_of(ranked.pending(), filters.get("program")))
				ready = readiness[entry.enrollment]
			if not ready.ready:
				continue
		if skipped < start:
			skipped += 1
			continue
		page.append((rank, entry, ready))
		if limit is not None and len(page) >= limit:
			break
	# Readiness for the program filtered on, else for what every program needs (rules/documents.py).
	missing = [entry.enrollment for _rank, entry, ready in page if ready is None]
	readiness.update(documents.readiness_of(missing, filters.get("program")) if missing else {})
	enrollments = [entry.enrollment for _rank, entry, _ready in page]
	# EVH households waiting without a shelter referral must stand out.
	sheltered = set(
		frappe.db.sql_list(
			"""select `enrollment` from `tabCAS Referral`
			where `enrollment` in %(enrollments)s and `referral_type` = 'Shelter'
				and `workflow_state` in ('Pending', 'In Process', 'Accepted')""",
			{"enrollments": tuple(enrollments or [""])},
		)
	)
	result = []
	for rank, entry, ready in page:
		ready = ready or readiness[entry.enrollment]
		row = queue_row(entry, today, ready.ready)
		result.append(
			frappe._dict(
				entry,
				rank=rank,
				why=prio.explain(row, order),
				days_homeless=row.days_homeless,
				days_waiting=max(date_diff(today, entry.date_added), 0),
				needs_shelter=int(bool(entry.is_evh) and entry.enrollment not in sheltered),
				document_ready=int(row.document_ready),
				documents=documents.summary(ready),
			)
		)
	return result


def queue_row(entry, today, document_ready: bool) -> prio.QueueRow:
	return prio.QueueRow(
		name=entry.name,
		is_evh=bool(entry.is_evh),
		score=entry.score or 0,
		days_homeless=prio.days_homeless(getdate(entry.homeless_from), today),
		date_added=getdate(entry.date_added),
		tie_breaker=entry.tie_breaker or 0,
		age_65_or_older=bool(entry.age_65_or_older),
		medical_condition=bool(entry.disability),
		veteran=bool(entry.veteran),
		chronic=bool(entry.chronic),
		document_ready=document_ready,
	)


class _Ranked:
	"""The ranked entries as (rank, entry, readiness or None when not yet read), read lazily: the first
	chunk, then the rest.

	``pending()``: the enrollments of the entries read, from the current one on, whose readiness a filter
	may ask for at once."""

	def __init__(self, filters, order, today, start, limit, filtered_in_python):
		self.condition, self.values = queue_conditions(filters)
		self.order, self.today, self.filters = order, today, filters
		self.order_by = prio.order_by_sql(order, "entry", frappe.db.escape(str(today)))
		# Without a filter read in Python, the page is exactly the rows from ``start``: one query.
		if limit is not None and not filtered_in_python:
			self.first, self.chunk = start, limit
		else:
			self.first = 0
			self.chunk = None if limit is None else max(FIRST_CHUNK_PER_ROW * (start + limit), 10)
		self.entries = []
		self.position = 0

	def __iter__(self):
		if self.order_by is None:
			yield from self._in_python()
			return
		offset = self.first
		while True:
			# MariaDB has no OFFSET without a LIMIT: the largest one stands for "the rest".
			paging = (
				f" limit {int(self.chunk or 2**64 - 1)} offset {int(offset)}" if self.chunk or offset else ""
			)
			self.entries = frappe.db.sql(
				f"""select {ENTRY_COLUMNS} from `tabCAS Queue Entry` entry where {self.condition}
				order by {self.order_by}{paging}""",
				self.values,
				as_dict=True,
			)
			for position, entry in enumerate(self.entries):
				self.position = position
				yield offset + position + 1, entry, None
			offset += len(self.entries)
			if self.chunk is None or len(self.entries) < self.chunk:
				return
			self.chunk *= 2

	def _in_python(self):
		self.entries = frappe.db.sql(
			f"select {ENTRY_COLUMNS} from `tabCAS Queue Entry` entry where {self.condition}",
			self.values,
			as_dict=True,
		)
		readiness = documents.readiness_of(
			[entry.enrollment for entry in self.entries], self.filters.get("program")
		)
		by_name = {entry.name: entry for entry in self.entries}
		rows = [queue_row(entry, self.today, readiness[entry.enrollment].ready) for entry in self.entries]
		for rank, row, _why in prio.rank(rows, self.order):
			entry = by_name[row.name]
			yield rank, entry, readiness[entry.enrollment]

	def pending(self) -> list[str]:
		return [entry.enrollment for entry in self.entries[self.position :]]


def candidate(entry) -> referral_rules.Household:
	return referral_rules.Household(entry.household_type, bool(entry.veteran), bool(entry.chronic))


def program_filters(program: str) -> referral_rules.ProgramFilters:
	doc = frappe.get_cached_doc("CAS Program", program)
	served = {
		household.INDIVIDUAL_ADULT: doc.serves_individual_adults,
		household.ADULTS_ONLY: doc.serves_adults_only,
		household.FAMILY_WITH_CHILDREN: doc.serves_families_with_children,
		household.UNACCOMPANIED_YOUTH: doc.serves_unaccompanied_youth,
	}
	open_slots = None
	if doc.capacity:
		taken = frappe.db.count(
			"CAS Referral",
			{"program": program, "workflow_state": ("in", ("Pending", "In Process", "Accepted"))},
		)
		open_slots = doc.capacity - taken
	return referral_rules.ProgramFilters(
		household_types=frozenset(t for t, serves in served.items() if serves),
		veteran_only=bool(doc.veteran_only),
		requires_chronic=bool(doc.requires_chronic),
		youth_only=bool(doc.youth_only),
		open_slots=open_slots,
	)


def event_code_for(program: str) -> int:
	project_type = frappe.db.get_value("CAS Program", program, "project_type")
	return referral_rules.event_for_program(hud.code_for(hud.PROJECT_TYPE, project_type))


def expire_overdue_referrals():
	"""Daily: a referral past its deadline without an answer expires, the household returns to the queue,
	the provider's silence is recorded on the CE Event, and referral staff are told."""
	from cas_coordinated_access.utils.evh import crisis_staff

	today = getdate()
	expired = frappe.get_all(
		"CAS Referral",
		filters={"workflow_state": ("in", ("Pending", "In Process")), "deadline": ("<", today)},
		fields=["name", "queue_entry", "ce_event", "client_name", "program"],
	)
	for referral in expired:
		frappe.db.set_value("CAS Referral", referral.name, {"workflow_state": "Expired", "decided_on": today})
		frappe.get_doc("CAS Referral", referral.name).add_comment(
			"Info", _("Expired: no answer from {0} by the deadline.").format(referral.program)
		)
		if referral.queue_entry:
			set_entry_status(referral.queue_entry, "Active")
		if referral.ce_event:
			frappe.db.set_value(
				"CAS CE Event",
				referral.ce_event,
				{
					"referral_result": hud.label_for("4.20.D", referral_rules.PROVIDER_REJECTED),
					"result_date": today,
				},
			)
	if expired:
		from frappe.desk.doctype.notification_log.notification_log import make_notification_logs

		for referral in expired:
			make_notification_logs(
				frappe._dict(
					{
						"type": "Alert",
						"document_type": "CAS Referral",
						"document_name": referral.name,
						"subject": _(
							"Referral of {0} to {1} expired; the household is back on the queue."
						).format(as_text(referral.client_name), as_text(referral.program)),
					}
				),
				crisis_staff("CAS Referral Specialist"),
			)
	return [referral.name for referral in expired]
