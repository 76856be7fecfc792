"""Agency scoping over real HTTP: a Frappe server runs against the test site, users log in with a password
and try every REST path to records of other agencies and to a protected client.

The records must be committed for the server process to see them; they are deleted afterwards."""

import json

import frappe
import pytest

from tests.integration.http import serving, session_for
from tests.integration.world import committed_world


@pytest.fixture(scope="module")
def world(site):
	yield from committed_world("R")


@pytest.fixture(scope="module")
def server(world):
	with serving() as url:
		yield url


@pytest.fixture(scope="module")
def river(server, world):
	"""An assessor of River House: must not reach North Shelter's clients nor the protected survivor."""
	return session_for(server, world.users["river_assessor"])


def first_name_of(world, key):
	return frappe.db.get_value("CAS Client", world.clients[key], "first_name")


def test_resource_list_shows_only_visible_clients(server, world, river):
	response = river.get(
		f"{server}/api/resource/CAS Client",
		params={"fields": json.dumps(["name", "full_name"]), "limit_page_length": 0},
		timeout=30,
	)
	assert response.ok, response.text
	names = {row["name"] for row in response.json()["data"]}
	assert names & set(world.clients.values()) == {world.clients["ana"], world.clients["rita"]}


@pytest.mark.parametrize("key", ["vera", "nora"])
def test_resource_document_is_refused(server, world, river, key):
	response = river.get(f"{server}/api/resource/CAS Client/{world.clients[key]}", timeout=30)
	assert response.status_code in (403, 404)
	assert first_name_of(world, key) not in response.text


def test_form_load_is_refused(server, world, river):
	response = river.get(
		f"{server}/api/method/frappe.desk.form.load.getdoc",
		params={"doctype": "CAS Client", "name": world.clients["vera"]},
		timeout=30,
	)
	assert response.status_code == 403
	assert first_name_of(world, "vera") not in response.text


def test_count_by_a_protected_clients_name_is_zero(server, world, river):
	filters = json.dumps({"first_name": first_name_of(world, "vera")})
	for method in ("frappe.client.get_count", "frappe.desk.reportview.get_count"):
		response = river.get(
			f"{server}/api/method/{method}", params={"doctype": "CAS Client", "filters": filters}, timeout=30
		)
		assert response.ok, response.text
		assert response.json()["message"] == 0, method


def test_link_search_by_a_protected_clients_name_finds_nothing(server, world, river):
	response = river.get(
		f"{server}/api/method/frappe.desk.search.search_link",
		params={"doctype": "CAS Client", "txt": first_name_of(world, "vera")},
		timeout=30,
	)
	assert response.ok, response.text
	assert response.json().get("message", response.json().get("results")) in ([], None)


def test_get_value_reveals_nothing(server, world, river):
	response = river.get(
		f"{server}/api/method/frappe.client.get_value",
		params={
			"doctype": "CAS Client",
			"fieldname": "full_name",
			"filters": json.dumps({"name": world.clients["vera"]}),
		},
		timeout=30,
	)
	assert first_name_of(world, "vera") not in response.text


def test_report_view_and_export_leave_other_agencies_out(server, world, river):
	fields = json.dumps(["`tabCAS Client`.`name`", "`tabCAS Client`.`full_name`"])
	response = river.post(
		f"{server}/api/method/frappe.desk.reportview.get",
		data={"doctype": "CAS Client", "fields": fields},
		timeout=30,
	)
	assert response.ok, response.text
	exported = river.post(
		f"{server}/api/method/frappe.desk.reportview.export_query",
		data={"doctype": "CAS Client", "file_format_type": "CSV", "fields": fields, "title": "clients"},
		timeout=30,
	)
	assert exported.ok, exported.text
	for text in (response.text, exported.text):
		assert world.clients["ana"] in text
		assert world.clients["nora"] not in text and world.clients["vera"] not in text
		assert first_name_of(world, "vera") not in text


def test_print_view_is_refused(server, world, river):
	response = river.get(
		f"{server}/printview", params={"doctype": "CAS Client", "name": world.clients["vera"]}, timeout=30
	)
	assert first_name_of(world, "vera") not in response.text


def test_update_delete_and_agency_change_are_refused(server, world, river):
	nora = world.clients["nora"]
	assert (
		river.put(
			f"{server}/api/resource/CAS Client/{nora}", json={"first_name": "Changed"}, timeout=30
		).status_code
		== 403
	)
	assert river.delete(f"{server}/api/resource/CAS Client/{nora}", timeout=30).status_code in (403, 404)
	moved = river.put(
		f"{server}/api/resource/CAS Client/{world.clients['ana']}", json={"agency": world.north}, timeout=30
	)
	assert moved.status_code == 403
	frappe.db.rollback()
	assert frappe.db.get_value("CAS Client", nora, "first_name") != "Changed"
	assert frappe.db.get_value("CAS Client", world.clients["ana"], "agency") == world.river


