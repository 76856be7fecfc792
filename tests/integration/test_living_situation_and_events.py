"""CLS and CE Events on a real site: facts copied from the enrollment, HUD's dependent fields, refusals."""

from datetime import timedelta

import frappe
import pytest
from frappe.utils import getdate

from tests.integration.factories import (
	make_agency,
	make_cas_enrollment,
	make_client,
	make_cls,
	make_enrollment,
	make_event,
	make_program,
	make_user,
	todo_jobs,
)

FRIEND = "Staying or living in a friend’s room, apartment, or house"


@pytest.fixture
def enrollment():
	return make_cas_enrollment(entry_date=getdate() - timedelta(days=40))


class TestCurrentLivingSituation:
	def test_belongs_where_the_enrollment_belongs(self, enrollment):
		cls = make_cls(enrollment.name, agency=make_agency().name, client_name="Forged")
		assert (cls.agency, cls.client, cls.client_name) == (
			enrollment.agency,
			enrollment.client,
			enrollment.client_name,
		)

	def test_location_may_not_be_skipped(self, enrollment):
		before = frappe.db.count("CAS Current Living Situation")
		with pytest.raises(frappe.ValidationError, match="may not be skipped"):
			make_cls(enrollment.name, location_address=None)
		assert frappe.db.count("CAS Current Living Situation") == before

	def test_a_map_point_is_a_location(self, enrollment):
		point = '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[-121.49,38.58]}}]}'
		assert make_cls(enrollment.name, location_address=None, location_map=point).name

	def test_follow_ups_hud_does_not_ask_are_cleared(self, enrollment):
		cls = make_cls(enrollment.name, leave_situation_14_days="Yes", subsequent_residence="No")
		assert cls.leave_situation_14_days is None and cls.subsequent_residence is None
		cls = make_cls(
			enrollment.name, living_situation=FRIEND, leave_situation_14_days="Yes", subsequent_residence="No"
		)
		assert (cls.leave_situation_14_days, cls.subsequent_residence) == ("Yes", "No")

	def test_date_outside_the_enrollment_is_refused(self, enrollment):
		with pytest.raises(frappe.ValidationError, match="before the enrollment began"):
			make_cls(enrollment.name, information_date=getdate() - timedelta(days=41))


class TestCEEvent:
	def test_diversion_event_needs_its_result(self, enrollment):
		diversion = "Problem Solving/Diversion/Rapid Resolution intervention or service"
		with pytest.raises(frappe.ValidationError, match="safe alternative"):
			make_event(enrollment.name, diversion)
		event = make_event(enrollment.name, diversion, prob_sol_div_rr_result="Yes")
		assert event.agency == enrollment.agency

	def test_fields_that_do_not_fit_the_event_are_refused(self, enrollment):
		with pytest.raises(frappe.ValidationError, match="does not belong"):
			make_event(
				enrollment.name,
				"Referral to Housing Navigation project or services",
				referral_result="Successful referral: client accepted",
				result_date=getdate(),
			)

	def test_an_event_hud_retired_is_not_recorded_for_a_day_after_but_kept_from_before(self):
		ehv = "Referral to Emergency Housing Voucher (EHV)"
		enrollment = make_cas_enrollment(entry_date=getdate("2025-09-01"))
		before = frappe.db.count("CAS CE Event", {"enrollment": enrollment.name})
		with pytest.raises(frappe.ValidationError, match="HUD retired the event"):
			make_event(enrollment.name, ehv, event_date=getdate())
		assert frappe.db.count("CAS CE Event", {"enrollment": enrollment.name}) == before
		event = make_event(enrollment.name, ehv, event_date=getdate("2025-09-30"))
		# An event recorded before the retirement is edited as any other, and cannot be moved past it.
		event.referral_result = "Successful referral: client accepted"
		event.result_date = getdate("2025-10-15")
		event.save()
		event.event_date = getdate("2025-10-02")
		with pytest.raises(frappe.ValidationError, match="HUD retired the event"):
			event.save()

	def test_referral_result_needs_its_date(self, enrollment):
		with pytest.raises(frappe.ValidationError, match="go together"):
			make_event(
				enrollment.name,
				"Referral to PSH project resource opening",
				referral_result="Unsuccessful referral: provider rejected",
			)


