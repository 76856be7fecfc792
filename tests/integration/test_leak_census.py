"""Issue 12's census: every whitelisted method that takes a DocType, a document name or a search text,
called as each CAS role of another agency against every scoped DocType, each of their child tables and
every copy Frappe keeps of a CAS record, with arguments built to find a hidden record. Nothing of the
other agency's households, and no protected client's name or birth date, may come back in any field.

The world is committed (some methods open their own transactions) and removed afterwards; each call runs
inside a savepoint that is rolled back, so what an attacker's call writes never stays.
"""

from datetime import date

import frappe
import pytest
from frappe.utils import getdate

from cas_coordinated_access import permissions
from cas_coordinated_access.constants import CLIENT_DOCUMENT, SCOPED_DOCTYPES
from tests.integration import census
from tests.integration.factories import make_agency, make_client, make_program
from tests.integration.test_visit import answer
from tests.integration.world import build_world, destroy_world

# Distinct birth dates and surnames: a secret must not be a value other records share by chance.
IDENTITIES = {
	"ana": ("Ashgrove", date(1972, 8, 9)),
	"vera": ("Quillfeather", date(1944, 2, 29)),
	"nora": ("Brambleton", date(1951, 10, 17)),
	"rita": ("Thistlewood", date(1963, 5, 23)),
}
ATTACKERS = ("river_assessor", "referral", "north_provider")
SAVEPOINT = "cas_census_call"

RESULTS = census.RESULTS


@pytest.fixture(scope="module")
def world(site):
	frappe.set_user("Administrator")
	permissions.clear_viewer_cache()
	tag = "C" + frappe.generate_hash(length=5)
	world = build_world(
		tag,
		client_values={
			key: {"first_name": key.title() + tag, "last_name": surname + tag, "date_of_birth": born}
			for key, (surname, born) in IDENTITIES.items()
		},
	)
	fill_households(world)
	make_copies(world)
	frappe.db.commit()
	permissions.clear_viewer_cache()
	yield world
	frappe.set_user("Administrator")
	frappe.db.rollback()
	remove_copies(world)
	destroy_world(world)
	frappe.db.commit()


