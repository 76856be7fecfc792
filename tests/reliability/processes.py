"""The processes a production site runs, started for the reliability tier against the test site: gunicorn
with several workers, an RQ worker for the app's queues and the scheduler; loopback only, stopped when the
block ends. Their logs go to <bench>/logs/cas-reliability-*.log."""

import contextlib
import os
import signal
import subprocess
import time

import psutil
import requests

from tests.integration.conftest import BENCH, SITE, bench_command
from tests.integration.http import free_port

SITES = os.path.join(BENCH, "sites")
PYTHON = os.path.join(BENCH, "env", "bin", "python")
QUEUES = ("short", "default", "long")


def frappe_command(*args: str) -> list[str]:
	"""A bench command that is not about one site (worker, schedule)."""
	return [PYTHON, "-m", "frappe.utils.bench_helper", "frappe", *args]


class Processes:
	def __init__(self, gunicorn_workers: int):
		self.gunicorn_workers = gunicorn_workers
		self.port = free_port()
		self.url = f"http://127.0.0.1:{self.port}"
		self.running: dict[str, subprocess.Popen] = {}
		self.logs = []

	def start(self, name: str, command: list[str]):
		log = open(os.path.join(BENCH, "logs", f"cas-reliability-{name}.log"), "w")
		self.logs.append(log)
		# A process group of its own, so a stop (or a kill, for a fault) takes its children too.
		self.running[name] = subprocess.Popen(
			command, cwd=SITES, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
		)

	def start_web(self):
		self.start(
			"gunicorn",
			[
				os.path.join(BENCH, "env", "bin", "gunicorn"),
				"--bind",
				f"127.0.0.1:{self.port}",
				"--workers",
				str(self.gunicorn_workers),
				"--timeout",
				"120",
				"--graceful-timeout",
				"10",
				"frappe.app:application",
			],
		)
		for _ in range(240):
			try:
				# A worker's first request loads the whole app: on a busy machine that takes seconds.
				if requests.get(f"{self.url}/api/method/ping", headers=site_header(), timeout=20).ok:
					return
			except (requests.ConnectionError, requests.Timeout):
				pass
			time.sleep(0.5)
		raise RuntimeError("gunicorn did not answer; see logs/cas-reliability-gunicorn.log")

	def start_worker(self, queue: str = "long"):
		"""An RQ worker for one of the queues the app uses (the HMIS jobs run on "long")."""
		discard_queued_jobs()
		self.start(f"worker-{queue}", frappe_command("worker", "--queue", queue))

	def start_workers(self):
		for queue in QUEUES:
			self.start_worker(queue)

	def start_scheduler(self):
		self.start("scheduler", frappe_command("schedule"))

	def stop(self, name: str, sig=signal.SIGTERM):
		process = self.running.pop(name, None)
		if not process:
			return
		# RQ runs each job in a work horse of its own session: the whole tree goes, as when a machine dies.
		with contextlib.suppress(psutil.NoSuchProcess):
			for child in psutil.Process(process.pid).children(recursive=True):
				with contextlib.suppress(psutil.NoSuchProcess):
					child.send_signal(sig)
		with contextlib.suppress(ProcessLookupError):
			os.killpg(process.pid, sig)
		try:
			process.wait(timeout=30)
		except subprocess.TimeoutExpired:
			os.killpg(process.pid, signal.SIGKILL)
			process.wait(timeout=10)

	def stop_all(self):
		for name in list(self.running):
			self.stop(name)
		for log in self.logs:
			log.close()


def discard_queued_jobs():
	"""Jobs the earlier tiers left queued for the test site (with no worker running then) are dropped, so the
	worker started here works on this tier's jobs: the tests' transactions behind them are long gone."""
	from frappe.utils.background_jobs import get_queues

	from cas_coordinated_access.utils import follow_ups

	prefix = f"{SITE}::"
	for queue in get_queues():
		for job_id in queue.get_job_ids():
			if job_id.startswith(prefix):
				queue.remove(job_id)
	# With the ToDo job gone, its note that one is queued goes too (and the households it was to take).
	queue.connection.delete(follow_ups.todo_key("households"), follow_ups.todo_key("job queued"))


def site_header() -> dict:
	# gunicorn serves every site of the bench; Frappe picks the site from this header.
	return {"X-Frappe-Site-Name": SITE}


@contextlib.contextmanager
def production(gunicorn_workers: int = 4):
	"""gunicorn, an RQ worker for each queue and the scheduler on the test site, its scheduler enabled."""
	subprocess.run(bench_command("enable-scheduler"), cwd=SITES, check=True, capture_output=True)
	processes = Processes(gunicorn_workers)
	try:
		processes.start_web()
		processes.start_workers()
		processes.start_scheduler()
		yield processes
	finally:
		processes.stop_all()
		subprocess.run(bench_command("disable-scheduler"), cwd=SITES, check=False, capture_output=True)
