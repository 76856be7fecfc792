"""Due items of CAS enrollments (rules/due.py decides): the enrollment's Next Steps table, ToDos for
the assessor, and the daily job that marks what went overdue."""

from contextlib import contextmanager

import frappe
from frappe import _
from frappe.utils import getdate
from frappe.utils.background_jobs import get_queue, get_redis_conn, get_workers

from cas_coordinated_access.rules import ce_event, due
from cas_coordinated_access.utils import get_settings
from cas_coordinated_access.utils.escaping import as_text

COORDINATED_ENTRY = "Coordinated Entry"
PLACED_ON_QUEUE = "Placed on prioritization list"
# The queue of the job that writes the assessor's ToDos after a save (give_todos).
TODO_QUEUE = "short"
OPEN_QUEUE_ENTRY_STATES = ("Active", "Referred")


def is_cas_enrollment(enrollment: str) -> bool:
	"""The CAS rules apply inside Coordinated Entry enrollments (the shared CAS Agency's CE program)."""
	program = frappe.db.get_value("CAS Enrollment", enrollment, "program")
	return frappe.db.get_value("CAS Program", program, "project_type") == COORDINATED_ENTRY


def facts_for(enrollment: str) -> due.EnrollmentFacts:
	def rows(doctype, fields, **filters):
		return frappe.get_all(doctype, filters={"enrollment": enrollment, **filters}, fields=fields)

	dates = frappe.db.get_value("CAS Enrollment", enrollment, ["entry_date", "exit_date"], as_dict=True)
	assessments = [
		due.AssessmentFact(
			kind, getdate(row.assessment_date), row.name, row.prioritization_status == PLACED_ON_QUEUE
		)
		for doctype, kind in (
			("CAS Crisis Assessment", "Crisis Assessment"),
			("CAS Housing Conversation Tool", due.HCT),
		)
		for row in rows(doctype, ["name", "assessment_date", "prioritization_status"], docstatus=1)
	]
	return due.EnrollmentFacts(
		entry_date=getdate(dates.entry_date),
		cls_dates=tuple(
			getdate(row.information_date)
			for row in rows("CAS Current Living Situation", ["information_date"])
		),
		assessments=tuple(assessments),
		isps=tuple(
			due.ISPFact(getdate(row.plan_date), row.housing_conversation_tool, row.name)
			for row in rows(
				"CAS Individualized Support Plan", ["name", "plan_date", "housing_conversation_tool"]
			)
		),
		events=tuple(
			due.EventFact(getdate(row.event_date), ce_event.event_code(row.event) or 0, row.name)
			for row in rows("CAS CE Event", ["name", "event_date", "event"])
		),
		status_records=tuple(
			due.StatusFact(row.data_collection_stage, getdate(row.information_date))
			for row in rows(
				"CAS Status Assessment", ["data_collection_stage", "information_date"], docstatus=1
			)
		),
		exit_date=getdate(dates.exit_date) if dates.exit_date else None,
	)


def due_settings() -> due.DueSettings:
	settings = get_settings()
	return due.DueSettings(
		cls_stale_after_days=settings.cls_stale_after_days,
		isp_due_business_days=settings.isp_due_business_days,
		holidays=frozenset(getdate(row.holiday_date) for row in settings.holidays),
	)


@contextmanager
def refreshed_once():
	"""Inside the block, what is written about a household recomputes its due items once, when the block
	ends, not after each record: a household's whole history written at once (the demo) would otherwise
	recompute them, and close and open its ToDos, after every CLS, assessment, plan and event. Nothing in
	the block reads the due items; a block that fails refreshes nothing (its writes are rolled back)."""
	if frappe.flags.cas_refresh_later is not None:
		yield  # an outer block refreshes
		return
	frappe.flags.cas_refresh_later = pending = {}
	try:
		yield
	finally:
		frappe.flags.cas_refresh_later = None
	for enrollment in pending:
		refresh_for_record(enrollment)


def refresh_later(enrollment: str) -> bool:
	"""Inside ``refreshed_once``: note the household for its refresh at the block's end (True)."""
	pending = frappe.flags.cas_refresh_later
	if pending is None:
		return False
	pending[enrollment] = True
	return True


def refresh_for_record(enrollment: str):
	"""A record of the household (a CLS, an assessment, a plan, an event, a queue entry) changed what is due,
	and perhaps EVH: recompute, and tell the desk the enrollment changed although it was not saved, so an
	open or cached enrollment form shows the new Next Steps, and a stale copy cannot be saved over them."""
	if refresh_later(enrollment):
		return
	refresh(enrollment)
	modified = frappe.utils.now()
	frappe.db.set_value("CAS Enrollment", enrollment, "modified", modified, update_modified=False)
	frappe.publish_realtime(
		"doc_update",
		{"modified": modified, "doctype": "CAS Enrollment", "name": enrollment},
		doctype="CAS Enrollment",
		docname=enrollment,
		after_commit=True,
	)


