"""Many staff at once, on the processes a real site runs (gunicorn with several workers, an RQ worker, the
scheduler), over HTTP with password logins, for a fixed time: assessors of three agencies record CLS and
submit HCTs that go to the Community Queue, referral specialists read the queue and refer, providers accept
and deny. Printed: requests per second, p50/p95/p99 and errors per action. Then the invariants: every write
answered 200 is in the database and nothing else is; one open queue entry per household and queue; at most
one accepted referral per queue entry; every referral has its CE Event, once; no 5xx; and no user received
a record they may not see, nor the protected survivor's name."""

import json
import os
import random
import re
import statistics
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field

import frappe
import pytest
import requests

from cas_coordinated_access.utils import follow_ups
from tests.integration.factories import (
	make_agency,
	make_client,
	make_enrollment,
	make_program,
	todo_jobs,
)
from tests.integration.world import PASSWORD, World, make_user
from tests.reliability.processes import production, site_header

SECONDS = float(os.environ.get("CAS_LOAD_SECONDS", "60"))
GUNICORN_WORKERS = int(os.environ.get("CAS_LOAD_WORKERS", "4"))
AGENCIES, ASSESSORS_PER_AGENCY, HOUSEHOLDS_PER_AGENCY = 3, 2, 8
# Households assessed before the load, each with one HCT in progress: a CoC in use, not empty tables.
HOUSEHOLDS_ASSESSED_BEFORE = 40
OUTSIDE = "Place not meant for habitation (e.g., a vehicle, an abandoned building, bus/train/subway station/airport or anywhere outside)"
HCT = "CAS Housing Conversation Tool"
HOUSEHOLD_DOCTYPES = (
	"CAS Referral",
	"CAS Queue Entry",
	"CAS CE Event",
	HCT,
	"CAS Crisis Assessment",
	"CAS Individualized Support Plan",
	"CAS Current Living Situation",
)


@dataclass
class Load:
	"""What the staff did: every call timed, every acknowledged write, every body each user received."""

	started: float = 0.0
	timings: dict = field(default_factory=lambda: defaultdict(list))
	statuses: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))
	acked: dict = field(default_factory=lambda: defaultdict(set))
	transitions: dict = field(default_factory=dict)  # referral -> state its last acknowledged action set
	seen: list = field(default_factory=list)  # (user, action, body) of every answer
	server_errors: list = field(default_factory=list)
	refusals: dict = field(default_factory=dict)  # (action, status) -> the first message, to print
	lock: threading.Lock = field(default_factory=threading.Lock)


class Staff:
	"""One user's session against gunicorn; each call is timed and its answer kept."""

	def __init__(self, url: str, user: str, load: Load):
		self.url, self.user, self.load = url, user, load
		self.last: tuple | None = None  # (status, body) of this user's last call
		self.session = requests.Session()
		self.session.headers.update(site_header())
		response = self.session.post(
			f"{url}/api/method/login", data={"usr": user, "pwd": PASSWORD}, timeout=60
		)
		assert response.ok, response.text

	def call(self, action: str, verb: str, path: str, **kwargs) -> dict | None:
		started = time.perf_counter()
		try:
			response = self.session.request(verb, f"{self.url}{path}", timeout=120, **kwargs)
		except requests.RequestException as error:
			self.last = ("connection error", str(error))
			self.record(action, "connection error", time.perf_counter() - started, str(error))
			return None
		self.last = (response.status_code, response.text)  # this user's last answer, for a test to read
		self.record(action, response.status_code, time.perf_counter() - started, response.text)
		return response.json() if response.status_code == 200 else None

	def record(self, action: str, status, seconds: float, body: str):
		with self.load.lock:
			self.load.timings[action].append(seconds)
			self.load.statuses[action][status] += 1
			self.load.seen.append((self.user, action, body))
			if status != "connection error" and 400 <= status < 500:
				self.load.refusals.setdefault((action, status), body)
			if status == "connection error" or status >= 500:
				self.load.server_errors.append((self.user, action, status, body))

	def save(self, action: str, doc: dict, desk_action: str = "Save") -> dict | None:
		"""What the desk sends when a form is saved or submitted; the saved document back."""
		answer = self.call(
			action,
			"POST",
			"/api/method/frappe.desk.form.save.savedocs",
			data={"doc": json.dumps(doc), "action": desk_action},
		)
		return answer["docs"][0] if answer else None

	def ack(self, doctype: str, name: str):
		with self.load.lock:
			self.load.acked[doctype].add(name)


