"""The browser tier's site and servers: a site made anew for each run, the app's assets, the demo CoC, and
the web and socket.io servers on free loopback ports, stopped when the run ends.

Nothing here imports Frappe: the site is driven through the bench's own command line, as an administrator
would, and the servers run in processes of their own."""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

BENCH = Path(os.environ.get("FRAPPE_BENCH_PATH", "/home/frappe/frappe-bench"))
SITE = os.environ.get("CAS_BROWSER_SITE", "cas-browser.localhost")
SITES = BENCH / "sites"
APP = "cas_coordinated_access"
HERE = Path(__file__).resolve().parent
# Screenshots and console logs of failing steps, and the servers' logs, of the latest run.
ARTIFACTS = Path(os.environ.get("CAS_BROWSER_ARTIFACTS", str(BENCH / "logs" / "cas-browser")))
ADMIN_PASSWORD = "admin"
CHROMIUM = os.environ.get("CAS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
	"--no-sandbox",
	"--disable-gpu",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
	"--no-first-run",
	"--disable-quic",
	"--disable-dev-shm-usage",
]


class BenchError(RuntimeError):
	pass


def bench(*args: str, site: str | None = SITE, timeout: float = 600) -> str:
	"""`bench [--site <site>] <args>` through the bench's Python (the bench CLI refuses root); its output."""
	command = [str(BENCH / "env" / "bin" / "python"), "-m", "frappe.utils.bench_helper", "frappe"]
	if site:
		command += ["--site", site]
	result = subprocess.run(
		[*command, *args], cwd=SITES, capture_output=True, text=True, timeout=timeout, check=False
	)
	if result.returncode != 0:
		raise BenchError(
			f"`bench {' '.join(args)}` failed ({result.returncode}):\n"
			+ result.stdout[-3000:]
			+ result.stderr[-3000:]
		)
	return result.stdout


def run_python(code: str, site: str = SITE, timeout: float = 120) -> str:
	"""Run Python against the site in the bench's interpreter, as an import script would: ``frappe`` is
	connected, the work is committed, and what the code prints comes back (used to plant what Frappe's
	save would have refused)."""
	script = (
		"import frappe\n"
		f"frappe.init(site={site!r}, sites_path='.')\n"
		"frappe.connect()\n"
		"try:\n" + "".join(f"\t{line}\n" for line in code.splitlines()) + "\tfrappe.db.commit()\n"
		"finally:\n"
		"\tfrappe.destroy()\n"
	)
	result = subprocess.run(
		[str(BENCH / "env" / "bin" / "python"), "-c", script],
		cwd=SITES,
		capture_output=True,
		text=True,
		timeout=timeout,
		check=False,
	)
	if result.returncode != 0:
		raise BenchError(
			f"the script failed ({result.returncode}):\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
		)
	return result.stdout


def root_connection():
	"""MariaDB as root, with the credentials the bench itself uses to create sites."""
	import pymysql

	common = json.loads((SITES / "common_site_config.json").read_text())
	return pymysql.connect(
		host=common.get("db_host", "127.0.0.1"),
		port=int(common.get("db_port") or 3306),
		user=os.environ.get("CAS_DB_ROOT_USER", "root"),
		password=os.environ.get("CAS_DB_ROOT_PASSWORD", common.get("root_password") or ""),
		autocommit=True,
	)


def drop_site(site: str = SITE):
	"""Remove every trace of the site: its database, its database user and its folder. A failed
	`new-site` leaves all three behind, and a retry needs all three gone."""
	folder = SITES / site
	config = folder / "site_config.json"
	db_name = json.loads(config.read_text()).get("db_name") if config.exists() else None
	if db_name:
		connection = root_connection()
		try:
			with connection.cursor() as cursor:
				cursor.execute(f"DROP DATABASE IF EXISTS `{db_name}`")
				for host in ("%", "localhost", "127.0.0.1"):
					cursor.execute(f"DROP USER IF EXISTS '{db_name}'@'{host}'")
		finally:
			connection.close()
	if folder.exists():
		shutil.rmtree(folder)


def make_site(site: str = SITE) -> float:
	"""A new site with the app installed and migrated, configured as the test sites are. Seconds taken."""
	started = time.perf_counter()
	drop_site(site)
	try:
		bench(
			"new-site",
			site,
			"--admin-password",
			ADMIN_PASSWORD,
			"--db-root-username",
			"root",
			"--mariadb-user-host-login-scope=%",
			site=None,
		)
	except BenchError:
		drop_site(site)  # so that the next run starts clean
		raise
	for key, value in (
		# The site never writes DocType files or boilerplate back into the checkout.
		("developer_mode", "0"),
		("allow_tests", "True"),
		("throttle_user_limit", "100000"),
		# Emails the journeys send (a case conference's next steps) are queued and never leave the machine.
		("mute_emails", "1"),
	):
		bench("set-config", key, value, "--parse", site=site)
	bench("install-app", APP, site=site)
	bench("migrate", site=site)
	return time.perf_counter() - started


def build_assets() -> float:
	started = time.perf_counter()
	bench("build", "--app", APP, site=None)
	return time.perf_counter() - started


def sync_search_index():
	"""What the scheduler's job does every few minutes (no scheduler runs here): records written since go
	into Frappe's global search, where the search bar finds them."""
	bench("execute", "frappe.utils.global_search.sync_global_search")


def run_queued_jobs(queue: str) -> str:
	"""An RQ worker of the bench runs what waits in ``queue`` and stops when it is empty (burst mode), as the
	site's own workers would run it."""
	return bench("worker", "--queue", queue, "--burst", site=None)


