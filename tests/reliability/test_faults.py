"""Faults while long work runs: the RQ worker is killed (SIGKILL, as the OOM killer or a lost machine would)
in the middle of an HMIS import and of an export. Each household stays whole or absent; the scheduled check
marks the record failed and says why; running it again completes without duplicates."""

import signal
import subprocess
import time

import frappe
import pytest

from cas_coordinated_access.hmis import record_ids
from cas_coordinated_access.utils import long_jobs
from tests.hmis_files import HmisFiles
from tests.integration.conftest import bench_command
from tests.integration.factories import make_agency
from tests.reliability.processes import SITES, Processes

HOUSEHOLDS = 300
SILENCE_SECONDS = 3  # how long the check waits for a silent job in this test (five minutes on a site)


@pytest.fixture(scope="module")
def worker_site(site):
	"""The site's jobs are taken for stopped after a few seconds of silence while these tests run."""
	subprocess.run(
		bench_command("set-config", "cas_background_job_silence", str(SILENCE_SECONDS)),
		cwd=SITES,
		check=True,
		capture_output=True,
	)
	frappe.local.conf.cas_background_job_silence = SILENCE_SECONDS
	yield
	subprocess.run(
		bench_command("set-config", "cas_background_job_silence", "0", "--parse"), cwd=SITES, check=False
	)
	frappe.local.conf.cas_background_job_silence = None


def wait_for(condition, seconds: float, what: str):
	deadline = time.monotonic() + seconds
	while time.monotonic() < deadline:
		frappe.db.rollback()  # see what the worker committed
		if condition():
			return
		time.sleep(0.05)
	pytest.fail(f"waited {seconds} s for {what}")


def import_file(tag: str) -> bytes:
	files = HmisFiles(implementation=f"fault-{tag}")
	for index in range(HOUSEHOLDS):
		household, person = f"H{index}", f"C{index}"
		files.household(household, person)
		files.living_situation(f"S{index}", f"{household}E", person, date="2026-02-01")
	return files.zip_bytes()


def households_written(source: str) -> int:
	"""A sample of the households (every tenth), enough to see the import under way."""
	return sum(stored_parts(source, index)["Enrollment.csv"] for index in range(0, HOUSEHOLDS, 10))


def stored_parts(source: str, index: int) -> dict[str, bool]:
	"""Which records of household ``index`` the import wrote, found by the IDs the file gave them."""
	parts = {}
	for file, hmis_id, doctype in (
		("Client.csv", f"C{index}", "CAS Client"),
		("Enrollment.csv", f"H{index}E", "CAS Enrollment"),
		("CurrentLivingSituation.csv", f"S{index}", "CAS Current Living Situation"),
	):
		parts[file] = bool(record_ids.find(source, file, hmis_id, doctype))
	return parts


def test_a_worker_killed_mid_import_leaves_households_whole_and_the_import_runs_again(worker_site):
	frappe.set_user("Administrator")
	tag = frappe.generate_hash(length=6)
	agency = make_agency(f"Fault Import {tag}").name
	content = import_file(tag)
	source = f"fault-{tag}"
	file = frappe.get_doc(
		{"doctype": "File", "file_name": f"{tag}.zip", "is_private": 1, "content": content}
	).insert()
	log = frappe.get_doc(
		{"doctype": "CAS HMIS Import", "agency": agency, "import_file": file.file_url}
	).insert()
	frappe.db.commit()
	processes = Processes(gunicorn_workers=0)
	try:
		processes.start_worker()
		log.start_dry_run()
		frappe.db.commit()
		wait_for(
			lambda: frappe.db.get_value(log.doctype, log.name, "status") == "Dry Run Done", 180, "the dry run"
		)
		log.reload()
		log.start_import()
		frappe.db.commit()
		wait_for(lambda: households_written(source) >= 3, 180, "the import to be under way")
		processes.stop("worker-long", signal.SIGKILL)
		frappe.db.rollback()
		assert frappe.db.get_value(log.doctype, log.name, "status") == "Importing"

		# Whole or absent: every household has all three of its records or none of them.
		parts = [stored_parts(source, index) for index in range(HOUSEHOLDS)]
		halves = [index for index, found in enumerate(parts) if len(set(found.values())) > 1]
		imported = sum(all(found.values()) for found in parts)
		print(f"\nWorker killed after {imported} of {HOUSEHOLDS} households; half-written: {len(halves)}")
		assert not halves, halves[:10]
		assert 0 < imported < HOUSEHOLDS, "the kill fell in the middle of the import"

		# The scheduled check, once the job has been silent for longer than the site allows.
		time.sleep(SILENCE_SECONDS + 1)
		long_jobs.mark_stopped_jobs()
		log.reload()
		assert log.status == "Failed" and "worker stopped" in log.error, (log.status, log.error)

		processes.start_worker()
		log.start_import()
		frappe.db.commit()
		wait_for(
			lambda: frappe.db.get_value(log.doctype, log.name, "status") in ("Completed", "Failed"),
			300,
			"the second run",
		)
		log.reload()
		assert log.status == "Completed", log.error
		clients = frappe.db.count("CAS Client", {"agency": agency})
		enrollments = frappe.db.count("CAS Enrollment", {"client_agency": agency})
		print(
			f"Run again: {log.households_created} created, {log.households_unchanged} unchanged,"
			f" {log.households_updated} updated; {clients} clients, {enrollments} enrollments for {HOUSEHOLDS} households"
		)
		assert (clients, enrollments) == (HOUSEHOLDS, HOUSEHOLDS)
		assert log.households_created == HOUSEHOLDS - imported
		check_a_killed_export_runs_again(processes)
	finally:
		processes.stop_all()
		remove_import(agency, source)


