"""Hostile input to every whitelisted method of the app, over HTTP as users of other agencies.

The methods are enumerated from the installed app (``frappe.whitelisted``): module functions, the Frappe
methods the app overrides (called by their Frappe path, as the desk calls them) and document methods
(through ``run_doc_method``). For each method and each attacker, hypothesis generates argument sets from
the method's signature: arguments left out, wrongly typed, very long, HTML and script, SQL metacharacters,
odd Unicode, filters that are not JSON or name no column, DocType names that do not exist, and the names
of another agency's records. Every answer must be a clear refusal or a result (never a 5xx), name nothing
of the households the attacker may not see, and change nothing."""

import inspect
import json
import os
from collections import Counter, defaultdict
from dataclasses import dataclass
from urllib.parse import quote

import frappe
import pytest
from frappe.model.base_document import get_controller
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.integration.census import import_all_modules
from tests.integration.http import serving, session_for
from tests.integration.world import committed_world

ATTACKERS = ("river_assessor", "referral", "north_provider")
# Hypothesis examples per method and attacker (CAS_HOSTILE_EXAMPLES for a longer hunt).
EXAMPLES_PER_METHOD = int(os.environ.get("CAS_HOSTILE_EXAMPLES", "40"))
APP = "cas_coordinated_access"
# Tables whose row counts must not move while attackers call: what a hostile call could create or delete.
WATCHED_TABLES = (
	"CAS Client",
	"CAS Enrollment",
	"CAS Household Member",
	"CAS Current Living Situation",
	"CAS Queue Entry",
	"CAS Referral",
	"CAS CE Event",
	"CAS HMIS Import",
)


@dataclass(frozen=True)
class Endpoint:
	path: str  # what the desk calls: /api/method/<path>
	parameters: tuple[str, ...]
	doctypes: tuple[str, ...] = ()  # for a document method: the DocTypes whose controller has it

	@property
	def label(self) -> str:
		return f"{self.path} [{', '.join(self.doctypes)}]" if self.doctypes else self.path


def app_endpoints() -> list[Endpoint]:
	import_all_modules()
	overridden = {
		targets[-1]: original
		for original, targets in frappe.get_hooks("override_whitelisted_methods").items()
	}
	endpoints = []
	for fn in frappe.whitelisted:
		if not fn.__module__.startswith(APP):
			continue
		parameters = tuple(
			name for name in inspect.signature(fn).parameters if name not in ("self", "args", "kwargs")
		)
		path = f"{fn.__module__}.{fn.__qualname__}"
		if "." in fn.__qualname__:
			method = fn.__qualname__.rsplit(".", 1)[1]
			endpoints.append(Endpoint(method, parameters, doctypes_with_method(fn, method)))
		else:
			endpoints.append(Endpoint(overridden.get(path, path), parameters))
	return sorted(endpoints, key=lambda endpoint: endpoint.label)


def doctypes_with_method(fn, method: str) -> tuple[str, ...]:
	doctypes = frappe.get_all("DocType", filters={"module": "Coordinated Access", "istable": 0}, pluck="name")
	found = []
	for doctype in doctypes:
		attribute = getattr(get_controller(doctype), method, None)
		if getattr(attribute, "__wrapped__", attribute) in (fn, getattr(fn, "__wrapped__", fn)):
			found.append(doctype)
	return tuple(sorted(found))


# What an attacker sends.
SCRIPT = '<img src=x onerror=alert(1)>"><script>alert(1)</script>'
SQL = ("' or 1=1 -- ", '" or ""="', "`; drop table `tabCAS Client`; --", "%", "_", "\\", "1; select sleep(5)")
ODD = ("\u0000", "\u202egnp.exe", "Ω≈ç√∫˜µ≤", "👩‍👩‍👧‍👦", "\ufeff", "ﷺ" * 50, "a\nb\rc\td")
NOT_JSON = ("{not json", "[1, 2", '{"a": }', "None", "undefined")
BAD_FILTERS = (
	{"$gt": 1},
	{"name": ["$gt", 1]},
	[["CAS Client", "`x`", "=", 1]],
	[["CAS Client", "name", "not an operator", 1]],
	{"name": {"a": "b"}},
	[["name", "in"]],
	{"first_name": ["like", "%"]},
)
DOCTYPES = (
	"CAS Client",
	"CAS Enrollment",
	"CAS Household Member",
	"CAS Referral",
	"No Such DocType",
	"D" * 10_000,
)


