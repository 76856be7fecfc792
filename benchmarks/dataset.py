"""The benchmark's data set: a whole CoC bulk-built once at a named scale, every record keyed by its name's
prefix (``CB-``, and ``cb.`` for staff e-mail addresses) so ``drop()`` removes exactly it again.

Rows go in through the database's own multi-row INSERT (pymysql's ``executemany``), in name order and
without Frappe's controllers: building 750,000 clients through ``insert()`` would take days, and the views
measured read rows, not how they were written. What the controllers would have derived (display names,
the agency and protection copies on every household record) is derived here the same way.
"""

import random
import time
from dataclasses import dataclass
from datetime import date, timedelta

import frappe
from _common import STANDARD_COLUMNS, staff_user

from cas_coordinated_access import permissions

KEY = "CB-"
EMAIL_KEY = "cb."
START = date(2021, 1, 1)  # five years of enrollments
DAYS = 5 * 365
CHUNK = 2000
LIVING = "Place not meant for habitation (e.g., a vehicle, an abandoned building, bus/train/subway station/airport or anywhere outside)"
EVENTS = (
	"Referral to Street Outreach project or services",
	"Referral to Housing Navigation project or services",
	"Problem Solving/Diversion/Rapid Resolution intervention or service",
)
TYPES = ("Individual Adult", "Family with Children", "Adults Only", "Unaccompanied Youth")
STATES = ("Pending", "In Process", "Accepted", "Denied", "Denial Confirmed", "Withdrawn", "Expired")
CATEGORIES = (
	("Emergency Shelter – Entry Exit", "Emergency Shelter", "Shelter"),
	("PH – Rapid Re-Housing", "Rapid Re-Housing", "Housing"),
	("PH – Permanent Supportive Housing", "Permanent Supportive Housing", "Housing"),
)
# Household records the client with the long history has (the Client History view's 500).
HISTORY = 500


@dataclass(frozen=True)
class Scale:
	agencies: int
	clients: int
	enrollments: int
	living_situations: int
	assessments: int
	answers: int  # per assessment
	events: int
	services: int
	queue: int
	referrals: int


# LA: 750,000 clients, 1,000,000 enrollments over five years, 5,000,000 household records, 60,000 households
# on the queues, 200,000 referrals, 40 agencies. Medium is a tenth of it, small a quick look.
SCALES = {
	"small": Scale(8, 2_000, 3_000, 6_000, 1_500, 10, 3_000, 3_000, 400, 800),
	"medium": Scale(40, 75_000, 100_000, 200_000, 50_000, 10, 100_000, 150_000, 6_000, 20_000),
	"la": Scale(40, 750_000, 1_000_000, 2_000_000, 500_000, 10, 1_000_000, 1_500_000, 60_000, 200_000),
}

# Every table the data set writes, children before parents (the order drop() empties them in).
TABLES = (
	"CAS Assessment Answer",
	"CAS Due Item",
	"CAS Household Member",
	"CAS Referral",
	"CAS Queue Entry",
	"CAS Service",
	"CAS CE Event",
	"CAS Housing Conversation Tool",
	"CAS Current Living Situation",
	"CAS Enrollment",
	"CAS Client",
	"CAS Program",
	"CAS Agency",
)


@dataclass
class Built:
	"""What the views need to know about the data set."""

	shared: str
	agencies: list[str]
	programs: dict[str, str]  # agency: its housing or shelter program
	ce_program: str
	users: dict[str, str]  # role label: user
	history_client: str
	form_enrollment: str
	counts: dict[str, int]


def existing_scale() -> str | None:
	return frappe.db.get_default("cas_benchmark_scale")


def build(scale_name: str, progress=print) -> float:
	"""Build the data set (after dropping another scale's); returns the seconds it took."""
	scale = SCALES[scale_name]
	if existing_scale() == scale_name:
		return 0.0
	drop(progress)
	started = time.monotonic()
	rng = random.Random(2026)
	# The load only: no per-row checks the bulk rows cannot fail (names are unique by construction).
	frappe.db.sql("set session unique_checks = 0, foreign_key_checks = 0")
	try:
		Builder(scale, rng, progress).run()
	finally:
		frappe.db.sql("set session unique_checks = 1, foreign_key_checks = 1")
	frappe.db.set_default("cas_benchmark_scale", scale_name)
	frappe.db.commit()
	return time.monotonic() - started


