"""The round trip: export this site's data as HMIS CSV, import it into a fresh site, export that site: the
same rows come out (the records keep the IDs they were exported with)."""

import csv
import io
import json
import os
import subprocess
import zipfile
from datetime import timedelta

import frappe
import pytest
from frappe.utils import add_days, getdate

from cas_coordinated_access.api import provide_services, status_assessment_members
from cas_coordinated_access.hmis.export import Export
from tests.integration.conftest import BENCH, FRESH_SITE, bench_command
from tests.integration.factories import make_cls, make_event
from tests.integration.test_visit import FLEEING, answer, new_hct
from tests.integration.world import build_world

# Who wrote a row and when differ on the fresh site; what the row says may not.
METADATA = {"DateCreated", "DateUpdated", "UserID", "ExportID", "DateDeleted"}
COMPARED = {
	"Client.csv": "PersonalID",
	"Enrollment.csv": "EnrollmentID",
	"Exit.csv": "ExitID",
	"CurrentLivingSituation.csv": "CurrentLivingSitID",
	"Assessment.csv": "AssessmentID",
	"AssessmentQuestions.csv": "AssessmentQuestionID",
	"AssessmentResults.csv": "AssessmentResultID",
	"Event.csv": "EventID",
	"IncomeBenefits.csv": "IncomeBenefitsID",
	"HealthAndDV.csv": "HealthAndDVID",
	"Disabilities.csv": "DisabilitiesID",
	"Services.csv": "ServicesID",
	# Projects land in the agency chosen for the import: all but their organization must match.
	"Project.csv": "ProjectID",
}


def status_record(enrollment, stage: str, answers: dict, on=None):
	doc = frappe.get_doc(
		{
			"doctype": "CAS Status Assessment",
			"enrollment": enrollment.name,
			"data_collection_stage": stage,
			"information_date": on or enrollment.entry_date,
			"members": status_assessment_members(enrollment.name, str(on or enrollment.entry_date)),
		}
	)
	doc.members[0].update(answers)
	doc.insert()
	doc.submit()
	return doc


def fresh_site(*args: str) -> str:
	result = subprocess.run(
		bench_command(*args, site=FRESH_SITE),
		cwd=os.path.join(BENCH, "sites"),
		capture_output=True,
		text=True,
		timeout=900,
	)
	assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
	return result.stdout


def rows_of(path: str) -> dict[str, dict[str, dict]]:
	files = {}
	with zipfile.ZipFile(path) as archive:
		for file, id_column in COMPARED.items():
			reader = csv.DictReader(io.StringIO(archive.read(file).decode("utf-8")))
			ignored = METADATA | ({"OrganizationID"} if file == "Project.csv" else set())
			files[file] = {
				row[id_column]: {k: v for k, v in row.items() if k not in ignored} for row in reader
			}
	return files


