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