def drop(progress=print):
	"""Remove everything the data set added, by its key, whatever scale it was."""
	for doctype in TABLES:
		while True:
			# In slices, so no transaction grows to millions of undo records.
			frappe.db.sql(f"delete from `tab{doctype}` where `name` like %s limit 50000", f"{KEY}%")
			deleted = frappe.db._cursor.rowcount
			frappe.db.commit()
			if not deleted:
				break
	for user in frappe.get_all("User", filters={"name": ("like", f"{EMAIL_KEY}%")}, pluck="name"):
		frappe.delete_doc("CAS Staff Member", user, force=True, ignore_permissions=True)
		frappe.delete_doc("User", user, force=True, ignore_permissions=True)
	frappe.db.set_default("cas_benchmark_scale", None)
	frappe.db.commit()
	progress("dropped the benchmark data set")


def load(scale_name: str) -> Built:
	"""What an already built data set holds (its agencies, programs, users, the long-history client)."""
	shared = shared_agency()
	agencies = sorted(frappe.get_all("CAS Agency", filters={"name": ("like", f"{KEY}%")}, pluck="name"))
	agencies = [a for a in agencies if a != shared]
	programs = {
		p.agency: p.name
		for p in frappe.get_all(
			"CAS Program",
			filters={"name": ("like", f"{KEY}%"), "accepts_queue_referrals": 1},
			fields=["name", "agency"],
		)
	}
	users = {
		label: email(label, agencies[0] if "provider" not in label else agencies[1])
		for label in ("assessor", "provider", "referral", "admin")
	}
	return Built(
		shared=shared,
		agencies=agencies,
		programs=programs,
		ce_program=f"{KEY}CE",
		users=users,
		history_client=f"{KEY}C0000000",
		form_enrollment=f"{KEY}E0000000",
		counts={doctype: count(doctype) for doctype in TABLES},
	)


def count(doctype: str) -> int:
	return frappe.db.sql(f"select count(*) from `tab{doctype}` where `name` like %s", f"{KEY}%")[0][0]


def shared_agency() -> str:
	return frappe.db.get_value("CAS Agency", {"is_cas_agency": 1}) or f"{KEY}CAS Agency"


def email(label: str, agency: str) -> str:
	return f"{EMAIL_KEY}{label}.{agency.removeprefix(KEY).replace(' ', '').lower()}@example.org"


def insert(doctype: str, columns: list[str], rows) -> int:
	"""Multi-row INSERTs of ``rows`` (each starting with the standard columns), ``CHUNK`` rows at a time."""
	names = ", ".join(f"`{c}`" for c in (*STANDARD_COLUMNS, *columns))
	marks = ", ".join(["%s"] * (len(STANDARD_COLUMNS) + len(columns)))
	sql = f"insert into `tab{doctype}` ({names}) values ({marks})"
	batch, total = [], 0
	for row in rows:
		batch.append(row)
		if len(batch) == CHUNK:
			frappe.db._cursor.executemany(sql, batch)
			total += len(batch)
			batch = []
	if batch:
		frappe.db._cursor.executemany(sql, batch)
		total += len(batch)
	frappe.db.commit()
	return total