def test_export_import_into_a_fresh_site_and_export_again_gives_the_same_rows(tmp_path):
	frappe.set_user("Administrator")
	world = build_world(frappe.generate_hash(length=6))
	enrollment = world.enrollments["ana_cas"]
	make_cls(enrollment, information_date=getdate())
	hct = new_hct(enrollment)
	answer(hct, {FLEEING})
	hct.save()
	hct.submit()
	make_event(enrollment, "Referral to Housing Navigation project or services")
	# Three bed nights (one Services.csv row each) and a service HMIS CSV does not carry.
	provide_services(
		"Shelter: Bed night",
		str(getdate() - timedelta(days=3)),
		enrollments=[enrollment],
		end_date=str(getdate() - timedelta(days=1)),
	)
	provide_services("Case Management: Documentation Assistance", str(getdate()), enrollments=[enrollment])
	rita = frappe.get_doc("CAS Enrollment", world.enrollments["rita_sso"])
	rita.update({"exit_date": getdate() - timedelta(days=1), "destination": "Safe Haven"})
	rita.save()
	# HUD's member data at project start, on an update and at exit (IncomeBenefits, HealthAndDV, Disabilities).
	ana_cas = frappe.get_doc("CAS Enrollment", enrollment)
	status_record(
		ana_cas,
		"Project start",
		{
			"income_from_any_source": "Yes",
			"earned": 1,
			"earned_amount": 950.25,
			"benefits_from_any_source": "Yes",
			"snap": 1,
			"insurance_from_any_source": "No",
			"mental_health_disorder": "Yes",
			"mental_health_disorder_indefinite": "Yes",
			"substance_use_disorder": "Both alcohol and drug use disorders",
			"domestic_violence_survivor": "Yes",
			"dv_when_occurred": "One year or more",
			"currently_fleeing": "No",
		},
	)
	status_record(
		ana_cas,
		"Update",
		{
			"income_from_any_source": "No",
			"earned": 0,
			"earned_amount": None,
			"insurance_from_any_source": "Yes",
			"medicaid": 1,
		},
		on=getdate(),
	)
	status_record(
		rita, "Project exit", {"income_from_any_source": "Client prefers not to answer"}, on=rita.exit_date
	)
	protected = frappe.get_doc("CAS Client", world.clients["nora"])
	protected.is_protected = 1
	protected.save()
	# A household another HMIS sent in FY2024 goes out in FY2026 (the default) with the rest.
	from_fy2024 = fy2024_household(world.tag)
	start, end = add_days(getdate(), -400), getdate()
	first = str(tmp_path / "first.zip")
	with open(first, "wb") as target:
		Export(start, end, user="Administrator").write(target)

	agency = f"Round Trip {world.tag}"
	fresh_site(
		"execute",
		"frappe.client.insert",
		"--kwargs",
		json.dumps({"doc": {"doctype": "CAS Agency", "agency_name": agency}}),
	)
	report = fresh_site("cas-hmis", "import", first, "--agency", agency)
	second = str(tmp_path / "second.zip")
	fresh_site("cas-hmis", "export", "--from-date", str(start), "--to-date", str(end), "--output", second)
	# An export from the command line is logged like one from the desk: who, when, which period, where to.
	# `bench execute` prints nothing for an empty answer.
	logged = json.loads(
		fresh_site(
			"execute",
			"frappe.get_all",
			"--kwargs",
			json.dumps(
				{
					"doctype": "CAS HMIS Export",
					"fields": ["owner", "creation", "from_date", "to_date", "status", "written_to"],
				}
			),
		)
		or "[]"
	)
	assert [(row["from_date"], row["to_date"], row["status"], row["written_to"]) for row in logged] == [
		(str(start), str(end), "Completed", second)
	], logged
	assert logged[0]["owner"] == "Administrator" and logged[0]["creation"]

	before, after = rows_of(first), rows_of(second)
	assert '"refused": 0' in report, report
	for file in COMPARED:
		assert after[file] == before[file], file
	# Not an empty comparison: the world's households, a protected client and the HCT went round.
	assert hct.name in before["Assessment.csv"] and len(before["AssessmentQuestions.csv"]) >= len(hct.answers)
	assert any(
		row["FirstName"] == "" and row["NameDataQuality"] == "99" for row in before["Client.csv"].values()
	)
	assert f"{rita.name}:{rita.client}" in before["Exit.csv"] and len(before["Enrollment.csv"]) >= 3
	assert {row["DataCollectionStage"] for row in before["IncomeBenefits.csv"].values()} >= {"1", "2", "3"}
	assert any(row["EarnedAmount"] == "950.25" for row in before["IncomeBenefits.csv"].values())
	assert len(before["Disabilities.csv"]) >= 2 and before["HealthAndDV.csv"]
	assert (
		len([row for row in before["Services.csv"].values() if row["EnrollmentID"].startswith(enrollment)])
		== 3
	)
	# The FY2024 household in FY2026: its own answers, its financial assistance, and Sex (FY2026's 4.21,
	# which FY2024 does not ask) as 'Data not collected'.
	entered = before["Enrollment.csv"][from_fy2024["EnrollmentID"]]
	assert (entered["LivingSituation"], entered["RentalSubsidyType"], entered["LengthOfStay"]) == (
		"435",
		"419",
		"4",
	)
	assert before["Client.csv"][from_fy2024["PersonalID"]]["Sex"] == "99"
	rent = before["Services.csv"][from_fy2024["ServicesID"]]
	assert (rent["RecordType"], rent["FAAmount"], rent["FAStartDate"]) == (
		"152",
		"700.00",
		from_fy2024["FAStartDate"],
	)