CAS_DOCTYPES = ("CAS Client", "CAS Enrollment", "CAS Referral", "CAS HMIS Import")


def hostile_values(victims: list[str]) -> st.SearchStrategy:
	return st.one_of(
		st.sampled_from(victims),
		st.sampled_from(DOCTYPES),
		st.just(SCRIPT),
		st.sampled_from(SQL),
		st.sampled_from(ODD),
		st.sampled_from(NOT_JSON),
		st.sampled_from(BAD_FILTERS),
		st.just("x" * 10_000),
		st.none(),
		st.integers(min_value=-(2**63), max_value=2**63),
		st.floats(allow_nan=False, allow_infinity=False),
		st.booleans(),
		st.lists(st.sampled_from(victims), max_size=3),
		st.dictionaries(st.text(max_size=8), st.text(max_size=8), max_size=3),
		st.text(max_size=60),
	)


def arguments(endpoint: Endpoint, victims: list[str]) -> st.SearchStrategy:
	"""Each parameter left out or given a hostile value; a document method also gets the DocType and name
	of a record of another agency (or a hostile one)."""
	values = hostile_values(victims)
	given_parameters = (
		st.dictionaries(st.sampled_from(endpoint.parameters), values) if endpoint.parameters else st.just({})
	)
	if not endpoint.doctypes:
		return given_parameters
	return st.fixed_dictionaries(
		{
			# The DocType is one of the app's: a garbage DocType tests Frappe's dispatcher, not the app.
			"dt": st.sampled_from(endpoint.doctypes + CAS_DOCTYPES),
			"dn": st.one_of(st.sampled_from(victims), values),
			"method": st.just(endpoint.path),
			"args": given_parameters.map(json.dumps),
		}
	)


@pytest.fixture(scope="module")
def world(site):
	yield from committed_world("H")


@pytest.fixture(scope="module")
def server(world):
	with serving("cas-hostile-server.log") as url:
		yield url


# What each attacker may not touch: the protected survivor's client record (all of them), her household
# (all but referral staff, who work the queue with it by pseudonym), and the shelter client with his stay
# (all but the shelter's own intake staff).
VICTIMS = {
	"river_assessor": (
		("clients", "vera"),
		("enrollments", "vera_cas"),
		("living_situations", "vera_cas"),
		("clients", "nora"),
		("enrollments", "nora_shelter"),
		("living_situations", "nora_shelter"),
	),
	"referral": (
		("clients", "vera"),
		("clients", "nora"),
		("enrollments", "nora_shelter"),
		("living_situations", "nora_shelter"),
	),
	"north_provider": (("clients", "vera"), ("enrollments", "vera_cas"), ("living_situations", "vera_cas")),
}


def victims_of(world, attacker: str) -> list[str]:
	"""Names of the records the attacker may not touch."""
	return [getattr(world, kind)[key] for kind, key in VICTIMS[attacker]]


def secrets_of(world, attacker: str) -> set[str]:
	"""What the attacker may not read: the names and birth dates of the clients they may not see."""
	found = set()
	for kind, key in VICTIMS[attacker]:
		if kind != "clients":
			continue
		client = frappe.db.get_value(
			"CAS Client", world.clients[key], ["first_name", "last_name", "date_of_birth"], as_dict=True
		)
		found |= {client.first_name, client.last_name, str(client.date_of_birth or "")}
	return {secret for secret in found if secret and len(secret) > 3}