def fill_households(world):
	"""Every kind of household record in the protected survivor's CAS household, and a child in it and in
	the shelter household, so each scoped DocType and child table has a hidden row."""
	today = getdate()
	for key, head in (("vera_cas", "vera"), ("nora_shelter", "nora")):
		# Named for this run, as the heads are: a child's name is a secret the census looks for in every
		# answer, and a common surname ("White") is also a label of the client form (seen failing in CI).
		holder, surname = frappe.db.get_value("CAS Client", world.clients[head], ["agency", "last_name"])
		child = make_client(
			age=7, agency=holder, first_name=f"{head.title()}Kid{world.tag}", last_name=surname
		)
		world.clients[f"{head}_child"] = child.name
		world.created.insert(0, ("CAS Client", child.name))
		enrollment = frappe.get_doc("CAS Enrollment", world.enrollments[key])
		enrollment.append(
			"household_members", {"client": child.name, "relationship_to_hoh": "Head of household’s child"}
		)
		enrollment.save()

	vera = world.enrollments["vera_cas"]
	frappe.db.set_value("CAS Enrollment", vera, "entry_date", today)
	world.records = {}

	def keep(doc):
		world.records.setdefault(doc.doctype, []).append(doc.name)
		world.created.append((doc.doctype, doc.name))
		return doc

	keep(
		frappe.get_doc(
			{
				"doctype": "CAS Current Living Situation",
				"enrollment": vera,
				"information_date": today,
				"living_situation": "Place not meant for habitation (e.g., a vehicle, an abandoned building,"
				" bus/train/subway station/airport or anywhere outside)",
				"location_address": "Behind the library",
			}
		).insert()
	)
	crisis = frappe.get_doc(
		{"doctype": "CAS Crisis Assessment", "enrollment": vera, "assessment_location": "Outreach van"}
	).insert()
	answer(crisis)
	crisis.save()
	crisis.submit()
	keep(crisis)
	hct = frappe.get_doc(
		{"doctype": "CAS Housing Conversation Tool", "enrollment": vera, "assessment_location": "Drop-in"}
	).insert()
	answer(hct)
	hct.save()
	hct.submit()
	keep(hct)
	keep(
		frappe.get_doc(
			{
				"doctype": "CAS Individualized Support Plan",
				"enrollment": vera,
				"housing_conversation_tool": hct.name,
				"program_preference": "Rapid Re-Housing (RRH), CoC funded",
				"client_reasons": "Near the clinic.",
				"goals": [
					{
						"goal": "Move into an apartment",
						"category": "Housing",
						"start_date": today,
						"timeline_days": 90,
					}
				],
				"action_steps": [{"goal_number": 1, "step": "Apply to two units", "responsible": "Client"}],
				"support_team": [{"member_name": "J. Rivera", "role": "Housing Navigator"}],
			}
		).insert()
	)
	keep(
		frappe.get_doc(
			{
				"doctype": "CAS CE Event",
				"enrollment": vera,
				"event": "Referral to Housing Navigation project or services",
			}
		).insert()
	)
	# A bed night for each member of the household, the protected child included.
	from cas_coordinated_access.api import provide_services

	provide_services("Shelter: Bed night", str(today), enrollments=[vera])
	for name in frappe.get_all("CAS Service", filters={"enrollment": vera}, pluck="name"):
		keep(frappe.get_doc("CAS Service", name))
	from cas_coordinated_access.api import send_to_community_queue, status_assessment_members

	status = frappe.get_doc(
		{
			"doctype": "CAS Status Assessment",
			"enrollment": vera,
			"data_collection_stage": "Project start",
			"information_date": today,
			"members": status_assessment_members(vera, str(today)),
		}
	)
	for row in status.members:
		row.insurance_from_any_source = "No"
		if row.is_head:
			row.update(
				{
					"income_from_any_source": "Yes",
					"earned": 1,
					"earned_amount": 800,
					"benefits_from_any_source": "No",
					"domestic_violence_survivor": "Yes",
					"currently_fleeing": "Yes",
				}
			)
	keep(status.insert())
	status.submit()

	entry = frappe.get_doc("CAS Queue Entry", send_to_community_queue(hct.doctype, hct.name, "Housing"))
	keep(entry)
	# The referral goes to an agency none of the census's users works in.
	elm = make_agency(f"Elm Housing {world.tag}").name
	world.created.insert(0, ("CAS Agency", elm))
	program = make_program(
		elm,
		f"Elm RRH {world.tag}",
		project_type="PH – Rapid Re-Housing",
		rrh_sub_type="RRH: Housing with or without services",
		program_category="Rapid Re-Housing",
		accepts_queue_referrals=1,
	).name
	world.created.insert(0, ("CAS Program", program))
	keep(
		frappe.get_doc(
			{
				"doctype": "CAS Referral",
				"queue_entry": entry.name,
				"program": program,
				"referral_type": "Housing",
			}
		).insert()
	)
	# The survivor discussed at a case conference, with a next step for her advocate.
	conference = frappe.get_doc({"doctype": "CAS Case Conference", "conference_date": today}).insert()
	world.created.insert(0, ("CAS Case Conference", conference.name))
	keep(
		frappe.get_doc(
			{
				"doctype": "CAS Case Conference Discussion",
				"case_conference": conference.name,
				"enrollment": vera,
				"what_changed": "Moved to the shelter on Elm Street.",
				"next_steps": [
					{
						"step": "Call her about the birth certificate",
						"assigned_to": world.users["harbor_assessor"],
						"due_date": today,
					}
				],
			}
		).insert()
	)
	# Where the survivor and her child stand with their documents (scoped like the clients themselves).
	for member in (world.clients["vera"], world.clients["vera_child"]):
		keep(
			frappe.get_doc(
				{
					"doctype": "CAS Client Document",
					"client": member,
					"document_type": "Birth Certificate",
					"status": "In Hand",
					"kept_where": "Harbor's safe",
				}
			).insert()
		)
	# Referral events and due items follow the referral; they are the household's too.
	for doctype in ("CAS CE Event", "CAS Current Living Situation"):
		for name in frappe.get_all(doctype, filters={"enrollment": vera}, pluck="name"):
			if name not in world.records.get(doctype, []):
				keep(frappe.get_doc(doctype, name))


