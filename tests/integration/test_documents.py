"""Document readiness (issue 14) on a real site: the default document types, each member's documents
updated from the enrollment, the client, the case conference and a queue row with their history, the
Community Queue's Documents column, filter and criterion, the referral showing readiness to the provider,
and the same scoping as the clients themselves (in process and over HTTP)."""

import json

import frappe
import pytest
from frappe.utils import getdate

from cas_coordinated_access.api import document_checklist, send_to_community_queue, update_documents
from cas_coordinated_access.rules import prioritization as prio
from cas_coordinated_access.setup import install
from cas_coordinated_access.utils import community_queue
from tests.integration.factories import make_client
from tests.integration.http import serving, session_for
from tests.integration.test_referrals import assessed_household, refer
from tests.integration.world import build_world, committed_world

PHOTO_ID = "Government Photo ID"
DISABILITY = "Disability Verification"
BIRTH = "Birth Certificate"
CHILD = "Head of household’s child"


def head_of(enrollment: str) -> str:
	return frappe.db.get_value("CAS Enrollment", enrollment, "client")


def mark(client: str, document_type: str, status: str, **values) -> int:
	return update_documents([{"client": client, "document_type": document_type, "status": status, **values}])


def document(client: str, document_type: str) -> frappe._dict:
	return frappe.db.get_value(
		"CAS Client Document",
		{"client": client, "document_type": document_type},
		["name", "status", "status_date", "kept_where", "updated_by", "client_name"],
		as_dict=True,
	)


def versions(name: str) -> list[dict]:
	return [
		json.loads(data)
		for data in frappe.get_all(
			"Version", filters={"ref_doctype": "CAS Client Document", "docname": name}, pluck="data"
		)
	]


def test_the_default_document_types_are_installed_where_absent():
	install.create_document_types()
	psh = frappe.get_doc("CAS Document Type", DISABILITY)
	assert [row.project_type for row in psh.program_types] == ["PH – Permanent Supportive Housing"]
	assert frappe.db.get_value("CAS Document Type", "DD-214", "required_for_veteran_programs") == 1
	# An administrator's change is kept when install runs again.
	frappe.db.set_value("CAS Document Type", PHOTO_ID, "description", "Ours")
	install.create_document_types()
	assert frappe.db.get_value("CAS Document Type", PHOTO_ID, "description") == "Ours"


def test_updated_from_the_enrollment_with_its_history(coc):
	enrollment, _ = assessed_household(coc)
	frappe.set_user("Administrator")
	child = make_client(age=7).name
	household = frappe.get_doc("CAS Enrollment", enrollment)
	household.append("household_members", {"client": child, "relationship_to_hoh": CHILD})
	household.save()
	head = head_of(enrollment)

	frappe.set_user(coc.assessor)
	checklist = document_checklist(enrollment=enrollment)
	assert checklist["ready"] is False
	assert checklist["readiness"] == f"Missing: {PHOTO_ID} (head)"
	by_label = {member["label"]: member for member in checklist["members"]}
	assert PHOTO_ID in [row["document_type"] for row in by_label["head"]["documents"]]
	# A child is not asked for a photo ID.
	assert PHOTO_ID not in [row["document_type"] for row in by_label["member 2"]["documents"]]

	assert mark(head, PHOTO_ID, "Requested") == 1
	assert mark(head, PHOTO_ID, "In Hand", kept_where="Agency file") == 1
	stored = document(head, PHOTO_ID)
	assert (stored.status, stored.kept_where, stored.updated_by) == ("In Hand", "Agency file", coc.assessor)
	assert getdate(stored.status_date) == getdate()
	changes = [change for version in versions(stored.name) for change in version.get("changed", [])]
	assert ["status", "Requested", "In Hand"] in changes
	assert document_checklist(enrollment=enrollment)["readiness"] == "Document ready"


def test_updated_from_the_client_the_case_conference_and_a_queue_row(coc):
	enrollment, hct = assessed_household(coc)
	head = head_of(enrollment)
	frappe.set_user(coc.assessor)
	# From the client form.
	assert document_checklist(client=head)["members"][0]["client"] == head
	mark(head, BIRTH, "Requested")
	# From a case conference (the dialog is opened with the enrollment).
	mark(head, BIRTH, "In Hand")
	send_to_community_queue(hct.doctype, hct.name, "Shelter")
	# From a row of the Community Queue, as referral staff.
	frappe.set_user(coc.referral)
	row = next(r for r in community_queue.queue_rows({"queue": "Shelter"}) if r.enrollment == enrollment)
	assert row.documents == f"Missing: {PHOTO_ID} (head)"
	assert document_checklist(enrollment=row.enrollment)["ready"] is False
	mark(head, PHOTO_ID, "Not Needed")
	assert document(head, PHOTO_ID).updated_by == coc.referral
	assert len(versions(document(head, BIRTH).name)) >= 1


