"""HMIS CSV export (FY2026 by default, FY2024 on request) from a site holding every kind of record, checked
against HUD's specification of the version written."""

import csv
import io
import zipfile
from datetime import timedelta

import frappe
from frappe.utils import add_days, getdate

from cas_coordinated_access.api import send_to_community_queue
from cas_coordinated_access.hmis.export import Export
from cas_coordinated_access.rules import hmis_csv
from tests.integration.factories import (
	make_agency,
	make_cls,
	make_enrollment,
	make_event,
	make_program,
	make_user,
)
from tests.integration.test_visit import FLEEING, answer, new_hct
from tests.integration.world import build_world


def exported(user: str, version: str | None = None) -> dict[str, list[dict]]:
	frappe.set_user(user)
	buffer = io.BytesIO()
	job = Export(add_days(getdate(), -400), getdate(), user=user, version=version)
	job.write(buffer)
	with hmis_csv.using(job.version):  # each row checked against its own version's specification
		return read_zip(buffer)


def read_zip(buffer) -> dict[str, list[dict]]:
	files = {}
	with zipfile.ZipFile(buffer) as archive:
		assert sorted(archive.namelist()) == sorted(hmis_csv.FILES)
		for name in archive.namelist():
			text = archive.read(name).decode("utf-8")
			reader = csv.reader(io.StringIO(text))
			header = next(reader)
			assert header == hmis_csv.header(name), name
			rows = []
			for cells in reader:
				cells = [cell if cell != "" else None for cell in cells]
				assert hmis_csv.problems(name, cells) == [], (name, hmis_csv.problems(name, cells))
				rows.append(dict(zip(header, cells, strict=True)))
			files[name] = rows
	return files


def test_export_follows_the_spec_and_keeps_survivors_private():
	frappe.set_user("Administrator")
	world = build_world(frappe.generate_hash(length=6))
	make_event(world.enrollments["ana_cas"], "Referral to Housing Navigation project or services")
	make_cls(world.enrollments["ana_cas"], information_date=getdate())
	hct = new_hct(world.enrollments["ana_cas"])
	answer(hct, {FLEEING})
	hct.save()
	hct.submit()
	send_to_community_queue(hct.doctype, hct.name, "Housing")
	rita = frappe.get_doc("CAS Enrollment", world.enrollments["rita_sso"])
	rita.update({"exit_date": getdate() - timedelta(days=1), "destination": "Safe Haven"})
	rita.save()

	files = exported("Administrator")
	assert len(files["Export.csv"]) == 1
	export_id = files["Export.csv"][0]["ExportID"]
	people = {row["PersonalID"]: row for row in files["Client.csv"]}
	assert world.clients["ana"] in people and world.clients["nora"] in people
	# A victim service provider's client is not exported by someone outside that agency.
	assert world.clients["vera"] not in people
	households = {row["HouseholdID"] for row in files["Enrollment.csv"]}
	assert world.enrollments["vera_cas"] not in households
	assert {row["EnrollmentID"] for row in files["Exit.csv"]} == {f"{rita.name}:{rita.client}"}
	assert any(row["Event"] == "7" for row in files["Event.csv"])
	assessment = {row["AssessmentID"]: row for row in files["Assessment.csv"]}[hct.name]
	assert (
		assessment["AssessmentLevel"],
		assessment["AssessmentType"],
		assessment["PrioritizationStatus"],
	) == ("2", "3", "1")
	questions = [row for row in files["AssessmentQuestions.csv"] if row["AssessmentID"] == hct.name]
	assert len(questions) == len(hct.answers) and questions[0]["AssessmentQuestionOrder"] == "1"
	results = {
		row["AssessmentResultType"]: row["AssessmentResult"]
		for row in files["AssessmentResults.csv"]
		if row["AssessmentID"] == hct.name
	}
	assert results["Total Score"] == str(hct.total_score)
	assert all(row["ExportID"] == export_id for name in hmis_csv.FILES[1:] for row in files[name])
	used = {row["UserID"] for name in hmis_csv.FILES[1:] if name != "User.csv" for row in files[name]}
	assert used <= {row["UserID"] for row in files["User.csv"]}
	assert {row["ProjectID"] for row in files["Enrollment.csv"]} <= {
		row["ProjectID"] for row in files["Project.csv"]
	}

	# An administrator of the victim service provider exports its clients, without identifying data.
	admin = make_user(f"vsp.admin.{world.tag}@example.org", "CAS Administrator", [world.harbor])
	files = exported(admin)
	vera = {row["PersonalID"]: row for row in files["Client.csv"]}[world.clients["vera"]]
	assert (vera["FirstName"], vera["LastName"], vera["DOB"], vera["SSN"]) == (None, None, None, None)
	assert vera["NameDataQuality"] == "99" and vera["DOBDataQuality"] == "99"


