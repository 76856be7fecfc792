"""A realistic, clearly fake Continuum of Care for trying the app: agencies, programs, users for every
role and households at every stage (enrolled, assessed, EVH, queued, referred, accepted, denied, expired,
housed). Seeded, so the same size gives the same CoC. Refuses a site that holds real CAS data; everything
it creates is listed in a manifest and removed by `remove()`."""

import json
import os
import random
import time
from datetime import date, timedelta

import frappe
from faker import Faker
from frappe import _
from frappe.model.workflow import apply_workflow
from frappe.utils import getdate

from cas_coordinated_access.setup.install import STAFF_MODULE_PROFILE
from cas_coordinated_access.utils import follow_ups

DEMO_PASSWORD = "Demo-CAS-2026!"
MANIFEST = "cas_demo_manifest.json"
SHELTER = "Emergency Shelter – Entry Exit"
PRIOR_SITUATIONS = (
	"Place not meant for habitation (e.g., a vehicle, an abandoned building, bus/train/subway station/airport or anywhere outside)",
	"Emergency shelter, including hotel or motel paid for with emergency shelter voucher, Host Home shelter",
	"Place not meant for habitation (e.g., a vehicle, an abandoned building, bus/train/subway station/airport or anywhere outside)",
	"Staying or living in a friend’s room, apartment, or house",
)
RECORD_DOCTYPES = (
	"CAS Case Conference Discussion",
	"CAS Service",
	"CAS Referral",
	"CAS Queue Entry",
	"CAS CE Event",
	"CAS Individualized Support Plan",
	"CAS Status Assessment",
	"CAS Housing Conversation Tool",
	"CAS Crisis Assessment",
	"CAS Current Living Situation",
	"CAS Enrollment",
	"CAS Client",
)
# (name, project type, category, accepts queue referrals, extra)
PROGRAMS = (
	("Emergency Shelter", SHELTER, "Emergency Shelter", 1, {"capacity": 200}),
	("Transitional Housing", "Transitional Housing", "Transitional Housing", 1, {}),
	(
		"Rapid Re-Housing",
		"PH – Rapid Re-Housing",
		"Rapid Re-Housing",
		1,
		{"rrh_sub_type": "RRH: Housing with or without services"},
	),
	(
		"Permanent Supportive Housing",
		"PH – Permanent Supportive Housing",
		"Permanent Supportive Housing",
		1,
		{},
	),
	("Homelessness Prevention", "Homelessness Prevention", "Homelessness Prevention", 0, {}),
	("Street Outreach", "Street Outreach", "Street Outreach", 0, {}),
)
STAGES = ("enrolled", "assessed", "queued", "referred", "accepted", "denied", "expired", "housed")


def manifest_path() -> str:
	return frappe.get_site_path("private", MANIFEST)


def has_real_cas_data() -> bool:
	demo = set(read_manifest().get("CAS Client", []))
	return any(name not in demo for name in frappe.get_all("CAS Client", pluck="name"))


def read_manifest() -> dict:
	if not os.path.exists(manifest_path()):
		return {}
	with open(manifest_path(), encoding="utf-8") as manifest:
		return json.load(manifest)


def complete_setup_wizard() -> bool:
	"""A new Frappe site sends everyone but Administrator to its setup wizard until someone completes it, so
	demo users would meet "Not permitted" instead of the desk. Complete it with a US CoC's defaults (the
	administrator can change them in System Settings). Commits; returns whether it had to."""
	if frappe.db.get_single_value("System Settings", "setup_complete"):
		return False
	from frappe.desk.page.setup_wizard.setup_wizard import setup_complete

	setup_complete(
		{
			"language": "English",
			"country": "United States",
			"timezone": "America/Los_Angeles",
			"currency": "USD",
		}
	)
	frappe.db.commit()
	return True


def load(households: int = 300, seed: int = 2026, progress=print) -> dict:
	if has_real_cas_data():
		frappe.throw(
			_(
				"This site already holds CAS clients; the demo CoC is loaded only into a site without real CAS data."
			),
			title=_("Not an empty site"),
		)
	if read_manifest():
		frappe.throw(_("The demo CoC is already loaded; remove it first."), title=_("Demo loaded"))
	started = time.perf_counter()
	frappe.set_user("Administrator")
	demo = Demo(seed)
	demo.build_agencies_and_users()
	for index in range(households):
		# Each household's Next Steps and ToDos are worked out once its history is written, as they stand.
		with follow_ups.refreshed_once():
			demo.household(index, STAGES[index % len(STAGES)])
		if progress and (index + 1) % 50 == 0:
			progress(f"{index + 1}/{households} households")
	demo.case_conference()
	demo.save_manifest()
	return {"households": households, "seconds": round(time.perf_counter() - started, 1), "users": demo.users}


