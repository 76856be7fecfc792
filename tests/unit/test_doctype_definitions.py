"""The DocType JSON that Frappe wrote must agree with the rules: HUD selects offer HUD's labels, the
settings form shows the defaults the installer writes. Read straight from the files, no Frappe."""

import json
from pathlib import Path

import pytest

from cas_coordinated_access.rules import household, hud
from cas_coordinated_access.rules.settings import DEFAULTS

DOCTYPES = Path(__file__).resolve().parents[2] / "cas_coordinated_access" / "coordinated_access" / "doctype"


def field(doctype: str, fieldname: str) -> dict:
	folder = doctype.lower().replace(" ", "_")
	meta = json.loads((DOCTYPES / folder / f"{folder}.json").read_text(encoding="utf-8"))
	return next(f for f in meta["fields"] if f["fieldname"] == fieldname)


def options(doctype: str, fieldname: str) -> list[str]:
	return [line for line in field(doctype, fieldname)["options"].split("\n") if line]


@pytest.mark.parametrize(
	"doctype, fieldname, list_id",
	[
		("CAS Program", "project_type", hud.PROJECT_TYPE),
		("CAS Program", "rrh_sub_type", hud.RRH_SUBTYPE),
		("CAS Client", "name_data_quality", hud.NAME_DATA_QUALITY),
		("CAS Client", "dob_data_quality", hud.DOB_DATA_QUALITY),
		("CAS Client", "ssn_data_quality", hud.SSN_DATA_QUALITY),
		("CAS Client", "veteran_status", hud.NO_YES_REASONS_MISSING),
		("CAS Client", "race_none", hud.RACE_GENDER_NONE),
		("CAS Client", "gender_none", hud.RACE_GENDER_NONE),
		("CAS Household Member", "relationship_to_hoh", hud.RELATIONSHIP_TO_HOH),
		("CAS Enrollment", "destination", hud.DESTINATION),
		("CAS Enrollment", "destination_subsidy_type", hud.RENTAL_SUBSIDY_TYPE),
		("CAS Enrollment", "prior_living_situation", hud.PRIOR_LIVING_SITUATION),
		("CAS Enrollment", "disabling_condition", hud.NO_YES_REASONS_MISSING),
		("CAS Household Member", "destination", hud.DESTINATION),
		("CAS Household Member", "destination_subsidy_type", hud.RENTAL_SUBSIDY_TYPE),
		("CAS Household Member", "prior_living_situation", hud.PRIOR_LIVING_SITUATION),
		("CAS Household Member", "rental_subsidy_type", hud.RENTAL_SUBSIDY_TYPE),
		("CAS Household Member", "length_of_stay", "3.917.2"),
		("CAS Household Member", "disabling_condition", hud.NO_YES_REASONS_MISSING),
	],
)
def test_hud_selects_offer_exactly_hud_labels(doctype, fieldname, list_id):
	assert options(doctype, fieldname) == hud.labels(list_id)


def test_household_type_options_match_the_rules():
	assert options("CAS Enrollment", "household_type") == list(household.HOUSEHOLD_TYPES)


@pytest.mark.parametrize("fieldname", sorted(DEFAULTS))
def test_settings_form_shows_the_installed_defaults(fieldname):
	assert str(field("CAS Settings", fieldname)["default"]) == str(DEFAULTS[fieldname])


def test_service_type_offers_the_hud_types_a_service_can_carry():
	from cas_coordinated_access.rules import services

	assert options("CAS Service Type", "hud_record_type") == services.record_type_labels()
	assert options("CAS Service Type", "hud_type_provided") == services.all_type_provided_labels()


def test_services_carry_the_scoping_fields_of_every_household_record():
	"""Agency scoping reads these columns (rules/access.py): same kind, permission level and index as the CLS."""
	for fieldname in ("enrollment", "client", "client_name", "agency", "client_agency", "is_protected"):
		kept = {"fieldtype", "options", "permlevel", "search_index", "read_only", "hidden", "fetch_from"}
		service = {k: v for k, v in field("CAS Service", fieldname).items() if k in kept}
		cls = {k: v for k, v in field("CAS Current Living Situation", fieldname).items() if k in kept}
		assert service == cls, fieldname


@pytest.mark.parametrize("path", sorted(DOCTYPES.glob("*/*.json")), ids=lambda path: path.stem)
def test_each_field_is_defined_once_and_in_the_field_order(path):
	"""Frappe refuses to save a DocType whose fieldname appears twice ("appears multiple times"): an
	administrator editing it in the desk would be stopped by the app's own definition."""
	meta = json.loads(path.read_text(encoding="utf-8"))
	if meta.get("doctype") != "DocType":
		return
	names = [f["fieldname"] for f in meta["fields"]]
	assert len(names) == len(set(names)), sorted({name for name in names if names.count(name) > 1})
	# Frappe places fields by the field order when it syncs the file: each must be in it, once.
	assert sorted(meta.get("field_order", names)) == sorted(names)
