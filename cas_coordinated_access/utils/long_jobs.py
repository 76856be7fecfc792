"""Long background work (the HMIS import and export) that a killed or restarted worker must not leave
"running" for ever.

A job says it is alive while it works (a heartbeat in Redis that expires); a scheduled check marks a
record whose job fell silent, and is not waiting in the queue either, as failed, saying why, so the
administrator can run it again. What such a job wrote stays whole: the import commits household by
household, the export attaches its zip only when it is complete."""

import time

import frappe
from frappe import _
from frappe.utils.background_jobs import get_job_status
from rq.job import JobStatus

# Silence after which a started job is taken for stopped; the site's `cas_background_job_silence` (in
# seconds) sets another. A job beats at least every household or chunk, far more often than this.
DEFAULT_SILENCE_SECONDS = 300


def job_key(doctype: str, name: str) -> str:
	return f"{frappe.scrub(doctype)}::{name}"


def current_job_id(doctype: str, name: str) -> str | None:
	"""The RQ job of the record's latest run (each run has its own: RQ keeps a finished job for a while)."""
	return frappe.cache.get_value(f"cas_job_current::{job_key(doctype, name)}")


def heartbeat_key(doctype: str, name: str) -> str:
	return f"cas_job_heartbeat::{job_key(doctype, name)}"


def silence_allowed() -> int:
	return int(frappe.conf.get("cas_background_job_silence") or DEFAULT_SILENCE_SECONDS)


def enqueue(method: str, doctype: str, name: str, /, **kwargs):
	"""Queue the job of ``doctype`` ``name`` on the long queue, under an ID the check can find it by."""
	check_queue_answers()
	job_id = f"{job_key(doctype, name)}::{frappe.generate_hash(length=10)}"
	frappe.cache.set_value(f"cas_job_current::{job_key(doctype, name)}", job_id, expires_in_sec=7 * 24 * 3600)
	frappe.enqueue(method, queue="long", timeout=6 * 3600, enqueue_after_commit=True, job_id=job_id, **kwargs)


def check_queue_answers():
	"""The job is queued after the record is committed: with the queue (Redis) down that would fail after the
	user was told it worked, leaving a record queued for nothing. Ask first, and refuse clearly."""
	from frappe.utils.background_jobs import get_redis_conn

	try:
		get_redis_conn().ping()
	except Exception:  # whatever the client raises for a server that does not answer
		frappe.throw(
			_(
				"Background work cannot start: the job queue (Redis) does not answer. Nothing was saved;"
				" try again once your administrator has it running."
			),
			title=_("Job queue unavailable"),
		)


def beat(doctype: str, name: str):
	"""The job is alive. Cheap enough to call for every household; written at most once a second."""
	last = frappe.local.flags.get("cas_last_heartbeat") or 0
	if time.monotonic() - last < 1:
		return
	frappe.local.flags.cas_last_heartbeat = time.monotonic()
	frappe.cache.set_value(heartbeat_key(doctype, name), 1, expires_in_sec=silence_allowed())


def has_stopped(doctype: str, name: str) -> bool:
	if frappe.cache.get_value(heartbeat_key(doctype, name)):
		return False
	# Still waiting for a worker (none free, or none running yet) is not stopped.
	job_id = current_job_id(doctype, name)
	return not job_id or get_job_status(job_id) != JobStatus.QUEUED


def mark_stopped_jobs(running: dict[str, tuple[str, ...]] | None = None):
	"""Scheduled: every import or export shown as running whose job has stopped is marked failed."""
	from cas_coordinated_access.coordinated_access.doctype.cas_hmis_export.cas_hmis_export import (
		RUNNING as EXPORT_RUNNING,
	)
	from cas_coordinated_access.coordinated_access.doctype.cas_hmis_import.cas_hmis_import import (
		RUNNING as IMPORT_RUNNING,
	)

	running = running or {"CAS HMIS Import": IMPORT_RUNNING, "CAS HMIS Export": EXPORT_RUNNING}
	for doctype, statuses in running.items():
		for name in frappe.get_all(doctype, filters={"status": ("in", statuses)}, pluck="name"):
			if has_stopped(doctype, name):
				frappe.db.set_value(doctype, name, {"status": "Failed", "error": stopped_message()})
				frappe.db.commit()  # nosemgrep: each record is told on its own


def stopped_message() -> str:
	return _(
		"The background worker stopped before this finished (it was stopped or restarted, or the server"
		" went down). What it wrote is whole; run it again."
	)
