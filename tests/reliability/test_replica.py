"""A read replica: with one named in the site's config (`read_from_replica`, `replica_host`,
`replica_db_port`), the heavy reads (the reports as the desk runs them, the workspace's number cards and
queue chart, the HMIS CSV export) go to it, and answer as the primary does.

The test starts a second MariaDB server on this machine (its own port and data directory, removed
afterwards) and seeds it with `mariadb-dump` of the site's database. When the primary writes binary logs,
the second server then follows it by GTID replication, and a write on the primary is seen to arrive. The
shared primary is never restarted to turn binary logs on: without them the replica is the dump's
snapshot, which is enough to prove where the reads go and what they answer. On the replica the site's
database user may only SELECT and the server is read-only, so a write that strayed there would fail.
"""

import contextlib
import csv
import io
import os
import shutil
import subprocess
import tempfile
import time
import zipfile
from datetime import timedelta

import frappe
import pymysql
import pytest

from tests.integration.http import free_port
from tests.reliability.test_load import coc  # the fixture, shared

MARIADBD = shutil.which("mariadbd") or "/usr/sbin/mariadbd"
INSTALL_DB = shutil.which("mariadb-install-db")
DUMP = shutil.which("mariadb-dump")
PRIMARY = ["-h", "127.0.0.1", "-P", "3306", "-uroot", "-proot"]


class Replica:
	"""A second MariaDB server in a temporary data directory, stopped and removed by ``stop()``."""

	def __init__(self, database: str):
		self.database = database
		self.folder = tempfile.mkdtemp(prefix="cas-replica-")
		self.socket = os.path.join(self.folder, "mysqld.sock")
		self.port = free_port()
		self.process = None

	def start(self):
		# mariadbd refuses to run as root unless told to; elsewhere it runs as whoever starts the test.
		as_user = ["--user=root"] if os.geteuid() == 0 else []
		data = os.path.join(self.folder, "data")
		subprocess.run(
			[
				INSTALL_DB,
				"--no-defaults",
				f"--datadir={data}",
				"--auth-root-authentication-method=normal",
				"--skip-test-db",
				*as_user,
			],
			check=True,
			capture_output=True,
		)
		self.log = open(os.path.join(self.folder, "mariadbd.log"), "w")
		self.process = subprocess.Popen(
			[
				MARIADBD,
				"--no-defaults",
				f"--datadir={data}",
				f"--port={self.port}",
				"--bind-address=127.0.0.1",
				f"--socket={self.socket}",
				f"--pid-file={os.path.join(self.folder, 'mariadbd.pid')}",
				f"--server-id={self.port}",
				"--skip-name-resolve",
				"--read-only=1",
				f"--replicate-do-db={self.database}",
				# Every statement the server receives is kept, to see which reads reached it.
				"--general-log=1",
				"--log-output=TABLE",
				"--innodb-buffer-pool-size=64M",
				"--character-set-server=utf8mb4",
				"--collation-server=utf8mb4_unicode_ci",
				*as_user,
			],
			stdout=self.log,
			stderr=subprocess.STDOUT,
			start_new_session=True,
		)
		for _ in range(120):
			with contextlib.suppress(pymysql.Error):
				self.sql("select 1")
				return
			if self.process.poll() is not None:
				break
			time.sleep(0.5)
		raise RuntimeError(f"the replica did not start; see {self.log.name}")

	def sql(self, query: str, values=None) -> tuple:
		connection = pymysql.connect(unix_socket=self.socket, user="root", autocommit=True)
		try:
			with connection.cursor() as cursor:
				cursor.execute(query, values)
				return cursor.fetchall()
		finally:
			connection.close()

	def seed(self, user: str, password: str, replicate: bool):
		"""The site's database as the dump finds it; the site's user, allowed to read it only."""
		dump = subprocess.run(
			[
				DUMP,
				*PRIMARY,
				"--single-transaction",
				"--skip-lock-tables",
				"--databases",
				self.database,
				# The dump's GTID position is where the replica starts following the primary.
				*(["--gtid", "--master-data=1"] if replicate else []),
			],
			check=True,
			capture_output=True,
		).stdout
		subprocess.run(
			["mariadb", f"--socket={self.socket}", "-uroot"], input=dump, check=True, capture_output=True
		)
		self.sql(f"create user '{user}'@'%%' identified by %s", (password,))
		self.sql(f"grant select on `{self.database}`.* to '{user}'@'%'")
		if replicate:
			self.sql(
				"""change master to master_host = '127.0.0.1', master_port = 3306, master_user = 'root',
				master_password = 'root', master_use_gtid = slave_pos"""
			)
			self.sql("start slave")

	def forget_queries(self):
		self.sql("truncate table mysql.general_log")

	def queries_of(self, user: str) -> list[str]:
		return [
			(argument.decode() if isinstance(argument, bytes) else argument)
			for (argument,) in self.sql(
				"""select argument from mysql.general_log
				where command_type = 'Query' and user_host like %s""",
				(f"{user}[%",),
			)
		]

	def stop(self):
		if self.process and self.process.poll() is None:
			with contextlib.suppress(pymysql.Error):
				self.sql("shutdown")
			try:
				self.process.wait(timeout=60)
			except subprocess.TimeoutExpired:
				self.process.kill()
				self.process.wait(timeout=10)
		if getattr(self, "log", None):
			self.log.close()
		shutil.rmtree(self.folder, ignore_errors=True)