def assessor_turn(staff: Staff, households: list[str], options: dict, rng: random.Random):
	"""Record a CLS; every other visit also an HCT, submitted and sent to the Shelter queue."""
	enrollment = rng.choice(households)
	cls = staff.save(
		"record CLS",
		{
			"doctype": "CAS Current Living Situation",
			"enrollment": enrollment,
			"living_situation": OUTSIDE,
			"location_address": "Load test corner",
		},
	)
	if not cls:
		return
	staff.ack("CAS Current Living Situation", cls["name"])
	if rng.random() < 0.5:
		return
	hct = staff.call(
		"save HCT",
		"POST",
		f"/api/resource/{HCT}",
		json={"enrollment": enrollment, "assessment_location": "Load"},
	)
	if not hct:
		return
	doc = hct["data"]
	staff.ack(HCT, doc["name"])
	for row in doc["answers"]:
		row["answer"] = rng.choice(options[doc["question_set"]][row["question_code"]])
	submitted = staff.save("submit HCT", doc, "Submit")
	if not submitted:
		return
	staff.ack(f"{HCT} submitted", doc["name"])
	entry = staff.call(
		"send to queue",
		"POST",
		"/api/method/cas_coordinated_access.api.send_to_community_queue",
		json={"assessment_doctype": HCT, "assessment": doc["name"], "queue": "Shelter"},
	)
	if entry:
		staff.ack("CAS Queue Entry", entry["message"])


def referral_turn(staff: Staff, shelter: str, ours: set[str], rng: random.Random):
	"""Read the Shelter queue and refer one of its households (of this test's) to the shelter; now and
	then confirm a provider's denial, which puts the household back on the queue."""
	if rng.random() < 0.3:
		confirm_a_denial(staff, shelter, rng)
		return
	queue = staff.call(
		"read queue",
		"GET",
		"/api/method/frappe.desk.query_report.run",
		params={"report_name": "Community Queue", "filters": json.dumps({"queue": "Shelter"})},
	)
	if not queue:
		return
	rows = [
		row for row in queue["message"]["result"] if isinstance(row, dict) and row.get("enrollment") in ours
	]
	if not rows:
		return
	row = rng.choice(rows[:10])
	referral = staff.call(
		"refer",
		"POST",
		"/api/resource/CAS Referral",
		json={"queue_entry": row["name"], "program": shelter, "referral_type": "Shelter"},
	)
	if referral:
		staff.ack("CAS Referral", referral["data"]["name"])


def pick_referral(
	staff: Staff, action: str, shelter: str, states: list[str], rng: random.Random
) -> dict | None:
	"""List the shelter's referrals in ``states``, open one as the desk does; its document."""
	listed = staff.call(
		action,
		"GET",
		"/api/resource/CAS Referral",
		params={
			"filters": json.dumps([["program", "=", shelter], ["workflow_state", "in", states]]),
			"fields": json.dumps(["name", "client_name", "workflow_state"]),
			"limit_page_length": 20,
		},
	)
	if not listed or not listed["data"]:
		return None
	opened = staff.call(
		"open referral",
		"GET",
		"/api/method/frappe.desk.form.load.getdoc",
		params={"doctype": "CAS Referral", "name": rng.choice(listed["data"])["name"]},
	)
	return opened["docs"][0] if opened else None


