"""`bench backup --with-files` of a site holding every kind of CAS record and private file, restored into a
new site: every record, attachment and export zip comes back, and the scoping holds there. The restored
site is given the backup's encryption key, as Frappe asks (its passwords and the app's pseudonyms are
keyed with it)."""

import glob
import json
import os
import shutil
import subprocess
import tempfile

import frappe
import pytest
from frappe.utils import getdate

from cas_coordinated_access.coordinated_access.doctype.cas_hmis_export.cas_hmis_export import run_export
from tests.integration.conftest import BENCH, bench_command
from tests.integration.factories import make_event
from tests.integration.world import build_world, destroy_world
from tests.reliability.processes import PYTHON, SITES, frappe_command

RESTORED = os.environ.get("CAS_RESTORE_SITE", "cas-restore.localhost")

# Run on the restored site: its counts, what its users may see, its pseudonyms, its files.
CHECKS = """
import hashlib, json, sys, frappe
from cas_coordinated_access import permissions
asked = json.loads(sys.argv[1])
frappe.init(site=asked["site"], sites_path=".")
frappe.connect()
answer = {"counts": {d: frappe.db.count(d) for d in asked["doctypes"]}, "sees": [], "labels": {}, "files": {}}
for doctype, name, user in asked["sees"]:
    answer["sees"].append(permissions.sees(doctype, name, user))
for client in asked["labels"]:
    row = frappe.db.get_value("CAS Client", client, ["full_name", "is_protected", "display_name"], as_dict=True)
    answer["labels"][client] = [row.display_name, permissions.client_display_name(client, row.full_name, bool(row.is_protected))]
for name in asked["files"]:
    content = frappe.get_doc("File", name).get_content()
    answer["files"][name] = hashlib.sha256(content if isinstance(content, bytes) else content.encode()).hexdigest()
frappe.destroy()
print("CHECKS" + json.dumps(answer))
"""


def bench(*args: str, site: str | None = None) -> str:
	command = (
		bench_command(*args, site=site)
		if site
		else [PYTHON, "-m", "frappe.utils.bench_helper", "frappe", *args]
	)
	result = subprocess.run(command, cwd=SITES, capture_output=True, text=True, timeout=900)
	assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
	return result.stdout


@pytest.fixture(scope="module")
def world(site):
	"""Every kind of CAS record: clients (one protected), enrollments and households, CLS, a CE Event, the
	app's settings and workflow, a private attachment, an HMIS export with its zip."""
	frappe.set_user("Administrator")
	world = build_world("B" + frappe.generate_hash(length=5))
	world.created.append(
		(
			"CAS CE Event",
			make_event(world.enrollments["ana_cas"], "Referral to Prevention Assistance project").name,
		)
	)
	attachment = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"{world.tag}-id.txt",
			"attached_to_doctype": "CAS Enrollment",
			"attached_to_name": world.enrollments["vera_cas"],
			"is_private": 1,
			"content": f"survivor's ID {world.tag}",
		}
	).insert()
	world.created.append(("File", attachment.name))
	export = frappe.get_doc(
		{"doctype": "CAS HMIS Export", "from_date": "2026-01-01", "to_date": str(getdate())}
	)
	export.flags.written_by_command_line = True
	export.insert()
	world.created.append(("CAS HMIS Export", export.name))
	run_export(export.name, "Administrator")
	frappe.set_user("Administrator")
	world.export_zip = frappe.get_value("File", {"attached_to_name": export.name}, "name")
	world.created.append(("File", world.export_zip))
	world.attachment = attachment.name
	frappe.db.commit()
	yield world
	frappe.db.rollback()
	destroy_world(world)
	frappe.db.commit()


def cas_doctypes() -> list[str]:
	return frappe.get_all("DocType", filters={"module": "Coordinated Access", "issingle": 0}, pluck="name")


def run_checks(site_name: str, world, doctypes: list[str]) -> dict:
	asked = {
		"site": site_name,
		"doctypes": doctypes,
		"sees": [
			("CAS Client", world.clients["vera"], world.users["river_assessor"]),
			("CAS Client", world.clients["vera"], world.users["harbor_assessor"]),
			("CAS Client", world.clients["nora"], world.users["river_assessor"]),
			("CAS Enrollment", world.enrollments["nora_shelter"], world.users["referral"]),
			("CAS Enrollment", world.enrollments["ana_cas"], world.users["river_assessor"]),
		],
		"labels": [world.clients["vera"]],
		"files": [world.attachment, world.export_zip],
	}
	result = subprocess.run(
		[PYTHON, "-c", CHECKS, json.dumps(asked)], cwd=SITES, capture_output=True, text=True, timeout=300
	)
	assert result.returncode == 0, result.stderr[-3000:]
	return json.loads(result.stdout.split("CHECKS", 1)[1])


def test_a_backup_with_files_restores_every_record_and_file_and_the_scoping(world):
	site_name = frappe.local.site
	doctypes = cas_doctypes()
	before = run_checks(site_name, world, doctypes)
	assert before["sees"] == [False, True, False, False, True]
	workdir = tempfile.mkdtemp(prefix="cas-backup-")
	try:
		bench("backup", "--with-files", "--backup-path", workdir, site=site_name)
		database = glob.glob(os.path.join(workdir, "*-database.sql.gz"))[0]
		public = glob.glob(os.path.join(workdir, "*-files.tar"))[0]
		private = glob.glob(os.path.join(workdir, "*-private-files.tar"))[0]
		with open(glob.glob(os.path.join(workdir, "*-site_config_backup.json"))[0]) as config:
			encryption_key = json.load(config)["encryption_key"]
		bench(
			"new-site",
			RESTORED,
			"--force",
			"--admin-password",
			"admin",
			"--db-root-username",
			"root",
			"--mariadb-user-host-login-scope=%",
		)
		bench("set-config", "encryption_key", encryption_key, site=RESTORED)
		bench(
			"restore",
			database,
			"--with-public-files",
			public,
			"--with-private-files",
			private,
			"--db-root-username",
			"root",
			"--db-root-password",
			"root",
			"--force",
			site=RESTORED,
		)
		after = run_checks(RESTORED, world, doctypes)
		print(
			f"\nBackup restored into {RESTORED}: {sum(after['counts'].values())} CAS records in {len(doctypes)} DocTypes,"
			f" {len(after['files'])} private files checked by content"
		)
		assert after["counts"] == before["counts"]
		assert after["files"] == before["files"]
		assert after["sees"] == before["sees"]
		stored, computed = after["labels"][world.clients["vera"]]
		assert stored == computed == before["labels"][world.clients["vera"]][0]
	finally:
		shutil.rmtree(workdir, ignore_errors=True)
		subprocess.run(
			frappe_command("drop-site", RESTORED, "--db-root-password", "root", "--no-backup", "--force"),
			cwd=SITES,
			capture_output=True,
			timeout=300,
		)