def demo_login(demo_output: str) -> tuple[str, dict[str, str]]:
	"""The password and the users (by role) that `bench cas-demo load` printed."""
	password = re.search(r"password (\S+):", demo_output).group(1)
	users = {
		role: user for user, role in re.findall(r"^\s+(\S+@\S+)\s+\((.+)\)\s*$", demo_output, re.MULTILINE)
	}
	return password, users


def free_port() -> int:
	with socket.socket() as sock:
		sock.bind(("127.0.0.1", 0))
		return sock.getsockname()[1]


class Servers:
	"""The web server (tests/browser/serve.py: Frappe's development server on 127.0.0.1) and Frappe's
	socket.io server (on 127.0.0.1 too), each in its own process group, stopped by `stop()`."""

	def __init__(self, site: str, web_port: int, socketio_port: int):
		self.site, self.web_port, self.socketio_port = site, web_port, socketio_port
		self.url = f"http://127.0.0.1:{web_port}"
		self.processes: list[subprocess.Popen] = []
		self.logs = []

	def start(self, timeout: float = 90):
		ARTIFACTS.mkdir(parents=True, exist_ok=True)
		# The desk connects to the socket.io server the site's configuration names: this one.
		bench("set-config", "socketio_port", str(self.socketio_port), "--parse", site=self.site)
		web_log = open(ARTIFACTS / "web-server.log", "w")
		socketio_log = open(ARTIFACTS / "socketio-server.log", "w")
		self.logs = [web_log, socketio_log]
		environment = {**os.environ, "DEV_SERVER": "1", "PYTHONUNBUFFERED": "1"}
		environment.pop("CI", None)  # keeps werkzeug's request log, which says what failed
		self.processes.append(
			subprocess.Popen(
				[
					str(BENCH / "env" / "bin" / "python"),
					str(HERE / "serve.py"),
					self.site,
					str(self.web_port),
				],
				cwd=SITES,
				env=environment,
				stdout=web_log,
				stderr=subprocess.STDOUT,
				start_new_session=True,
			)
		)
		self.processes.append(
			subprocess.Popen(
				[
					"node",
					str(HERE / "socketio_loopback.js"),
					str(BENCH / "apps" / "frappe" / "socketio.js"),
				],
				cwd=BENCH,
				env={
					**os.environ,
					"FRAPPE_SOCKETIO_PORT": str(self.socketio_port),
					"FRAPPE_SITE": self.site,
				},
				stdout=socketio_log,
				stderr=subprocess.STDOUT,
				start_new_session=True,
			)
		)
		deadline = time.monotonic() + timeout
		while time.monotonic() < deadline:
			for process in self.processes:
				if process.poll() is not None:
					raise RuntimeError(f"a server exited at start; see {ARTIFACTS}/*-server.log")
			if self.answers():
				return self
			time.sleep(0.3)
		raise RuntimeError(f"the servers did not answer within {timeout} s; see {ARTIFACTS}/*-server.log")

	def answers(self) -> bool:
		try:
			if not requests.get(f"{self.url}/api/method/ping", timeout=2).ok:
				return False
			with socket.create_connection(("127.0.0.1", self.socketio_port), timeout=2):
				return True
		except OSError:
			return False

	def stop(self, timeout: float = 15):
		for process in self.processes:
			if process.poll() is None:
				os.killpg(process.pid, signal.SIGTERM)
		for process in self.processes:
			try:
				process.wait(timeout=timeout)
			except subprocess.TimeoutExpired:
				os.killpg(process.pid, signal.SIGKILL)
				process.wait(timeout=timeout)
		for log in self.logs:
			log.close()
		self.processes = []


class RestAPI:
	"""Frappe's REST API as one user (Administrator by default): used only to set a journey's scene and to
	check what it left, never for what a journey does."""

	def __init__(self, url: str, user: str = "Administrator", password: str = ADMIN_PASSWORD):
		self.url = url
		self.session = requests.Session()
		response = self.session.post(
			f"{url}/api/method/login", data={"usr": user, "pwd": password}, timeout=60
		)
		response.raise_for_status()

	def _check(self, response):
		if not response.ok:
			raise AssertionError(
				f"{response.request.method} {response.url}: {response.status_code} {response.text[:2000]}"
			)
		return response.json()

	def get_list(self, doctype: str, fields=("name",), filters=None, order_by=None, limit=0) -> list[dict]:
		params = {"fields": json.dumps(list(fields)), "limit_page_length": limit}
		if filters is not None:
			params["filters"] = json.dumps(filters)
		if order_by:
			params["order_by"] = order_by
		return self._check(self.session.get(f"{self.url}/api/resource/{doctype}", params=params, timeout=60))[
			"data"
		]

	def get_doc(self, doctype: str, name: str) -> dict:
		return self._check(self.session.get(f"{self.url}/api/resource/{doctype}/{name}", timeout=60))["data"]

	def get_value(self, doctype: str, name: str, field: str):
		return self.get_doc(doctype, name).get(field)

	def insert(self, doc: dict) -> dict:
		return self._check(
			self.session.post(f"{self.url}/api/resource/{doc['doctype']}", json=doc, timeout=60)
		)["data"]

	def update(self, doctype: str, name: str, values: dict) -> dict:
		return self._check(
			self.session.put(f"{self.url}/api/resource/{doctype}/{name}", json=values, timeout=60)
		)["data"]

	def call(self, method: str, **kwargs):
		return self._check(
			self.session.post(f"{self.url}/api/method/{method}", json=kwargs, timeout=120)
		).get("message")


def user_api(url: str, user: str, password: str) -> RestAPI:
	"""The REST API as one of the demo users (to set a scene as the person who would have done it)."""
	return RestAPI(url, user, password)


if __name__ == "__main__":  # a manual clean-up: `python tests/browser/site.py drop`
	if sys.argv[1:] == ["drop"]:
		drop_site()