def make_copies(world):
	"""The copies Frappe keeps of CAS records, each carrying the survivor's name where it could."""
	vera_client, vera = world.clients["vera"], world.enrollments["vera_cas"]
	first_name = frappe.db.get_value("CAS Client", vera_client, "first_name")
	harbor_assessor = world.users["harbor_assessor"]
	world.copies = []

	def keep(doc):
		world.copies.append((doc.doctype, doc.name))
		return doc

	client = frappe.get_doc("CAS Client", vera_client)
	client.phone = "916-555-0199"
	client.save()  # a Version with the old and new values
	keep(
		frappe.get_doc(
			{
				"doctype": "Comment",
				"comment_type": "Comment",
				"reference_doctype": "CAS Client",
				"reference_name": vera_client,
				"content": f"Met {first_name} behind the library",
			}
		).insert(ignore_permissions=True)
	)
	keep(
		frappe.get_doc(
			{
				"doctype": "Communication",
				"communication_type": "Communication",
				"communication_medium": "Email",
				"sent_or_received": "Sent",
				"subject": f"Appointment for {first_name}",
				"content": f"Dear {first_name}",
				"reference_doctype": "CAS Client",
				"reference_name": vera_client,
			}
		).insert(ignore_permissions=True)
	)
	keep(
		frappe.get_doc(
			{
				"doctype": "Activity Log",
				"subject": f"{first_name} checked in",
				"reference_doctype": "CAS Client",
				"reference_name": vera_client,
				"status": "Success",
			}
		).insert(ignore_permissions=True)
	)
	keep(
		frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"{first_name}-id.txt",
				"content": f"ID card of {first_name}",
				"is_private": 1,
				"attached_to_doctype": "CAS Client",
				"attached_to_name": vera_client,
			}
		).insert(ignore_permissions=True)
	)
	keep(
		frappe.get_doc(
			{
				"doctype": "ToDo",
				"allocated_to": harbor_assessor,
				"description": f"Call {first_name}",
				"reference_type": "CAS Client",
				"reference_name": vera_client,
			}
		).insert(ignore_permissions=True)
	)
	keep(
		frappe.get_doc(
			{
				"doctype": "Notification Log",
				"for_user": harbor_assessor,
				"type": "Alert",
				"subject": f"{first_name} is EVH",
				"document_type": "CAS Client",
				"document_name": vera_client,
			}
		).insert(ignore_permissions=True)
	)
	keep(
		frappe.get_doc(
			{
				"doctype": "Email Queue",
				"sender": "cas@example.org",
				"message": f"Subject: About {first_name}\n\nDear {first_name}",
				"reference_doctype": "CAS Client",
				"reference_name": vera_client,
				"recipients": [{"recipient": harbor_assessor}],
			}
		).insert(ignore_permissions=True)
	)
	keep(
		frappe.get_doc(
			{
				"doctype": "View Log",
				"viewed_by": harbor_assessor,
				"reference_doctype": "CAS Client",
				"reference_name": vera_client,
			}
		).insert(ignore_permissions=True)
	)
	keep(
		frappe.get_doc(
			{
				"doctype": "DocShare",
				"user": harbor_assessor,
				"share_doctype": "CAS Enrollment",
				"share_name": vera,
				"read": 1,
			}
		).insert(ignore_permissions=True)
	)
	from frappe.desk.doctype.tag.tag import DocTags

	DocTags("CAS Client").add(vera_client, f"safety-plan-{world.tag}")
	# A record deleted from the household leaves its whole content in Deleted Document.
	cls = frappe.get_doc(
		{
			"doctype": "CAS Current Living Situation",
			"enrollment": vera,
			"information_date": getdate(),
			"living_situation": "Place not meant for habitation (e.g., a vehicle, an abandoned building,"
			" bus/train/subway station/airport or anywhere outside)",
			"location_address": f"Where {first_name} sleeps",
		}
	).insert()
	world.deleted_cls = cls.name
	frappe.delete_doc(cls.doctype, cls.name, force=True)


def remove_copies(world):
	for doctype in ("Tag Link", "Version", "Deleted Document", "View Log", "Comment"):
		frappe.db.delete(doctype, {census.COPIES[doctype][1]: ("in", list(all_names(world)))})
	frappe.db.delete("Deleted Document", {"deleted_name": world.deleted_cls})
	for doctype, name in world.copies:
		if frappe.db.exists(doctype, name):
			frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)


def all_names(world) -> set[str]:
	names = set(world.clients.values()) | set(world.enrollments.values())
	for records in world.records.values():
		names |= set(records)
	return names


# What each attacker may not know. The referral specialist works the whole queue, the survivor's household
# included, by pseudonym only: the household's records are theirs to see, her name and birth date are not.
HIDDEN_HOUSEHOLDS = {
	"river_assessor": ("vera_cas", "nora_shelter"),
	"referral": ("nora_shelter", "rita_sso"),
	"north_provider": ("ana_cas", "vera_cas", "rita_sso"),
}