def lock_household(enrollment: str):
	"""Writes about one household take its enrollment row first, and so one at a time, always in the same
	order: two staff writing about one household wait for each other instead of deadlocking."""
	frappe.db.sql("select `name` from `tabCAS Enrollment` where `name` = %s for update", enrollment)


def open_queue_entries(enrollment: str, queue: str, excluding: str = "") -> list[str]:
	"""The household's open entries on a queue, read with a lock (after the household's lock: a plain read
	sees the transaction's first snapshot, from before another assessor's entry was committed). The scan
	goes by the enrollment's index: by the status index it would lock the open entries of every household,
	which a referral of another household is updating at that moment (a deadlock under load)."""
	entry = frappe.qb.DocType("CAS Queue Entry")
	return (
		frappe.qb.from_(entry)
		.force_index("enrollment")
		.select(entry.name)
		.where(entry.enrollment == enrollment)
		.where(entry.queue == queue)
		.where(entry.status.isin(OPEN_QUEUE_ENTRY_STATES))
		.where(entry.name != excluding)
		.for_update()
		.run(pluck=True)
	)


def refresh(enrollment: str, today=None, todos: bool = True) -> list[due.DueItem]:
	"""Recompute an enrollment's due items; write its Next Steps and (unless told not to: an import has no
	assessor to give them to) the assessor's ToDos."""
	lock_household(enrollment)
	items = due_items_of(enrollment, today)
	write_next_steps(enrollment, items)
	if todos:
		give_todos(enrollment, items, today)
	return items


def due_items_of(enrollment: str, today=None) -> list[due.DueItem]:
	if not is_cas_enrollment(enrollment):
		return []
	if frappe.db.get_value("CAS Enrollment", enrollment, "exit_date"):
		return due.exit_items(facts_for(enrollment), getdate(today))
	return due.due_items(
		facts_for(enrollment),
		due_settings(),
		getdate(today),
		format_date=lambda day: frappe.format(day, {"fieldtype": "Date"}),
	)


def give_todos(enrollment: str, items: list[due.DueItem], today=None):
	"""The assessor's ToDos for the due items. Frappe's ToDo controller loads the enrollment and comments on
	it for each new one: a quarter of an HCT's submit, for a list the assessor reads later. So where a worker
	serves the queue, a save notes the household once it commits and the worker writes its ToDos. A job (the
	daily refresh, an import) or a migration writes them itself, as does a site without workers or Redis."""
	if today is None and not in_job_or_migration() and workers_listen(TODO_QUEUE):
		user = frappe.session.user
		frappe.db.after_commit.add(lambda: note_for_todos(enrollment, user))
		return
	sync_todos(enrollment, items)


def note_for_todos(enrollment: str, user: str):
	"""A household whose ToDos are due to be written, and who saved last. One job at a time waits in the
	queue for every household noted: a job per save would cost the worker more (a fork, a connection)
	than the ToDos themselves, and fall behind when staff are busy."""
	try:
		redis = get_redis_conn()
		redis.hset(todo_key("households"), enrollment, user)
		# Expires, in case the queued job is taken off the queue by hand: the next note queues another.
		if redis.set(todo_key("job queued"), 1, nx=True, ex=300):
			frappe.enqueue("cas_coordinated_access.utils.follow_ups.write_noted_todos", queue=TODO_QUEUE)
	except Exception:
		# The save is committed (this runs after); the daily refresh writes these ToDos. The log is committed
		# too: nothing commits after this in the request.
		log_todos_left(enrollment)


def write_noted_todos():
	"""The worker's part: the ToDos of every household noted, as each stands now, until none is left."""
	redis = get_redis_conn()
	redis.delete(todo_key("job queued"))  # a note from now on queues the next run
	while noted := take_noted(redis):
		for enrollment, user in noted.items():
			write_todos_as_they_stand(enrollment, user)


def take_noted(redis) -> dict[str, str]:
	with redis.pipeline() as both:  # at once: a note made in between would be deleted unread
		both.hgetall(todo_key("households"))
		both.delete(todo_key("households"))
		noted, _deleted = both.execute()
	return {enrollment.decode(): user.decode() for enrollment, user in noted.items()}


def write_todos_as_they_stand(enrollment: str, user: str):
	"""One household's ToDos, given as the user who saved last, in a transaction of its own. It begins with
	the household's lock, nothing read before it, so what follows sees every save committed before."""
	frappe.db.rollback()
	frappe.set_user(user)
	try:
		todos_as_they_stand(enrollment)
		frappe.db.commit()
	except Exception:
		frappe.db.rollback()
		log_todos_left(enrollment)


def log_todos_left(enrollment: str):
	frappe.log_error(title=_("CAS follow-ups: ToDos of {0} left to the daily refresh").format(enrollment))
	frappe.db.commit()


def todos_as_they_stand(enrollment: str):
	lock_household(enrollment)
	sync_todos(enrollment, due_items_of(enrollment))


