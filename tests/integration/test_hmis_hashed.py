"""Hashed HMIS CSV exports (Export.csv HashStatus 2-4): imported with the hashes kept as hashes, never as
names or SSNs, and exported only in an export hashed the same way."""

import csv
import io
import zipfile

import frappe
import pytest
from frappe.utils import getdate

from cas_coordinated_access.hmis import importer, record_ids
from cas_coordinated_access.hmis.export import Export
from cas_coordinated_access.rules import hmis_csv, hmis_hash
from tests.hmis_files import HmisFiles
from tests.integration.factories import make_agency

FIRST, LAST = hmis_hash.sha256_name("Ana"), hmis_hash.sha256_name("Rivera")
SSN = hmis_hash.sha256_ssn("123456789")


@pytest.fixture
def agency():
	frappe.set_user("Administrator")
	return make_agency().name


def hashed_files(hash_status: int = 4) -> HmisFiles:
	files = HmisFiles(implementation=f"rhymis-{frappe.generate_hash(length=6)}", hash_status=hash_status)
	files.client("C1", first=FIRST, last=LAST, SSN=SSN, SSNDataQuality=1)
	files.enrollment("H1E", "C1", "H1")
	return files


def imported_client(files: HmisFiles, agency: str):
	result = importer.Importer(importer.read_zip(files.zip_bytes()), agency, dry_run=False).run()
	assert [h.outcome for h in result.households] == ["Created"], result.households
	source = files.rows["Export.csv"][0]["ImplementationID"]
	return result, frappe.get_doc("CAS Client", record_ids.find(source, "Client.csv", "C1", "CAS Client"))


def exported_clients(hash_status: int) -> tuple[dict, dict[str, dict]]:
	buffer = io.BytesIO()
	# FY2024, as the fixture's files are (hashing is the same in FY2026)
	Export(getdate("2026-01-01"), getdate("2026-06-30"), "Administrator", hash_status, "FY2024").write(buffer)
	with zipfile.ZipFile(buffer) as archive:
		rows = {}
		for name in ("Export.csv", "Client.csv"):
			reader = csv.reader(io.StringIO(archive.read(name).decode("utf-8")))
			header = next(reader)
			unlimited = tuple(hmis_hash.HASHED_COLUMNS) if hmis_hash.is_hashed(hash_status) else ()
			rows[name] = []
			for cells in reader:
				cells = [cell or None for cell in cells]
				assert hmis_csv.problems(name, cells, unlimited) == [], (name, cells)
				rows[name].append(dict(zip(header, cells, strict=True)))
	return rows["Export.csv"][0], {row["PersonalID"]: row for row in rows["Client.csv"]}


def test_a_hashed_export_is_imported_with_its_hashes_kept_as_hashes(agency):
	result, client = imported_client(hashed_files(), agency)
	assert result.hash_status == 4
	assert (client.first_name, client.last_name, client.ssn) == (None, None, None)
	assert (client.first_name_hash, client.last_name_hash, client.ssn_hash) == (FIRST, LAST, SSN)
	assert client.hash_status == "SHA-256 (RHY)"
	assert client.name_data_quality == "Full name reported"  # reported, only not in clear
	# The client is called what it is: a hash, never shown as if it were a name.
	assert client.full_name == f"Hashed name {FIRST[:8]} {LAST[:8]}"
	again = importer.Importer(importer.read_zip(hashed_files().zip_bytes()), agency, dry_run=True).run()
	assert again.count("Refused") == 0


def test_a_hashed_client_goes_out_hashed_only_in_a_sha256_export(agency):
	imported_client(hashed_files(), agency)
	export, clients = exported_clients(hmis_hash.SHA256)
	assert export["HashStatus"] == "4"
	row = clients["C1"]  # the ID the record came with
	assert (row["FirstName"], row["LastName"], row["SSN"]) == (FIRST, LAST, SSN)
	assert row["NameDataQuality"] == "1" and row["SSNDataQuality"] == "1"
	# Clients recorded in clear go out hashed the same way.
	clear = next((r for r in clients.values() if r["PersonalID"] != "C1" and r["FirstName"]), None)
	if clear:
		assert len(clear["FirstName"]) == 64
	export, clients = exported_clients(hmis_hash.UNHASHED)
	assert export["HashStatus"] == "1"
	row = clients["C1"]
	assert (row["FirstName"], row["LastName"], row["SSN"]) == (None, None, None)
	assert row["NameDataQuality"] == "99" and row["SSNDataQuality"] == "99"


def test_hashes_of_another_kind_never_go_out(agency):
	_result, client = imported_client(hashed_files(hash_status=3), agency)
	assert client.first_name is None
	assert client.hash_status == "Hashed \u2013 other"
	_export, clients = exported_clients(hmis_hash.SHA256)
	row = clients["C1"]
	assert (row["FirstName"], row["SSN"]) == (None, None) and row["NameDataQuality"] == "99"