def fingerprint(world) -> dict:
	"""Every watched table's row count and the victims' rows, to prove nothing changed."""
	frappe.db.rollback()  # see what the server committed
	counts = {table: frappe.db.count(table) for table in WATCHED_TABLES}
	rows = {}
	# Rows no attacker may change (the survivor's household is the referral staff's to work, so not here).
	for doctype, name in (
		("CAS Client", world.clients["vera"]),
		("CAS Client", world.clients["nora"]),
		("CAS Enrollment", world.enrollments["nora_shelter"]),
		("CAS Current Living Situation", world.living_situations["nora_shelter"]),
	):
		rows[name] = json.loads(
			frappe.as_json(
				frappe.db.sql(f"select * from `tab{doctype}` where name = %s", name, as_dict=True)[0]
			)
		)
	return {"counts": counts, "rows": rows}


def changes(before: dict, after: dict) -> dict:
	"""What differs between two fingerprints, by table or record and column."""
	found = {
		table: (count, after["counts"][table])
		for table, count in before["counts"].items()
		if after["counts"][table] != count
	}
	for name, row in before["rows"].items():
		for column, value in row.items():
			if after["rows"][name].get(column) != value:
				found[f"{name}.{column}"] = (value, after["rows"][name].get(column))
	return found


class Hunt:
	"""The calls of one hostile test: each attacker's generated requests, counted by label and answer, with
	what went wrong; the other agency's rows fingerprinted before, to compare after."""

	def __init__(self, world):
		self.world = world
		self.before = fingerprint(world)
		self.calls, self.statuses, self.failures = Counter(), defaultdict(Counter), []

	def run(self, attacker: str, strategy: st.SearchStrategy, send, examples: int):
		"""``send(value)`` makes one request and returns its label and response."""
		secrets = secrets_of(self.world, attacker)

		@settings(
			max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck)
		)
		@given(strategy)
		def call(value):
			label, response = send(value)
			self.calls[label] += 1
			self.statuses[label][response.status_code] += 1
			problem = judge(response, secrets)
			if problem:
				self.failures.append((attacker, label, response.status_code, problem, short(value)))

		call()

	def finish(self, what: str, created: int | None = None):
		print_census(self.calls, self.statuses)
		if created is not None:
			print(
				f"  created by attackers in their own agencies (with valid values), then removed: {created}"
			)
		assert_no_failures(self.failures)
		assert not changes(self.before, fingerprint(self.world)), f"a hostile {what} changed data"


def test_hostile_arguments_to_every_app_method_are_refused_cleanly(server, world):
	endpoints = app_endpoints()
	assert len(endpoints) >= 15, [endpoint.label for endpoint in endpoints]
	hunt = Hunt(world)
	for attacker in ATTACKERS:
		session = session_for(server, world.users[attacker])
		victims = victims_of(world, attacker)
		for endpoint in endpoints:
			url = f"{server}/api/method/{'run_doc_method' if endpoint.doctypes else endpoint.path}"
			hunt.run(
				attacker,
				arguments(endpoint, victims),
				lambda payload, url=url, label=endpoint.label: (
					label,
					session.post(url, json=payload, timeout=60),
				),
				EXAMPLES_PER_METHOD,
			)
	hunt.finish("call")


def assert_no_failures(failures: list[tuple]):
	"""Each kind of failure once with its first example, then the first forty in full."""
	kinds, first = Counter(), {}
	for _, label, _, problem, payload in failures:
		kind = (label, problem.split(":")[0])
		kinds[kind] += 1
		first.setdefault(kind, f"{problem[:160]} with {payload[:160]}")
	for kind, count in sorted(kinds.items()):
		print(f"  FAILED {count:4d}  {kind[0]}: {first[kind]}")
	examples = "\n".join(
		f"{attacker} {label}: {status} {problem} with {payload}"
		for attacker, label, status, problem, payload in failures[:40]
	)
	assert not failures, f"{examples}\n({len(failures)} in all)"


def judge(response, secrets: set[str]) -> str | None:
	if response.status_code >= 500:
		return exception_of(response)
	for secret in secrets:
		if secret in response.text:
			return f"leaked {secret!r}"
	return None


def exception_of(response) -> str:
	try:
		body = response.json()
	except ValueError:
		return response.text[:200]
	return (body.get("exception") or body.get("exc_type") or str(body)[:200])[:300]