def household_rows(world, enrollment: str) -> dict[str, list[str]]:
	"""Every record of one household, child rows included, by DocType."""
	rows = {"CAS Enrollment": [enrollment]}
	for doctype in SCOPED_DOCTYPES:
		if doctype in ("CAS Client", "CAS Enrollment", "CAS Staff Member"):
			continue
		if doctype == CLIENT_DOCUMENT:
			# Kept per client, not per enrollment: the documents of the household's members.
			members = frappe.get_all(
				"CAS Household Member",
				filters={"parenttype": "CAS Enrollment", "parent": enrollment},
				pluck="client",
			)
			rows[doctype] = frappe.get_all(doctype, filters={"client": ("in", members)}, pluck="name")
			continue
		rows[doctype] = frappe.get_all(doctype, filters={"enrollment": enrollment}, pluck="name")
	for parent_doctype, names in list(rows.items()):
		for child_doctype in child_doctypes(parent_doctype):
			rows.setdefault(child_doctype, []).extend(
				frappe.get_all(
					child_doctype,
					filters={"parenttype": parent_doctype, "parent": ("in", names)},
					pluck="name",
				)
				if names
				else []
			)
	return rows


def child_doctypes(doctype: str) -> list[str]:
	return [df.options for df in frappe.get_meta(doctype).get_table_fields()]


def identity(world, key) -> set[str]:
	client = frappe.db.get_value(
		"CAS Client", world.clients[key], ["first_name", "last_name", "date_of_birth"], as_dict=True
	)
	born = getdate(client.date_of_birth)
	return {client.first_name, client.last_name, born.isoformat(), born.strftime("%m-%d-%Y")}


def secrets_of(world, attacker: str) -> frozenset[str]:
	secrets = set(identity(world, "vera")) | set(
		identity(world, "vera_child") if "vera_child" in world.clients else set()
	)
	for key in HIDDEN_HOUSEHOLDS[attacker]:
		enrollment = world.enrollments[key]
		for names in household_rows(world, enrollment).values():
			secrets |= set(names)
		head = key.split("_")[0]
		secrets |= identity(world, head)
	if attacker == "referral":
		# The survivor's household is theirs to work; her identity is not.
		visible = set()
		for names in household_rows(world, world.enrollments["vera_cas"]).values():
			visible |= set(names)
		secrets -= visible
		secrets |= identity(world, "vera")
		# What was said about her at a case conference stays with her advocates: its record, its rows and words.
		for discussion in world.records["CAS Case Conference Discussion"]:
			secrets.add(discussion)
			secrets |= set(
				frappe.get_all("CAS Case Conference Next Step", filters={"parent": discussion}, pluck="name")
			)
		secrets |= {"Moved to the shelter on Elm Street.", "Call her about the birth certificate"}
	return frozenset(s for s in secrets if s)


def targets_for(world, attacker: str) -> list[census.Target]:
	secrets = secrets_of(world, attacker)
	hidden_key = HIDDEN_HOUSEHOLDS[attacker][0]
	enrollment = world.enrollments[hidden_key]
	head = world.clients[hidden_key.split("_")[0]]
	vera_first = frappe.db.get_value("CAS Client", world.clients["vera"], "first_name")
	head_first = frappe.db.get_value("CAS Client", head, "first_name")
	hidden_client = world.clients["vera"] if attacker != "north_provider" else head
	targets = [
		census.Target(
			"CAS Client",
			hidden_client,
			filters=[
				{"first_name": vera_first},
				{"last_name": frappe.db.get_value("CAS Client", hidden_client, "last_name")},
			],
			search_text=vera_first,
			field="full_name",
			secrets=secrets,
		)
	]
	rows = household_rows(world, enrollment)
	for doctype, names in rows.items():
		if not names or doctype == "CAS Client":
			continue
		meta = frappe.get_meta(doctype)
		if meta.istable:
			parent_doctype = frappe.db.get_value(doctype, names[0], "parenttype")
			parent = frappe.db.get_value(doctype, names[0], "parent")
			targets.append(
				census.Target(
					doctype,
					names[0],
					parent_doctype=parent_doctype,
					parent=parent,
					filters=[{"parent": parent}],
					search_text=head_first,
					field="client_name" if meta.has_field("client_name") else "parent",
					secrets=secrets,
				)
			)
		else:
			targets.append(
				census.Target(
					doctype,
					names[0],
					filters=[
						{"client": head},
						{"enrollment": enrollment} if meta.has_field("enrollment") else {"name": enrollment},
					],
					search_text=head_first,
					field="client_name",
					secrets=secrets,
				)
			)
	staff = world.users["harbor_assessor"]
	targets.append(
		census.Target(
			"CAS Staff Member",
			staff,
			filters=[{"user": staff}],
			search_text=staff,
			field="user",
			secrets=secrets,
		)
	)
	targets.append(
		census.Target(
			"CAS Staff Member Agency",
			frappe.db.get_value("CAS Staff Member Agency", {"parent": staff}),
			parent_doctype="CAS Staff Member",
			parent=staff,
			filters=[{"parent": staff}],
			search_text=staff,
			field="agency",
			secrets=secrets,
		)
	)
	targets += copy_targets(world, secrets, vera_first)
	return targets


