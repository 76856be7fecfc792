"""Agency scoping tried on every in-process path by users who must not see a record: list, count, report
view, link search, global search, get_value, get, print, update, delete, change of agency. The REST paths
and export, through a real HTTP server, are in test_permissions_rest.py."""

import hashlib

import frappe
import pytest
from frappe.desk import reportview
from frappe.desk.search import search_widget

from cas_coordinated_access import permissions
from tests.integration.world import build_world

SCOPED = ("CAS Client", "CAS Enrollment", "CAS Current Living Situation")
WORLD_SAVEPOINT = "cas_permissions_world"


@pytest.fixture(scope="module")
def world(site):
	"""Built once for the module; each test rolls back to the savepoint taken after it was built."""
	frappe.set_user("Administrator")
	permissions.clear_viewer_cache()
	world = build_world(frappe.generate_hash(length=6))
	permissions.clear_viewer_cache()
	frappe.db.savepoint(WORLD_SAVEPOINT)
	frappe.flags.cas_test_savepoint = WORLD_SAVEPOINT
	yield world
	frappe.flags.cas_test_savepoint = None
	frappe.db.rollback()


def as_user(user):
	frappe.set_user(user)


def listed(doctype, **kwargs):
	return set(frappe.get_list(doctype, pluck="name", limit_page_length=0, **kwargs))


def test_each_user_lists_exactly_the_records_they_may_see(world):
	c, e = world.clients, world.enrollments
	expected = {
		"river_assessor": ({c["ana"], c["rita"]}, {e["ana_cas"], e["rita_sso"]}),
		"harbor_assessor": ({c["ana"], c["vera"]}, {e["ana_cas"], e["vera_cas"]}),
		"referral": ({c["ana"]}, {e["ana_cas"], e["vera_cas"]}),
		"north_provider": ({c["nora"]}, {e["nora_shelter"]}),
	}
	for key, (clients, enrollments) in expected.items():
		as_user(world.users[key])
		assert listed("CAS Client") & set(c.values()) == clients, key
		assert listed("CAS Enrollment") & set(e.values()) == enrollments, key


def test_records_of_an_enrollment_are_seen_exactly_with_it(world):
	by_enrollment = {cls: key for key, cls in world.living_situations.items()}
	for user in world.users.values():
		as_user(user)
		enrollments = {k for k, name in world.enrollments.items() if name in listed("CAS Enrollment")}
		seen = {by_enrollment[n] for n in listed("CAS Current Living Situation") if n in by_enrollment}
		assert seen == enrollments, user


def test_cas_administrator_sees_all(world):
	as_user(world.users["cas_admin"])
	assert set(world.clients.values()) <= listed("CAS Client")
	assert set(world.enrollments.values()) <= listed("CAS Enrollment")


@pytest.mark.parametrize("doctype", SCOPED)
def test_list_and_document_check_agree_for_every_user(world, doctype):
	frappe.set_user("Administrator")
	everything = set(frappe.get_all(doctype, pluck="name"))
	for user in world.users.values():
		as_user(user)
		by_list = listed(doctype)
		by_document = {name for name in everything if frappe.has_permission(doctype, doc=name, user=user)}
		assert by_list == by_document, user


def call(cmd, **kwargs):
	"""Call a whitelisted method as a request would reach it: through the app's override when it has one
	(the real HTTP path is tried in test_permissions_rest.py)."""
	overrides = frappe.get_hooks("override_whitelisted_methods", {}).get(cmd, [])
	if cmd == "frappe.desk.reportview.get_count":
		frappe.form_dict.clear()
		frappe.form_dict.update(kwargs)
		return frappe.call(cmd)
	return frappe.call(overrides[-1] if overrides else cmd, **kwargs)


def test_counts_do_not_reveal_other_agencies(world):
	frappe.set_user("Administrator")
	first_name = frappe.db.get_value("CAS Client", world.clients["vera"], "first_name")
	as_user(world.users["north_provider"])
	names = frappe.as_json({"name": ("in", list(world.clients.values()))})
	assert call("frappe.client.get_count", doctype="CAS Client", filters=names) == 1
	by_name = frappe.as_json({"first_name": first_name})
	assert call("frappe.client.get_count", doctype="CAS Client", filters=by_name) == 0
	assert call("frappe.desk.reportview.get_count", doctype="CAS Client", filters=by_name) == 0