def short(payload) -> str:
	text = json.dumps(payload, default=str)
	return text if len(text) < 300 else text[:300] + "…"


def print_census(calls: Counter, statuses: dict):
	print(
		f"\nHostile input: {sum(calls.values())} calls to {len(calls)} methods, as {len(ATTACKERS)} attackers"
	)
	for label in sorted(calls):
		answers = ", ".join(f"{status}: {count}" for status, count in sorted(statuses[label].items()))
		print(f"  {calls[label]:5d}  {label}  ({answers})")


def test_a_document_method_tells_nothing_of_a_record_named_by_filters(server, world):
	"""A map sent as the document name was a query: a hidden household's filters answered 403 ("it exists,
	not for you") where a miss answered 404. Now both are the same refusal."""
	session = session_for(server, world.users["river_assessor"])
	label = frappe.db.get_value("CAS Enrollment", world.enrollments["vera_cas"], "client_name")
	answers = []
	for client_name in (label, "Nobody at all"):
		response = session.post(
			f"{server}/api/method/run_doc_method",
			json={"dt": "CAS Enrollment", "dn": {"client_name": client_name}, "method": "check_in"},
			timeout=60,
		)
		answers.append(response.status_code)
	assert answers[0] == answers[1] and answers[0] < 500, answers


REST_EXAMPLES = int(os.environ.get("CAS_HOSTILE_REST_EXAMPLES", "8"))


def rest_requests(doctype: str, victims: list[str]) -> st.SearchStrategy:
	"""Frappe's REST resource on a CAS DocType, as an attacker sends it: list with hostile fields, filters,
	ordering and paging; read, change and delete a record by a hostile or another agency's name; create
	from hostile values."""
	values = hostile_values(victims)
	fieldnames = [
		df.fieldname
		for df in frappe.get_meta(doctype).fields
		if df.fieldtype not in ("Section Break", "Column Break", "Tab Break")
	]
	body = st.dictionaries(
		st.sampled_from([*fieldnames, "name", "doctype", "docstatus", "owner"]), values, max_size=6
	)
	name = st.one_of(
		st.sampled_from(victims), st.text(min_size=1, max_size=30), st.sampled_from(SQL + ODD[1:] + (SCRIPT,))
	)
	listing = st.fixed_dictionaries(
		{},
		optional={
			"fields": values.map(lambda value: json.dumps(value) if not isinstance(value, str) else value),
			"filters": values.map(lambda value: json.dumps(value) if not isinstance(value, str) else value),
			"or_filters": values.map(
				lambda value: json.dumps(value) if not isinstance(value, str) else value
			),
			"order_by": st.sampled_from(
				(
					"name desc",
					"`tabCAS Client`.first_name",
					"1; select sleep(3)",
					"(select 1)",
					SCRIPT,
					"x" * 300,
				)
			),
			"group_by": st.sampled_from(("name", "first_name; drop", "(select 1)")),
			"limit_page_length": st.one_of(
				st.integers(-5, 10**12).map(str), st.sampled_from(("all", "1e9", "-1"))
			),
			"limit_start": st.one_of(st.integers(-5, 10**12).map(str), st.just("x")),
		},
	)
	return st.one_of(
		st.tuples(st.just("GET"), st.just(""), listing),
		st.tuples(st.just("GET"), name, st.just({})),
		st.tuples(st.just("PUT"), st.sampled_from(victims), body),
		st.tuples(st.just("DELETE"), st.sampled_from(victims), st.just({})),
		st.tuples(st.just("POST"), st.just(""), body),
	)