def check_a_killed_export_runs_again(processes: Processes):
	"""The export is killed as soon as it runs: no zip is attached (it is attached only when complete), the
	check marks it failed, and run again it attaches exactly one complete zip."""
	export = frappe.get_doc(
		{"doctype": "CAS HMIS Export", "from_date": "2026-01-01", "to_date": "2026-12-31"}
	)
	export.insert()
	frappe.db.commit()
	try:
		wait_for(
			lambda: frappe.db.get_value(export.doctype, export.name, "status") == "Running", 120, "the export"
		)
		processes.stop("worker-long", signal.SIGKILL)
		time.sleep(SILENCE_SECONDS + 1)
		long_jobs.mark_stopped_jobs()
		export.reload()
		zips = lambda: frappe.get_all(  # noqa: E731
			"File",
			filters={"attached_to_doctype": export.doctype, "attached_to_name": export.name},
			pluck="name",
		)
		assert (export.status, zips()) == ("Failed", []), (export.status, export.error)
		processes.start_worker()
		export.run_again()
		frappe.db.commit()
		wait_for(
			lambda: frappe.db.get_value(export.doctype, export.name, "status") in ("Completed", "Failed"),
			300,
			"the export run again",
		)
		export.reload()
		assert export.status == "Completed" and len(zips()) == 1, (export.status, export.error)
		print(
			f"Export killed while running, marked failed, run again: {export.rows_written.count(':')} files, one zip"
		)
	finally:
		frappe.db.rollback()
		for name in frappe.get_all("File", filters={"attached_to_name": export.name}, pluck="name"):
			frappe.delete_doc("File", name, force=True, ignore_permissions=True)
		frappe.db.delete("CAS HMIS Export", {"name": export.name})
		frappe.db.commit()


def remove_import(agency: str, source: str):
	frappe.db.rollback()
	enrollments = frappe.get_all("CAS Enrollment", filters={"client_agency": agency}, pluck="name")
	for doctype in ("CAS Current Living Situation", "CAS CE Event"):
		frappe.db.delete(doctype, {"enrollment": ("in", enrollments or [""])})
	for child in ("CAS Household Member", "CAS Due Item"):
		frappe.db.delete(child, {"parent": ("in", enrollments or [""])})
	frappe.db.delete("ToDo", {"reference_name": ("in", enrollments or [""])})
	frappe.db.delete("CAS Enrollment", {"name": ("in", enrollments or [""])})
	frappe.db.delete("CAS Client", {"agency": agency})
	frappe.db.delete("CAS HMIS Record ID", {"source": source})
	for name in frappe.get_all("CAS HMIS Import", filters={"agency": agency}, pluck="name"):
		frappe.db.delete("CAS HMIS Import Household", {"parent": name})
		frappe.db.delete("CAS HMIS Import", {"name": name})
	frappe.db.delete("CAS Program", {"agency": agency})
	frappe.db.delete("CAS Agency", {"name": agency})
	frappe.db.commit()
