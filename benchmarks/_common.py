"""What the benchmark scripts share: opening the site, a staff user, median timings."""

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import frappe


def open_site(parser: argparse.ArgumentParser) -> argparse.Namespace:
	"""Parse ``--site`` (and the script's own options), connect as Administrator from `<bench>/sites`."""
	parser.add_argument("--site", required=True)
	args = parser.parse_args()
	frappe.init(site=args.site, sites_path=os.getcwd())
	frappe.connect()
	frappe.set_user("Administrator")
	# A data set's staff are made at once; Frappe refuses more than 60 new users an hour unless the site
	# says otherwise (this process only, nothing is written to the site's config).
	frappe.local.conf.throttle_user_limit = max(frappe.local.conf.get("throttle_user_limit") or 60, 100_000)
	return args


def staff_user(email: str, role: str, agencies: list[str]) -> str:
	"""A user with one CAS role, working in ``agencies``."""
	frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": email.split(".")[0].title(),
			"send_welcome_email": 0,
			"roles": [{"role": role}],
		}
	).insert(ignore_permissions=True)
	frappe.get_doc(
		{"doctype": "CAS Staff Member", "user": email, "agencies": [{"agency": a} for a in agencies]}
	).insert(ignore_permissions=True)
	return email


def remove_staff_users(tag: str):
	for user in frappe.get_all(
		"User", filters={"name": ("like", f"%.{tag.lower()}@example.org")}, pluck="name"
	):
		frappe.delete_doc("CAS Staff Member", user, force=True, ignore_permissions=True)
		frappe.delete_doc("User", user, force=True, ignore_permissions=True)


def median_ms(fn, repeat: int, warm_up: bool = True) -> tuple[float, object]:
	"""Median wall time of ``fn`` in milliseconds over ``repeat`` runs (after one run that warms caches)."""
	result = fn() if warm_up else None
	samples = []
	for _ in range(repeat):
		start = time.perf_counter()
		result = fn()
		samples.append((time.perf_counter() - start) * 1000)
	return statistics.median(samples), result


# The columns every bulk-inserted row starts with, in this order.
STANDARD_COLUMNS = ("name", "creation", "modified", "owner", "modified_by")


def bulk_insert(doctype: str, columns: list[str], rows: list) -> None:
	"""Insert seed rows whose values start with the standard columns, then ``columns``."""
	frappe.db.bulk_insert(doctype, [*STANDARD_COLUMNS, *columns], rows, chunk_size=5000)


@contextlib.contextmanager
def worker_serving(queue: str):
	"""An RQ worker of this bench serving ``queue`` while the block runs, as on any production site (the
	app leaves some work of a save to it). Started from `<bench>/sites`; stopped at the block's end."""
	from frappe.utils.background_jobs import get_queue, get_workers

	before = len(get_workers(get_queue(queue)))
	worker = subprocess.Popen(
		[sys.executable, "-m", "frappe.utils.bench_helper", "frappe", "worker", "--queue", queue],
		stdout=subprocess.DEVNULL,
		stderr=subprocess.DEVNULL,
	)
	try:
		deadline = time.monotonic() + 60
		while len(get_workers(get_queue(queue))) <= before:
			if worker.poll() is not None or time.monotonic() > deadline:
				raise RuntimeError(f"an RQ worker for the {queue} queue did not start")
			time.sleep(0.2)
		yield
	finally:
		worker.terminate()
		worker.wait(timeout=60)
