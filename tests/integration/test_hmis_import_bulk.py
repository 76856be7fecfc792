"""The fast way new households are imported (`hmis/bulk.py`, issue 17's speed) writes exactly what the
documents' whole insert writes: the same records with the same field values, the same Next Steps, the same
report; a household a rule refuses leaves nothing; names follow the DocTypes' series."""

import frappe
import pytest

from cas_coordinated_access.hmis import importer, record_ids
from tests.hmis_files import HmisFiles
from tests.integration.factories import make_agency
from tests.integration.test_hmis_import import hct_answers

# Columns that differ between any two writes of the same record.
META = {"name", "creation", "modified", "owner", "modified_by", "parent", "idx"}


def households(implementation: str) -> HmisFiles:
	"""New households of every shape the fast writer meets: alone, a family with a child, exited, a CLS
	without location, events with and without a CLS since, an assessment and a service (written as
	documents beside the fast rows), and a head with an event before any CLS."""
	files = HmisFiles(implementation=implementation)
	files.rows["Project.csv"][0]["ProjectName"] = f"Bulk CE {implementation}"
	files.household("H1", "C1")
	files.living_situation("S1", "H1E", "C1", date="2026-02-01")
	files.event("V1", "H1E", "C1", date="2026-02-02", event=2, ProbSolDivRRResult=0)
	files.client("C2", first="Maya", dob="1990-06-01")
	files.client("C3", first="Leo", dob="2018-03-01")
	files.enrollment("H2E1", "C2", "H2", entry="2026-03-01")
	files.enrollment("H2E2", "C3", "H2", relationship=2, entry="2026-03-01")
	files.living_situation("S2", "H2E2", "C3", date="2026-03-02", LocationDetails="")
	files.exit("X2", "H2E1", "C2", date="2026-04-15", destination=116)
	files.household("H3", "C4")
	files.event("V3", "H3E", "C4", date="2026-02-05", event=2, ProbSolDivRRResult=0)
	files.household("H4", "C5")
	files.living_situation("S4", "H4E", "C5", date="2026-02-01")
	files.assessment("A4", "H4E", "C5", answers=hct_answers(), date="2026-02-01", total=0)
	files.household("H5", "C6")
	files.service("R5", "H5E", "C6")
	return files


def run(files: HmisFiles, agency: str, fast: bool, dry_run: bool = False) -> importer.ImportResult:
	job = importer.Importer(importer.read_zip(files.zip_bytes()), agency, dry_run=dry_run)
	job.fast = fast
	return job.run()


def stored(source: str) -> dict:
	"""Every record the import wrote for ``source``, by its HMIS file and ID, with links to other imported
	records (and the enrollment's Next Steps) named by HMIS ID too, so two imports compare."""
	ids = frappe.get_all(
		"CAS HMIS Record ID",
		filters={"source": source},
		fields=["hmis_file", "hmis_id", "reference_doctype", "reference_name"],
	)
	as_id = {row.reference_name: f"{row.hmis_file}:{row.hmis_id}" for row in ids}
	# A protected client is shown by a pseudonym made from their record's name: named by HMIS ID too.
	for row in ids:
		if row.reference_doctype == "CAS Client":
			shown = frappe.db.get_value("CAS Client", row.reference_name, "display_name")
			as_id.setdefault(shown, f"{row.hmis_file}:{row.hmis_id}:shown")

	def plain(values: dict) -> dict:
		return {
			key: as_id.get(value, value) if isinstance(value, str) else value
			for key, value in values.items()
			if key not in META and not key.startswith("_")
		}

	records = {}
	for row in ids:
		doctype, name = row.reference_doctype, row.reference_name
		if frappe.get_meta(doctype).istable or not frappe.db.exists(doctype, name):
			continue  # a member's enrollment row, an assessment's answer: compared with their record
		doc = frappe.get_doc(doctype, name).as_dict()
		values = plain({key: value for key, value in doc.items() if not isinstance(value, list)})
		for table in ("household_members", "due_items", "answers", "section_scores"):
			if table in doc:
				values[table] = [plain(child) for child in doc[table]]
		records[f"{row.hmis_file}:{row.hmis_id}"] = values
	return records


@pytest.fixture
def agency():
	frappe.set_user("Administrator")
	return make_agency().name


