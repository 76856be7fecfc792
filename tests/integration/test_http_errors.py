"""What a user is told when the fault is not theirs (utils/http_errors.py), over real HTTP: a save that MariaDB
rolls back because another transaction held its household too long answers 508 with words to act on and no
traceback, and nothing of it is stored; a deadlock is answered the same way."""

import contextlib
import json

import frappe
import pymysql
import pytest
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from cas_coordinated_access.utils import http_errors
from tests.integration.factories import OUTSIDE
from tests.integration.http import serving, session_for
from tests.integration.world import committed_world

LOCK_WAIT_SECONDS = 2


@pytest.fixture(scope="module")
def world(site):
	yield from committed_world("H")


@pytest.fixture(scope="module")
def server(world):
	with serving("cas-test-http-errors.log") as url:
		yield url


def connect(**credentials) -> pymysql.Connection:
	return pymysql.connect(
		host=frappe.conf.db_host or "127.0.0.1", port=int(frappe.conf.db_port or 3306), **credentials
	)


@contextlib.contextmanager
def household_held_by_another_transaction(enrollment: str):
	"""Another connection holds the household's lock (as a long save would) and MariaDB gives up waiting for
	it after a short time, as it would after its usual fifty seconds."""
	root = connect(user="root", password=frappe.conf.root_password, autocommit=True)
	holder = connect(user=frappe.conf.db_name, password=frappe.conf.db_password, database=frappe.conf.db_name)
	with root.cursor() as cursor:
		cursor.execute("select @@global.innodb_lock_wait_timeout")
		(usual,) = cursor.fetchone()
		cursor.execute(f"set global innodb_lock_wait_timeout = {LOCK_WAIT_SECONDS}")
	try:
		with holder.cursor() as cursor:
			cursor.execute("begin")
			cursor.execute("select name from `tabCAS Enrollment` where name = %s for update", enrollment)
		yield
	finally:
		holder.rollback()
		holder.close()
		with root.cursor() as cursor:
			cursor.execute(f"set global innodb_lock_wait_timeout = {int(usual)}")
		root.close()


def messages(answer: dict) -> str:
	return " ".join(json.loads(message)["message"] for message in json.loads(answer["_server_messages"]))


def living_situations(enrollment: str) -> int:
	frappe.db.rollback()  # a fresh snapshot: the server wrote (or not) in its own transaction
	return frappe.db.count("CAS Current Living Situation", {"enrollment": enrollment})


@pytest.mark.parametrize("path", ["rest", "desk"])
def test_a_save_that_waited_too_long_for_its_household_is_refused_clearly_and_stores_nothing(
	server, world, path
):
	enrollment = world.enrollments["ana_cas"]
	assessor = session_for(server, world.users["river_assessor"])
	doc = {
		"doctype": "CAS Current Living Situation",
		"enrollment": enrollment,
		"living_situation": OUTSIDE,
		"location_address": "Lock wait corner",
	}
	before = living_situations(enrollment)
	with household_held_by_another_transaction(enrollment):
		if path == "rest":
			response = assessor.post(
				f"{server}/api/resource/CAS Current Living Situation", json=doc, timeout=60
			)
		else:
			response = assessor.post(
				f"{server}/api/method/frappe.desk.form.save.savedocs",
				data={"doc": json.dumps(doc), "action": "Save"},
				timeout=60,
			)
	assert response.status_code == 508, response.text[:500]
	answer = response.json()
	assert answer["exc_type"] == "QueryTimeoutError"
	assert "nothing was saved" in messages(answer)
	assert "Traceback" not in response.text and "exc" not in answer and "exception" not in answer
	assert living_situations(enrollment) == before
	# The household is free again: the same save goes through.
	response = assessor.post(f"{server}/api/resource/CAS Current Living Situation", json=doc, timeout=60)
	assert response.ok, response.text[:500]
	world.created.append(("CAS Current Living Situation", response.json()["data"]["name"]))  # removed after
	assert living_situations(enrollment) == before + 1


def test_a_deadlock_is_answered_as_frappe_answers_it_then_explained(world):
	"""Frappe's own error handler builds the answer to a real deadlock error; the app's hook explains it."""
	from frappe.app import handle_exception

	deadlock = pymysql.err.OperationalError(1213, "Deadlock found when trying to get lock")
	request = Request(
		EnvironBuilder(path="/api/resource/CAS Current Living Situation", method="POST").get_environ()
	)
	with request_context(request):
		try:
			raise frappe.QueryDeadlockError(deadlock) from deadlock
		except frappe.QueryDeadlockError as error:
			response = handle_exception(error)
		assert response.status_code == 500  # as Frappe answers it
		http_errors.explain_transient_errors(response=response, request=request)
	answer = json.loads(response.get_data(as_text=True))
	assert response.status_code == 508
	assert answer["exc_type"] == "QueryDeadlockError"
	assert "nothing was saved" in messages(answer)
	assert "exc" not in answer and "exception" not in answer


@contextlib.contextmanager
def request_context(request: Request):
	saved = {
		key: getattr(frappe.local, key, None) for key in ("request", "is_ajax", "response", "message_log")
	}
	frappe.local.request, frappe.local.is_ajax = request, False
	frappe.local.response, frappe.local.message_log = frappe._dict(), []
	try:
		yield
	finally:
		for key, value in saved.items():
			setattr(frappe.local, key, value)


def test_other_errors_are_left_as_frappe_answers_them(world):
	from frappe.app import handle_exception

	request = Request(EnvironBuilder(path="/api/resource/CAS Client", method="GET").get_environ())
	with request_context(request):
		try:
			frappe.throw("A plain refusal", frappe.ValidationError)
		except frappe.ValidationError as error:
			response = handle_exception(error)
		body = response.get_data()
		http_errors.explain_transient_errors(response=response, request=request)
	assert response.status_code == 417 and response.get_data() == body