def fy2024_household(tag: str) -> dict:
	"""One adult from another HMIS's FY2024 export, with SSVF rental assistance, imported into an agency of
	this site; the HMIS IDs it came with."""
	from cas_coordinated_access.hmis import importer
	from tests.hmis_files import HmisFiles
	from tests.integration.factories import make_agency

	files = HmisFiles(implementation=f"fy2024-{tag}", version="FY2024")
	files.rows["Project.csv"][0]["ProjectName"] = f"FY2024 CE {tag}"
	entry = getdate() - timedelta(days=20)
	ids = {"PersonalID": f"{tag}F1", "EnrollmentID": f"{tag}FE", "ServicesID": f"{tag}FA"}
	files.client(ids["PersonalID"], first="Lena", dob="1975-03-03")
	files.enrollment(
		ids["EnrollmentID"],
		ids["PersonalID"],
		f"{tag}FH",
		entry=str(entry),
		LivingSituation=435,
		RentalSubsidyType=419,
		LengthOfStay=4,
		DateToStreetESSH=str(entry - timedelta(days=90)),
	)
	files.service(
		ids["ServicesID"],
		ids["EnrollmentID"],
		ids["PersonalID"],
		date=str(entry + timedelta(days=2)),
		record_type=152,
		type_provided=1,
		FAAmount="700.00",
		FAStartDate=str(entry),
		FAEndDate=str(entry + timedelta(days=29)),
	)
	result = importer.Importer(importer.read_zip(files.zip_bytes()), make_agency().name, dry_run=False).run()
	assert [household.outcome for household in result.households] == ["Created"], result.summary()
	return {**ids, "FAStartDate": str(entry)}


def file_rows(content: bytes, file: str) -> list[dict]:
	with zipfile.ZipFile(io.BytesIO(content)) as archive:
		return list(csv.DictReader(io.StringIO(archive.read(file).decode("utf-8-sig"))))


def household_rows(content: bytes, files: dict[str, str], enrollments: set[str]) -> dict[str, dict]:
	"""Rows of the household files that belong to ``enrollments``, by HMIS ID, metadata columns aside."""
	rows = {}
	with zipfile.ZipFile(io.BytesIO(content)) as archive:
		for file, id_column in files.items():
			reader = csv.DictReader(io.StringIO(archive.read(file).decode("utf-8-sig")))
			rows[file] = {
				row[id_column]: {k: v for k, v in row.items() if k not in METADATA}
				for row in reader
				if row["EnrollmentID"] in enrollments
			}
	return rows


