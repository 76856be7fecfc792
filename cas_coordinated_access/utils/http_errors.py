"""Answers a user can act on when the fault is not theirs: the database is down, or MariaDB stopped their
request to end a deadlock or a lock wait.

Frappe answers both with a 500: the traceback of a driver error as JSON, or, where its error handler
itself needs the database (a page, any POST), a bare "Internal Server Error" from the web server. Staff
then cannot tell a lost save from a bug. Here:

- ``check_database_reachable`` (``before_request``, first of the app's): the request's connection is opened
  before anything reads the database; when MariaDB cannot be reached the request ends at once with 503,
  a Retry-After and a plain message (JSON for the desk and REST clients, a small page for a browser). The
  request's dead connection is let go, so Frappe's rollback does not try the server again and fail
  without an answer. Nothing was written: nothing could be.
- ``explain_transient_errors`` (``after_request``): a request MariaDB rolled back to end a deadlock or a
  lock wait (on Frappe's own REST resources and desk methods, which the app cannot retry as it retries its
  own methods, utils/api.py) answers 508, Frappe's own status for it (its desk says "Another transaction
  is blocking this one"), with the app's message and without the traceback. Frappe rolled the whole request
  back before this runs, so it is never a half-write.
"""

import json

import frappe
import pymysql
from frappe import _
from werkzeug.exceptions import ServiceUnavailable
from werkzeug.wrappers import Response

# MariaDB client errors that mean the server is not there: cannot connect (2002 socket, 2003 TCP, 2005
# host), went away (2006), lost mid-query (2013), shutting down (1053).
UNREACHABLE = frozenset({1053, 2002, 2003, 2005, 2006, 2013})
RETRY_AFTER_SECONDS = 30
TRANSIENT = frozenset({"QueryDeadlockError", "QueryTimeoutError"})
# The parts of Frappe's error answer that carry the traceback.
TRACEBACK_KEYS = ("exc", "exception")


def database_unavailable_message() -> str:
	return _(
		"The database cannot be reached just now, so nothing was read or saved. Please try again in a minute."
	)


def transient_message() -> str:
	return _(
		"Others were saving changes to the same records at that moment, so nothing was saved. Please try again."
	)


def check_database_reachable():
	"""``before_request``: see the module's docstring."""
	database = frappe.local.db
	if not database or getattr(database, "_conn", None):
		return
	try:
		database.connect()
	except (pymysql.err.OperationalError, pymysql.err.InterfaceError) as error:
		if not is_unreachable(error):
			raise
		frappe.local.db = None
		raise ServiceUnavailable(response=unavailable_response()) from error


def is_unreachable(error: Exception) -> bool:
	code = error.args[0] if error.args else None
	return isinstance(error, pymysql.err.InterfaceError) or code in UNREACHABLE


def unavailable_response() -> Response:
	message = database_unavailable_message()
	if wants_json():
		response = Response(
			json.dumps(
				{
					"exc_type": "DatabaseUnavailable",
					"_server_messages": server_messages(message, _("Please try again")),
				}
			),
			status=503,
			content_type="application/json",
		)
	else:
		response = Response(plain_page(_("Please try again"), message), status=503, content_type="text/html")
	response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
	return response


def wants_json() -> bool:
	"""As Frappe's error handler decides: desk calls, JSON clients and the API answer in JSON."""
	request = frappe.local.request
	accept = request.headers.get("Accept") or ""
	return bool(
		frappe.local.is_ajax
		or "application/json" in accept
		or (request.path.startswith("/api/") and not accept.startswith("text"))
	)


def plain_page(title: str, message: str) -> str:
	"""A page that needs nothing from the site (its templates read the database)."""
	title, message = frappe.utils.escape_html(title), frappe.utils.escape_html(message)
	return (
		f'<!doctype html><html><head><meta charset="utf-8"><title>{title}</title></head>'
		f'<body style="font-family: sans-serif; max-width: 40em; margin: 4em auto">'
		f"<h1>{title}</h1><p>{message}</p></body></html>"
	)


def server_messages(message: str, title: str) -> str:
	"""Frappe's ``_server_messages``: a JSON list of JSON messages, as its desk reads them."""
	return json.dumps([json.dumps({"message": message, "title": title, "indicator": "red"})])


def explain_transient_errors(response=None, request=None):
	"""``after_request``: see the module's docstring."""
	if response is None or getattr(response, "status_code", None) != 500:
		return
	if response.mimetype != "application/json":
		return
	try:
		answer = json.loads(response.get_data(as_text=True))
	except ValueError:
		return
	if not isinstance(answer, dict) or error_type(answer) not in TRANSIENT:
		return
	response.set_data(json.dumps(explained(answer)))
	response.status_code = 508


def error_type(answer: dict) -> str | None:
	"""The exception's class as Frappe's API v1 (``exc_type``) or v2 (``errors``) reports it."""
	if answer.get("exc_type"):
		return answer["exc_type"]
	errors = answer.get("errors")
	if isinstance(errors, list) and errors and isinstance(errors[0], dict):
		return errors[0].get("type")
	return None


def explained(answer: dict) -> dict:
	answer = {key: value for key, value in answer.items() if key not in TRACEBACK_KEYS}
	message, title = transient_message(), _("Please try again")
	if "errors" in answer:
		answer["errors"] = [{"type": error_type(answer), "message": message, "title": title}]
	else:
		answer["_server_messages"] = server_messages(message, title)
	return answer
