"""Redis stopped while staff work (it holds Frappe's cache, the job queue and the realtime channel): records
are still saved through the database, what needs the queue (an HMIS export) is refused with a clear
message and nothing half-made, and once Redis is back the queue works again without restarting anything."""

import shutil
import subprocess
import time

import frappe
import pytest

from tests.integration.world import make_user
from tests.reliability.processes import production
from tests.reliability.test_load import OUTSIDE, Load, Staff, coc, summary  # coc: the fixture, shared

REDIS = ["redis-cli", "-h", "127.0.0.1", "-p", "6379"]


def redis_is_up() -> bool:
	return subprocess.run([*REDIS, "ping"], capture_output=True, text=True).stdout.strip() == "PONG"


def stop_redis():
	subprocess.run([*REDIS, "shutdown", "nosave"], capture_output=True)
	while redis_is_up():
		time.sleep(0.1)


def start_redis():
	# As .ci/run starts it: loopback, nothing kept on disk.
	subprocess.run(
		[
			"redis-server",
			"--daemonize",
			"yes",
			"--bind",
			"127.0.0.1",
			"--port",
			"6379",
			"--save",
			"",
			"--appendonly",
			"no",
			"--dir",
			"/tmp",
			"--logfile",
			"/tmp/redis-ci.log",
		],
		check=True,
	)
	while not redis_is_up():
		time.sleep(0.1)


@pytest.mark.skipif(not shutil.which("redis-server"), reason="needs a Redis this machine starts itself")
def test_records_are_saved_and_the_queue_refuses_clearly_while_redis_is_down(coc):  # noqa: F811
	load = Load()
	frappe.set_user("Administrator")
	admin = make_user(f"load.admin.{coc.world.tag}@example.org", ["CAS Administrator"], [], coc.world)
	frappe.db.commit()
	households = coc.households[next(iter(coc.households))]
	with production(gunicorn_workers=2) as processes:
		assessor = Staff(processes.url, next(iter(coc.assessors.values()))[0], load)
		administrator = Staff(processes.url, admin, load)
		exports_before = frappe.db.count("CAS HMIS Export")

		def record_cls(label, index):
			saved = assessor.save(
				label,
				{
					"doctype": "CAS Current Living Situation",
					"enrollment": households[index],
					"living_situation": OUTSIDE,
					"location_address": "Redis outage corner",
				},
			)
			if saved:
				assessor.ack("CAS Current Living Situation", saved["name"])
			return saved

		def export(label):
			return administrator.save(
				label, {"doctype": "CAS HMIS Export", "from_date": "2026-01-01", "to_date": "2026-01-31"}
			)

		stop_redis()
		try:
			saved_while_down = [record_cls("CLS while Redis is down", index) for index in range(3)]
			export_while_down = export("export while Redis is down")
		finally:
			start_redis()
		saved_after = [record_cls("CLS after Redis is back", index) for index in range(3)]
		export_after = export("export after Redis is back")

	refusal = load.refusals.get(("export while Redis is down", 417)) or ""
	print(
		f"\nRedis down: CLS saved {sum(map(bool, saved_while_down))}/3, export refused: {summary(refusal)!r};"
		f" back: CLS saved {sum(map(bool, saved_after))}/3, export queued: {bool(export_after)}"
	)
	assert not load.server_errors, [
		(action, status, summary(body)) for _, action, status, body in load.server_errors
	]
	assert all(saved_while_down) and all(saved_after)
	assert export_while_down is None and "queue" in summary(refusal).lower()
	frappe.db.rollback()
	# Nothing half-made: the refused export left no record; the one after is queued.
	assert frappe.db.count("CAS HMIS Export") == exports_before + 1
	assert export_after and export_after["status"] == "Queued"
	stored = set(
		frappe.get_all(
			"CAS Current Living Situation", filters={"enrollment": ("in", households)}, pluck="name"
		)
	)
	assert stored == load.acked["CAS Current Living Situation"]
	frappe.db.delete("CAS HMIS Export", {"name": export_after["name"]})
	frappe.db.commit()
