"""The leak census: every whitelisted method of the installed Frappe and of this app that takes a DocType,
a document name or a search text, called as users of other agencies with arguments built to find a hidden
record, and every answer searched for what those users may not know.

Nothing here is a list of paths someone thought of: the methods come from Frappe's own register of
whitelisted functions after every module of both apps is imported, and the arguments are built from the
names of each method's parameters. What the census cannot call meaningfully is kept with the reason.
"""

import importlib
import inspect
import json
import pkgutil
import signal
from collections import Counter
from dataclasses import dataclass, field

import frappe

APPS = ("frappe", "cas_coordinated_access")

# Parameter names, by what the census passes in them.
DOCTYPE_PARAMS = {
	"doctype",
	"dt",
	"_doctype",
	"ref_doctype",
	"reference_doctype",
	"reference_dt",
	"reminder_doctype",
	"for_doctype",
	"doctype_name",
	"assessment_doctype",
	"link_doctype",
	"document_type",
}
PARENT_PARAMS = {"parent", "parent_doctype"}
NAME_PARAMS = {
	"name",
	"docname",
	"dn",
	"doc_name",
	"ref_name",
	"reference_name",
	"reference_docname",
	"reminder_docname",
	"source_name",
	"assessment",
	"document",
	"link_name",
}
NAMES_PARAMS = {"names", "docnames", "source_names", "items"}
TEXT_PARAMS = {"txt", "text", "search_term"}
FILTER_PARAMS = {"filters", "or_filters", "current_filters", "extra_filters", "export_filters"}
FIELDS_PARAMS = {"fields", "filter_fields", "export_fields", "select_columns"}
FIELD_PARAMS = {"fieldname", "field", "field_name", "searchfield", "colname", "column_name"}
DOC_PARAMS = {"doc", "docs", "target_doc", "reference_doc"}
FLAG_PARAMS = {"ignore_permissions", "ignore_user_permissions", "as_dict", "with_parent", "export_records"}
TARGET_PARAMS = DOCTYPE_PARAMS | NAME_PARAMS | NAMES_PARAMS | TEXT_PARAMS

# Methods called with no arguments of the census's making, with the reason. Anything listed here is
# printed in the census summary; nothing is left out silently.
NOT_CALLED = {
	"frappe.desk.page.setup_wizard.setup_wizard.setup_complete": "completes the site's setup wizard",
	"frappe.core.doctype.data_import.data_import.form_start_import": "starts a background import of a "
	"Data Import the user cannot create",
}
NOT_CALLED_MODULE_PREFIXES = {
	"frappe.integrations.": "talks to outside services (OAuth, Google, Dropbox, S3); takes no CAS record",
	"frappe.www.login": "login and third-party sign-in; takes no CAS record",
}

# Copies Frappe keeps of a record elsewhere: DocType, its field for the source DocType and for the name.
COPIES = {
	"Version": ("ref_doctype", "docname"),
	"Comment": ("reference_doctype", "reference_name"),
	"Communication": ("reference_doctype", "reference_name"),
	"Activity Log": ("reference_doctype", "reference_name"),
	"Deleted Document": ("deleted_doctype", "deleted_name"),
	"File": ("attached_to_doctype", "attached_to_name"),
	"ToDo": ("reference_type", "reference_name"),
	"Notification Log": ("document_type", "document_name"),
	"Email Queue": ("reference_doctype", "reference_name"),
	"View Log": ("reference_doctype", "reference_name"),
	"DocShare": ("share_doctype", "share_name"),
	"Tag Link": ("document_type", "document_name"),
}

CALL_SECONDS = 30


@dataclass
class Target:
	"""A hidden record and what the census sends to find it."""

	doctype: str
	name: str
	parent_doctype: str | None = None  # for child rows
	parent: str | None = None
	filters: list[dict] = field(default_factory=list)  # each a way to find it without its name
	search_text: str = ""
	field: str = "name"
	secrets: frozenset[str] = frozenset()


@dataclass
class Finding:
	method: str
	user: str
	arguments: dict
	secret: str
	where: str


@dataclass
class Census:
	calls: Counter = field(default_factory=Counter)
	errors: Counter = field(default_factory=Counter)
	error_kinds: dict[str, Counter] = field(default_factory=dict)
	findings: list[Finding] = field(default_factory=list)
	not_called: dict[str, str] = field(default_factory=dict)
	writes: list[str] = field(default_factory=list)

	def summary(self) -> list[str]:
		lines = [
			f"leak census: {len(self.calls)} methods, {sum(self.calls.values())} calls, "
			f"{len(self.findings)} findings, {len(self.not_called)} methods not called (reasons below)"
		]
		lines.append("  calls  refused  method (the most common refusal, where every call was refused)")
		for method, count in sorted(self.calls.items()):
			refused = self.errors[method]
			line = f"  {count:5d}  {refused:7d}  {method}"
			if refused == count:
				line += f"  ({self.error_kinds[method].most_common(1)[0][0]})"
			lines.append(line)
		lines += [f"  not called: {method}: {reason}" for method, reason in sorted(self.not_called.items())]
		lines += [
			f"  FOUND {f.method} as {f.user}: {f.secret!r}; arguments {f.arguments}; in {f.where!r}"
			for f in self.findings
		]
		return lines