def test_same_record_keeps_its_id_across_exports():
	frappe.set_user("Administrator")
	world = build_world(frappe.generate_hash(length=6))
	first, second = exported("Administrator"), exported("Administrator")
	for name in ("Client.csv", "Enrollment.csv", "CurrentLivingSituation.csv"):
		key = hmis_csv.header(name)[0]
		assert {row[key] for row in first[name]} == {row[key] for row in second[name]}
	assert world


def test_export_record_runs_the_job_and_attaches_a_private_zip():
	from cas_coordinated_access.coordinated_access.doctype.cas_hmis_export.cas_hmis_export import run_export

	frappe.set_user("Administrator")
	build_world(frappe.generate_hash(length=6))
	log = frappe.get_doc(
		{"doctype": "CAS HMIS Export", "from_date": add_days(getdate(), -400), "to_date": getdate()}
	).insert()
	assert log.status == "Queued"
	run_export(log.name, "Administrator")  # what the background worker runs
	log.reload()
	assert log.status == "Completed" and log.export_file.startswith("/private/files/")
	file = frappe.get_doc("File", {"file_url": log.export_file})
	try:
		assert file.is_private and file.attached_to_name == log.name
		with zipfile.ZipFile(io.BytesIO(file.get_content())) as archive:
			assert sorted(archive.namelist()) == sorted(hmis_csv.FILES)
	finally:
		# The database rolls back; the file on disk does not.
		import os

		os.remove(file.get_full_path())
	import json

	assert json.loads(log.rows_written)["Client.csv"] >= 3
	with __import__("pytest").raises(frappe.ValidationError, match="starts after it ends"):
		frappe.get_doc(
			{"doctype": "CAS HMIS Export", "from_date": getdate(), "to_date": add_days(getdate(), -1)}
		).insert()


def test_export_writes_fy2026_by_default_and_fy2024_on_request():
	frappe.set_user("Administrator")
	world = build_world(frappe.generate_hash(length=6))
	# An EHV event (17) in history imported from another HMIS: HUD retired it in FY2026.
	frappe.flags.cas_hmis_import = True
	try:
		ehv = make_event(world.enrollments["ana_cas"], "Referral to Emergency Housing Voucher (EHV)")
	finally:
		frappe.flags.cas_hmis_import = False
	frappe.db.set_value("CAS Client", world.clients["nora"], "sex", "Female")
	fy2026 = exported("Administrator")
	assert fy2026["Export.csv"][0]["CSVVersion"] == "2026 v1.0"
	by_id = {row["PersonalID"]: row for row in fy2026["Client.csv"]}
	ana = by_id[world.clients["ana"]]
	# 4.21 Sex as asked; not yet asked: "Data not collected", never read from the gender answers.
	assert ana["Sex"] == "99" and "Woman" not in ana and "HispanicLatinao" in ana
	assert by_id[world.clients["nora"]]["Sex"] == "0"
	# EHV (17) has no FY2026 code: left out, never written under another.
	assert ehv.name not in {row["EventID"] for row in fy2026["Event.csv"]}
	assert all(row["Event"] != "17" for row in fy2026["Event.csv"])

	fy2024 = exported("Administrator", "FY2024")
	assert fy2024["Export.csv"][0]["CSVVersion"] == "2024 v1.4"
	ana = next(row for row in fy2024["Client.csv"] if row["PersonalID"] == world.clients["ana"])
	assert "Sex" not in ana and "Woman" in ana and "HispanicLatinaeo" in ana
	assert ehv.name in {row["EventID"] for row in fy2024["Event.csv"] if row["Event"] == "17"}


def test_chunks_read_one_after_another_write_each_client_once(monkeypatch):
	"""Enrollments are read a chunk at a time by name, and a client already written by an earlier chunk
	is found by asking the database, not remembered: with a chunk of one enrollment the files are the
	same as with one chunk for all, each client written once."""
	from cas_coordinated_access.hmis import export

	frappe.set_user("Administrator")
	world = build_world(frappe.generate_hash(length=6))
	# Ana came to another program once before: she is a member of two exported enrollments.
	make_enrollment(
		make_program(make_agency().name).name,
		world.clients["ana"],
		entry_date=getdate() - timedelta(days=200),
		exit_date=getdate() - timedelta(days=150),
		destination="Safe Haven",
	)

	def without_export_stamps(files):
		return {
			name: sorted(
				tuple(sorted((k, v) for k, v in row.items() if k not in ("ExportID", "ExportDate")))
				for row in rows
			)
			for name, rows in files.items()
			if name != "Export.csv"
		}

	whole = exported("Administrator")
	monkeypatch.setattr(export, "CHUNK", 1)
	one_by_one = exported("Administrator")
	assert without_export_stamps(one_by_one) == without_export_stamps(whole)
	people = [row["PersonalID"] for row in one_by_one["Client.csv"]]
	assert len(people) == len(set(people))
	households_of = {}
	for row in one_by_one["Enrollment.csv"]:
		households_of.setdefault(row["PersonalID"], set()).add(row["HouseholdID"])
	assert any(len(households) > 1 for households in households_of.values()), "no client in two chunks"