def move(staff: Staff, label: str, doc: dict, action: str):
	"""A workflow action from the form; the state it reached, remembered."""
	moved = staff.call(
		label,
		"POST",
		"/api/method/frappe.model.workflow.apply_workflow",
		data={"doc": json.dumps(doc), "action": action},
	)
	if moved:
		with staff.load.lock:
			staff.load.transitions[doc["name"]] = moved["message"]["workflow_state"]


def confirm_a_denial(staff: Staff, shelter: str, rng: random.Random):
	doc = pick_referral(staff, "list denials", shelter, ["Denied"], rng)
	if doc:
		move(staff, "confirm denial", doc, "Confirm Denial")


def provider_turn(staff: Staff, shelter: str, rng: random.Random):
	"""Open a pending referral to the shelter and accept it or deny it."""
	doc = pick_referral(staff, "list referrals", shelter, ["Pending", "In Process"], rng)
	if not doc:
		return
	action = "Accept" if rng.random() < 0.6 else "Deny"
	if action == "Deny":
		denial = {"denial_type": "Provider", "denial_reason": "No capacity", "denial_note": "Full tonight."}
		doc = staff.save("deny (save reason)", {**doc, **denial})
		if not doc:
			return
	move(staff, action.lower(), doc, action)


@pytest.fixture(scope="module")
def coc(site):
	"""Three agencies with two assessors and eight households each in the shared CE program, one household
	a protected survivor's; two referral specialists; a shelter and its two intake staff. Committed (the
	servers must see it) and removed afterwards with everything the load wrote."""
	frappe.set_user("Administrator")
	tag = frappe.generate_hash(length=5)
	world = World(tag=tag)
	shared = frappe.db.get_value("CAS Agency", {"is_cas_agency": 1}) or make_agency(is_cas_agency=1).name
	ce = (
		frappe.db.get_value("CAS Program", {"agency": shared, "project_type": "Coordinated Entry"})
		or make_program(shared).name
	)
	north = make_agency(f"Load Shelter {tag}").name
	shelter = make_program(
		north,
		f"Load ES {tag}",
		project_type="Emergency Shelter – Entry Exit",
		program_category="Emergency Shelter",
		accepts_queue_referrals=1,
	).name
	world.created += [("CAS Agency", north), ("CAS Program", shelter)]
	coc = frappe._dict(world=world, shelter=shelter, assessors={}, households={}, clients={}, protected=None)
	for index in range(AGENCIES):
		agency = make_agency(f"Load Agency {index} {tag}").name
		world.created.append(("CAS Agency", agency))
		coc.assessors[agency] = [
			make_user(f"load.assessor{index}{n}.{tag}@example.org", ["CAS Assessor"], [agency], world)
			for n in range(ASSESSORS_PER_AGENCY)
		]
		coc.households[agency] = []
		for household in range(HOUSEHOLDS_PER_AGENCY):
			protected = index == 0 and household == 0
			client = make_client(
				agency=agency, first_name=f"Loadclient{index}x{household}{tag}", is_protected=int(protected)
			)
			world.created.append(("CAS Client", client.name))
			coc.clients[client.name] = agency
			if protected:
				coc.protected = client
			enrollment = make_enrollment(
				ce, client.name, entry_date=frappe.utils.add_days(frappe.utils.getdate(), -20)
			)
			world.created.append(("CAS Enrollment", enrollment.name))
			coc.households[agency].append(enrollment.name)
	coc.history = assessed_before(ce, world)
	coc.referral_staff = [
		make_user(f"load.referral{n}.{tag}@example.org", ["CAS Referral Specialist"], [shared], world)
		for n in range(2)
	]
	coc.providers = [
		make_user(f"load.provider{n}.{tag}@example.org", ["CAS Provider"], [north], world) for n in range(2)
	]
	# Answer options of every HCT question set, by set and question: the assessor picks one per row.
	coc.options = defaultdict(lambda: defaultdict(list))
	for question_set in frappe.get_all(
		"CAS Question Set", filters={"kind": "Housing Conversation Tool"}, pluck="name"
	):
		for option in frappe.get_doc("CAS Question Set", question_set).answer_options:
			coc.options[question_set][option.question_code].append(option.option)
	frappe.db.commit()
	yield coc
	frappe.db.rollback()
	remove(coc)
	frappe.db.commit()