def remove() -> int:
	"""Delete everything the demo created (records of the households first), and the manifest."""
	frappe.set_user("Administrator")
	manifest = read_manifest()
	# Households the demo created, and the ones providers enrolled them in after accepting.
	enrollments = frappe.get_all(
		"CAS Enrollment", filters={"client": ("in", manifest.get("CAS Client") or [""])}, pluck="name"
	)
	removed = 0
	if enrollments:
		frappe.db.delete("ToDo", {"reference_type": "CAS Enrollment", "reference_name": ("in", enrollments)})
		for doctype in RECORD_DOCTYPES[:-2]:
			for name in frappe.get_all(doctype, filters={"enrollment": ("in", enrollments)}, pluck="name"):
				if (
					frappe.get_meta(doctype).is_submittable
					and frappe.db.get_value(doctype, name, "docstatus") == 1
				):
					frappe.db.set_value(doctype, name, "docstatus", 2)
				frappe.delete_doc(doctype, name, force=True, ignore_permissions=True, delete_permanently=True)
				removed += 1
	for name in enrollments:
		frappe.delete_doc(
			"CAS Enrollment", name, force=True, ignore_permissions=True, delete_permanently=True
		)
		removed += 1
	frappe.db.delete("CAS Client Document", {"client": ("in", manifest.get("CAS Client") or [""])})
	for doctype in (
		"CAS Case Conference",
		"CAS Client",
		"CAS Staff Member",
		"User",
		"CAS Program",
		"CAS Agency",
	):
		for name in manifest.get(doctype, []):
			if frappe.db.exists(doctype, name):
				frappe.delete_doc(doctype, name, force=True, ignore_permissions=True, delete_permanently=True)
				removed += 1
	# Their history too, or a later load that reuses the names would show it.
	for table in ("Version", "Comment", "View Log"):
		frappe.db.delete(
			table, {"ref_doctype" if table == "Version" else "reference_doctype": ("like", "CAS %")}
		)
	if os.path.exists(manifest_path()):
		os.remove(manifest_path())
	return removed