def test_hostile_requests_to_the_rest_resources_of_every_cas_doctype(server, world):
	"""No 5xx, no leak, and the other agency's households unchanged, whatever an attacker sends to
	/api/resource for a CAS DocType. What an attacker may legitimately create (a record of their own agency
	with odd but valid values) is removed after."""
	from cas_coordinated_access.constants import SCOPED_DOCTYPES

	hunt, created = Hunt(world), []
	for attacker in ATTACKERS:
		session = session_for(server, world.users[attacker])
		victims = victims_of(world, attacker)
		for doctype in SCOPED_DOCTYPES:

			def send(request, doctype=doctype, session=session):
				verb, name, payload = request
				url = f"{server}/api/resource/{doctype}" + (f"/{quote(name, safe='')}" if name else "")
				if verb == "GET":
					response = session.get(url, params=payload, timeout=60)
				else:
					response = session.request(verb, url, json=payload, timeout=60)
				if verb == "POST" and response.status_code == 200:
					created.append((doctype, response.json()["data"]["name"]))
				return f"{verb} {doctype}", response

			hunt.run(attacker, rest_requests(doctype, victims), send, REST_EXAMPLES * 5)
	frappe.db.rollback()
	for doctype, name in created:
		frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
	frappe.db.commit()
	hunt.finish("request", created=len(created))


def test_an_empty_search_text_is_a_search(server, world):
	"""A Link field sends an empty text when it is focused: the boundary refuses a missing name, never that."""
	session = session_for(server, world.users["river_assessor"])
	response = session.post(
		f"{server}/api/method/frappe.desk.search.search_link",
		json={"doctype": "CAS Client", "txt": "", "reference_doctype": "CAS Enrollment"},
		timeout=60,
	)
	assert response.status_code == 200, response.text[:300]


# Frappe's own desk methods that take a DocType, as the desk calls them about CAS records.
DESK_METHODS = (
	"frappe.desk.reportview.get",
	"frappe.desk.reportview.get_count",
	"frappe.client.get_list",
	"frappe.client.get_value",
	"frappe.desk.form.load.getdoc",
	"frappe.desk.form.load.get_docinfo",
	"frappe.client.set_value",
	"frappe.client.delete",
)


def test_hostile_arguments_to_frappes_desk_methods_on_cas_doctypes(server, world):
	"""The same hunt on Frappe's list, count, form-load, get/set value and delete methods, each about a CAS
	DocType (what another DocType's call does is Frappe's affair)."""
	from cas_coordinated_access.constants import SCOPED_DOCTYPES

	hunt = Hunt(world)
	for attacker in ATTACKERS:
		session = session_for(server, world.users[attacker])
		victims = victims_of(world, attacker)
		for path in DESK_METHODS:
			parameters = [
				name for name in inspect.signature(frappe.get_attr(path)).parameters if name != "doctype"
			]
			payloads = st.fixed_dictionaries(
				{"doctype": st.sampled_from(SCOPED_DOCTYPES)},
				optional={name: hostile_values(victims) for name in parameters},
			)
			hunt.run(
				attacker,
				payloads,
				lambda payload, path=path: (
					path,
					session.post(f"{server}/api/method/{path}", json=payload, timeout=60),
				),
				EXAMPLES_PER_METHOD,
			)
	hunt.finish("call")


def test_what_the_desk_sends_passes_the_boundary(server, world):
	"""The checks refuse what no desk sends, never what it does: ordering by a table's column, fields named
	with their table, a child table's filter, a name as get_value's filter."""
	session = session_for(server, world.users["river_assessor"])
	calls = {
		"frappe.desk.reportview.get": {
			"doctype": "CAS Enrollment",
			"fields": json.dumps(["`tabCAS Enrollment`.`name`", "`tabCAS Enrollment`.`client_name`"]),
			"filters": json.dumps(
				[["CAS Household Member", "relationship_to_hoh", "=", "Self (Head of Household)"]]
			),
			"order_by": "`tabCAS Enrollment`.`modified` desc",
			"start": 0,
			"page_length": 20,
			"view": "List",
		},
		"frappe.client.get_value": {
			"doctype": "CAS Enrollment",
			"fieldname": "client_name",
			"filters": world.enrollments["ana_cas"],
		},
	}
	for path, payload in calls.items():
		response = session.post(f"{server}/api/method/{path}", data=payload, timeout=60)
		assert response.status_code == 200, (path, response.text[:300])
	listed = session.get(
		f"{server}/api/resource/CAS Enrollment",
		params={"order_by": "`tabCAS Enrollment`.`modified` desc", "fields": json.dumps(["name"])},
		timeout=60,
	)
	assert listed.status_code == 200, listed.text[:300]