def todo_key(what: str) -> str:
	return f"{frappe.local.site}|cas follow-ups|{what}"


def in_job_or_migration() -> bool:
	return bool(frappe.job or frappe.flags.in_migrate or frappe.flags.in_install)


def workers_listen(queue: str) -> bool:
	"""Whether an RQ worker serves the queue now (asked of Redis; unreachable: no)."""
	try:
		return bool(get_workers(get_queue(queue)))
	except Exception:
		# Redis down: the save goes on and its ToDos are written with it.
		return False


def write_next_steps(enrollment: str, items: list[due.DueItem]):
	# Written directly: the table is derived, so recomputing it is not an edit of the enrollment. Old rows
	# go by their names: a delete by parent locks the index gap beside them too, where another household's
	# rows are being written at the same moment (a deadlock under load).
	old_rows = frappe.get_all(
		"CAS Due Item", filters={"parent": enrollment, "parenttype": "CAS Enrollment"}, pluck="name"
	)
	if old_rows:
		frappe.db.delete("CAS Due Item", {"name": ("in", old_rows)})
	for row in next_step_rows(enrollment, items):
		row.db_insert()


def todo_description(enrollment_label: str, item: due.DueItem) -> str:
	"""Names the obligation, the household first (a list cuts long descriptions): a new due date (a newer
	CLS moves the next one) is a new ToDo."""
	due_on = frappe.format(item.due_on, "Date")
	after = _(" after {0}").format(item.related) if item.related else ""
	# A ToDo's description is HTML to Frappe: the household's name goes in as text.
	return _("{0}: {1} due {2}{3}").format(as_text(enrollment_label), _(item.kind), due_on, after)


def todo_priority(item: due.DueItem) -> str:
	"""Overdue first, then what is due within two days; the rest can wait."""
	if item.overdue:
		return "High"
	if (item.due_on - getdate()).days <= 2:
		return "Medium"
	return "Low"


def sync_todos(enrollment: str, items: list[due.DueItem]):
	"""One open ToDo per due item, dated and assigned to the assessor; ToDos of items done are closed."""
	label = frappe.db.get_value("CAS Enrollment", enrollment, "client_name") or enrollment
	wanted = {todo_description(label, item): item for item in items}
	open_todos = frappe.get_all(
		"ToDo",
		filters={"reference_type": "CAS Enrollment", "reference_name": enrollment, "status": "Open"},
		fields=["name", "description", "priority"],
	)
	existing = {todo.description: todo for todo in open_todos}
	for todo in open_todos:
		if todo.description not in wanted:
			frappe.db.set_value("ToDo", todo.name, "status", "Closed")
	for description, item in wanted.items():
		priority = todo_priority(item)
		todo = existing.get(description)
		if todo:
			if todo.priority != priority:
				frappe.db.set_value("ToDo", todo.name, "priority", priority)
			continue
		frappe.get_doc(
			{
				"doctype": "ToDo",
				"allocated_to": assessor_of(enrollment),
				"reference_type": "CAS Enrollment",
				"reference_name": enrollment,
				"description": description,
				"date": item.due_on,
				"priority": priority,
			}
		).insert(ignore_permissions=True)


def assessor_of(enrollment: str) -> str:
	"""Who the ToDo goes to: the user recording the work, else whoever enrolled the household."""
	user = frappe.session.user
	if user not in ("Administrator", "Guest"):
		return user
	return frappe.db.get_value("CAS Enrollment", enrollment, "owner")


def mark_overdue_follow_ups():
	"""Daily: recompute every open CAS enrollment so what went overdue shows as overdue."""
	enrollments = frappe.get_all(
		"CAS Enrollment",
		filters={"status": "Open", "program": ("in", cas_programs())},
		pluck="name",
	)
	failed = []
	for enrollment in enrollments:
		try:
			refresh(enrollment)
		except Exception:
			failed.append(enrollment)
			frappe.log_error(title=_("CAS follow-ups: {0} could not be refreshed").format(enrollment))
	if failed:
		frappe.log_error(
			title=_("CAS follow-ups: {0} of {1} enrollments failed").format(len(failed), len(enrollments)),
			message="\n".join(failed),
		)
	return len(enrollments) - len(failed)


def cas_programs() -> list[str]:
	return frappe.get_all("CAS Program", filters={"project_type": COORDINATED_ENTRY}, pluck="name") or [""]


def next_step_rows(enrollment: str, items: list[due.DueItem]) -> list:
	"""The enrollment's Next Steps rows (CAS Due Item) for ``items``, in order, not yet written."""
	return [
		frappe.get_doc(
			{
				"doctype": "CAS Due Item",
				"parent": enrollment,
				"parenttype": "CAS Enrollment",
				"parentfield": "due_items",
				"idx": index,
				"kind": item.kind,
				"due_on": item.due_on,
				"overdue": int(item.overdue),
				"reason": item.reason,
				"related": item.related,
			}
		)
		for index, item in enumerate(items, start=1)
	]
