"""The boundary of the app's whitelisted methods, and of the Frappe methods it overrides: what a caller sends
that a method cannot take is refused with a clear message before the method runs (HTTP 417, or 404 for a
DocType that does not exist), never answered with a 500 and a traceback; and a filter can only name
columns that exist, so no crafted key reaches the database.

Arguments are checked by their names, which Frappe's desk endpoints share: a DocType, a document name, JSON
filters or names.

Under load two staff may write about neighbouring households at once, and MariaDB may answer one of them
with a deadlock, rolling its whole transaction back. The call is then run again from the start (what
Frappe does for background jobs), and only when it keeps failing does the user get a message asking them
to try again: never a half-written household, never a traceback."""

import copy
import functools
import inspect
import json
import random
import re
import time
from collections.abc import Callable
from urllib.parse import unquote

import frappe
from frappe import _
from frappe.model import default_fields, optional_fields, table_fields
from frappe.utils import get_datetime, get_time, getdate

DEADLOCK_ATTEMPTS = 4
# Frappe's REST resources: /api/resource (and /api/v1/resource), /api/v2/document.
REST_PATH = re.compile(r"^/api/(?:v1/resource|resource|v2/document)/(?P<doctype>[^/]+)")
PLAIN_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# One term of an ordering: `tabCAS Client`.`modified` desc, modified, name asc.
ORDER_TERM = re.compile(
	r"^\s*(?:`(?P<table>tab[^`]{1,140})`\.)?`?(?P<field>[A-Za-z_][A-Za-z0-9_]*)`?(?:\s+(?:asc|desc))?\s*$",
	re.IGNORECASE,
)
# An aggregate in an ordering (count(name) desc): Frappe checks what is inside.
FUNCTION_TERM = re.compile(r"^\s*[A-Za-z_]+\([^;()]*\)(?:\s+(?:asc|desc))?\s*$", re.IGNORECASE)
LIST_METHODS = frozenset(
	{
		"frappe.desk.reportview.get",
		"frappe.desk.reportview.get_list",
		"frappe.desk.reportview.get_count",
		"frappe.client.get_list",
	}
)
LIMIT_ARGUMENTS = ("limit", "limit_start", "limit_page_length", "start", "page_length")
NUMBER_FIELDTYPES = frozenset({"Check", "Int", "Float", "Currency", "Percent", "Rating", "Duration"})
DATE_FIELDTYPES = frozenset({"Date", "Datetime", "Time"})
TEXT_FIELDTYPES = frozenset(
	{"Data", "Small Text", "Text", "Long Text", "Select", "Link", "Dynamic Link", "Phone", "Autocomplete"}
)
NAME_FIELDS = frozenset({"name", "owner", "modified_by", "doctype", "parent", "parenttype", "parentfield"})
# Document and DocType names are varchar(140) in Frappe: a longer one names nothing.
NAME_LENGTH = 140
DOCTYPE_ARGUMENTS = frozenset({"doctype", "dt", "parent", "reference_doctype", "assessment_doctype"})
NAME_ARGUMENTS = frozenset({"name", "dn", "docname"})
FILTER_ARGUMENTS = frozenset({"filters", "current_filters"})
JSON_ARGUMENTS = FILTER_ARGUMENTS | {"doc", "docnames", "docs", "fields", "ignore_doctypes_on_cancel_all"}


def whitelist(**options) -> Callable:
	"""``frappe.whitelist`` with the arguments checked first (see the module's docstring)."""

	def decorate(fn: Callable) -> Callable:
		signature = inspect.signature(fn)

		@functools.wraps(fn)
		def checked(*args, **kwargs):
			arguments = given_arguments(signature, args, kwargs)
			for name, value in arguments.items():
				check_argument(name, value)
			check_filters_name_columns(arguments)
			if is_the_request(fn):
				return retrying_deadlocks(fn, *args, **kwargs)
			return fn(*args, **kwargs)

		return frappe.whitelist(**options)(checked)

	return decorate


def given_arguments(signature: inspect.Signature, args: tuple, kwargs: dict) -> dict:
	"""The arguments by name; a required one that is missing or null (or, for a DocType or a name, empty)
	is refused by name. Empty search text is a search."""
	try:
		bound = signature.bind_partial(*args, **kwargs)
	except TypeError as error:
		frappe.throw(str(error), frappe.ValidationError, title=_("Invalid request"))
	missing = [
		name
		for name, parameter in signature.parameters.items()
		if name != "self"
		and parameter.default is inspect.Parameter.empty
		and parameter.kind not in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD)
		and (
			bound.arguments.get(name) is None
			or (bound.arguments[name] == "" and name in DOCTYPE_ARGUMENTS | NAME_ARGUMENTS | JSON_ARGUMENTS)
		)
	]
	if missing:
		frappe.throw(
			_("Missing {0}.").format(", ".join(frappe.bold(name) for name in missing)),
			frappe.ValidationError,
			title=_("Invalid request"),
		)
	return {name: value for name, value in bound.arguments.items() if name != "self"}


