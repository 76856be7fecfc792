"""The browser tier: journeys of real users through the desk, in Debian's Chromium driven by Playwright.

For each run `bash tests/run.sh browser`:
  - makes the site (CAS_BROWSER_SITE, default cas-browser.localhost) anew: a newcomer's site, whose setup
    wizard nobody completed; installs this checkout's app and migrates;
  - builds the app's assets; starts the web server and the socket.io server on free loopback ports;
  - loads a small demo CoC with `bench cas-demo load`, as the README tells a newcomer to;
  - gives each journey its own browser context, logged in through the /login form with a password.
The servers stop when the run ends; the site stays for a look (it is made anew next run). A failing
step leaves a screenshot and the page's console under <bench>/logs/cas-browser/<test>/."""

import os
import re
import shutil
import time

import pytest

from tests.browser import site as bench_site
from tests.browser.desk import Desk

DEMO_HOUSEHOLDS = int(os.environ.get("CAS_BROWSER_HOUSEHOLDS", "40"))
VIEWPORT = {"width": 1366, "height": 900}


class World:
	"""What the run set up: the servers' address, the demo's users and password."""

	def __init__(self):
		self.url = ""
		self.users: dict[str, str] = {}
		self.password = ""
		self.demo_output = ""
		self.setup_complete_before_demo = None
		self.admin = None


def pytest_configure(config):
	config.addinivalue_line("markers", "screenshots: regenerates the README's screenshots under docs/")


TIMINGS: dict[str, float] = {}  # what the run took: its setup, then each journey


def pytest_runtest_logreport(report):
	if report.when == "call":
		TIMINGS[f"journey {report.nodeid.split('::')[-1]} ({report.outcome})"] = round(report.duration, 1)


def pytest_terminal_summary(terminalreporter):
	if TIMINGS:
		terminalreporter.section("browser tier timings")
		for label, seconds in TIMINGS.items():
			terminalreporter.write_line(f"{seconds:7.1f} s  {label}")
		(bench_site.ARTIFACTS).mkdir(parents=True, exist_ok=True)
		(bench_site.ARTIFACTS / "timings.txt").write_text(
			"".join(f"{seconds:7.1f} s  {label}\n" for label, seconds in TIMINGS.items())
		)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
	outcome = yield
	report = outcome.get_result()
	setattr(item, f"report_{report.when}", report)


def timed(label):
	class Timer:
		def __enter__(self):
			self.started = time.perf_counter()

		def __exit__(self, *exc):
			TIMINGS[label] = round(time.perf_counter() - self.started, 1)

	return Timer()


@pytest.fixture(scope="session")
def world():
	"""The site made anew, the assets built, the servers started, the demo loaded."""
	world = World()
	if bench_site.ARTIFACTS.exists():
		shutil.rmtree(bench_site.ARTIFACTS)
	bench_site.ARTIFACTS.mkdir(parents=True)
	web_port, socketio_port = bench_site.free_port(), bench_site.free_port()
	demo_record = bench_site.SITES / bench_site.SITE / "private" / "cas-browser-demo.txt"
	# For a developer's quicker rerun of one journey: keep the site of the last run (not for CI; the
	# newcomer's journey then fails, as it cannot show a fresh site).
	reuse = os.environ.get("CAS_BROWSER_REUSE_SITE") == "1" and demo_record.exists()
	if reuse:
		bench_site.bench("migrate")
	else:
		with timed("site (new-site, install-app, migrate)"):
			bench_site.make_site()
	with timed("assets (bench build --app)"):
		bench_site.build_assets()
	servers = bench_site.Servers(bench_site.SITE, web_port, socketio_port)
	try:
		with timed("servers"):
			servers.start()
		world.url = servers.url
		world.admin = bench_site.RestAPI(world.url)
		if reuse:
			world.demo_output = demo_record.read_text()
		else:
			world.setup_complete_before_demo = world.admin.get_value(
				"System Settings", "System Settings", "setup_complete"
			)
			with timed(f"demo (cas-demo load --households {DEMO_HOUSEHOLDS})"):
				world.demo_output = bench_site.bench("cas-demo", "load", "--households", str(DEMO_HOUSEHOLDS))
			demo_record.write_text(world.demo_output)
		world.password, world.users = bench_site.demo_login(world.demo_output)
		# The scheduler (not run here) moves new records into the search index every few minutes.
		bench_site.sync_search_index()
		yield world
	finally:
		servers.stop()


@pytest.fixture(scope="session")
def browser():
	from playwright.sync_api import sync_playwright

	with sync_playwright() as playwright:
		browser = playwright.chromium.launch(
			executable_path=bench_site.CHROMIUM, args=bench_site.CHROMIUM_ARGS, headless=True
		)
		yield browser
		browser.close()


@pytest.fixture
def desk_for(request, world, browser):
	"""desk_for("assessor") logs the demo's assessor in, in a browser context of their own."""
	desks: list[Desk] = []
	contexts = []
	artifacts = bench_site.ARTIFACTS / re.sub(r"[^A-Za-z0-9._-]+", "_", request.node.name)

	def open_desk(role: str, record_responses: bool = False, login: bool = True, viewport=None) -> Desk:
		user = world.users[role] if "@" not in role else role
		context = browser.new_context(
			viewport=viewport or VIEWPORT, locale="en-US", timezone_id="America/Los_Angeles"
		)
		context.set_default_timeout(20000)
		contexts.append(context)
		desk = Desk(context, world.url, user, artifacts, record_responses=record_responses)
		desks.append(desk)
		if login:
			desk.login(world.password)
		return desk

	yield open_desk
	failed = getattr(request.node, "report_call", None) is not None and request.node.report_call.failed
	late_errors = []
	for desk in desks:
		if failed and not desk.kept:  # a failure outside a step
			desk.keep_artifacts("at-failure")
		elif desk.errors:
			late_errors += desk.errors
			desk.keep_artifacts("errors")
	for context in contexts:
		context.close()
	if late_errors and not failed:
		pytest.fail("JavaScript or server errors:\n  " + "\n  ".join(late_errors), pytrace=False)