def test_protected_client_document_is_denied_outside_the_holding_agency(world):
	vera = world.clients["vera"]
	for key in ("river_assessor", "referral", "north_provider"):
		assert not frappe.has_permission("CAS Client", doc=vera, user=world.users[key]), key
	assert frappe.has_permission("CAS Client", doc=vera, user=world.users["harbor_assessor"])


def test_protected_client_is_protected_by_default_and_shown_by_pseudonym(world):
	frappe.set_user("Administrator")
	vera = frappe.get_doc("CAS Client", world.clients["vera"])
	assert vera.is_protected
	assert vera.display_name.startswith("Protected client P-")
	enrollment = frappe.get_doc("CAS Enrollment", world.enrollments["vera_cas"])
	assert enrollment.is_protected and enrollment.client_name == vera.display_name
	assert vera.first_name not in frappe.as_json(enrollment.as_dict())


def test_a_protected_clients_label_cannot_be_computed_from_the_client_id(world):
	"""A client ID travels in exports, links and URLs; the label is keyed with the site's own secret, so
	whoever holds an ID cannot tell which pseudonym on the queue is that client."""
	frappe.set_user("Administrator")
	vera = world.clients["vera"]
	label = frappe.db.get_value("CAS Client", vera, "display_name")
	digits = label.rsplit("P-", 1)[1]
	assert digits != hashlib.sha256(vera.encode()).hexdigest()[: len(digits)].upper()
	assert frappe.db.get_value("CAS Enrollment", world.enrollments["vera_cas"], "client_name") == label


def test_the_patch_relabels_every_copy_of_an_unkeyed_pseudonym(world):
	from cas_coordinated_access.patches.v0_3 import key_pseudonyms_with_the_site_secret as patch

	frappe.set_user("Administrator")
	vera, enrollment = world.clients["vera"], world.enrollments["vera_cas"]
	keyed = frappe.db.get_value("CAS Client", vera, "display_name")
	unkeyed = f"Protected client P-{hashlib.sha256(vera.encode()).hexdigest()[:6].upper()}"
	# As a site labelled before this version holds it: the client and every copy carry the unkeyed label.
	frappe.db.set_value("CAS Client", vera, "display_name", unkeyed, update_modified=False)
	frappe.get_doc("CAS Client", vera).refresh_households()
	frappe.get_doc(
		{
			"doctype": "ToDo",
			"description": f"{unkeyed}: record the CLS",
			"reference_type": "CAS Enrollment",
			"reference_name": enrollment,
			"allocated_to": "Administrator",
		}
	).insert()
	patch.execute()
	assert frappe.db.get_value("CAS Client", vera, "display_name") == keyed
	assert frappe.db.get_value("CAS Enrollment", enrollment, "client_name") == keyed
	assert frappe.db.get_value("CAS Household Member", {"client": vera}, "client_name") == keyed
	assert not frappe.get_all(
		"ToDo", filters={"description": ["like", f"%{unkeyed}%"], "status": "Open"}, pluck="name"
	)


def test_referral_staff_see_the_protected_household_only_by_pseudonym(world):
	as_user(world.users["referral"])
	rows = frappe.get_list(
		"CAS Enrollment", filters={"name": world.enrollments["vera_cas"]}, fields=["client_name", "client"]
	)
	assert rows and rows[0].client_name.startswith("Protected client P-")
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc("CAS Client", rows[0].client).check_permission("read")


def test_link_search_by_a_protected_clients_real_name_finds_nothing(world):
	frappe.set_user("Administrator")
	first_name = frappe.db.get_value("CAS Client", world.clients["vera"], "first_name")
	as_user(world.users["river_assessor"])
	assert search_widget("CAS Client", txt=first_name) == []
	as_user(world.users["harbor_assessor"])
	assert [row[0] for row in search_widget("CAS Client", txt=first_name)] == [world.clients["vera"]]