def test_a_household_record_of_another_agency_cannot_be_added(enrollment):
	other = make_agency()
	enrollment_elsewhere = make_enrollment(make_program(other.name).name, make_client().name)
	user = "cls.outsider@example.org"
	frappe.get_doc(
		{
			"doctype": "User",
			"email": user,
			"first_name": "Outsider",
			"send_welcome_email": 0,
			"roles": [{"role": "CAS Assessor"}],
		}
	).insert(ignore_permissions=True)
	frappe.get_doc(
		{"doctype": "CAS Staff Member", "user": user, "agencies": [{"agency": make_agency().name}]}
	).insert()
	frappe.set_user(user)
	with pytest.raises(frappe.PermissionError):
		make_cls(enrollment_elsewhere.name)


def test_a_user_ahead_of_the_server_may_record_their_own_today(enrollment):
	"""The desk fills 'Today' in the user's time zone; the server accepts it, and nothing later."""
	from frappe.utils import get_datetime_in_timezone

	frappe.db.set_value("User", "Administrator", "time_zone", "Pacific/Kiritimati")  # UTC+14
	users_today = get_datetime_in_timezone("Pacific/Kiritimati").date()
	try:
		assert make_cls(enrollment.name, information_date=users_today).name
		with pytest.raises(frappe.ValidationError, match="in the future"):
			make_cls(enrollment.name, information_date=max(users_today, getdate()) + timedelta(days=1))
	finally:
		frappe.db.set_value("User", "Administrator", "time_zone", None)


class TestRefreshedOnce:
	"""A household's whole history written at once (the demo) works out its Next Steps and ToDos once, at
	the end, as they stand: the same as after each record, without the ToDos opened and closed on the way."""

	@staticmethod
	def next_steps(enrollment: str) -> list[tuple]:
		return [
			(row.kind, row.due_on, row.overdue, row.related)
			for row in frappe.get_all(
				"CAS Due Item",
				filters={"parent": enrollment, "parenttype": "CAS Enrollment"},
				fields=["kind", "due_on", "overdue", "related"],
				order_by="idx",
			)
		]

	@staticmethod
	def todos(enrollment: str) -> list[tuple]:
		# This enrollment's own (a name another test used and rolled back may have left ToDos behind).
		since = frappe.db.get_value("CAS Enrollment", enrollment, "creation")
		return frappe.get_all(
			"ToDo",
			filters={
				"reference_type": "CAS Enrollment",
				"reference_name": enrollment,
				"creation": (">=", since),
			},
			fields=["description", "status"],
			order_by="description",
			as_list=True,
		)

	@staticmethod
	def history(enrollment: str):
		today = getdate()
		make_cls(enrollment, information_date=today - timedelta(days=35))
		make_event(
			enrollment,
			"Referral to Housing Navigation project or services",
			event_date=today - timedelta(days=34),
		)
		make_cls(enrollment, information_date=today - timedelta(days=2))

	def test_the_same_next_steps_once_and_no_todos_opened_on_the_way(self):
		from cas_coordinated_access.utils import follow_ups

		one_by_one = make_cas_enrollment(entry_date=getdate() - timedelta(days=40))
		self.history(one_by_one.name)

		with follow_ups.refreshed_once():
			at_once = make_cas_enrollment(entry_date=getdate() - timedelta(days=40))
			self.history(at_once.name)
			assert self.next_steps(at_once.name) == []  # nothing worked out inside the block
		assert self.next_steps(at_once.name) == self.next_steps(one_by_one.name)
		open_one_by_one = [row for row in self.todos(one_by_one.name) if row[1] == "Open"]
		at_once_todos = self.todos(at_once.name)
		assert {status for _description, status in at_once_todos} == {"Open"}
		assert len(at_once_todos) == len(open_one_by_one) == len(self.next_steps(at_once.name))
		assert len(self.todos(one_by_one.name)) > len(open_one_by_one)  # the churn the block spares

	def test_a_block_that_fails_refreshes_nothing(self, enrollment):
		from cas_coordinated_access.utils import follow_ups

		before = self.next_steps(enrollment.name)
		with pytest.raises(frappe.ValidationError), follow_ups.refreshed_once():
			make_cls(enrollment.name, information_date=getdate() - timedelta(days=1))
			make_cls(enrollment.name, location_address=None)  # refused
		assert self.next_steps(enrollment.name) == before
		assert frappe.flags.cas_refresh_later is None