def primary_writes_binlogs() -> bool:
	return bool(frappe.db.sql("select @@log_bin")[0][0])


@pytest.fixture(scope="module")
def queue(coc):  # noqa: F811
	"""Half the CoC's households on the shelter queue, each with a referral waiting past half its time;
	removed with the CoC (its teardown removes the households' records)."""
	shared = frappe.db.get_value("CAS Agency", {"is_cas_agency": 1})
	today = frappe.utils.getdate()
	now = frappe.utils.now()
	for index, enrollment in enumerate(
		name for names in coc.households.values() for name in names[: len(names) // 2]
	):
		household = frappe.db.get_value(
			"CAS Enrollment",
			enrollment,
			["client", "client_name", "client_agency", "is_protected"],
			as_dict=True,
		)
		entry = frappe.get_doc(
			{
				"doctype": "CAS Queue Entry",
				"enrollment": enrollment,
				**household,
				"agency": shared,
				"queue": "Shelter",
				"status": "Active",
				"date_added": today - timedelta(days=index),
				"score": index % 7,
				"is_evh": index % 3 == 0,
				"household_type": "Individual Adult",
				"household_size": 1,
				"tie_breaker": index / 100,
			}
		)
		entry.db_insert()
		frappe.db.sql(
			"""insert into `tabCAS Referral` (`name`, `creation`, `modified`, `owner`, `modified_by`, `enrollment`,
				`client`, `client_name`, `agency`, `client_agency`, `is_protected`, `workflow_state`, `queue_entry`,
				`program`, `referral_type`, `referral_date`, `deadline`)
			values (%s, %s, %s, 'Administrator', 'Administrator', %s, %s, %s, %s, %s, %s, 'Pending', %s, %s,
				'Shelter', %s, %s)""",
			(
				f"REF-REPLICA-{coc.world.tag}-{index}",
				now,
				now,
				enrollment,
				household.client,
				household.client_name,
				shared,
				household.client_agency,
				household.is_protected,
				entry.name,
				coc.shelter,
				today - timedelta(days=8),
				today + timedelta(days=2),
			),
		)
	frappe.db.commit()
	return coc


@pytest.fixture(scope="module")
def replica(queue):
	if not (INSTALL_DB and DUMP and os.access(MARIADBD, os.X_OK)):
		pytest.skip("needs mariadbd, mariadb-install-db and mariadb-dump on this machine")
	server = Replica(frappe.conf.db_name)
	try:
		server.start()
		server.replicating = primary_writes_binlogs()
		server.seed(frappe.conf.db_name, frappe.conf.db_password, server.replicating)
		yield server
	finally:
		server.stop()


@contextlib.contextmanager
def read_from(replica: Replica | None):
	"""The site's config naming the replica (or none) for the block, as `bench set-config` would."""
	conf = frappe.local.conf
	saved = {key: conf.get(key) for key in ("read_from_replica", "replica_host", "replica_db_port")}
	if replica:
		conf.update(read_from_replica=1, replica_host="127.0.0.1", replica_db_port=replica.port)
	else:
		conf.update(read_from_replica=0)
	try:
		yield
	finally:
		conf.update(saved)
		# Frappe keeps these until the request ends; each call here stands for a request of its own.
		for attribute in ("replica_db", "primary_db"):
			if hasattr(frappe.local, attribute):
				delattr(frappe.local, attribute)


def report(name: str, filters: dict):
	from frappe.desk.query_report import run

	return lambda: run(name, filters=frappe.as_json(filters))["result"]


def export_rows():
	"""The HMIS CSV export's files, each file's rows without the export's own id (new on every export)."""
	from cas_coordinated_access.hmis.export import Export

	with tempfile.TemporaryFile() as target:
		today = frappe.utils.getdate()
		Export(today - timedelta(days=365), today).write(target)
		target.seek(0)
		files = {}
		with zipfile.ZipFile(target) as archive:
			for file in archive.namelist():
				if file == "Export.csv":
					continue
				rows = list(csv.reader(io.TextIOWrapper(archive.open(file), encoding="utf-8")))
				keep = [i for i, column in enumerate(rows[0]) if column != "ExportID"]
				files[file] = [[row[i] for i in keep] for row in rows]
	return files


def test_heavy_reads_go_to_the_replica_and_answer_as_the_primary(queue, replica):
	from cas_coordinated_access import api, permissions
	from cas_coordinated_access.coordinated_access.dashboard_chart_source.queue_size import queue_size

	agency = next(iter(queue.assessors))
	assessor, referral = queue.assessors[agency][0], queue.referral_staff[0]
	client = frappe.db.get_value("CAS Enrollment", queue.households[agency][0], "client")
	reads = [
		("Community Queue", referral, report("Community Queue", {"queue": "Shelter"}), "tabCAS Queue Entry"),
		("Stalled Referrals", referral, report("Stalled Referrals", {}), "tabCAS Referral"),
		("Client History", assessor, report("Client History", {"client": client}), "tabCAS Household Member"),
		("Stalled Referrals card", referral, api.stalled_referrals_count, "tabCAS Referral"),
		("CLS Overdue card", assessor, api.overdue_cls_count, "tabCAS Due Item"),
		("ISPs Due Today card", assessor, api.isps_due_today_count, "tabCAS Due Item"),
		("Queue Size chart", referral, queue_size.get, "tabCAS Queue Entry"),
		("HMIS CSV export", "Administrator", export_rows, "tabCAS Enrollment"),
	]
	print(
		f"\nreplica on port {replica.port}: {'following the primary by GTID' if replica.replicating else 'seeded snapshot (the primary writes no binary logs)'}"
	)
	for label, user, read, table in reads:
		frappe.set_user(user)
		permissions.clear_viewer_cache()
		with read_from(None):
			expected = read()
		replica.forget_queries()
		with read_from(replica):
			answer = read()
			assert frappe.local.db is not getattr(frappe.local, "replica_db", None), (
				f"{label}: the site is left on the replica after the read"
			)
		reached = [query for query in replica.queries_of(frappe.conf.db_name) if table in query]
		print(f"{label:<26} {len(reached):>3} queries on the replica")
		assert reached, f"{label} did not read from the replica"
		assert answer == expected, f"{label} answers differently on the replica"
		assert answer or label.endswith("card"), f"{label}: nothing to compare (the test's data is missing)"
	frappe.set_user("Administrator")


def test_the_replica_follows_the_primary(queue, replica):
	"""A write committed on the primary reaches the replica (only where the primary writes binary logs)."""
	if not replica.replicating:
		pytest.skip(
			"the primary writes no binary logs (log_bin is off); restarting the shared server to turn them on is not this test's to do"
		)
	status = replica.sql("show slave status")
	assert status, "the replica is not following the primary"
	entry = frappe.get_all(
		"CAS Queue Entry",
		filters={"enrollment": ("in", queue.households[next(iter(queue.households))])},
		pluck="name",
	)[0]
	frappe.db.set_value("CAS Queue Entry", entry, "score", 99, update_modified=False)
	frappe.db.commit()
	for _ in range(100):
		if replica.sql(
			f"select `score` from `{replica.database}`.`tabCAS Queue Entry` where `name` = %s", (entry,)
		) == ((99,),):
			return
		time.sleep(0.1)
	pytest.fail("a write on the primary did not reach the replica within 10 s")