# The one census of a test run; the integration tier's conftest prints its summary.
RESULTS = Census()


def import_all_modules():
	"""Import every module of the census's apps, so Frappe's register of whitelisted methods is whole."""
	for app in APPS:
		package = importlib.import_module(app)
		for module in pkgutil.walk_packages(package.__path__, app + "."):
			name = module.name
			if any(part in name for part in (".tests", ".test_", ".patches.", "boilerplate", ".demo.")):
				continue
			try:
				importlib.import_module(name)
			except Exception:
				pass  # optional dependencies of other features; their methods are then not registered


def method_path(fn) -> str:
	return f"{fn.__module__}.{fn.__qualname__}"


def whitelisted_functions() -> dict[str, callable]:
	"""Module-level whitelisted functions (document methods are reached through run_doc_method)."""
	import_all_modules()
	functions = {}
	for fn in frappe.whitelisted:
		parameters = inspect.signature(fn).parameters
		if "self" in parameters or not fn.__module__.startswith(APPS):
			continue
		functions[method_path(fn)] = fn
	return functions


# What a method that reads the request's form (``frappe.form_dict``) instead of its parameters is sent:
# each set on its own, since such methods pass the form on whole and refuse keys they do not know.
FORM_PARAMETER_SETS = (
	("doctype", "fields", "filters"),
	("doctype", "name"),
	("doctype", "docname"),
	("doctype", "txt"),
	("doctype", "fields", "filters", "parent", "ignore_permissions"),
	("doctype", "fields", "filters", "file_format_type", "title"),  # report view's export
	("doctype", "items"),  # report view's delete
)


def reads_the_form(fn) -> bool:
	"""Methods like report view's ``get()`` take no parameters and read the request's form instead."""
	try:
		source = inspect.getsource(fn)
	except (OSError, TypeError):
		return False
	return "form_dict" in source or "get_form_params" in source


# Other parameters the census fills where a method requires them, so the call reaches its permission
# check rather than stopping at a missing argument.
KNOWN_VALUES = {
	"stats": '["client", "agency", "_assign"]',
	"file_format_type": "CSV",
	"visible_idx": "[]",
	"content": "census",
	"comment_email": "census@example.org",
	"comment_by": "Census",
	"tag": "census",
	"tags": '["census"]',
	"new_name": "census-renamed",
	"title": "census",
	"value": "census",
	"start": 0,
	"page_length": 20,
	"page_len": 20,
	"limit": 20,
}


def parameter_sets(fn) -> list[tuple[str, ...]]:
	"""The parameters to send the method: its own, or, for a method that reads the form, each form set."""
	own = tuple(
		name
		for name, parameter in inspect.signature(fn).parameters.items()
		if parameter.kind not in (parameter.VAR_KEYWORD, parameter.VAR_POSITIONAL)
	)
	if set(own) & TARGET_PARAMS or not reads_the_form(fn):
		return [own]
	return [own + tuple(name for name in form if name not in own) for form in FORM_PARAMETER_SETS]


def takes_a_target(fn) -> bool:
	return any(set(parameters) & TARGET_PARAMS for parameters in parameter_sets(fn))


def reason_not_to_call(path: str) -> str | None:
	if path in NOT_CALLED:
		return NOT_CALLED[path]
	for prefix, reason in NOT_CALLED_MODULE_PREFIXES.items():
		if path.startswith(prefix):
			return reason
	return None


def document_methods(doctype: str) -> list[str]:
	"""Whitelisted controller methods of a DocType (what run_doc_method may run)."""
	from frappe.model.base_document import get_controller

	controller = get_controller(doctype)
	whitelisted = set(frappe.whitelisted)
	return sorted(
		name for name, member in inspect.getmembers(controller, inspect.isfunction) if member in whitelisted
	)


def arguments_for(fn, target: Target) -> list[dict]:
	"""Argument sets for one method and one hidden record: by name, by filter, by search text."""
	variants = []
	for parameters in parameter_sets(fn):
		base = {}
		for name in parameters:
			value = _value_for(name, target)
			if value is None:
				value = _required_filler(fn, name)
			if value is not None:
				base[name] = value
		variants.append(base)
		filter_params = [p for p in parameters if p in FILTER_PARAMS]
		for filters in target.filters if filter_params else ():
			variant = {k: v for k, v in base.items() if k not in NAME_PARAMS}
			variant.update((p, json.dumps(filters)) for p in filter_params)
			variants.append(variant)
		if "doc" in parameters:
			# Some methods name the DocType `doc` (print views); others take a document, or either one.
			variants.append({**base, "doc": target.doctype})
		if set(parameters) & DOC_PARAMS:
			variants.append({k: v for k, v in base.items() if k not in DOC_PARAMS})
			# A JSON request body delivers a document as an object, not a string.
			variants.append({k: json.loads(v) if k in DOC_PARAMS else v for k, v in base.items()})
	unique = []
	for variant in variants:
		if variant not in unique:
			unique.append(variant)
	return unique