def test_global_search_finds_no_client_of_another_agency(world):
	"""Clients are indexed so staff find them by name from the search bar; the search a user reaches is
	limited to the clients they may see."""
	from frappe.utils.global_search import sync_global_search

	sync_global_search()
	frappe.set_user("Administrator")
	first_name = frappe.db.get_value("CAS Client", world.clients["vera"], "first_name")
	as_user(world.users["river_assessor"])
	assert call("frappe.utils.global_search.search", text=first_name) == []
	as_user(world.users["harbor_assessor"])
	assert [row.name for row in call("frappe.utils.global_search.search", text=first_name)] == [
		world.clients["vera"]
	]


def test_report_view_and_get_value_leave_other_agencies_out(world):
	as_user(world.users["river_assessor"])
	frappe.form_dict.update(
		{"doctype": "CAS Client", "fields": '["`tabCAS Client`.`name`", "`tabCAS Client`.`full_name`"]'}
	)
	result = reportview.get()
	names = {row[0] for row in result["values"]} if result else set()
	assert world.clients["nora"] not in names and world.clients["vera"] not in names
	assert world.clients["ana"] in names

	from frappe.client import get_value

	assert not get_value("CAS Client", "full_name", {"name": world.clients["vera"]})


def test_get_and_print_are_denied(world):
	from frappe.client import get

	as_user(world.users["river_assessor"])
	with pytest.raises(frappe.PermissionError):
		get("CAS Client", world.clients["nora"])
	# The check the print view (/printview, PDF download) makes; the full render commits, which a
	# rolled-back test cannot allow. Frappe answers "not found" rather than admit the record exists.
	from frappe.www.printview import validate_print_permission

	with pytest.raises((frappe.PermissionError, frappe.DoesNotExistError)):
		validate_print_permission(frappe.get_doc("CAS Client", world.clients["vera"]))


def test_writes_to_another_agencys_records_are_refused(world):
	as_user(world.users["river_assessor"])
	nora = frappe.get_doc("CAS Client", world.clients["nora"])
	nora.first_name = "Changed"
	with pytest.raises(frappe.PermissionError):
		nora.save()
	with pytest.raises(frappe.PermissionError):
		frappe.delete_doc("CAS Client", world.clients["nora"])
	enrollment = frappe.get_doc("CAS Enrollment", world.enrollments["nora_shelter"])
	with pytest.raises(frappe.PermissionError):
		enrollment.save()
	frappe.set_user("Administrator")
	assert frappe.db.get_value("CAS Client", world.clients["nora"], "first_name") != "Changed"


def test_changing_the_agency_is_refused(world):
	as_user(world.users["river_assessor"])
	ana = frappe.get_doc("CAS Client", world.clients["ana"])
	ana.agency = world.north
	with pytest.raises(frappe.PermissionError, match="administrator"):
		ana.save()
	rita = frappe.get_doc("CAS Enrollment", world.enrollments["rita_sso"])
	rita.program = world.programs["North ES"]
	with pytest.raises(frappe.PermissionError, match="agencies you work in"):
		rita.save()


def test_enrolling_into_another_agencys_program_is_refused(world):
	as_user(world.users["river_assessor"])
	doc = frappe.get_doc(
		{"doctype": "CAS Enrollment", "client": world.clients["rita"], "program": world.programs["North ES"]}
	)
	with pytest.raises(frappe.PermissionError, match="agencies you work in"):
		doc.insert()
	doc = frappe.get_doc(
		{"doctype": "CAS Enrollment", "client": world.clients["rita"], "program": world.programs["CAS CE"]}
	).insert()
	assert doc.agency == world.shared


def test_new_client_belongs_to_the_acting_agency_whatever_the_form_says(world):
	as_user(world.users["river_assessor"])
	doc = frappe.get_doc({"doctype": "CAS Client", "first_name": "New", "agency": world.north}).insert()
	assert doc.agency == world.river


