"""A small Continuum of Care for permission tests: the shared CAS Agency, two service agencies (one a
victim service provider), a provider agency, users of every role, and households in each."""

from dataclasses import dataclass, field
from datetime import date

import frappe
from faker import Faker

from tests.integration.factories import make_agency, make_client, make_cls, make_enrollment, make_program

PASSWORD = "Cas-Test-Passw0rd!"


@dataclass
class World:
	tag: str
	shared: str = ""
	river: str = ""  # a service agency
	harbor: str = ""  # a victim service provider
	north: str = ""  # a shelter provider agency
	users: dict = field(default_factory=dict)
	clients: dict = field(default_factory=dict)
	enrollments: dict = field(default_factory=dict)
	programs: dict = field(default_factory=dict)
	living_situations: dict = field(default_factory=dict)
	created: list = field(default_factory=list)  # (doctype, name), for cleanup of committed worlds


def make_user(email: str, roles: list[str], agencies: list[str], world: World) -> str:
	frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": email.split("@")[0],
			"send_welcome_email": 0,
			"new_password": PASSWORD,
			"roles": [{"role": role} for role in roles],
		}
	).insert(ignore_permissions=True)
	world.created.append(("User", email))
	if agencies:
		frappe.get_doc(
			{
				"doctype": "CAS Staff Member",
				"user": email,
				"agencies": [{"agency": agency} for agency in agencies],
			}
		).insert()
		world.created.append(("CAS Staff Member", email))
	return email


def build_world(tag: str, client_values: dict | None = None) -> World:
	"""Build as Administrator; every record is remembered in ``created``. ``client_values`` sets fields of
	the clients by key (ana, vera, nora, rita)."""
	fake = Faker()
	fake.seed_instance(tag)
	world = World(tag=tag)

	def agency(name, **values):
		doc = make_agency(f"{name} {tag}", **values)
		world.created.append(("CAS Agency", doc.name))
		return doc.name

	world.shared = frappe.db.get_value("CAS Agency", {"is_cas_agency": 1}) or agency(
		"CAS Agency", is_cas_agency=1
	)
	world.river = agency("River House")
	world.harbor = agency("Harbor Safe Place", victim_service_provider=1)
	world.north = agency("North Shelter")

	def program(key, agency_name, **values):
		doc = make_program(agency_name, f"{key} {tag}", **values)
		world.programs[key] = doc.name
		world.created.append(("CAS Program", doc.name))

	program("CAS CE", world.shared)
	program(
		"North ES",
		world.north,
		project_type="Emergency Shelter – Entry Exit",
		program_category="Emergency Shelter",
	)
	program("River SSO", world.river, project_type="Services Only", program_category="Services Only")

	users = {
		"river_assessor": (["CAS Assessor"], [world.river]),
		"harbor_assessor": (["CAS Assessor"], [world.harbor]),
		"referral": (["CAS Referral Specialist"], [world.shared]),
		"north_provider": (["CAS Provider"], [world.north]),
		"cas_admin": (["CAS Administrator"], []),
		"two_agencies": (["CAS Assessor"], [world.river, world.north]),
	}
	for key, (roles, agencies) in users.items():
		world.users[key] = make_user(f"{key}.{tag}@example.org", roles, agencies, world)

	def client(key, holding_agency, **values):
		fields = {
			# Unique within the world: tests check that one client's name is absent where another's shows
			# (a world once drew "Jeffrey" for both the survivor and the shelter client).
			"first_name": fake.unique.first_name() + tag,
			"last_name": fake.unique.last_name(),
			"agency": holding_agency,
			"phone": "916-555-0100",
			"ssn": "123456789",
			**values,
			**(client_values or {}).get(key, {}),
		}
		doc = make_client(**fields)
		world.clients[key] = doc.name
		world.created.append(("CAS Client", doc.name))
		return doc.name

	client("ana", world.river)  # river's client, in the CAS program
	client("vera", world.harbor)  # a survivor held by the victim service provider: protected
	client("nora", world.north)  # a shelter client, only in the north shelter
	client("rita", world.river)  # river's client in river's own program only

	def enrollment(key, program_key, client_key):
		doc = make_enrollment(
			world.programs[program_key], world.clients[client_key], entry_date=date(2026, 1, 5)
		)
		world.enrollments[key] = doc.name
		world.created.append(("CAS Enrollment", doc.name))
		cls = make_cls(doc.name, information_date=date(2026, 1, 5))
		world.living_situations[key] = cls.name
		world.created.append(("CAS Current Living Situation", cls.name))

	enrollment("ana_cas", "CAS CE", "ana")
	enrollment("vera_cas", "CAS CE", "vera")
	enrollment("nora_shelter", "North ES", "nora")
	enrollment("rita_sso", "River SSO", "rita")
	return world


def destroy_world(world: World):
	frappe.set_user("Administrator")
	frappe.db.delete("ToDo", {"reference_name": ("in", list(world.enrollments.values()))})
	for doctype, name in reversed(world.created):
		if frappe.db.exists(doctype, name):
			if frappe.get_meta(doctype).is_submittable:
				# Submitted records are never deleted by users; the test world is, whole.
				frappe.db.set_value(doctype, name, "docstatus", 2, update_modified=False)
			frappe.delete_doc(doctype, name, force=True, ignore_permissions=True, delete_permanently=True)


def committed_world(prefix: str):
	"""A world committed for a server process to see (a module fixture yields from this), removed after."""
	frappe.set_user("Administrator")
	world = build_world(prefix + frappe.generate_hash(length=5))
	frappe.db.commit()
	yield world
	frappe.db.rollback()
	destroy_world(world)
	frappe.db.commit()