@pytest.mark.parametrize("protected", [False, True], ids=["agency", "victim service provider"])
def test_the_fast_writer_writes_what_the_documents_write(protected):
	frappe.set_user("Administrator")
	agency = make_agency(victim_service_provider=int(protected)).name
	tag = frappe.generate_hash(length=6)
	fast_files, slow_files = households(f"bulk-fast-{tag}"), households(f"bulk-slow-{tag}")
	fast = run(fast_files, agency, fast=True)
	slow = run(slow_files, agency, fast=False)
	assert fast.summary() == slow.summary()
	assert [(h.household_id, h.outcome, h.messages) for h in fast.households] == [
		(h.household_id, h.outcome, h.messages) for h in slow.households
	]
	assert fast.count(importer.CREATED) == 5, fast.households
	fast_records, slow_records = stored(f"bulk-fast-{tag}"), stored(f"bulk-slow-{tag}")
	# 6 clients, 5 households, 3 CLS, 2 events, an assessment, a service and the project.
	assert set(fast_records) == set(slow_records) and len(slow_records) == 19, sorted(slow_records)
	for key, values in slow_records.items():
		assert fast_records[key] == values, key
	# Next Steps were computed for every household; a victim service provider's clients are protected.
	assert all(values["due_items"] for key, values in fast_records.items() if key.startswith("Household:"))
	assert {
		values["is_protected"] for key, values in fast_records.items() if key.startswith("Client.csv:")
	} == {int(protected)}


def test_a_dry_run_of_new_households_reports_what_the_import_does_and_writes_nothing(agency):
	files = households(f"bulk-dry-{frappe.generate_hash(length=6)}")
	before = {
		doctype: frappe.db.count(doctype)
		for doctype in (*importer.NewHouseholdWriter.FAST_DOCTYPES, "CAS Due Item", "CAS HMIS Record ID")
	}
	series = dict(frappe.db.sql("select name, current from tabSeries"))
	dry = run(files, agency, fast=True, dry_run=True)
	assert {doctype: frappe.db.count(doctype) for doctype in before} == before
	assert dict(frappe.db.sql("select name, current from tabSeries")) == series
	real = run(files, agency, fast=True)
	assert real.summary() == {**dry.summary(), "dry_run": False}


def test_new_records_take_the_next_names_of_their_series(agency):
	files = households(f"bulk-names-{frappe.generate_hash(length=6)}")
	result = run(files, agency, fast=True)
	source = files.rows["Export.csv"][0]["ImplementationID"]
	clients = sorted(
		record_ids.find(source, "Client.csv", personal_id, "CAS Client")
		for personal_id in ("C1", "C2", "C3", "C4", "C5", "C6")
	)
	numbers = [int(name.removeprefix("CLI-")) for name in clients]
	assert numbers == list(range(numbers[0], numbers[0] + 6)), clients
	assert frappe.db.sql("select current from tabSeries where name = 'CLI-'")[0][0] == numbers[-1]
	# The next client made through its form takes the next name.
	after = frappe.get_doc(
		{"doctype": "CAS Client", "first_name": "Next", "last_name": "One", "agency": agency}
	)
	assert after.insert().name == f"CLI-{numbers[-1] + 1:05d}"
	assert result.count(importer.CREATED) == 5


def test_a_new_household_a_rule_refuses_leaves_nothing_and_the_next_one_goes_in(agency):
	files = HmisFiles(implementation=f"bulk-refused-{frappe.generate_hash(length=6)}")
	files.rows["Project.csv"][0]["ProjectName"] = f"Bulk CE {frappe.generate_hash(length=6)}"
	files.client("C0", first="Eve")
	files.enrollment("H0E", "C0", "H0")  # the first household makes the program
	files.household("H1", "C1")
	files.living_situation("S1", "H1E", "C1")
	files.exit("X1", "H1E", "C1", date="2099-01-01")  # an exit in the future: the enrollment refuses it
	files.client("C2", first="Kim")
	files.enrollment("H2E", "C2", "H2")
	clients = frappe.db.count("CAS Client")
	result = run(files, agency, fast=True)
	outcomes = {h.household_id: (h.outcome, h.messages) for h in result.households}
	assert outcomes["H1"][0] == "Refused" and "is in the future" in outcomes["H1"][1][0]
	assert outcomes["H0"][0] == outcomes["H2"][0] == "Created"
	assert frappe.db.count("CAS Client") == clients + 2
	source = files.rows["Export.csv"][0]["ImplementationID"]
	assert not record_ids.find(source, "Client.csv", "C1", "CAS Client")
	assert not frappe.db.exists("CAS Client", {"first_name": "Ana", "agency": agency})
