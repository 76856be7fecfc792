"""HUD HMIS code lists (FY2024's, and the lists FY2026 added), read from the machine-readable CSV
specifications shipped with the app.

Forms store HUD's labels (what an assessor reads); exports and rules compare codes. These helpers
translate between the two, so a label never has to be compared by hand.
"""

import json
from functools import cache
from pathlib import Path

SPEC_PATH = Path(__file__).resolve().parent.parent / "hmis" / "hmis_csv_fy2024.json"
# Lists HUD added in FY2026 (4.21 Sex, V10) come from its specification; every other list keeps FY2024's
# labels, which the forms store.
NEWER_SPEC_PATH = SPEC_PATH.with_name("hmis_csv_fy2026.json")

# HUD's "missing data" answers (and the catch-alls of the living-situation lists) sort after the real
# answers in every dropdown. Matched on code and label: event 8 is a real event, not "Client doesn't know".
_LAST_ANSWERS = {
	"8": "Client doesn’t know",
	"9": "Client prefers not to answer",
	"17": "Other",
	"24": "Deceased",
	"30": "No exit interview completed",
	"37": "Worker unable to determine",
	"99": "Data not collected",
}

# HUD list ids the forms use.
PROJECT_TYPE = "2.02.6"
RRH_SUBTYPE = "2.02.A"
NAME_DATA_QUALITY = "3.01.5"
SSN_DATA_QUALITY = "3.02.2"
DOB_DATA_QUALITY = "3.03.2"
RELATIONSHIP_TO_HOH = "3.15.1"
DESTINATION = "3.12"
RENTAL_SUBSIDY_TYPE = "3.12.A"
PRIOR_LIVING_SITUATION = "3.917"
CURRENT_LIVING_SITUATION = "4.12"
NO_YES_MISSING = "1.7"
NO_YES_REASONS_MISSING = "1.8"
RACE_GENDER_NONE = "1.6"

SELF_HEAD_OF_HOUSEHOLD = 1
DATA_NOT_COLLECTED = 99
OTHER_DESTINATION = 17
SUBSIDIZED_RENTAL = 435


@cache
def spec() -> dict:
	with SPEC_PATH.open(encoding="utf-8") as spec_file:
		return json.load(spec_file)


@cache
def newer_lists() -> dict:
	with NEWER_SPEC_PATH.open(encoding="utf-8") as spec_file:
		return json.load(spec_file)["lists"]


def hud_list(list_id: str) -> dict:
	return spec()["lists"].get(list_id) or newer_lists()[list_id]


def codes_of_any_version(list_id: str) -> dict[int, str]:
	"""``codes`` with the codes either version has (a newer code beside the older ones): what a record may
	carry, each export then leaving out what its own version lacks."""
	older = spec()["lists"].get(list_id, {}).get("values", {})
	newer = newer_lists().get(list_id, {}).get("values", {})
	return {**codes(list_id), **{int(code): label for code, label in newer.items() if code not in older}}


def codes(list_id: str) -> dict[int, str]:
	"""HUD list ``list_id`` as {code: label}, real answers first, missing-data answers last."""
	values = hud_list(list_id)["values"]
	ordered = sorted(values, key=lambda code: (_LAST_ANSWERS.get(code) == values[code], int(code)))
	return {int(code): values[code] for code in ordered}


def labels(list_id: str) -> list[str]:
	return list(codes(list_id).values())


def label_for(list_id: str, code: int | str | None) -> str | None:
	if code in (None, ""):
		return None
	return codes(list_id).get(int(code))


def code_for(list_id: str, label: str | None) -> int | None:
	"""The HUD code of ``label`` in ``list_id``; None for an empty or unknown label."""
	if not label:
		return None
	return _label_index(list_id).get(label)


@cache
def _label_index(list_id: str) -> dict[str, int]:
	return {label: code for code, label in codes(list_id).items()}


def select_options(list_id: str) -> str:
	"""The ``options`` text of a Frappe Select field offering this list."""
	return "\n".join(labels(list_id))
