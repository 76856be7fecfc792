"""The integration tier: pytest inside the bench's Python, against a real site on MariaDB and Redis.

`bash tests/run.sh integration` installs this checkout into the bench and prepares the site; each test
runs as Administrator unless it says otherwise, and everything it writes is rolled back afterwards.
"""

import os

import pytest

BENCH = os.environ.get("FRAPPE_BENCH_PATH", "/home/frappe/frappe-bench")
SITE = os.environ.get("CAS_TEST_SITE", "cas-test.localhost")
# A site holding nothing but the app, made anew by tests/run.sh for the HMIS round trip.
FRESH_SITE = os.environ.get("CAS_FRESH_SITE", "cas-fresh.localhost")


def bench_command(*args: str, site: str = SITE) -> list[str]:
	"""`bench --site <site> <args>`, as the bench CLI runs it (run it from `<bench>/sites`)."""
	return [
		os.path.join(BENCH, "env", "bin", "python"),
		"-m",
		"frappe.utils.bench_helper",
		"frappe",
		"--site",
		site,
		*args,
	]


def run_migrate():
	"""`bench migrate` on the test site, in its own process, as an administrator would run it."""
	import subprocess

	result = subprocess.run(
		bench_command("migrate"),
		cwd=os.path.join(BENCH, "sites"),
		capture_output=True,
		text=True,
		timeout=600,
	)
	assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]


@pytest.fixture(scope="session", autouse=True)
def site():
	import frappe

	sites_path = os.path.join(BENCH, "sites")
	# Frappe resolves its log and config paths relative to the sites folder.
	os.chdir(sites_path)
	frappe.init(site=SITE, sites_path=sites_path)
	frappe.connect()
	frappe.set_user("Administrator")
	yield SITE
	frappe.db.rollback()
	frappe.destroy()


@pytest.fixture(autouse=True)
def rollback(site):
	import frappe

	frappe.set_user("Administrator")
	yield
	# A module may build shared records once and keep them under a savepoint (see test_permissions.py).
	savepoint = frappe.flags.cas_test_savepoint
	if savepoint:
		frappe.db.rollback(save_point=savepoint)
	else:
		frappe.db.rollback()
	frappe.set_user("Administrator")
	frappe.local.cas_viewers = {}
	# Cached documents (settings) may hold values written by the test that was just rolled back.
	frappe.clear_document_cache("CAS Settings", "CAS Settings")
	frappe.local.message_log = []


@pytest.fixture
def coc():
	"""A shared CAS Agency with its CE program, a shelter and a PSH provider, and their staff."""
	import frappe

	from tests.integration.factories import make_agency, make_program, make_user

	tag = frappe.generate_hash(length=5)
	shared = frappe.db.get_value("CAS Agency", {"is_cas_agency": 1}) or make_agency(is_cas_agency=1).name
	north = make_agency(f"North Shelter {tag}").name
	harbor = make_agency(f"Harbor PSH {tag}").name
	return frappe._dict(
		tag=tag,
		shared=shared,
		north=north,
		ce=make_program(shared).name,
		shelter=make_program(
			north,
			f"North ES {tag}",
			project_type="Emergency Shelter – Entry Exit",
			program_category="Emergency Shelter",
			accepts_queue_referrals=1,
		).name,
		psh=make_program(
			harbor,
			f"Harbor PSH {tag}",
			project_type="PH – Permanent Supportive Housing",
			program_category="Permanent Supportive Housing",
			accepts_queue_referrals=1,
			requires_chronic=1,
		).name,
		assessor=make_user(f"assessor.{tag}@example.org", "CAS Assessor", [make_agency().name]),
		referral=make_user(f"referral.{tag}@example.org", "CAS Referral Specialist", [shared]),
		provider=make_user(f"provider.{tag}@example.org", "CAS Provider", [north]),
		other_provider=make_user(f"other.{tag}@example.org", "CAS Provider", [harbor]),
	)


def pytest_terminal_summary(terminalreporter):
	"""The leak census prints what it called, how often, and what it found (issue 12 asks for the counts)."""
	from tests.integration.census import RESULTS

	if RESULTS.calls:
		for line in RESULTS.summary():
			terminalreporter.write_line(line)
