"""MariaDB stopped and started again while assessors record CLS through gunicorn: requests fail while it is
down, the site recovers by itself once it is back (no restart of gunicorn, the worker or the scheduler),
and no household is half-written: every CLS answered 200 is stored, and nothing else."""

import os
import re
import subprocess
import threading
import time

import frappe
import pytest

from tests.reliability.processes import production
from tests.reliability.test_load import OUTSIDE, Load, Staff, coc, summary  # coc: the fixture, shared

MARIADBD = "/usr/sbin/mariadbd"
BEFORE, DOWN, AFTER = 5.0, 6.0, 10.0


def mariadb_is_up() -> bool:
	return (
		subprocess.run(
			["mysqladmin", "--protocol=tcp", "-h", "127.0.0.1", "-uroot", "-proot", "ping"],
			capture_output=True,
		).returncode
		== 0
	)


def stop_mariadb():
	subprocess.run(
		["mysqladmin", "--protocol=tcp", "-h", "127.0.0.1", "-uroot", "-proot", "shutdown"], check=True
	)
	while mariadb_is_up():
		time.sleep(0.2)


def start_mariadb() -> float:
	started = time.monotonic()
	subprocess.run(
		[
			"start-stop-daemon",
			"--start",
			"--oknodo",
			"--background",
			"--exec",
			MARIADBD,
			"--",
			"--user=mysql",
		],
		check=True,
	)
	while not mariadb_is_up():
		if time.monotonic() - started > 60:
			raise RuntimeError("MariaDB did not come back")
		time.sleep(0.2)
	return time.monotonic() - started


@pytest.mark.skipif(not os.access(MARIADBD, os.X_OK), reason="needs a MariaDB this machine starts itself")
def test_the_site_rides_out_a_database_restart(coc):  # noqa: F811
	load = Load()
	calls = []  # (started, ended, saved, (status, body))
	marks = {}
	with production(gunicorn_workers=2) as processes:
		staff = [
			(Staff(processes.url, user, load), coc.households[agency])
			for agency, users in coc.assessors.items()
			for user in users
		][:4]
		stop = threading.Event()

		def record(member, households, seed):
			index = seed
			while not stop.is_set():
				index += 1
				started = time.monotonic()
				answer = member.save(
					"record CLS",
					{
						"doctype": "CAS Current Living Situation",
						"enrollment": households[index % len(households)],
						"living_situation": OUTSIDE,
						"location_address": "Outage corner",
					},
				)
				calls.append((started, time.monotonic(), answer is not None, member.last))
				if answer:
					member.ack("CAS Current Living Situation", answer["name"])
				time.sleep(0.1)

		threads = [
			threading.Thread(target=record, args=(member, households, seed))
			for seed, (member, households) in enumerate(staff)
		]
		for thread in threads:
			thread.start()
		try:
			time.sleep(BEFORE)
			stop_mariadb()
			marks["down"] = time.monotonic()
			time.sleep(DOWN)
		finally:
			marks["starting"] = time.monotonic()
			restart_seconds = start_mariadb()
			marks["up"] = time.monotonic()
			frappe.db.connect()  # this process's own connection went with the server
		time.sleep(AFTER)
		stop.set()
		for thread in threads:
			thread.join()

	before = [saved for started, ended, saved, _ in calls if ended < marks["down"]]
	down_calls = [call for call in calls if call[0] > marks["down"] and call[1] < marks["starting"]]
	down = [saved for started, ended, saved, _ in down_calls]
	# Each gunicorn worker finds its old connection gone once, then connects anew: a second is plenty.
	after = [saved for started, ended, saved, _ in calls if started > marks["up"] + 1]
	print(
		f"\nMariaDB down {DOWN:.0f} s, back in {restart_seconds:.1f} s; CLS saved before {sum(before)}/{len(before)},"
		f" while down {sum(down)}/{len(down)}, from a second after it was back {sum(after)}/{len(after)}"
	)
	print(
		"  answers: "
		+ ", ".join(f"{status}: {count}" for status, count in load.statuses["record CLS"].items())
	)
	if down_calls:
		print(f"  while down, the answer said: {answer_text(down_calls[-1][3][1])}")
	assert before and all(before), "the load saves before the outage"
	assert down and not any(down), "requests while the database is down fail"
	# ... each with a 503 and words a user can act on, never a bare 500 or a traceback.
	unclear = [answer for *_, answer in down_calls if not is_clear_unavailable(answer)]
	assert not unclear, (
		f"{len(unclear)} of {len(down_calls)} answers while down were not clear: {unclear[:1]}"
	)
	assert after and all(after), "the site recovers by itself"
	frappe.db.rollback()
	households = [name for names in coc.households.values() for name in names]
	stored = set(
		frappe.get_all(
			"CAS Current Living Situation", filters={"enrollment": ("in", households)}, pluck="name"
		)
	)
	assert stored == load.acked["CAS Current Living Situation"]


def is_clear_unavailable(answer: tuple) -> bool:
	status, body = answer
	return status == 503 and "database cannot be reached" in body and "Traceback" not in body


def answer_text(body: str) -> str:
	"""A JSON answer's message, or the words of an HTML page."""
	if body.lstrip().startswith("<"):
		return " ".join(re.sub(r"<[^>]+>", " ", re.sub(r"(?s)<(script|style).*?</\1>", " ", body)).split())[
			:200
		]
	return summary(body)