class TestToDosByTheWorker:
	"""Where a worker serves the queue, a save notes its household once it commits and one job writes the
	ToDos of every household noted, each as it stands then and as the user who saved last."""

	@pytest.fixture
	def households(self):
		from cas_coordinated_access.utils import follow_ups

		redis = follow_ups.get_redis_conn()
		redis.delete(follow_ups.todo_key("households"), follow_ups.todo_key("job queued"))
		made = [make_cas_enrollment(entry_date=getdate() - timedelta(days=40)) for _ in range(2)]
		agency = frappe.db.get_value("CAS Program", made[0].program, "agency")
		users = [
			make_user(
				f"todo.worker.{n}.{frappe.generate_hash(length=6)}@example.org", "CAS Assessor", [agency]
			)
			for n in range(2)
		]
		names = [enrollment.name for enrollment in made]
		# The ToDos the saves wrote themselves (no worker here) go: the job is to write them again.
		frappe.db.delete("ToDo", {"reference_type": "CAS Enrollment", "reference_name": ("in", names)})
		frappe.db.commit()  # the job works in transactions of its own
		yield names, users
		frappe.set_user("Administrator")
		frappe.db.rollback()
		frappe.db.delete("ToDo", {"reference_type": "CAS Enrollment", "reference_name": ("in", names)})
		frappe.db.delete("Comment", {"reference_doctype": "CAS Enrollment", "reference_name": ("in", names)})
		for enrollment in made:
			frappe.db.delete("CAS Due Item", {"parent": enrollment.name})
			frappe.db.delete("CAS Household Member", {"parent": enrollment.name})
			frappe.db.delete("CAS Enrollment", enrollment.name)
			frappe.db.delete("CAS Client", enrollment.client)
			frappe.delete_doc("CAS Program", enrollment.program, force=True, ignore_permissions=True)
		for user in users:
			frappe.delete_doc("CAS Staff Member", user, force=True, ignore_permissions=True)
			frappe.delete_doc("User", user, force=True, ignore_permissions=True)
		for job in queued_todo_jobs():
			job.delete()
		redis.delete(follow_ups.todo_key("households"), follow_ups.todo_key("job queued"))
		frappe.db.commit()

	def test_one_job_for_every_household_noted_each_given_to_who_saved_last(self, households):
		from cas_coordinated_access.utils import follow_ups

		(first, second), (one, other) = households
		follow_ups.note_for_todos(first, one)
		follow_ups.note_for_todos(second, one)
		follow_ups.note_for_todos(first, other)
		assert len(queued_todo_jobs()) == 1  # one job waits for all three notes

		follow_ups.write_noted_todos()  # as the worker runs it
		frappe.set_user("Administrator")
		for enrollment, user in ((first, other), (second, one)):
			label = frappe.db.get_value("CAS Enrollment", enrollment, "client_name")
			due = sorted(
				follow_ups.todo_description(label, item) for item in follow_ups.due_items_of(enrollment)
			)
			todos = frappe.get_all(
				"ToDo",
				filters={"reference_type": "CAS Enrollment", "reference_name": enrollment, "status": "Open"},
				fields=["description", "allocated_to"],
			)
			assert due and sorted(todo.description for todo in todos) == due
			assert {todo.allocated_to for todo in todos} == {user}
		redis = follow_ups.get_redis_conn()
		assert not redis.exists(follow_ups.todo_key("households"), follow_ups.todo_key("job queued"))
		follow_ups.note_for_todos(first, one)  # a note after the run queues the next
		assert len(queued_todo_jobs()) == 2


def queued_todo_jobs() -> list:
	from frappe.utils.background_jobs import get_queue

	from cas_coordinated_access.utils import follow_ups

	queue = get_queue(follow_ups.TODO_QUEUE)
	return todo_jobs(queue, queue.get_job_ids())