def test_the_queue_shows_filters_and_orders_by_readiness(coc):
	ready_enrollment, ready_hct = assessed_household(coc)
	waiting_enrollment, waiting_hct = assessed_household(coc)
	frappe.set_user(coc.assessor)
	mark(head_of(ready_enrollment), PHOTO_ID, "In Hand")
	for hct in (ready_hct, waiting_hct):
		send_to_community_queue(hct.doctype, hct.name, "Shelter")

	frappe.set_user(coc.referral)
	rows = {row.enrollment: row for row in community_queue.queue_rows({"queue": "Shelter"})}
	assert rows[ready_enrollment].documents == "Document ready" and rows[ready_enrollment].document_ready
	assert not rows[waiting_enrollment].document_ready
	only_ready = [row.enrollment for row in community_queue.queue_rows({"document_ready_only": 1})]
	assert ready_enrollment in only_ready and waiting_enrollment not in only_ready

	frappe.set_user("Administrator")
	settings = frappe.get_single("CAS Settings")
	settings.prioritization_order = []
	for criterion in (prio.DOCUMENT_READY, prio.SCORE):
		settings.append("prioritization_order", {"criterion": criterion})
	settings.save()
	frappe.clear_document_cache("CAS Settings", "CAS Settings")
	frappe.set_user(coc.referral)
	ordered = [row.enrollment for row in community_queue.queue_rows({"queue": "Shelter"})]
	assert ordered.index(ready_enrollment) < ordered.index(waiting_enrollment)
	ready_row = next(
		r for r in community_queue.queue_rows({"queue": "Shelter"}) if r.enrollment == ready_enrollment
	)
	assert ready_row.why.startswith("document ready")


def test_the_referral_shows_readiness_to_the_provider(coc):
	enrollment, hct = assessed_household(coc)
	entry = send_to_community_queue(hct.doctype, hct.name, "Shelter")
	referral = refer(coc, entry, coc.shelter)
	assert referral.document_readiness == f"Missing: {PHOTO_ID} (head)"

	frappe.set_user(coc.assessor)
	mark(head_of(enrollment), PHOTO_ID, "In Hand")
	# The provider opens the referral (the desk's form load) and sees where the documents stand now.
	frappe.set_user(coc.provider)
	from frappe.desk.form.load import getdoc

	frappe.response.docs = []
	getdoc("CAS Referral", referral.name)
	assert frappe.response.docs[0].document_readiness == "Document ready"
	# The provider may not open the client's documents themselves.
	with pytest.raises(frappe.PermissionError):
		document_checklist(client=head_of(enrollment))


@pytest.fixture
def world():
	frappe.set_user("Administrator")
	return build_world("D" + frappe.generate_hash(length=5))


def test_another_agency_may_neither_read_nor_update_a_clients_documents(world):
	frappe.set_user(world.users["north_provider"])
	mark(world.clients["nora"], PHOTO_ID, "In Hand", kept_where="Locker 4")
	name = document(world.clients["nora"], PHOTO_ID).name

	frappe.set_user(world.users["river_assessor"])
	assert name not in frappe.get_list("CAS Client Document", pluck="name")
	assert not frappe.has_permission("CAS Client Document", doc=name)
	with pytest.raises(frappe.PermissionError):
		document_checklist(client=world.clients["nora"])
	with pytest.raises(frappe.PermissionError):
		mark(world.clients["nora"], PHOTO_ID, "Not Needed")
	# All or nothing: one client the user may not see refuses the whole update.
	with pytest.raises(frappe.PermissionError):
		update_documents(
			[
				{"client": world.clients["ana"], "document_type": PHOTO_ID, "status": "In Hand"},
				{"client": world.clients["nora"], "document_type": PHOTO_ID, "status": "Requested"},
			]
		)
	assert not document(world.clients["ana"], PHOTO_ID)
	assert document(world.clients["nora"], PHOTO_ID).status == "In Hand"


