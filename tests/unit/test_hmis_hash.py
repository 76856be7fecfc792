"""Hashed HMIS CSV exports: the SHA-256 (RHY) recipe, and which values a client's hashes go out as."""

import hashlib

import pytest

from cas_coordinated_access.rules import hmis_csv, hmis_hash


@pytest.mark.parametrize(
	"name,code",
	[
		("Robert", "R163"),
		("Rupert", "R163"),
		("Ashcraft", "A261"),
		("Tymczak", "T522"),
		("Pfister", "P236"),
		("Lee", "L000"),
		("O'Brien", "O165"),
		("", ""),
	],
)
def test_soundex(name, code):
	assert hmis_hash.soundex(name) == code


def test_sha256_rhy_recipe():
	assert hmis_hash.sha256_name("Robert") == hashlib.sha256(b"R163").hexdigest()
	assert hmis_hash.sha256_name(" ") is None
	# The SSN padded with x to 9 characters, hashed, its last four in front in clear.
	assert hmis_hash.sha256_ssn("123456789") == "6789" + hashlib.sha256(b"123456789").hexdigest()
	assert hmis_hash.sha256_ssn("6789") == "6789" + hashlib.sha256(b"xxxxx6789").hexdigest()


def test_is_hashed():
	assert not hmis_hash.is_hashed(1) and not hmis_hash.is_hashed("") and not hmis_hash.is_hashed(None)
	assert all(hmis_hash.is_hashed(code) for code in (2, 3, 4, "4"))


CLEAR = {
	"FirstName": "Ana",
	"LastName": "Rivera",
	"SSN": "123456789",
	"NameDataQuality": 1,
	"SSNDataQuality": 1,
}
HASHED_CLIENT = {"first_name_hash": "f" * 64, "last_name_hash": "l" * 64, "ssn_hash": "6789" + "s" * 64}
EMPTY = {"FirstName": None, "LastName": None, "SSN": None, "NameDataQuality": 1, "SSNDataQuality": 1}


def test_an_unhashed_export_sends_real_values_and_never_a_hash():
	assert hmis_hash.client_for_export(CLEAR, {}, None, 1) == CLEAR
	out = hmis_hash.client_for_export(EMPTY, HASHED_CLIENT, 4, 1)
	assert out["FirstName"] is None and out["LastName"] is None and out["SSN"] is None
	assert out["NameDataQuality"] == 99 and out["SSNDataQuality"] == 99


def test_a_sha256_export_hashes_real_values_and_sends_sha256_hashes_back():
	out = hmis_hash.client_for_export(CLEAR, {}, None, 4)
	assert out["FirstName"] == hmis_hash.sha256_name("Ana") and out["SSN"] == hmis_hash.sha256_ssn(
		"123456789"
	)
	assert out["NameDataQuality"] == 1
	out = hmis_hash.client_for_export(EMPTY, HASHED_CLIENT, 4, 4)
	assert (out["FirstName"], out["LastName"], out["SSN"]) == ("f" * 64, "l" * 64, "6789" + "s" * 64)
	assert out["NameDataQuality"] == 1 and out["SSNDataQuality"] == 1
	# A hash of another algorithm means nothing in a SHA-256 export.
	out = hmis_hash.client_for_export(EMPTY, HASHED_CLIENT, 3, 4)
	assert out["FirstName"] is None and out["NameDataQuality"] == 99
	# A real name entered since the hashed import goes out, hashed.
	out = hmis_hash.client_for_export({**EMPTY, "FirstName": "Ana"}, HASHED_CLIENT, 4, 4)
	assert out["FirstName"] == hmis_hash.sha256_name("Ana") and out["LastName"] == "l" * 64


def test_a_hashed_row_is_valid_with_its_hashes_whole():
	values = {
		"PersonalID": "C1",
		**hmis_hash.client_for_export(CLEAR, {}, None, 4),
		"DOBDataQuality": 99,
		"VeteranStatus": 99,
		"DateCreated": "2026-01-01 00:00:00",
		"DateUpdated": "2026-01-01 00:00:00",
		"UserID": "u",
		"ExportID": "X",
	}
	unlimited = tuple(hmis_hash.HASHED_COLUMNS)
	cells = hmis_csv.row("Client.csv", values, unlimited)
	assert values["SSN"] in cells and values["FirstName"] in cells  # not cut to HUD's 9 and 50
	assert hmis_csv.problems("Client.csv", cells, unlimited) == []
	assert "SSN: longer than 9" in hmis_csv.problems("Client.csv", cells)