def test_enrollments_of_protected_households_show_a_pseudonym_to_referral_staff(server, world):
	referral = session_for(server, world.users["referral"])
	response = referral.get(
		f"{server}/api/resource/CAS Enrollment/{world.enrollments['vera_cas']}", timeout=30
	)
	assert response.ok, response.text
	assert response.json()["data"]["client_name"].startswith("Protected client P-")
	assert first_name_of(world, "vera") not in response.text


def test_another_agencys_household_rows_stay_hidden_from_the_list_api(server, world, river):
	"""Issue 12, path 1: the enrollment is hidden, so its household table must be too."""
	hidden = world.enrollments["nora_shelter"]
	response = river.get(
		f"{server}/api/method/frappe.client.get_list",
		params={
			"doctype": "CAS Household Member",
			"parent": "CAS Enrollment",
			"fields": json.dumps(["parent", "client", "client_name", "date_of_birth"]),
			"filters": json.dumps({"parent": hidden}),
		},
		timeout=30,
	)
	assert response.ok, response.text
	assert response.json()["message"] == []
	assert world.clients["nora"] not in response.text
	assert first_name_of(world, "nora") not in response.text

	# Unfiltered, only rows of enrollments the assessor sees come back.
	everything = river.get(
		f"{server}/api/method/frappe.client.get_list",
		params={
			"doctype": "CAS Household Member",
			"parent": "CAS Enrollment",
			"fields": json.dumps(["parent"]),
			"limit_page_length": 0,
		},
		timeout=30,
	)
	assert everything.ok, everything.text
	parents = {row["parent"] for row in everything.json()["message"]}
	assert parents & set(world.enrollments.values()) == {
		world.enrollments["ana_cas"],
		world.enrollments["rita_sso"],
	}


@pytest.mark.parametrize("flag", [0, 1])
def test_link_search_finds_no_survivor_whatever_flags_it_is_sent(server, world, river, flag):
	"""Issue 12, path 2: a Link field marked "Ignore User Permissions" sends ignore_user_permissions=1."""
	response = river.get(
		f"{server}/api/method/frappe.desk.search.search_link",
		params={
			"doctype": "CAS Client",
			"txt": first_name_of(world, "vera"),
			"ignore_user_permissions": flag,
			"reference_doctype": "CAS Referral",
		},
		timeout=30,
	)
	assert response.ok, response.text
	assert world.clients["vera"] not in response.text
	assert frappe.db.get_value("CAS Client", world.clients["vera"], "last_name") not in response.text


def test_private_files_of_hidden_households_are_refused_over_http(server, world, river):
	"""A survivor's document attached to her enrollment, a shelter client's to his CLS and an HMIS export zip:
	each downloads for those who may see the record, and for nobody else."""
	frappe.set_user("Administrator")
	export = frappe.get_doc(
		{"doctype": "CAS HMIS Export", "from_date": "2026-01-01", "to_date": "2026-01-31"}
	)
	export.flags.written_by_command_line = True  # a log to attach to; no background job
	export.insert()
	world.created.append(("CAS HMIS Export", export.name))
	attached = {
		"vera's ID": ("CAS Enrollment", world.enrollments["vera_cas"]),
		"nora's CLS note": ("CAS Current Living Situation", world.living_situations["nora_shelter"]),
		"the export zip": ("CAS HMIS Export", export.name),
	}
	urls = {}
	for label, (doctype, name) in attached.items():
		file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"{frappe.generate_hash(length=8)}.txt",
				"attached_to_doctype": doctype,
				"attached_to_name": name,
				"is_private": 1,
				"content": f"SECRET {label}",
			}
		).insert()
		world.created.append(("File", file.name))
		urls[label] = file.file_url
	frappe.db.commit()
	harbor = session_for(server, world.users["harbor_assessor"])
	for label, url in urls.items():
		response = river.get(f"{server}{url}", timeout=30)
		assert response.status_code in (403, 404) and "SECRET" not in response.text, (
			label,
			response.status_code,
		)
	# The agency holding the survivor downloads her document: the refusals above are about who asks.
	response = harbor.get(f"{server}{urls[next(iter(urls))]}", timeout=30)
	assert response.ok and "SECRET vera's ID" in response.text


@pytest.mark.parametrize("paging", [{"limit": -512}, {"start": -1}, {"limit": "ten"}])
def test_global_search_with_paging_that_is_no_whole_number_is_refused_clearly(server, world, river, paging):
	"""Found by the hostile-input hunt: a negative limit reached the SQL and answered 500."""
	response = river.post(
		f"{server}/api/method/frappe.utils.global_search.search",
		json={"text": first_name_of(world, "ana"), **paging},
		timeout=30,
	)
	assert response.status_code == 417, response.text[:300]
	# A number that is not whole is the app's refusal; text is Frappe's own (its type check comes first).
	assert (
		"whole number" if isinstance(paging.get("limit", 0), int) else "should be of type"
	) in response.text