def check_argument(name: str, value):
	if value in (None, ""):
		return
	if name in LIMIT_ARGUMENTS:
		check_whole_number(name, value)
	elif name in DOCTYPE_ARGUMENTS:
		check_doctype(value)
	elif name in NAME_ARGUMENTS:
		check_name(value, name)
	elif name in JSON_ARGUMENTS and isinstance(value, str):
		parse(value, name)


def check_doctype(value):
	if not isinstance(value, str) or len(value) > NAME_LENGTH or not frappe.db.exists("DocType", value):
		frappe.throw(
			_("DocType {0} not found.").format(frappe.bold(str(value)[:NAME_LENGTH])),
			frappe.DoesNotExistError,
		)


def check_name(value, argument: str):
	if not isinstance(value, str) or len(value) > NAME_LENGTH:
		frappe.throw(
			_("{0} must be a document name of at most {1} characters.").format(
				frappe.bold(argument), NAME_LENGTH
			),
			frappe.ValidationError,
			title=_("Invalid request"),
		)


def parse(value: str, argument: str):
	try:
		return json.loads(value)
	except ValueError:
		frappe.throw(
			_("{0} must be JSON.").format(frappe.bold(argument)),
			frappe.ValidationError,
			title=_("Invalid request"),
		)


def check_document(doc, stored: bool = False) -> dict:
	"""A document as the desk sends it: a map naming its DocType (and, when ``stored``, its name)."""
	doc = parse(doc, "doc") if isinstance(doc, str) else doc
	if not isinstance(doc, dict) or not doc.get("doctype") or (stored and not doc.get("name")):
		frappe.throw(
			_("Send the document with its DocType and name."),
			frappe.ValidationError,
			title=_("Invalid request"),
		)
	check_doctype(doc["doctype"])
	if doc.get("name"):
		check_name(doc["name"], "name")
	return doc


def check_filters_name_columns(arguments: dict):
	doctype = arguments.get("doctype")
	for argument in FILTER_ARGUMENTS & arguments.keys():
		filters = arguments[argument]
		if isinstance(filters, str):
			filters = parse(filters, argument) if filters else None
		if doctype and filters:
			check_filters(doctype, filters, argument)


def check_filters(doctype: str, filters, argument: str = "filters"):
	"""Filters as Frappe takes them: ``{field: value or [operator, value]}`` or a list of
	``[field, operator, value]`` / ``[doctype, field, operator, value]``, naming existing columns."""
	if isinstance(filters, dict):
		conditions = [(doctype, field, value) for field, value in filters.items()]
	elif isinstance(filters, list | tuple):
		conditions = [list_condition(doctype, condition, argument) for condition in filters]
	else:
		refuse_filters(argument)
	for table, field, value in conditions:
		if not isinstance(field, str) or field not in columns_of(table):
			frappe.throw(
				_("{0} has no field {1} to filter on.").format(
					_(table), frappe.bold(str(field)[:NAME_LENGTH])
				),
				frappe.ValidationError,
				title=_("Invalid filter"),
			)
		if isinstance(value, dict) or (
			isinstance(value, list | tuple) and not (value and isinstance(value[0], str))
		):
			refuse_filters(argument)


def list_condition(doctype: str, condition, argument: str) -> tuple:
	if not isinstance(condition, list | tuple) or len(condition) not in (3, 4):
		refuse_filters(argument)
	if len(condition) == 4:
		table, field, operator, value = condition
		if not isinstance(table, str) or len(table) > NAME_LENGTH or not frappe.db.exists("DocType", table):
			refuse_filters(argument)
	else:
		table, (field, operator, value) = doctype, condition
	if not isinstance(operator, str):
		refuse_filters(argument)
	return table, field, [operator, value]


def columns_of(doctype: str) -> set[str]:
	return set(frappe.get_meta(doctype).get_valid_columns()) | set(default_fields) | set(optional_fields)


def refuse_filters(argument: str):
	frappe.throw(
		_("{0} must be a list of [field, operator, value] or a map of field to value.").format(
			frappe.bold(argument)
		),
		frappe.ValidationError,
		title=_("Invalid filter"),
	)