def copy_targets(world, secrets, search_text) -> list[census.Target]:
	vera_client, vera = world.clients["vera"], world.enrollments["vera_cas"]
	targets = []
	for doctype, (doctype_field, name_field) in census.COPIES.items():
		filters = {doctype_field: "CAS Client", name_field: vera_client}
		if doctype == "DocShare":
			filters = {doctype_field: "CAS Enrollment", name_field: vera}
		if doctype == "Deleted Document":
			filters = {name_field: world.deleted_cls}
		name = frappe.db.get_value(doctype, filters)
		assert name, f"the census world has no {doctype} of a protected record"
		targets.append(
			census.Target(
				doctype, name, filters=[filters], search_text=search_text, field="name", secrets=secrets
			)
		)
	return targets


def cas_reports() -> list[str]:
	return frappe.get_all("Report", filters={"module": "Coordinated Access"}, pluck="name")


def run_one(cmd: str, arguments: dict, attacker: str, secrets: frozenset[str], target=None):
	frappe.db.savepoint(SAVEPOINT)
	text, error = census.call(cmd, arguments)
	RESULTS.calls[cmd] += 1
	if error:
		RESULTS.errors[cmd] += 1
		RESULTS.error_kinds.setdefault(cmd, census.Counter())[error.split(":")[0]] += 1
	secret = census.leaked(text, arguments, secrets, target)
	if secret:
		RESULTS.findings.append(census.Finding(cmd, attacker, arguments, secret, text[:300]))
	try:
		frappe.db.rollback(save_point=SAVEPOINT)
	except Exception:
		frappe.db.rollback()  # the method committed: what it wrote stays, so it is looked at now
		note_writes(cmd, attacker, arguments)
	frappe.set_user(frappe.session.user)


# The hidden records as the census found them, and the world they belong to: a method that commits is
# named with what it changed.
WATCHED: dict = {}


def note_writes(cmd: str, attacker: str, arguments: dict):
	if not WATCHED:
		return
	user = frappe.session.user
	now = snapshot(WATCHED["world"])
	if now != WATCHED["state"]:
		changed = {
			doctype: sorted(set(rows) - set(WATCHED["state"].get(doctype, [])))
			for doctype, rows in now.items()
			if rows != WATCHED["state"].get(doctype)
		}
		RESULTS.writes.append(f"{cmd} as {attacker} with {arguments} changed {changed}")
		WATCHED["state"] = now
	frappe.set_user(user)


def snapshot(world) -> dict:
	frappe.set_user("Administrator")
	state = {}
	for doctype in ("CAS Client", "CAS Enrollment", *world.records):
		state[doctype] = sorted(
			frappe.get_all(
				doctype,
				filters={"name": ("in", list(all_names(world)))},
				fields=["name", "modified"],
				as_list=True,
			)
		)
	return state


