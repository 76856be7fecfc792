"""Hashed HMIS CSV exports (Export.csv HashStatus, HUD list 1.5): names and SSN sent as hashes.

A hash is not a name and not an SSN: an imported hash is kept as a hash, on the client's hashed fields,
never in the name or SSN fields (where it would be shown, searched and matched as a real name, or refused
as an SSN), and no SSN is made up for it. It goes back out only in an export of the same hashing.

HUD names the hashing (2 SHA-1, 3 other, 4 SHA-256 RHY) but not the recipe; the SHA-256 (RHY) recipe here
is the one Open Path HMIS (greenriver/hmis-warehouse, HmisCsvTwentyTwentyFour client exporter) writes:
each name part is reduced to its American Soundex code and that code hashed; the SSN, padded to 9
characters with x on the left, is hashed and its last four characters are put in front, in clear.
"""

import hashlib
import re

UNHASHED = 1
SHA1 = 2
OTHER = 3
SHA256 = 4
HASH_STATUS = "1.5"
# The Client.csv columns a hashed export hashes, and the client fields each hash is kept in.
HASHED_COLUMNS = {
	"FirstName": "first_name_hash",
	"MiddleName": "middle_name_hash",
	"LastName": "last_name_hash",
	"SSN": "ssn_hash",
}
# The client fields the real values are kept in (rules/hmis_mapping.py FIELDS).
CLEAR_FIELDS = {"FirstName": "first_name", "MiddleName": "middle_name", "LastName": "last_name", "SSN": "ssn"}
_SOUNDEX_CODES = {
	**dict.fromkeys("BFPV", "1"),
	**dict.fromkeys("CGJKQSXZ", "2"),
	**dict.fromkeys("DT", "3"),
	"L": "4",
	**dict.fromkeys("MN", "5"),
	"R": "6",
}


def is_hashed(code) -> bool:
	"""Whether an Export.csv HashStatus says names and SSN are hashes (empty or 1: they are not)."""
	return str(code or UNHASHED).strip() not in ("", str(UNHASHED))


def soundex(name: str) -> str:
	"""American Soundex: the first letter and three digits (vowels, H, W, Y not coded; H and W do not
	separate letters of the same code; padded with 0)."""
	letters = re.sub(r"[^A-Z]", "", name.upper())
	if not letters:
		return ""
	coded = letters[0]
	last = _SOUNDEX_CODES.get(letters[0], "")
	for letter in letters[1:]:
		digit = _SOUNDEX_CODES.get(letter, "")
		if digit and digit != last:
			coded += digit
		if letter not in "HW":
			last = digit
	return (coded + "000")[:4]


def sha256_name(name: str | None) -> str | None:
	if not name or not name.strip():
		return None
	return hashlib.sha256(soundex(name).encode("utf-8")).hexdigest()


def sha256_ssn(ssn: str | None) -> str | None:
	if not ssn or not ssn.strip():
		return None
	padded = ssn.strip().rjust(9, "x")
	return padded[-4:] + hashlib.sha256(padded.encode("utf-8")).hexdigest()


def hash_client(values: dict) -> dict:
	"""A Client.csv row of clear values, as a SHA-256 (RHY) export writes it."""
	hashed = dict(values)
	for column in ("FirstName", "MiddleName", "LastName"):
		hashed[column] = sha256_name(values.get(column))
	hashed["SSN"] = sha256_ssn(values.get("SSN"))
	return hashed


def client_fields_from_hashed(fields: dict, row: dict, hash_status_label: str) -> dict:
	"""A client of a hashed file: each hash on its hashed field, the name and SSN fields empty."""
	moved = dict(fields)
	for column, hashed_field in HASHED_COLUMNS.items():
		if column in row:
			moved[hashed_field] = row[column] or None
			moved[CLEAR_FIELDS[column]] = None
	moved["hash_status"] = hash_status_label
	return moved


def clear_of_hashes(fields: dict) -> dict:
	"""A client of an unhashed file: any hash kept from an earlier hashed import no longer stands."""
	return {**fields, **dict.fromkeys(HASHED_COLUMNS.values()), "hash_status": None}


def client_for_export(
	values: dict, client: dict, client_hash_status: int | None, export_hash_status: int
) -> dict:
	"""A client's Client.csv values in an export of ``export_hash_status``. A SHA-256 export hashes the
	real name and SSN, and sends a hash kept from a SHA-256 import as it came; an unhashed export sends
	real values only. A hash never goes out as a real value, nor in an export of another hashing (where it
	means nothing): nothing goes out then, with 'Data not collected' as its quality."""
	out = hash_client(values) if export_hash_status == SHA256 else dict(values)
	for column, hashed_field in HASHED_COLUMNS.items():
		if not out.get(column) and client.get(hashed_field):
			same = export_hash_status == SHA256 and client_hash_status == SHA256
			out[column] = client[hashed_field] if same else None
	names = ("FirstName", "MiddleName", "LastName")
	if not any(out.get(column) for column in names) and any(
		client.get(HASHED_COLUMNS[column]) for column in names
	):
		out["NameDataQuality"] = 99
	if not out.get("SSN") and client.get(HASHED_COLUMNS["SSN"]):
		out["SSNDataQuality"] = 99
	return out