class Builder:
	def __init__(self, scale: Scale, rng: random.Random, progress):
		self.scale, self.rng, self.progress = scale, rng, progress
		now = frappe.utils.now_datetime()
		self.meta = (now, now, "Administrator", "Administrator")
		self.created = now

	def std(self, name: str, offset: int) -> tuple:
		# Distinct modification times, as real records have: the lists sort on them.
		stamp = self.created - timedelta(seconds=offset)
		return (name, stamp, stamp, "Administrator", "Administrator")

	def run(self):
		s = self.scale
		self.step("agencies, programs and staff", self.organisations)
		self.step(f"{s.clients:,} clients", self.clients)
		self.step(f"{s.enrollments:,} enrollments with their members and due items", self.enrollments)
		self.step(f"{s.living_situations:,} current living situations", self.living_situations)
		self.step(f"{s.assessments:,} assessments with {s.answers} answers each", self.assessments)
		self.step(f"{s.events:,} CE events", self.events)
		self.step(f"{s.services:,} services", self.services)
		self.step(f"{s.queue:,} queue entries and {s.referrals:,} referrals", self.queue)
		self.step(f"a client with {HISTORY} records in their history", self.history)

	def step(self, label: str, fn):
		started = time.monotonic()
		fn()
		self.progress(f"  {label}: {time.monotonic() - started:.1f} s")

	def organisations(self):
		s = self.scale
		self.shared = shared_agency()
		rows = [(self.shared, 1)] if self.shared.startswith(KEY) else []
		self.agencies = [f"{KEY}Agency {i:02d}" for i in range(s.agencies)]
		rows += [(a, 0) for a in self.agencies]
		insert(
			"CAS Agency", ["agency_name", "is_cas_agency"], [(n, *self.meta[:4], n, cas) for n, cas in rows]
		)
		self.ce_program = f"{KEY}CE"
		programs = [(self.ce_program, self.shared, "Coordinated Entry", "Coordinated Entry", 0)]
		self.programs = {}
		for i, agency in enumerate(self.agencies):
			project_type, category, _queue = CATEGORIES[i % len(CATEGORIES)]
			self.programs[agency] = f"{KEY}{category} {i:02d}"
			programs.append((self.programs[agency], agency, project_type, category, 1))
		insert(
			"CAS Program",
			[
				"program_name",
				"agency",
				"project_type",
				"program_category",
				"accepts_queue_referrals",
				"operating_start_date",
				"continuum_project",
				"serves_individual_adults",
				"serves_adults_only",
				"serves_families_with_children",
			],
			[(p[0], *self.meta, *p, START, 1, 1, 1, 1) for p in programs],
		)
		frappe.db.commit()
		# Staff of every role in every agency (the views use the first agencies' staff).
		for agency in self.agencies:
			for label, role in (("assessor", "CAS Assessor"), ("provider", "CAS Provider")):
				staff_user(
					email(label, agency), role, [agency, self.shared] if label == "assessor" else [agency]
				)
		staff_user(email("referral", self.agencies[0]), "CAS Referral Specialist", [self.shared])
		staff_user(email("admin", self.agencies[0]), "CAS Administrator", [self.shared, *self.agencies])
		frappe.db.commit()

	def clients(self):
		s, rng = self.scale, self.rng
		self.client_rows = []  # (holding agency, protected, display name): enrollments copy them
		rows = []
		for i in range(s.clients):
			name = f"{KEY}C{i:07d}"
			agency = rng.choice(self.agencies)
			protected = int(rng.random() < 0.05)
			full = f"First{i} Last{i}"
			display = permissions.client_display_name(name, full, bool(protected))
			self.client_rows.append((agency, protected, display))
			rows.append(
				(
					*self.std(name, s.clients - i),
					f"First{i}",
					f"Last{i}",
					full,
					display,
					agency,
					protected,
					START - timedelta(days=rng.randrange(6570, 25000)),
				)
			)
		insert(
			"CAS Client",
			[
				"first_name",
				"last_name",
				"full_name",
				"display_name",
				"agency",
				"is_protected",
				"date_of_birth",
			],
			rows,
		)

	def enrollments(self):
		s, rng = self.scale, self.rng
		# (client, program agency, client agency, protected, display, entry date, open) per enrollment.
		self.enrollment_rows = []
		rows, members, due = [], [], []
		today = frappe.utils.getdate()
		for i in range(s.enrollments):
			client = i if i < s.clients else rng.randrange(s.clients)
			holding, protected, display = self.client_rows[client]
			# Most households come in through the shared CE program; the rest through a provider's.
			in_ce = rng.random() < 0.6
			agency = self.shared if in_ce else holding
			program = self.ce_program if in_ce else self.programs[holding]
			entry = START + timedelta(days=int(DAYS * i / s.enrollments))
			is_open = entry > today - timedelta(days=540) and rng.random() < 0.7
			name = f"{KEY}E{i:07d}"
			self.enrollment_rows.append((client, agency, holding, protected, display, entry))
			rows.append(
				(
					*self.std(name, s.enrollments - i),
					f"{KEY}C{client:07d}",
					display,
					program,
					agency,
					holding,
					protected,
					entry,
					None if is_open else entry + timedelta(days=rng.randrange(30, 400)),
					"Open" if is_open else "Exited",
					rng.choice(TYPES),
					1,
					"CA-600",
				)
			)
			members.append(
				(
					*self.std(f"{KEY}M{i:07d}", 0),
					f"{KEY}C{client:07d}",
					display,
					"Self (Head of Household)",
					name,
					"CAS Enrollment",
					"household_members",
					1,
				)
			)
			if is_open and rng.random() < 0.3:
				kind, overdue = (
					("Current Living Situation", 1)
					if rng.random() < 0.5
					else ("Individualized Support Plan", 0)
				)
				due.append(
					(
						*self.std(f"{KEY}D{i:07d}", 0),
						kind,
						today - timedelta(days=rng.randrange(0, 20)),
						overdue,
						name,
						"CAS Enrollment",
						"due_items",
						1,
					)
				)
		insert(
			"CAS Enrollment",
			[
				"client",
				"client_name",
				"program",
				"agency",
				"client_agency",
				"is_protected",
				"entry_date",
				"exit_date",
				"status",
				"household_type",
				"household_size",
				"enrollment_coc",
			],
			rows,
		)
		insert(
			"CAS Household Member",
			["client", "client_name", "relationship_to_hoh", "parent", "parenttype", "parentfield", "idx"],
			members,
		)
		insert(
			"CAS Due Item",
			["kind", "due_on", "overdue", "parent", "parenttype", "parentfield", "idx"],
			due,
		)

	def household(self, i: int, count: int, prefix: str) -> tuple[tuple, tuple, date]:
		"""The standard columns and the household columns of the i-th of ``count`` records."""
		enrollment = self.rng.randrange(len(self.enrollment_rows))
		client, agency, holding, protected, display, entry = self.enrollment_rows[enrollment]
		std = self.std(f"{KEY}{prefix}{i:07d}", count - i)
		household = (f"{KEY}E{enrollment:07d}", f"{KEY}C{client:07d}", display, agency, holding, protected)
		return std, household, entry + timedelta(days=self.rng.randrange(0, 120))

	HOUSEHOLD = ("enrollment", "client", "client_name", "agency", "client_agency", "is_protected")

	def living_situations(self):
		count = self.scale.living_situations

		def rows():
			for i in range(count):
				std, household, day = self.household(i, count, "L")
				yield (*std, *household, day, LIVING, "Benchmark street")

		insert(
			"CAS Current Living Situation",
			[*self.HOUSEHOLD, "information_date", "living_situation", "location_address"],
			rows(),
		)

	def assessments(self):
		s, rng = self.scale, self.rng

		def rows():
			for i in range(s.assessments):
				std, household, day = self.household(i, s.assessments, "H")
				yield (
					*std,
					*household,
					day,
					"In Person",
					"Benchmark office",
					"Housing Needs Assessment",
					rng.randrange(0, 40),
					int(rng.random() < 0.2),
					1,
				)

		def answers():
			for i in range(s.assessments):
				parent = f"{KEY}H{i:07d}"
				for k in range(s.answers):
					yield (
						*self.std(f"{KEY}A{i:07d}{k:02d}", 0),
						f"Q{k:02d}",
						"Benchmark",
						f"Question {k}?",
						"Yes",
						1,
						parent,
						"CAS Housing Conversation Tool",
						"answers",
						k + 1,
					)

		insert(
			"CAS Housing Conversation Tool",
			[
				*self.HOUSEHOLD,
				"assessment_date",
				"assessment_type",
				"assessment_location",
				"assessment_level",
				"total_score",
				"is_evh",
				"docstatus",
			],
			rows(),
		)
		insert(
			"CAS Assessment Answer",
			[
				"question_code",
				"section",
				"question",
				"answer",
				"points",
				"parent",
				"parenttype",
				"parentfield",
				"idx",
			],
			answers(),
		)

	def events(self):
		count = self.scale.events

		def rows():
			for i in range(count):
				std, household, day = self.household(i, count, "V")
				yield (*std, *household, day, EVENTS[i % len(EVENTS)])

		insert("CAS CE Event", [*self.HOUSEHOLD, "event_date", "event"], rows())

	def services(self):
		count = self.scale.services
		types = frappe.get_all("CAS Service Type", fields=["name", "service_category"], limit=5)

		def rows():
			for i in range(count):
				std, household, day = self.household(i, count, "S")
				kind = types[i % len(types)]
				yield (*std, *household, household[1], day, kind.name, kind.service_category, 1, household[3])

		insert(
			"CAS Service",
			[
				*self.HOUSEHOLD,
				"member",
				"service_date",
				"service_type",
				"service_category",
				"quantity",
				"provided_by_agency",
			],
			rows(),
		)

	def queue(self):
		s, rng = self.scale, self.rng
		# The queue holds the latest households, one entry each.
		first = len(self.enrollment_rows) - s.queue
		entries = []
		for i in range(s.queue):
			client, _agency, holding, protected, display, entry = self.enrollment_rows[first + i]
			queue = "Shelter" if rng.random() < 0.5 else "Housing"
			entries.append(
				(
					*self.std(f"{KEY}Q{i:07d}", s.queue - i),
					f"{KEY}E{first + i:07d}",
					f"{KEY}C{client:07d}",
					display,
					self.shared,
					holding,
					protected,
					queue,
					"Active",
					entry,
					rng.randrange(0, 40),
					int(rng.random() < 0.2),
					rng.choice(TYPES),
					rng.randrange(1, 6),
					*[entry - timedelta(days=rng.randrange(0, 2000))] * 2,  # homeless since, and from
					rng.random(),
					int(rng.random() < 0.1),
					int(rng.random() < 0.2),
					int(rng.random() < 0.3),
					int(rng.random() < 0.05),
				)
			)
		insert(
			"CAS Queue Entry",
			[
				"enrollment",
				"client",
				"client_name",
				"agency",
				"client_agency",
				"is_protected",
				"queue",
				"status",
				"date_added",
				"score",
				"is_evh",
				"household_type",
				"household_size",
				"homeless_since",
				"homeless_from",
				"tie_breaker",
				"veteran",
				"chronic",
				"disability",
				"age_65_or_older",
			],
			entries,
		)

		def referrals():
			for i in range(s.referrals):
				entry = entries[i % len(entries)]
				receiving = self.agencies[i % len(self.agencies)]
				state = STATES[rng.randrange(len(STATES))]
				yield (
					*self.std(f"{KEY}R{i:07d}", s.referrals - i),
					*entry[5:11],
					state,
					entry[0],
					self.programs[receiving],
					receiving,
					entry[11],
					entry[13],
					None if state in ("Pending", "In Process") else entry[13] + timedelta(days=10),
				)

		insert(
			"CAS Referral",
			[
				"enrollment",
				"client",
				"client_name",
				"agency",
				"client_agency",
				"is_protected",
				"workflow_state",
				"queue_entry",
				"program",
				"receiving_agency",
				"referral_type",
				"referral_date",
				"decided_on",
			],
			referrals(),
		)

	def history(self):
		"""Client 0 (held by the first agency, not protected) gets HISTORY records over two enrollments."""
		holding = self.agencies[0]
		frappe.db.sql(
			"update `tabCAS Client` set `agency` = %s, `is_protected` = 0, `display_name` = `full_name` where `name` = %s",
			(holding, f"{KEY}C0000000"),
		)
		# Their enrollments are in the shared CE program, which the first agency's assessor works in.
		frappe.db.sql(
			"""update `tabCAS Enrollment` set `client_agency` = %s, `is_protected` = 0, `client_name` = 'First0 Last0',
				`agency` = %s, `program` = %s
			where `client` = %s""",
			(holding, self.shared, self.ce_program, f"{KEY}C0000000"),
		)
		enrollments = frappe.get_all("CAS Enrollment", filters={"client": f"{KEY}C0000000"}, pluck="name")
		household = lambda i: (  # noqa: E731
			enrollments[i % len(enrollments)],
			f"{KEY}C0000000",
			"First0 Last0",
			self.shared if i % 2 else holding,
			holding,
			0,
		)
		third = HISTORY // 3
		insert(
			"CAS Current Living Situation",
			[*self.HOUSEHOLD, "information_date", "living_situation", "location_address"],
			[
				(
					*self.std(f"{KEY}LH{i:05d}", i),
					*household(i),
					START + timedelta(days=i * 3),
					LIVING,
					"Here",
				)
				for i in range(third)
			],
		)
		insert(
			"CAS CE Event",
			[*self.HOUSEHOLD, "event_date", "event"],
			[
				(*self.std(f"{KEY}VH{i:05d}", i), *household(i), START + timedelta(days=i * 3), EVENTS[0])
				for i in range(third)
			],
		)
		kind = frappe.get_all("CAS Service Type", fields=["name", "service_category"], limit=1)[0]
		insert(
			"CAS Service",
			[
				*self.HOUSEHOLD,
				"member",
				"service_date",
				"service_type",
				"service_category",
				"quantity",
				"provided_by_agency",
			],
			[
				(
					*self.std(f"{KEY}SH{i:05d}", i),
					*household(i),
					f"{KEY}C0000000",
					START + timedelta(days=i * 3),
					kind.name,
					kind.service_category,
					1,
					holding,
				)
				for i in range(HISTORY - 2 * third - len(enrollments))
			],
		)