def _required_filler(fn, name: str):
	parameter = inspect.signature(fn).parameters.get(name)
	if name in KNOWN_VALUES:
		return KNOWN_VALUES[name]
	if parameter is None or parameter.default is not inspect.Parameter.empty:
		return None
	annotation = str(parameter.annotation)
	if "int" in annotation or "bool" in annotation:
		return 0
	if "list" in annotation:
		return "[]"
	if "dict" in annotation:
		return "{}"
	return "census"


def _value_for(parameter: str, target: Target):
	if parameter in DOCTYPE_PARAMS:
		return target.doctype
	if parameter in PARENT_PARAMS:
		return target.parent_doctype
	if parameter in NAME_PARAMS:
		return target.name
	if parameter in NAMES_PARAMS:
		return json.dumps([target.name])
	if parameter in TEXT_PARAMS:
		return target.search_text
	if parameter in FILTER_PARAMS:
		return json.dumps({"name": target.name})
	if parameter in FIELDS_PARAMS:
		return json.dumps(["*"])
	if parameter in FIELD_PARAMS:
		return target.field
	if parameter in DOC_PARAMS:
		doc = {"doctype": target.doctype, "name": target.name}
		if target.parent:
			doc.update(parent=target.parent, parenttype=target.parent_doctype)
		return json.dumps([doc] if parameter == "docs" else doc)
	if parameter in FLAG_PARAMS:
		return 1
	if parameter == "report_name":
		return None  # reports are called by name in the report census
	return None


class CallTimeout(Exception):
	pass


def _on_alarm(signum, frame):
	raise CallTimeout


def call(cmd: str, arguments: dict) -> tuple[str, str | None]:
	"""Call a whitelisted method as a request would: through the app's overrides and Frappe's whitelist
	check. Return everything the caller would receive, as text, and the error if it raised."""
	from frappe.handler import execute_cmd
	from frappe.utils import set_request

	frappe.local.form_dict = frappe._dict(arguments)
	frappe.local.response = frappe._dict(docs=[])
	frappe.local.message_log = []
	set_request(method=_http_method(cmd), path=f"/api/method/{cmd}")
	error = None
	result = None
	previous = signal.signal(signal.SIGALRM, _on_alarm)
	signal.alarm(CALL_SECONDS)
	try:
		result = execute_cmd(cmd)
	except CallTimeout:
		error = "timed out"
	except Exception as exception:
		error = f"{type(exception).__name__}: {exception}"
	finally:
		signal.alarm(0)
		signal.signal(signal.SIGALRM, previous)
	return _as_text(result, frappe.local.response, frappe.local.message_log, error), error


def _http_method(cmd: str) -> str:
	from frappe.handler import get_attr

	try:
		allowed = frappe.allowed_http_methods_for_whitelisted_func.get(get_attr(cmd), ["POST"])
	except Exception:
		return "POST"
	return "POST" if "POST" in allowed else allowed[0]


def _as_text(result, response, messages, error) -> str:
	parts = [error or ""]
	for value in (result, dict(response), messages):
		parts.append(_text_of(value))
	return "\n".join(parts)


def _text_of(value) -> str:
	if isinstance(value, bytes):
		return _bytes_text(value)
	if hasattr(value, "get_data") and callable(value.get_data):
		return _bytes_text(value.get_data())
	if isinstance(value, dict):
		return "\n".join(_text_of(v) for v in value.values()) + "\n" + _json(value)
	return _json(value)


def _json(value) -> str:
	try:
		return json.dumps(value, default=str)
	except Exception:
		return str(value)


def _bytes_text(data: bytes) -> str:
	if data.startswith(b"%PDF"):
		import io

		from pypdf import PdfReader

		return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
	return data.decode("utf-8", "replace")


def leaked(text: str, arguments: dict, secrets: frozenset[str], target: Target | None = None) -> str | None:
	"""The first secret in the answer that the caller did not send: what they could not have known.

	A child row's parent counts as sent with the row's name: Frappe names the parent when it refuses the
	row, and a row's name (a random hash) is known only to someone who has seen its parent."""
	sent = json.dumps(arguments, default=str)
	if target and target.parent and target.name in sent:
		sent += target.parent
	for secret in sorted(secrets):
		if secret and secret not in sent and secret in text:
			return secret
	return None