def assessed_before(ce: str, world: World) -> list[str]:
	"""Households of the CoC's past, each with an HCT, in a site whose table statistics MariaDB has taken
	(as a live site's are). On a near-empty site those statistics make MariaDB answer Frappe's locking
	read of a document's rows by scanning, and locking, the whole child table: writers of different
	households then deadlock on its gaps, which is the first hours of a new site, not a CoC at work."""
	agency = make_agency(f"Load Past Agency {world.tag}").name
	world.created.append(("CAS Agency", agency))
	enrollments = []
	for n in range(HOUSEHOLDS_ASSESSED_BEFORE):
		client = make_client(agency=agency, first_name=f"Loadpast{n}{world.tag}")
		world.created.append(("CAS Client", client.name))
		enrollment = make_enrollment(
			ce, client.name, entry_date=frappe.utils.add_days(frappe.utils.getdate(), -90)
		)
		world.created.append(("CAS Enrollment", enrollment.name))
		frappe.get_doc(
			{"doctype": HCT, "enrollment": enrollment.name, "assessment_location": "Past"}
		).insert()
		enrollments.append(enrollment.name)
	for doctype in HOUSEHOLD_DOCTYPES:
		for table in {doctype, *(df.options for df in frappe.get_meta(doctype).get_table_fields())}:
			frappe.db.sql_ddl(f"analyze table `tab{table}`")
	return enrollments


def remove(coc):
	enrollments = [name for names in (*coc.households.values(), coc.history) for name in names]
	for doctype in HOUSEHOLD_DOCTYPES:
		names = frappe.get_all(doctype, filters={"enrollment": ("in", enrollments)}, pluck="name")
		for child in {df.options for df in frappe.get_meta(doctype).get_table_fields()}:
			frappe.db.delete(child, {"parent": ("in", names or [""]), "parenttype": doctype})
		frappe.db.delete(doctype, {"name": ("in", names or [""])})
		frappe.db.delete("Version", {"ref_doctype": doctype, "docname": ("in", names or [""])})
	frappe.db.delete("ToDo", {"reference_name": ("in", enrollments)})
	for doctype, name in reversed(coc.world.created):
		if doctype == "CAS Enrollment":
			frappe.db.delete("CAS Due Item", {"parent": name})
			frappe.db.delete("CAS Household Member", {"parent": name})
		frappe.db.delete(doctype, {"name": name})


def test_staff_at_once_on_the_production_processes(coc):
	load = Load()
	deadlocks_before = innodb_deadlocks()
	with production(GUNICORN_WORKERS) as processes:
		staff = []
		for agency, users in coc.assessors.items():
			staff += [("assessor", Staff(processes.url, user, load), agency) for user in users]
		staff += [("referral", Staff(processes.url, user, load), None) for user in coc.referral_staff]
		staff += [("provider", Staff(processes.url, user, load), None) for user in coc.providers]
		ours = {name for names in coc.households.values() for name in names}
		deadline = time.monotonic() + SECONDS

		def work(kind, member, agency, seed):
			rng = random.Random(seed)
			while time.monotonic() < deadline:
				if kind == "assessor":
					assessor_turn(member, coc.households[agency], coc.options, rng)
				elif kind == "referral":
					referral_turn(member, coc.shelter, ours, rng)
				else:
					provider_turn(member, coc.shelter, rng)

		load.started = time.monotonic()
		threads = [threading.Thread(target=work, args=(*who, seed)) for seed, who in enumerate(staff)]
		for thread in threads:
			thread.start()
		for thread in threads:
			thread.join()
		elapsed = time.monotonic() - load.started
		jobs_run = wait_for_the_todo_jobs()

	print_figures(load, elapsed, len(staff))
	# Each was run again from a rolled-back transaction (utils/api.py); none may reach a user as a 5xx.
	print(f"  deadlocks MariaDB reported during the load: {innodb_deadlocks() - deadlocks_before}")
	assert not load.server_errors, "\n".join(
		f"{user} {action}: {status} {summary(body)}" for user, action, status, body in load.server_errors
	)
	# Nothing here is deleted: a record a user was just given, or the household's own queue entry, is never
	# "not found" (a read from the transaction's older snapshot, after a locking read found it, would be).
	not_found = [(action, summary(body)) for (action, status), body in load.refusals.items() if status == 404]
	assert not not_found, not_found
	frappe.db.rollback()  # read what the servers committed
	check_acknowledged_writes_and_nothing_else(coc, load)
	check_queue_invariants(coc)
	check_todos_are_what_is_due(coc, jobs_run)
	check_each_user_saw_only_their_records(coc, load)