def test_a_protected_clients_documents_stay_with_her_agency(world):
	frappe.set_user(world.users["harbor_assessor"])
	mark(world.clients["vera"], PHOTO_ID, "In Hand", kept_where="Harbor's safe")
	stored = document(world.clients["vera"], PHOTO_ID)
	assert stored.client_name.startswith("Protected client")

	for attacker in ("river_assessor", "referral", "north_provider"):
		frappe.set_user(world.users[attacker])
		frappe.local.cas_viewers = {}
		assert stored.name not in frappe.get_list("CAS Client Document", pluck="name"), attacker
		with pytest.raises(frappe.PermissionError):
			mark(world.clients["vera"], PHOTO_ID, "Not Needed")
	# Referral staff work her household on the queue: her documents are listed without her name.
	frappe.set_user(world.users["referral"])
	checklist = document_checklist(enrollment=world.enrollments["vera_cas"])
	assert checklist["members"][0]["visible"] is False and checklist["members"][0]["documents"] == []
	assert checklist["ready"] is True  # her photo ID is in hand
	frappe.set_user(world.users["harbor_assessor"])
	assert document_checklist(client=world.clients["vera"])["members"][0]["documents"]


def test_bad_updates_are_refused_with_a_message(world):
	frappe.set_user(world.users["river_assessor"])
	ana = world.clients["ana"]
	for updates, message in (
		("not json", "not of its kind"),
		([{"client": ana, "document_type": PHOTO_ID, "status": "Lost"}], "one of Not Started"),
		([{"client": ana, "document_type": "Library Card", "status": "In Hand"}], "not a document type"),
		([{"client": ana}], "not of its kind"),
		([], "Send the documents"),
	):
		with pytest.raises(frappe.ValidationError, match=message):
			update_documents(updates)


# Over HTTP, as users do.


@pytest.fixture(scope="module")
def committed(site):
	for world in committed_world("doc"):
		frappe.set_user(world.users["north_provider"])
		mark(world.clients["nora"], PHOTO_ID, "In Hand")
		world.created.append(("CAS Client Document", document(world.clients["nora"], PHOTO_ID).name))
		frappe.set_user("Administrator")
		frappe.db.commit()
		yield world


@pytest.fixture(scope="module")
def server(committed):
	with serving("cas-documents-server.log") as url:
		yield url


def test_over_http_each_agency_updates_its_own_clients_documents_only(server, committed):
	world = committed
	river = session_for(server, world.users["river_assessor"])
	method = f"{server}/api/method/cas_coordinated_access.api"
	checklist = river.post(
		f"{method}.document_checklist", data={"enrollment": world.enrollments["ana_cas"]}, timeout=30
	)
	assert checklist.ok, checklist.text
	assert checklist.json()["message"]["readiness"] == f"Missing: {PHOTO_ID} (head)"
	updated = river.post(
		f"{method}.update_documents",
		data={
			"updates": json.dumps(
				[{"client": world.clients["ana"], "document_type": PHOTO_ID, "status": "In Hand"}]
			)
		},
		timeout=30,
	)
	assert updated.ok, updated.text
	frappe.db.rollback()  # see what the server committed
	world.created.append(("CAS Client Document", document(world.clients["ana"], PHOTO_ID).name))
	assert document(world.clients["ana"], PHOTO_ID).updated_by == world.users["river_assessor"]

	hidden = document(world.clients["nora"], PHOTO_ID).name
	listed = river.get(
		f"{server}/api/resource/CAS Client Document",
		params={"fields": json.dumps(["name", "client_name"]), "limit_page_length": 0},
		timeout=30,
	)
	assert listed.ok and hidden not in {row["name"] for row in listed.json()["data"]}
	assert river.get(f"{server}/api/resource/CAS Client Document/{hidden}", timeout=30).status_code == 403
	refused = river.post(
		f"{method}.update_documents",
		data={
			"updates": json.dumps(
				[{"client": world.clients["nora"], "document_type": PHOTO_ID, "status": "Requested"}]
			)
		},
		timeout=30,
	)
	assert refused.status_code == 403
	frappe.db.rollback()
	assert document(world.clients["nora"], PHOTO_ID).status == "In Hand"


def test_a_filtered_page_is_the_same_slice_of_the_whole_filtered_queue(coc):
	"""The ready-only filter reads the queue in growing chunks (twice the page, then twice again): each
	page is exactly its slice of the whole filtered queue, however far down it lies."""
	for number in range(10):
		enrollment, hct = assessed_household(coc)
		frappe.set_user(coc.assessor)
		if number % 3 == 0:
			mark(head_of(enrollment), PHOTO_ID, "In Hand")
		send_to_community_queue(hct.doctype, hct.name, "Shelter")
	frappe.set_user(coc.referral)
	filters = {"queue": "Shelter", "document_ready_only": 1}
	whole = [(row.rank, row.enrollment) for row in community_queue.queue_rows(filters)]
	assert len(whole) >= 4
	for start in range(len(whole) + 1):
		page = community_queue.queue_rows(filters, start=start, limit=1)
		assert [(row.rank, row.enrollment) for row in page] == whole[start : start + 1]