class Demo:
	def __init__(self, seed: int):
		self.rng = random.Random(seed)
		self.fake = Faker("en_US")
		self.fake.seed_instance(seed)
		self.created: dict[str, list[str]] = {}
		self.users: dict[str, str] = {}
		self.programs: dict[str, str] = {}
		self.question_set = frappe.db.get_value(
			"CAS Question Set", {"kind": "Housing Conversation Tool", "is_default": 1}, "name"
		)
		self.crisis_question_set = frappe.db.get_value(
			"CAS Question Set", {"kind": "Crisis Assessment", "is_default": 1}, "name"
		)

	def keep(self, doc):
		self.created.setdefault(doc.doctype, []).append(doc.name)
		return doc

	def build_agencies_and_users(self):
		shared = frappe.db.get_value("CAS Agency", {"is_cas_agency": 1})
		if not shared:
			shared = self.keep(
				frappe.get_doc(
					{"doctype": "CAS Agency", "agency_name": "Demo CoC CAS Agency", "is_cas_agency": 1}
				).insert()
			).name
		self.shared = shared
		self.programs["CE"] = self.keep(
			frappe.get_doc(
				{
					"doctype": "CAS Program",
					"program_name": "Demo CAS: Coordinated Access System Program - CE",
					"agency": shared,
					"project_type": "Coordinated Entry",
					"program_category": "Coordinated Entry",
					"operating_start_date": date(2020, 1, 1),
				}
			).insert()
		).name
		agencies = []
		for index in range(12):
			vsp = index == 0
			name = (
				"Demo Safe Harbor (victim services)"
				if vsp
				else f"Demo {self.fake.unique.last_name()} Community Services"
			)
			agencies.append(
				self.keep(
					frappe.get_doc(
						{"doctype": "CAS Agency", "agency_name": name, "victim_service_provider": int(vsp)}
					).insert()
				).name
			)
		self.vsp, self.service_agencies = agencies[0], agencies[1:]
		for (label, project_type, category, queue, extra), agency in zip(
			PROGRAMS, self.service_agencies, strict=False
		):
			self.programs[label] = self.keep(
				frappe.get_doc(
					{
						"doctype": "CAS Program",
						"program_name": f"Demo {label}",
						"agency": agency,
						"project_type": project_type,
						"program_category": category,
						"accepts_queue_referrals": queue,
						"operating_start_date": date(2020, 1, 1),
						**extra,
					}
				).insert()
			).name
		shelter_agency = frappe.db.get_value("CAS Program", self.programs["Emergency Shelter"], "agency")
		# Each user has a name of their own: two assessors of different agencies must not look alike.
		for key, name, role, user_agencies in (
			("assessor", "Maria Lopez", "CAS Assessor", [self.service_agencies[5], shared]),
			("referral", "Sam Okafor", "CAS Referral Specialist", [shared]),
			("provider", "Jordan Lee", "CAS Provider", [shelter_agency]),
			("vsp.assessor", "Priya Shah", "CAS Assessor", [self.vsp]),
			("admin", "Chris Morgan", "CAS Administrator", []),
		):
			self.users[key] = self.user(f"demo.{key}@example.org", name, role, user_agencies)

	def user(self, email: str, name: str, role: str, agencies: list[str]) -> str:
		first_name, last_name = name.split(" ", 1)
		user = self.keep(
			frappe.get_doc(
				{
					"doctype": "User",
					"email": email,
					"first_name": first_name,
					"last_name": last_name,
					"send_welcome_email": 0,
					"new_password": DEMO_PASSWORD,
					"roles": [{"role": role}],
					# Frappe's own workspaces stay with the site's administrators.
					"module_profile": STAFF_MODULE_PROFILE if role != "CAS Administrator" else None,
				}
			).insert(ignore_permissions=True)
		)
		if agencies:
			self.keep(
				frappe.get_doc(
					{
						"doctype": "CAS Staff Member",
						"user": email,
						"agencies": [{"agency": a} for a in agencies],
					}
				).insert()
			)
		return user.name

	def household(self, index: int, stage: str):
		rng, today = self.rng, getdate()
		entry = today - timedelta(days=rng.randrange(20, 400))
		holding = self.vsp if index % 25 == 0 else rng.choice(self.service_agencies)
		head = self.client(holding, age=rng.randrange(19, 78))
		members = []
		if rng.random() < 0.3:
			members.append(
				{
					"client": self.client(holding, age=rng.randrange(0, 16)),
					"relationship_to_hoh": "Head of household’s child",
				}
			)
		# A victim service provider's own assessor works with its (protected) households.
		frappe.set_user(self.users["vsp.assessor" if holding == self.vsp else "assessor"])
		homeless_since = entry - timedelta(days=rng.randrange(0, 900))
		enrollment = self.keep(
			frappe.get_doc(
				{
					"doctype": "CAS Enrollment",
					"client": head,
					"program": self.programs["CE"],
					"entry_date": entry,
					"homeless_since": homeless_since,
					# Most came from the street or a shelter; some from a friend's couch (not chronic).
					"prior_living_situation": PRIOR_SITUATIONS[
						(entry - homeless_since).days % len(PRIOR_SITUATIONS)
					],
					"disabling_condition": rng.choice(["Yes", "No", "Data not collected"]),
					"household_members": members,
				}
			).insert()
		)
		self.cls(enrollment.name, entry)
		self.documents(head, [member["client"] for member in members])
		if stage != "enrolled":
			self.assess_and_refer(enrollment.name, entry, stage)
		self.keep_current(enrollment.name)
		frappe.set_user("Administrator")

	def documents(self, head: str, members: list[str]):
		"""Where the household stands with its papers: most heads have a photo ID in hand, some have asked
		for one; a Social Security card here and there. So the queue shows ready households and missing ones."""
		from cas_coordinated_access.utils import documents

		rng, updates = self.rng, []
		if rng.random() < 0.85:
			status = "In Hand" if rng.random() < 0.75 else "Requested"
			updates.append({"client": head, "document_type": "Government Photo ID", "status": status})
		for client in [head, *members]:
			if rng.random() < 0.4:
				updates.append(
					{"client": client, "document_type": "Social Security Card", "status": "In Hand"}
				)
		if updates:
			documents.update(updates)

	def case_conference(self):
		"""This week's case conference, its agenda built by the referral specialist as they would."""
		from cas_coordinated_access.utils import case_conference

		frappe.set_user(self.users["referral"])
		conference = self.keep(
			frappe.get_doc(
				{
					"doctype": "CAS Case Conference",
					"conference_title": "Weekly Case Conference",
					"attendees": [
						{"user": self.users[role]} for role in ("referral", "assessor", "provider")
					],
				}
			).insert()
		)
		case_conference.build_agenda(conference.name)
		frappe.set_user("Administrator")

	def assess_and_refer(self, enrollment: str, entry: date, stage: str):
		rng, today = self.rng, getdate()
		assessed_on = min(entry + timedelta(days=rng.randrange(0, 10)), today - timedelta(days=8))
		assessed_on = max(assessed_on, entry)
		# Many households first meet the CAS in crisis: a Crisis Assessment the day they enroll.
		if rng.random() < 0.4:
			self.crisis_assessment(enrollment, entry)
		self.cls(enrollment, assessed_on)
		hct = self.hct(enrollment, assessed_on)
		# Most assessors write the plan with the client the next business day and log the CE Event.
		if rng.random() < 0.9:
			self.isp(enrollment, hct, assessed_on + timedelta(days=1))
		if stage == "assessed":
			return
		program = self.referral_program()
		queue = "Shelter" if program == self.programs["Emergency Shelter"] else "Housing"
		from cas_coordinated_access.utils.community_queue import send

		entry_name = send(hct.doctype, hct.name, queue)
		frappe.db.set_value("CAS Queue Entry", entry_name, "date_added", assessed_on)
		if stage == "queued":
			return
		frappe.set_user(self.users["referral"])
		sent_on = today - timedelta(days=rng.randrange(1, 5))
		referral = frappe.get_doc(
			{
				"doctype": "CAS Referral",
				"queue_entry": entry_name,
				"program": program,
				"referral_type": queue,
				"referral_date": sent_on,
			}
		)
		try:
			referral.insert()
		except frappe.ValidationError:
			# Not eligible for the housing program drawn (household type, chronic homelessness, ...).
			frappe.clear_last_message()
			return
		self.answer_referral(referral, stage)

	def referral_program(self) -> str:
		"""Referrals spread over the programs that take them, most to the shelter."""
		labels = (
			["Emergency Shelter"] * 5
			+ ["Transitional Housing", "Rapid Re-Housing"] * 2
			+ ["Permanent Supportive Housing"]
		)
		return self.programs[self.rng.choice(labels)]

	def answer_referral(self, referral, stage: str):
		rng, today = self.rng, getdate()
		if stage == "expired":
			frappe.set_user("Administrator")
			frappe.db.set_value("CAS Referral", referral.name, "deadline", today - timedelta(days=1))
			from cas_coordinated_access.utils.community_queue import expire_overdue_referrals

			expire_overdue_referrals()
		elif stage == "denied":
			frappe.set_user(self.provider_of(referral.program))
			referral.reload()
			referral.update(
				{
					"denial_type": "Client",
					"denial_reason": rng.choice(["Client declined", "Unable to contact", "No capacity"]),
					"denial_note": "Demo: the household chose another option.",
				}
			)
			referral.save()
			apply_workflow(referral, "Deny")
			frappe.set_user(self.users["referral"])
			apply_workflow(frappe.get_doc("CAS Referral", referral.name), "Confirm Denial")
		elif stage in ("accepted", "housed"):
			frappe.set_user(self.provider_of(referral.program))
			apply_workflow(frappe.get_doc("CAS Referral", referral.name), "Accept")
			if stage == "housed":
				frappe.get_doc("CAS Referral", referral.name).enroll_household()

	def provider_of(self, program: str) -> str:
		"""The demo provider answers the shelter's referrals; each other program's agency has its own."""
		agency = frappe.db.get_value("CAS Program", program, "agency")
		key = f"provider.{agency}"
		if program == self.programs["Emergency Shelter"]:
			return self.users["provider"]
		if key not in self.users:
			acting = frappe.session.user
			frappe.set_user("Administrator")  # only administrators add staff
			number = len([k for k in self.users if k.startswith("provider.")]) + 2
			self.users[key] = self.user(
				f"demo.provider{number}@example.org", f"Intake Worker{number}", "CAS Provider", [agency]
			)
			frappe.set_user(acting)
		return self.users[key]

	def keep_current(self, enrollment: str):
		"""Most households were seen this month; some are due in the coming days; a few are overdue."""
		rng, today = self.rng, getdate()
		last = frappe.db.get_value(
			"CAS Current Living Situation", {"enrollment": enrollment}, "max(information_date)"
		)
		# A CLS goes with every CE Event (referrals log one): the visit comes after the latest.
		last_event = frappe.db.get_value("CAS CE Event", {"enrollment": enrollment}, "max(event_date)")
		chance = rng.random()
		if chance < 0.8:
			seen = today - timedelta(days=rng.randrange(0, 24))
		elif chance < 0.92:
			seen = today - timedelta(days=rng.randrange(25, 30))
		else:
			return  # overdue: left for the assessor to catch up
		if last_event:
			seen = max(seen, getdate(last_event))
		if seen > getdate(last):
			frappe.set_user(self.assessor_of(enrollment))
			self.cls(enrollment, seen)

	def assessor_of(self, enrollment: str) -> str:
		holding = frappe.db.get_value("CAS Enrollment", enrollment, "client_agency")
		return self.users["vsp.assessor" if holding == self.vsp else "assessor"]

	def isp(self, enrollment: str, hct, on: date):
		on = min(on, getdate())
		self.keep(
			frappe.get_doc(
				{
					"doctype": "CAS Individualized Support Plan",
					"enrollment": enrollment,
					"plan_date": on,
					"housing_conversation_tool": hct.name,
					"program_preference": self.rng.choice(
						[
							"Rapid Re-Housing (RRH), CoC funded",
							"Permanent Supportive Housing (PSH)",
							"Rapid Exit",
						]
					),
					"client_reasons": "Demo: close to family, work and the clinic.",
					"goals": [
						{
							"goal": "Move into a place of my own",
							"category": "Housing",
							"start_date": on,
							"timeline_days": 90,
						}
					],
					"action_steps": [
						{"goal_number": 1, "step": "Gather ID and income papers", "responsible": "Client"}
					],
				}
			).insert()
		)
		self.cls(enrollment, on)
		frappe.get_doc(
			{
				"doctype": "CAS CE Event",
				"enrollment": enrollment,
				"event_date": on,
				"event": "Referral to Housing Navigation project or services",
			}
		).insert()

	def client(self, agency: str, age: int) -> str:
		born = getdate() - timedelta(days=age * 365 + self.rng.randrange(0, 364))
		return self.keep(
			frappe.get_doc(
				{
					"doctype": "CAS Client",
					"first_name": self.fake.first_name(),
					"last_name": self.fake.last_name(),
					"date_of_birth": born,
					"agency": agency,
					"veteran_status": "Yes" if self.rng.random() < 0.08 else "No",
					"phone": self.fake.numerify("916-555-####"),
				}
			).insert()
		).name

	def cls(self, enrollment: str, on: date):
		if frappe.db.exists(
			"CAS Current Living Situation", {"enrollment": enrollment, "information_date": on}
		):
			return
		situation = self.rng.choice(
			[
				"Place not meant for habitation (e.g., a vehicle, an abandoned building, bus/train/subway station/airport or anywhere outside)",
				"Emergency shelter, including hotel or motel paid for with emergency shelter voucher, Host Home shelter",
				"Staying or living in a friend’s room, apartment, or house",
			]
		)
		frappe.get_doc(
			{
				"doctype": "CAS Current Living Situation",
				"enrollment": enrollment,
				"information_date": on,
				"living_situation": situation,
				"leave_situation_14_days": "Yes" if "friend" in situation else None,
				"location_address": self.fake.street_address() + ", Sacramento",
			}
		).insert()

	def hct(self, enrollment: str, on: date):
		return self.assessment("CAS Housing Conversation Tool", self.question_set, enrollment, on)

	def crisis_assessment(self, enrollment: str, on: date):
		return self.assessment("CAS Crisis Assessment", self.crisis_question_set, enrollment, on)

	def assessment(self, doctype: str, question_set: str, enrollment: str, on: date):
		doc = frappe.get_doc(
			{
				"doctype": doctype,
				"enrollment": enrollment,
				"assessment_date": on,
				"assessment_location": "Demo Navigation Center",
				"question_set": question_set,
			}
		)
		doc.set_questions()  # as the form lays them out before the assessor answers
		options: dict[str, list] = {}
		for option in frappe.get_cached_doc("CAS Question Set", question_set).answer_options:
			options.setdefault(option.question_code, []).append(option)
		# About a third of households answer like the most vulnerable; the others mostly score nothing.
		spread = 0.7 if self.rng.random() < 0.35 else 0.1
		for row in doc.answers:
			choices = options[row.question_code]
			calm = [o for o in choices if not o.points] or choices
			row.answer = self.rng.choice(choices if self.rng.random() < spread else calm).option
		doc.insert()
		doc.submit()
		return doc

	def save_manifest(self):
		os.makedirs(os.path.dirname(manifest_path()), exist_ok=True)
		with open(manifest_path(), "w", encoding="utf-8") as manifest:
			json.dump(self.created, manifest)