@pytest.mark.parametrize("version", ["FY2024", "FY2026"])
def test_a_household_from_another_hmis_goes_back_out_field_by_field(tmp_path, version):
	"""Each member's own enrollment data (prior situation and its subsidy and length, the times and months
	homeless in three years, disabling condition, date homeless, CoC, entry, engagement, move-in, exit and
	destination) is theirs on the way back; an exit only
	where there was one; an event and a CLS on the enrollment they came with."""
	frappe.set_user("Administrator")
	from cas_coordinated_access.hmis import importer
	from tests.hmis_files import HmisFiles
	from tests.integration.factories import make_agency

	files = HmisFiles(implementation=f"other-hmis-{frappe.generate_hash(length=6)}", version=version)
	tag = frappe.generate_hash(length=4)
	head, partner, child = (f"{tag}P1", f"{tag}P2", f"{tag}P3")
	# 4.21 Sex (FY2026 files only): Female, Male, not collected.
	files.client(head, first="Rosa", dob="1980-01-01", Sex=0)
	# RaceNone 99 beside a race ticked: the client form drops it; a re-import must not see a change.
	files.client(
		partner, first="Tom", dob="1982-05-05", White=0, BlackAfAmerican=1, Man=1, Woman=0, RaceNone=99, Sex=1
	)
	files.client(child, first="Ivy", dob="2016-07-07", Sex=99)
	household = f"{tag}H"
	files.enrollment(
		f"{household}1",
		head,
		household,
		entry="2026-02-01",
		LivingSituation=435,
		RentalSubsidyType=419,
		LengthOfStay=4,
		DateToStreetESSH="2025-06-01",
		DisablingCondition=1,
		MoveInDate="2026-03-01",
		# HUD 3.917's chronic-homelessness answers and 4.13.
		LOSUnderThreshold=1,
		PreviousStreetESSH=1,
		TimesHomelessPastThreeYears=4,
		MonthsHomelessPastThreeYears=113,
		DateOfEngagement="2026-02-03",
	)
	files.enrollment(
		f"{household}2",
		partner,
		household,
		relationship=3,
		entry="2026-02-10",
		EnrollmentCoC="CA-504",
		LivingSituation=101,
		LengthOfStay=10,
		DateToStreetESSH="2025-12-24",
		DisablingCondition=0,
		MoveInDate="2026-03-05",
		TimesHomelessPastThreeYears=2,
		MonthsHomelessPastThreeYears=105,
	)
	files.enrollment(
		f"{household}3", child, household, relationship=2, LivingSituation=116, DisablingCondition=99
	)
	# The head and the partner exit on different days to different places; the child has not exited.
	files.exit(
		f"{tag}X1", f"{household}1", head, date="2026-04-01", destination=435, DestinationSubsidyType=431
	)
	files.exit(f"{tag}X2", f"{household}2", partner, date="2026-03-20", destination=17)
	files.living_situation(f"{tag}S1", f"{household}1", head, date="2026-02-01")
	files.living_situation(f"{tag}S2", f"{household}2", partner, date="2026-02-11", LocationDetails=None)
	files.event(f"{tag}V1", f"{household}1", head, date="2026-02-02", event=2, ProbSolDivRRResult=1)
	files.event(f"{tag}V2", f"{household}2", partner, date="2026-02-12", event=7)
	content = files.zip_bytes()

	agency = make_agency().name
	result = importer.Importer(importer.read_zip(content), agency, dry_run=False).run()
	assert [(h.outcome, h.messages) for h in result.households] == [
		("Created", [f"CLS {tag}S2 has no location: record where the client is at the next contact."])
	], result.summary()
	out = tmp_path / "out.zip"
	with open(out, "wb") as target:
		# Written in the version the household came in, so every column compares.
		Export(
			getdate("2026-01-01"), getdate("2026-06-30"), user="Administrator", version=files.version
		).write(target)

	compared = {
		"Enrollment.csv": "EnrollmentID",
		"Exit.csv": "ExitID",
		"CurrentLivingSituation.csv": "CurrentLivingSitID",
		"Event.csv": "EventID",
	}
	enrollments = {f"{household}1", f"{household}2", f"{household}3"}
	before = household_rows(content, compared, enrollments)
	after = household_rows(out.read_bytes(), compared, enrollments)
	if version == "FY2026":
		sexes = [
			{row["PersonalID"]: row["Sex"] for row in file_rows(zipped, "Client.csv")}
			for zipped in (content, out.read_bytes())
		]
		assert (
			[sexes[1].get(pid) for pid in (head, partner, child)]
			== ["0", "1", "99"]
			== [sexes[0][pid] for pid in (head, partner, child)]
		)
	for file in compared:
		assert set(after[file]) == set(before[file]), file
		for hmis_id, row in before[file].items():
			differences = {
				k: (v, after[file][hmis_id][k]) for k, v in row.items() if after[file][hmis_id][k] != v
			}
			assert not differences, (file, hmis_id, differences)

	# The same file again: every record unchanged, nothing written (no new version of any record).
	versions = frappe.db.count("Version")
	again = importer.Importer(importer.read_zip(content), agency, dry_run=False).run()
	assert [h.outcome for h in again.households] == ["Unchanged"], again.summary()
	assert frappe.db.count("Version") == versions