def innodb_deadlocks() -> int:
	return int(frappe.db.sql("show global status like 'Innodb_deadlocks'")[0][1])


def summary(body: str) -> str:
	try:
		answer = json.loads(body)
	except ValueError:
		return body[:200]
	messages = [
		json.loads(message).get("message", "") for message in json.loads(answer.get("_server_messages", "[]"))
	]
	return (" / ".join(messages) or answer.get("exception", body))[:200]


def print_figures(load: Load, elapsed: float, users: int):
	calls = sum(len(times) for times in load.timings.values())
	print(
		f"\nLoad: {users} users for {elapsed:.0f} s on gunicorn ({GUNICORN_WORKERS} workers),"
		" an RQ worker per queue and the scheduler"
	)
	print(
		f"  {calls} requests, {calls / elapsed:.1f} per second; 5xx or connection errors: {len(load.server_errors)}"
	)
	print(f"  {'action':22s} {'calls':>6s} {'p50 ms':>8s} {'p95 ms':>8s} {'p99 ms':>8s}  answers")
	for action, times in sorted(load.timings.items()):
		ms = sorted(t * 1000 for t in times)
		p = lambda q: ms[min(len(ms) - 1, int(q * len(ms)))]  # noqa: E731
		answers = ", ".join(
			f"{status}: {count}" for status, count in sorted(load.statuses[action].items(), key=str)
		)
		print(
			f"  {action:22s} {len(ms):6d} {statistics.median(ms):8.0f} {p(0.95):8.0f} {p(0.99):8.0f}  {answers}"
		)
	for (action, status), body in sorted(load.refusals.items()):
		print(f"  refused, e.g.: {action} {status}: {summary(body)}")


def check_acknowledged_writes_and_nothing_else(coc, load: Load):
	enrollments = [name for names in coc.households.values() for name in names]
	for doctype in ("CAS Current Living Situation", HCT, "CAS Referral"):
		stored = set(frappe.get_all(doctype, filters={"enrollment": ("in", enrollments)}, pluck="name"))
		assert stored == load.acked[doctype], (
			f"{doctype}: lost {load.acked[doctype] - stored}, unacknowledged {stored - load.acked[doctype]}"
		)
	submitted = set(
		frappe.get_all(HCT, filters={"enrollment": ("in", enrollments), "docstatus": 1}, pluck="name")
	)
	assert submitted == load.acked[f"{HCT} submitted"]
	assert load.acked[f"{HCT} submitted"], "no HCT was submitted: the load did not do its work"
	for referral, state in load.transitions.items():
		stored = frappe.db.get_value("CAS Referral", referral, "workflow_state")
		# A later acknowledged action may have moved it on; Accepted and Denial are each final for a provider.
		assert stored == state, (referral, state, stored)