def test_the_census_finds_nothing_of_another_agency(world):
	functions = census.whitelisted_functions()
	before = snapshot(world)
	WATCHED.update(world=world, state=before)
	for attacker in ATTACKERS:
		user = world.users[attacker]
		frappe.set_user(user)
		permissions.clear_viewer_cache()
		targets = targets_for(world, attacker)
		secrets = targets[0].secrets
		for cmd, fn in sorted(functions.items()):
			if not census.takes_a_target(fn):
				continue
			reason = census.reason_not_to_call(cmd)
			if reason:
				RESULTS.not_called[cmd] = reason
				continue
			for target in targets:
				for arguments in census.arguments_for(fn, target):
					run_one(cmd, arguments, attacker, secrets, target)
					frappe.set_user(user)
		run_document_methods(targets, attacker, user, secrets)
		run_reports(world, attacker, user, secrets)
	WATCHED.clear()
	assert not RESULTS.writes, "calls of the census changed hidden records:\n" + "\n".join(RESULTS.writes)
	assert snapshot(world) == before, "a call of the census changed a hidden record"
	assert not RESULTS.findings, "\n".join(RESULTS.summary()[-len(RESULTS.findings) :])
	# The census must have reached what it set out to reach.
	assert {"frappe.client.get_list", "frappe.desk.search.search_link", "frappe.desk.reportview.get"} <= set(
		RESULTS.calls
	)
	assert len(RESULTS.calls) > 100


def run_document_methods(targets, attacker, user, secrets):
	"""Whitelisted controller methods of the CAS DocTypes, on a hidden record and on a new one that points
	at the hidden household."""
	for target in targets:
		if target.doctype not in SCOPED_DOCTYPES:
			continue
		for method in census.document_methods(target.doctype):
			run_one(
				"frappe.handler.run_doc_method",
				{"dt": target.doctype, "dn": target.name, "method": method},
				attacker,
				secrets,
			)
			frappe.set_user(user)
			enrollment = next((t.name for t in targets if t.doctype == "CAS Enrollment"), None)
			doc = {"doctype": target.doctype, "__islocal": 1, "enrollment": enrollment}
			run_one(
				"frappe.handler.run_doc_method",
				{"docs": frappe.as_json(doc), "method": method},
				attacker,
				secrets,
			)
			frappe.set_user(user)


def run_reports(world, attacker, user, secrets):
	"""Every report of the app, as the attacker, filtered to the hidden household."""
	key = HIDDEN_HOUSEHOLDS[attacker][0]
	filters = {
		"client": world.clients[key.split("_")[0]],
		"enrollment": world.enrollments[key],
		"from_date": "2000-01-01",
		"to_date": "2099-12-31",
	}
	for report in cas_reports():
		for cmd in ("frappe.desk.query_report.run", "frappe.desk.query_report.export_query"):
			arguments = {"report_name": report, "filters": frappe.as_json(filters)}
			if cmd.endswith("export_query"):
				arguments = {
					"report_name": report,
					"filters": frappe.as_json(filters),
					"file_format_type": "CSV",
					"visible_idx": "[]",
				}
			run_one(cmd, arguments, attacker, secrets)
			frappe.set_user(user)


# Methods whose answers must carry the hidden record to someone who may see it: proof that the census's
# arguments do find the record, so that its silence for other agencies means something.
CONTROL_METHODS = (
	"frappe.client.get_list",
	"frappe.client.get",
	"frappe.client.get_value",
	"frappe.desk.reportview.get",
	"frappe.desk.search.search_link",
	"frappe.desk.form.load.getdoc",
	"frappe.www.printview.get_html_and_style",
	"frappe.client.validate_link",
	"frappe.desk.search.get_link_title",
	"frappe.desk.form.load.get_docinfo",
)


def test_the_same_calls_find_the_hidden_households_for_those_who_may_see_them(world):
	functions = census.whitelisted_functions()
	found = census.Counter()
	# Whose hidden households, and who may see them: the survivor's for her own agency; River House's
	# households (not protected: titles carry names) for River House.
	for attacker, viewer in (("river_assessor", "harbor_assessor"), ("north_provider", "river_assessor")):
		targets = targets_for(world, attacker)
		frappe.set_user(world.users[viewer])
		permissions.clear_viewer_cache()
		for cmd in CONTROL_METHODS:
			for target in targets:
				if target.doctype not in SCOPED_DOCTYPES and not frappe.get_meta(target.doctype).istable:
					continue
				for arguments in census.arguments_for(functions[cmd], target):
					frappe.db.savepoint(SAVEPOINT)
					text, _error = census.call(cmd, arguments)
					frappe.db.rollback(save_point=SAVEPOINT)
					frappe.set_user(world.users[viewer])
					if census.leaked(text, arguments, target.secrets, target):
						found[cmd] += 1
	assert set(found) == set(CONTROL_METHODS), found