def resolved(method: str) -> str:
	"""The method a call reaches: the last override of it (as Frappe's handler picks it), or itself."""
	overrides = frappe.get_hooks("override_whitelisted_methods") or {}
	return (overrides.get(method) or [method])[-1]


def is_the_request(fn: Callable) -> bool:
	"""Whether ``fn`` is what the HTTP request called, so its transaction is the request's alone and can be
	rolled back and run again. Called from other code (a document method, a test, another method) it is
	not: a rollback there would drop its caller's work."""
	if not getattr(frappe.local, "request", None) or frappe.flags.cas_request_running:
		return False
	if resolved(frappe.form_dict.get("cmd") or "") != f"{fn.__module__}.{fn.__qualname__}":
		return False
	frappe.flags.cas_request_running = True
	return True


def retrying_deadlocks(fn: Callable, *args, **kwargs):
	"""``fn`` run again, from a rolled-back transaction, when MariaDB chose it as a deadlock's victim."""
	for attempt in range(1, DEADLOCK_ATTEMPTS + 1):
		try:
			# Each attempt gets the arguments as sent: an attempt may have changed what it was given.
			return fn(*copy.deepcopy(args), **copy.deepcopy(kwargs))
		except frappe.QueryDeadlockError:
			frappe.db.rollback()
			frappe.local.message_log = []
			if attempt == DEADLOCK_ATTEMPTS:
				break
			time.sleep(random.uniform(0.02, 0.1) * attempt)  # apart, so the two do not meet again
	frappe.throw(
		_(
			"Others were saving changes to the same records at that moment, so nothing was saved. Please try again."
		),
		frappe.ValidationError,
		title=_("Please try again"),
	)


def check_http_request():
	"""``before_request``: Frappe's REST resources and desk methods about the app's DocTypes meet the same
	boundary as its methods. A list's fields and filters must be JSON naming existing columns, paging must be whole
	numbers, and a record sent to be created or changed must hold values of its fields' kinds (a table as
	rows, a number as a number, text as text): anything else is refused before Frappe reads it."""
	if frappe.request.path.startswith("/api/method/"):
		check_desk_call(frappe.request.path.removeprefix("/api/method/").split("/")[0], frappe.form_dict)
		return
	match = REST_PATH.match(frappe.request.path)
	if not match:
		return
	doctype = unquote(match["doctype"])
	if not doctype.startswith("CAS ") or not frappe.db.exists("DocType", doctype):
		return
	if frappe.request.method == "GET":
		check_list_arguments(doctype, frappe.form_dict)
	elif frappe.request.method in ("POST", "PUT"):
		from frappe.api.v1 import get_request_form_data

		data = get_request_form_data()
		if isinstance(data, dict):
			check_values(doctype, data)


def check_desk_call(method: str, arguments: dict):
	"""Frappe's own desk methods (list, report view, count, form load, get_value, ...) called about a CAS
	DocType: its arguments are checked as the app's own methods' are."""
	doctype = arguments.get("doctype")
	if not (isinstance(doctype, str) and doctype.startswith("CAS ")):
		return
	fn = desk_method(method)
	if fn:
		# As Frappe calls it: arguments the function does not take are dropped, not refused.
		signature = inspect.signature(fn)
		given_arguments(signature, (), {k: v for k, v in arguments.items() if k in signature.parameters})
	for name in DOCTYPE_ARGUMENTS | NAME_ARGUMENTS:
		check_argument(name, arguments.get(name))
	if arguments.get("doc") not in (None, ""):
		check_document(arguments["doc"])
	if arguments.get("fieldname") is not None:
		check_fieldname(doctype, arguments["fieldname"], several=method != "frappe.client.set_value")
	if method in LIST_METHODS:
		# Lists take filters as JSON (elsewhere, e.g. get_value, a plain name is a filter too).
		check_filters_name_columns(arguments)
		check_list_arguments(doctype, {key: value for key, value in arguments.items() if key != "filters"})


def check_fieldname(doctype: str, fieldname, several: bool):
	"""get_value's field (a name, or a JSON list of names) or set_value's (a name, or a map of values)."""
	if isinstance(fieldname, str) and fieldname.lstrip().startswith(("[", "{")):
		fieldname = parse(fieldname, "fieldname")
	if not fieldname or (isinstance(fieldname, list) and not several):
		refuse_value("fieldname")
	if isinstance(fieldname, dict):
		if not all(isinstance(key, str) and key in columns_of(doctype) for key in fieldname):
			refuse_value("fieldname")
		check_values(doctype, fieldname)
	elif isinstance(fieldname, list):
		check_fields(doctype, fieldname)
	elif not isinstance(fieldname, str) or fieldname not in columns_of(doctype):
		refuse_value("fieldname")


