"""Records for the integration tests, made through the real controllers."""

from datetime import date

import frappe
from faker import Faker
from frappe.utils import getdate

fake = Faker()
Faker.seed(20261122)

COORDINATED_ENTRY = "Coordinated Entry"


def make_agency(name: str | None = None, **values):
	return frappe.get_doc(
		{
			"doctype": "CAS Agency",
			"agency_name": name or f"{fake.company()} {frappe.generate_hash(length=8)}",
			**values,
		}
	).insert()


def make_program(agency: str, name: str | None = None, **values):
	defaults = {
		"project_type": COORDINATED_ENTRY,
		"program_category": "Coordinated Entry",
		"operating_start_date": date(2020, 1, 1),
	}
	defaults.update(values)
	return frappe.get_doc(
		{
			"doctype": "CAS Program",
			"program_name": name or f"Program {frappe.generate_hash(length=8)}",
			"agency": agency,
			**defaults,
		}
	).insert()


def make_client(age: int | None = 40, on: date | None = None, **values):
	on = on or getdate()
	# Born on 1 January: exactly `age` on every day of the year of `on`.
	date_of_birth = None if age is None else date(on.year - age, 1, 1)
	if "agency" not in values:
		# Administrators choose the holding agency; tests that do not care get a fresh one.
		values["agency"] = make_agency().name
	return frappe.get_doc(
		{
			"doctype": "CAS Client",
			"first_name": fake.first_name(),
			"last_name": fake.last_name(),
			"date_of_birth": date_of_birth,
			**values,
		}
	).insert()


def make_enrollment(program: str, client: str, members=(), **values):
	return frappe.get_doc(
		{
			"doctype": "CAS Enrollment",
			"client": client,
			"program": program,
			"entry_date": values.pop("entry_date", getdate()),
			"household_members": [
				{"client": member, "relationship_to_hoh": relationship} for member, relationship in members
			],
			**values,
		}
	).insert()


def make_cas_enrollment(client_age: int = 40, members=(), **values):
	"""A household enrolled in the CE program of the shared CAS Agency (created if the site has none)."""
	shared = frappe.db.get_value("CAS Agency", {"is_cas_agency": 1}) or make_agency(is_cas_agency=1).name
	program = make_program(shared)
	head = make_client(age=client_age)
	return make_enrollment(program.name, head.name, members, **values)


OUTSIDE = (
	"Place not meant for habitation (e.g., a vehicle, an abandoned building, bus/train/subway station/airport"
	" or anywhere outside)"
)


def make_cls(enrollment: str, **values):
	defaults = {"living_situation": OUTSIDE, "location_address": "Under the 12th Street bridge"}
	defaults.update(values)
	return frappe.get_doc(
		{"doctype": "CAS Current Living Situation", "enrollment": enrollment, **defaults}
	).insert()


def make_event(enrollment: str, event: str, **values):
	return frappe.get_doc(
		{"doctype": "CAS CE Event", "enrollment": enrollment, "event": event, **values}
	).insert()


def make_user(email, role, agencies=()):
	frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": email.split("@")[0],
			"send_welcome_email": 0,
			"roles": [{"role": role}],
		}
	).insert(ignore_permissions=True)
	if agencies:
		frappe.get_doc(
			{"doctype": "CAS Staff Member", "user": email, "agencies": [{"agency": a} for a in agencies]}
		).insert()
	return email


def todo_jobs(queue, job_ids) -> list:
	"""Of ``job_ids`` in ``queue``, this site's jobs that write the ToDos of households noted by saves."""
	from rq.exceptions import DeserializationError

	found = []
	for job_id in job_ids:
		if not job_id.startswith(f"{frappe.local.site}::"):
			continue
		job = queue.fetch_job(job_id)
		try:
			if job and job.kwargs.get("job_name", "").endswith(".write_noted_todos"):
				found.append(job)
		except DeserializationError:
			continue  # another job of this site, of code since changed
	return found