def wait_for_the_todo_jobs() -> int:
	"""The ToDos of the staff's saves are written by the worker once each save commits (follow_ups.give_todos):
	wait until it has written the last, and say how many jobs wrote them."""
	from frappe.utils.background_jobs import get_queue
	from rq.registry import FinishedJobRegistry, StartedJobRegistry

	queue = get_queue(follow_ups.TODO_QUEUE)
	noted = follow_ups.todo_key("households")
	deadline = time.monotonic() + 120
	while queue.count or StartedJobRegistry(queue=queue).count or queue.connection.exists(noted):
		assert time.monotonic() < deadline, "the worker did not write the noted ToDos in two minutes"
		time.sleep(0.5)
	return len(todo_jobs(queue, FinishedJobRegistry(queue=queue).get_job_ids()))


def check_todos_are_what_is_due(coc, jobs_run: int):
	"""Each household's open ToDos are its due items as they stand, each once: written by the worker beside
	the staff's saves, household by household, none lost or doubled."""
	assert jobs_run, "no ToDo was left to the worker: every save wrote its own"
	for enrollment in (name for names in coc.households.values() for name in names):
		label = frappe.db.get_value("CAS Enrollment", enrollment, "client_name")
		due = sorted(follow_ups.todo_description(label, item) for item in follow_ups.due_items_of(enrollment))
		open_todos = frappe.get_all(
			"ToDo",
			filters={"reference_type": "CAS Enrollment", "reference_name": enrollment, "status": "Open"},
			pluck="description",
		)
		assert sorted(open_todos) == due, (enrollment, open_todos, due)


def check_queue_invariants(coc):
	enrollments = [name for names in coc.households.values() for name in names]
	open_twice = frappe.db.sql(
		"""select enrollment, queue, count(*) from `tabCAS Queue Entry`
		where enrollment in %(e)s and status in ('Active', 'Referred') group by enrollment, queue having count(*) > 1""",
		{"e": enrollments},
	)
	assert not open_twice, open_twice
	accepted_twice = frappe.db.sql(
		"""select queue_entry, count(*) from `tabCAS Referral` where enrollment in %(e)s
		and workflow_state = 'Accepted' group by queue_entry having count(*) > 1""",
		{"e": enrollments},
	)
	assert not accepted_twice, accepted_twice
	referrals = frappe.get_all(
		"CAS Referral",
		filters={"enrollment": ("in", enrollments)},
		fields=["name", "ce_event", "workflow_state"],
	)
	assert referrals, "no referral was made: the load did not do its work"
	events = [referral.ce_event for referral in referrals]
	assert all(events) and len(set(events)) == len(events), "each referral has its own CE Event"
	results = frappe.get_all(
		"CAS CE Event", filters={"name": ("in", events)}, fields=["name", "referral_result"]
	)
	decided = {r.name for r in referrals if r.workflow_state in ("Accepted", "Denial Confirmed")}
	assert {row.name for row in results if row.referral_result} == {
		r.ce_event for r in referrals if r.name in decided
	}


RECORD_NAME = re.compile(r'"name":\s*"([^"]+)"')


def check_each_user_saw_only_their_records(coc, load: Load):
	"""The survivor's name reached nobody outside her agency; every record a list, report or form answered
	with is one the user may see by the app's rule."""
	from cas_coordinated_access import permissions

	holding = coc.clients[coc.protected.name]
	insiders = set(coc.assessors[holding])
	checked = 0
	doctype_of = {
		"list referrals": "CAS Referral",
		"open referral": "CAS Referral",
		"read queue": "CAS Queue Entry",
	}
	for user, action, body in load.seen:
		if user not in insiders:
			assert coc.protected.first_name not in body, (user, action)
		doctype = doctype_of.get(action)
		if doctype and body.startswith("{"):
			for name in set(RECORD_NAME.findall(body)):
				if frappe.db.exists(doctype, name):
					assert permissions.sees(doctype, name, user), (user, action, doctype, name)
					checked += 1
	print(f"  scoping: {len(load.seen)} answers read, {checked} records in them checked against the rule")
	assert checked, "no record was checked"