def test_what_the_app_writes_about_a_protected_household_carries_no_name(world):
	"""Copies of the survivor's household records are read by those who see the household (referral staff
	work it by pseudonym): what the app itself writes into them must not name her."""
	from cas_coordinated_access.utils import evh, follow_ups

	frappe.set_user("Administrator")
	vera = world.enrollments["vera_cas"]
	frappe.db.set_single_value("CAS Settings", "evh_alert_role", "CAS Referral Specialist")
	frappe.clear_document_cache("CAS Settings", "CAS Settings")
	evh.alert_crisis_staff(vera)
	follow_ups.refresh(vera)
	enrollment = frappe.get_doc("CAS Enrollment", vera)
	enrollment.add_comment("Comment", "Household seen today")
	enrollment.save()  # a Version of the household record

	records = {(doctype, name) for doctype, names in household_rows(world, vera).items() for name in names}
	written = []
	for copy, (doctype_field, name_field) in census.COPIES.items():
		if copy == "Deleted Document":
			continue  # holds a deleted record whole, by design; the census shows who may read it
		for row in frappe.get_all(copy, filters={doctype_field: ("is", "set")}, fields=["*"]):
			if (row.get(doctype_field), row.get(name_field)) in records:
				written.append(frappe.as_json(row))
	assert any("Protected client P-" in text for text in written), "the app wrote no copies to check"
	for text in written:
		for secret in identity(world, "vera"):
			assert secret not in text


def test_global_search_finds_a_client_by_name_only_for_those_who_may_see_them(world):
	"""Clients are in global search (the search bar finds them by name, issue 16); the search checks only
	the DocType, so each result is kept to the clients the user may see."""
	from frappe.utils.global_search import sync_global_search, update_global_search

	frappe.set_user("Administrator")
	assert "CAS Client" in frappe.get_all("Global Search DocType", pluck="document_type")
	vera_client = world.clients["vera"]
	first_name = frappe.db.get_value("CAS Client", vera_client, "first_name")
	update_global_search(frappe.get_doc("CAS Client", vera_client))
	sync_global_search()
	try:
		for attacker in ATTACKERS:
			frappe.set_user(world.users[attacker])
			text, _error = census.call("frappe.utils.global_search.search", {"text": first_name})
			assert vera_client not in text and first_name not in text.replace(f'"{first_name}"', ""), attacker
		frappe.set_user(world.users["harbor_assessor"])
		text, _error = census.call("frappe.utils.global_search.search", {"text": first_name})
		assert vera_client in text  # her own agency finds her by name
	finally:
		frappe.set_user("Administrator")
		# The search index may not be transactional: remove the row whatever the engine.
		frappe.db.sql("delete from __global_search where doctype = 'CAS Client' and name = %s", vera_client)
		frappe.db.commit()


# Dynamic links that are not copies of a record: configuration only administrators read or write.
NOT_COPIES = {
	"Webhook": "an administrator's webhook set-up (a preview document), System Manager only",
	"User Permission": "an administrator's grant of access, System Manager only",
	"Workspace Shortcut": "desk configuration: names DocTypes and reports, not records",
	"Workspace Link": "desk configuration: names DocTypes and reports, not records",
	"Audit Trail": "a single DocType for System Managers comparing versions",
	"Permission Inspector": "a virtual single DocType for System Managers",
}


def test_every_doctype_that_points_at_a_record_is_scoped_like_the_record():
	"""The copies Frappe keeps, found from the metadata rather than listed: every DocType with a dynamic
	link (a DocType field and a name field) either answers to the record it points at (RECORD_COPIES) or is
	configuration named here with the reason."""
	from cas_coordinated_access.constants import RECORD_COPIES

	pointers = frappe.db.sql(
		"""select parent, fieldname, options from `tabDocField` where fieldtype = 'Dynamic Link'
		union select dt, fieldname, options from `tabCustom Field` where fieldtype = 'Dynamic Link'""",
		as_dict=True,
	)
	for pointer in pointers:
		if pointer.parent.startswith("CAS ") or pointer.parent in NOT_COPIES:
			continue
		assert pointer.parent in RECORD_COPIES, f"{pointer.parent}.{pointer.fieldname} points at records"
		if RECORD_COPIES[pointer.parent][1] == pointer.fieldname:
			assert RECORD_COPIES[pointer.parent][0] == pointer.options
	# Version and Deleted Document name the record in plain fields; they are covered too.
	assert {"Version", "Deleted Document"} <= set(RECORD_COPIES)