def test_switching_agency(world):
	from cas_coordinated_access.api import switch_agency

	user = world.users["two_agencies"]
	as_user(user)
	assert switch_agency(world.north) == world.north
	doc = frappe.get_doc({"doctype": "CAS Client", "first_name": "Moved"}).insert()
	assert doc.agency == world.north
	with pytest.raises(frappe.PermissionError):
		switch_agency(world.harbor)


def test_sensitive_fields_reach_providers_only_for_households_they_serve(world):
	"""Providers read the higher permission level only on records they may see at all: the households
	enrolled in their own programs (after accepting a referral, or their own clients)."""
	from frappe.client import get

	as_user(world.users["north_provider"])
	assert get("CAS Client", world.clients["nora"]).get("ssn") == "123456789"
	for key in ("ana", "vera"):
		with pytest.raises(frappe.PermissionError):
			get("CAS Client", world.clients[key])
	as_user(world.users["river_assessor"])
	assert get("CAS Client", world.clients["ana"]).get("ssn") == "123456789"


def test_only_cas_administrators_lift_protection_and_it_is_logged(world):
	as_user(world.users["harbor_assessor"])
	vera = frappe.get_doc("CAS Client", world.clients["vera"])
	vera.is_protected = 0
	with pytest.raises(frappe.PermissionError, match="lift"):
		vera.save()
	as_user(world.users["cas_admin"])
	vera = frappe.get_doc("CAS Client", world.clients["vera"])
	vera.is_protected = 0
	vera.save()
	assert frappe.db.exists(
		"Comment", {"reference_name": vera.name, "content": ("like", "%Protection lifted%")}
	)
	assert not frappe.db.get_value("CAS Enrollment", world.enrollments["vera_cas"], "is_protected")
	assert (
		frappe.db.get_value("CAS Enrollment", world.enrollments["vera_cas"], "client_name") == vera.full_name
	)


def test_views_of_a_client_are_logged(world):
	from frappe.desk.form.load import getdoc

	as_user(world.users["harbor_assessor"])
	getdoc("CAS Client", world.clients["vera"])
	frappe.set_user("Administrator")
	assert frappe.db.exists(
		"View Log",
		{
			"reference_doctype": "CAS Client",
			"reference_name": world.clients["vera"],
			"viewed_by": world.users["harbor_assessor"],
		},
	)


def test_staff_members_see_only_their_own_membership(world):
	as_user(world.users["river_assessor"])
	assert listed("CAS Staff Member") == {world.users["river_assessor"]}


def restore_as(user, deleted_document):
	from frappe.handler import execute_cmd
	from frappe.utils import set_request

	cmd = "frappe.core.doctype.deleted_document.deleted_document.restore"
	as_user(user)
	set_request(method="POST", path=f"/api/method/{cmd}")
	frappe.local.form_dict = frappe._dict(name=deleted_document, alert=False)
	return execute_cmd(cmd)


def test_only_who_may_read_the_deleted_record_restores_it(world):
	"""Frappe restores a Deleted Document to anyone who knows its name and may create the record; the trash
	itself is System Managers' alone. Found by the census: the referral specialist, who sees the protected
	household, brought back a CLS an administrator had deleted from it."""
	frappe.set_user("Administrator")
	cls = world.living_situations["vera_cas"]
	frappe.delete_doc("CAS Current Living Situation", cls, force=True)
	deleted = frappe.db.get_value(
		"Deleted Document", {"deleted_doctype": "CAS Current Living Situation", "deleted_name": cls}
	)
	with pytest.raises(frappe.PermissionError):
		restore_as(world.users["referral"], deleted)
	frappe.set_user("Administrator")
	assert not frappe.db.exists("CAS Current Living Situation", cls)
	assert not frappe.db.get_value("Deleted Document", deleted, "restored")

	restore_as("Administrator", deleted)
	restored = frappe.db.get_value("Deleted Document", deleted, "new_name")
	assert (
		frappe.db.get_value("CAS Current Living Situation", restored, "enrollment")
		== (world.enrollments["vera_cas"])
	)