def desk_method(method: str) -> Callable | None:
	"""The whitelisted function a desk call reaches (the app's override where there is one)."""
	try:
		fn = frappe.get_attr(resolved(method))
	except Exception:  # not a method: Frappe's handler answers that itself
		return None
	return fn if fn in frappe.whitelisted else None


def check_list_arguments(doctype: str, arguments: dict):
	for argument in ("fields", "filters", "or_filters"):
		value = arguments.get(argument)
		if isinstance(value, str) and value:
			value = parse(value, argument)
		if not value:
			continue
		if argument == "fields":
			check_fields(doctype, value)
		else:
			check_filters(doctype, value, argument)
	for argument in ("order_by", "group_by"):
		value = arguments.get(argument)
		if value in (None, ""):
			continue
		if not isinstance(value, str):
			refuse_value(argument)
		check_ordering(doctype, value, argument)
	for argument in LIMIT_ARGUMENTS:
		value = arguments.get(argument)
		if value not in (None, ""):
			check_whole_number(argument, value)


def check_whole_number(name: str, value):
	"""Paging (a limit, a start) is a whole number: a negative one would reach the SQL as written."""
	if not str(value).isdigit():
		frappe.throw(_("{0} must be a whole number.").format(frappe.bold(name)), frappe.ValidationError)


def check_fields(doctype: str, fields):
	"""A list of field names; a plain name must be a column (expressions are Frappe's to check)."""
	if not isinstance(fields, list) or not all(isinstance(field, str) for field in fields):
		frappe.throw(
			_("{0} must be a list of field names.").format(frappe.bold("fields")), frappe.ValidationError
		)
	for field in fields:
		if PLAIN_NAME.match(field) and field not in columns_of(doctype):
			frappe.throw(
				_("{0} has no field {1}.").format(_(doctype), frappe.bold(field[:NAME_LENGTH])),
				frappe.ValidationError,
			)


def check_ordering(doctype: str, value: str, argument: str):
	"""``name desc, `tabX`.`field` asc``: a field named plainly (with or without its table) must be a column
	of the DocType or the child table named; other expressions are Frappe's to check."""
	for term in value.split(","):
		match = ORDER_TERM.match(term)
		if not match:
			if not FUNCTION_TERM.match(term):
				frappe.throw(
					_("{0} must name fields of {1}.").format(frappe.bold(argument), _(doctype)),
					frappe.ValidationError,
				)
			continue
		table = match["table"][3:] if match["table"] else doctype
		if not frappe.db.exists("DocType", table) or match["field"] not in columns_of(table):
			frappe.throw(
				_("{0} has no field {1} for {2}.").format(
					_(table), frappe.bold(match["field"][:NAME_LENGTH]), argument
				),
				frappe.ValidationError,
			)


def check_values(doctype: str, values: dict):
	"""Each value sent for a field is of the field's kind (see check_http_request); rows of tables too."""
	meta = frappe.get_meta(doctype)
	for fieldname, value in values.items():
		if value is None:
			continue
		if fieldname in NAME_FIELDS:
			if not isinstance(value, str) or len(value) > NAME_LENGTH:
				refuse_value(fieldname)
			continue
		if fieldname == "docstatus":
			if value not in (0, 1, 2, "0", "1", "2"):
				refuse_value(fieldname)
			continue
		df = meta.get_field(fieldname)
		if not df:
			continue
		if df.fieldtype in table_fields:
			if not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
				refuse_value(df.label or fieldname)
			for row in value:
				check_values(df.options, row)
		elif (
			isinstance(value, dict | list)
			or (df.fieldtype in NUMBER_FIELDTYPES and not is_number(value))
			or (df.fieldtype in DATE_FIELDTYPES and value != "" and not is_date(value, df.fieldtype))
			or (df.fieldtype in TEXT_FIELDTYPES and not isinstance(value, str))
		):
			refuse_value(df.label or fieldname)


def is_date(value, fieldtype: str) -> bool:
	parse_value = {"Date": getdate, "Datetime": get_datetime, "Time": get_time}[fieldtype]
	try:
		parse_value(value)
	except Exception:
		return False
	return True


def is_number(value) -> bool:
	if isinstance(value, bool | int | float):
		return True
	try:
		float(value)
	except (TypeError, ValueError):
		return False
	return True


def refuse_value(label: str):
	frappe.throw(
		_("The value sent for {0} is not of its kind.").format(frappe.bold(_(label))),
		frappe.ValidationError,
		title=_("Invalid value"),
	)
