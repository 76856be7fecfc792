"""Which CAS field each HMIS CSV column holds, and the translation of values both ways.

One table serves the export (CAS record to HMIS row) and the import (HMIS row to CAS fields), so a round
trip cannot drift. Coded columns are translated through the HUD list the specification names for the
column: forms keep HUD's labels, files carry HUD's codes. A yes/no flag (list 1.10) is a checkbox.
"""

from collections.abc import Callable, Collection, Mapping
from datetime import date, datetime
from functools import cache

from cas_coordinated_access.rules import hmis_csv, hud

NO_YES = "1.10"

FIELDS: dict[str, dict[str, str]] = {
	"Client.csv": {
		"FirstName": "first_name",
		"MiddleName": "middle_name",
		"LastName": "last_name",
		"NameSuffix": "name_suffix",
		"NameDataQuality": "name_data_quality",
		"SSN": "ssn",
		"SSNDataQuality": "ssn_data_quality",
		"DOB": "date_of_birth",
		"DOBDataQuality": "dob_data_quality",
		"AmIndAKNative": "am_ind_ak_native",
		"Asian": "asian",
		"BlackAfAmerican": "black_af_american",
		"HispanicLatinaeo": "hispanic_latinaeo",
		"MidEastNAfrican": "mid_east_n_african",
		"NativeHIPacific": "native_hi_pacific",
		"White": "white",
		"RaceNone": "race_none",
		"AdditionalRaceEthnicity": "additional_race_ethnicity",
		"Woman": "woman",
		"Man": "man",
		"NonBinary": "non_binary",
		"CulturallySpecific": "culturally_specific",
		"Transgender": "transgender",
		"Questioning": "questioning",
		"DifferentIdentity": "different_identity",
		"GenderNone": "gender_none",
		"DifferentIdentityText": "different_identity_text",
		"VeteranStatus": "veteran_status",
	},
	"Enrollment.csv": {
		"EntryDate": "entry_date",
		"EnrollmentCoC": "enrollment_coc",
		"LivingSituation": "prior_living_situation",
		"DateToStreetESSH": "homeless_since",
		"DisablingCondition": "disabling_condition",
	},
	"Exit.csv": {
		"ExitDate": "exit_date",
		"Destination": "destination",
		"DestinationSubsidyType": "destination_subsidy_type",
		"OtherDestination": "other_destination",
	},
	"CurrentLivingSituation.csv": {
		"InformationDate": "information_date",
		"CurrentLivingSituation": "living_situation",
		"CLSSubsidyType": "cls_subsidy_type",
		"VerifiedBy": "verified_by",
		"LeaveSituation14Days": "leave_situation_14_days",
		"SubsequentResidence": "subsequent_residence",
		"ResourcesToObtain": "resources_to_obtain",
		"LeaseOwn60Day": "lease_own_60_day",
		"MovedTwoOrMore": "moved_two_or_more",
		# The CAS keeps an address and details apart; HMIS has one text. Exported joined, imported whole
		# into the address (the part the CAS requires).
		"LocationDetails": "location_address",
	},
	"Assessment.csv": {
		"AssessmentDate": "assessment_date",
		"AssessmentLocation": "assessment_location",
		"AssessmentType": "assessment_type",
		"AssessmentLevel": "assessment_level",
		"PrioritizationStatus": "prioritization_status",
	},
	"Event.csv": {
		"EventDate": "event_date",
		"Event": "event",
		"ProbSolDivRRResult": "prob_sol_div_rr_result",
		"ReferralCaseManageAfter": "referral_case_manage_after",
		"LocationCrisisOrPHHousing": "location_crisis_or_ph_housing",
		"ReferralResult": "referral_result",
		"ResultDate": "result_date",
	},
	# RecordType and TypeProvided come from the service type (rules/services.py), one row per bed night.
	"Services.csv": {
		"DateProvided": "service_date",
		"FAAmount": "financial_assistance_amount",
		"FAStartDate": "financial_assistance_start",
		"FAEndDate": "financial_assistance_end",
		"ReferralOutcome": "referral_outcome",
	},
	"Project.csv": {
		"ProjectName": "program_name",
		"OperatingStartDate": "operating_start_date",
		"OperatingEndDate": "operating_end_date",
		"ContinuumProject": "continuum_project",
		"ProjectType": "project_type",
		"RRHSubType": "rrh_sub_type",
	},
	"Organization.csv": {
		"OrganizationName": "agency_name",
		"VictimServiceProvider": "victim_service_provider",
		"OrganizationCommonName": "agency_common_name",
	},
}

# Each member's own HUD enrollment data (entry, prior situation, exit...), kept on their row of the household
# (CAS Household Member) under the same field names as the enrollment's: a household from an HMIS has
# members who entered, exited and answered apart from its head.
MEMBER_FIELDS: dict[str, dict[str, str]] = {
	"Enrollment.csv": {
		**FIELDS["Enrollment.csv"],
		"RentalSubsidyType": "rental_subsidy_type",
		"LengthOfStay": "length_of_stay",
		"LOSUnderThreshold": "los_under_threshold",
		"PreviousStreetESSH": "previous_street_essh",
		"TimesHomelessPastThreeYears": "times_homeless_past_three_years",
		"MonthsHomelessPastThreeYears": "months_homeless_past_three_years",
		"MoveInDate": "move_in_date",
		"DateOfEngagement": "date_of_engagement",
	},
	"Exit.csv": FIELDS["Exit.csv"],
}
# What the household shares, for a member recorded in the CAS (members enter with the household).
HOUSEHOLD_COLUMNS = ("EntryDate", "EnrollmentCoC")

# The column holding each household record's own ID.
ID_COLUMN = {
	"CurrentLivingSituation.csv": "CurrentLivingSitID",
	"Assessment.csv": "AssessmentID",
	"Event.csv": "EventID",
	"Services.csv": "ServicesID",
	"IncomeBenefits.csv": "IncomeBenefitsID",
	"HealthAndDV.csv": "HealthAndDVID",
	"Disabilities.csv": "DisabilitiesID",
}

# The HUD 4.19.4 assessment level says which CAS assessment an HMIS assessment is.
ASSESSMENT_DOCTYPE_BY_LEVEL = {1: "CAS Crisis Assessment", 2: "CAS Housing Conversation Tool"}
ASSESSMENT_LEVEL = "4.19.4"


# Columns a later HMIS CSV version renamed without changing their answer: {file: {new name: FIELDS' name}}.
RENAMED = {"Client.csv": {"HispanicLatinao": "HispanicLatinaeo"}}
# Columns a later version added, and the CAS field each holds (4.21 Sex, FY2026).
ADDED = {"Client.csv": {"Sex": "sex"}}


def version_fields(file: str, fields: Mapping[str, str]) -> dict[str, str]:
	"""``fields`` ({column: CAS field}, in FY2024's names) as the version in use names its columns, with the
	columns it added; a column the version does not have (FY2026 has no gender columns) is left out."""
	present = spec_columns(file)
	out = {column: field for column, field in fields.items() if column in present}
	for new, old in RENAMED.get(file, {}).items():
		if new in present and old in fields:
			out[new] = fields[old]
	out.update({column: field for column, field in ADDED.get(file, {}).items() if column in present})
	return out


def spec_columns(file: str) -> dict[str, dict]:
	"""The columns of ``file`` in the HMIS CSV version in use (rules/hmis_csv.py ``using``)."""
	return _spec_columns(hmis_csv.version(), file)


@cache
def _spec_columns(version: str, file: str) -> dict[str, dict]:
	return {column["name"]: column for column in hmis_csv.spec(version)["files"][file]}


def as_exported(file: str, column: str, value) -> str | None:
	"""``value`` as the export writes it (trimmed to HUD's length): how imported text is matched."""
	if value in (None, ""):
		return None
	return hmis_csv.cell(spec_columns(file)[column], value) or None


def column_list(file: str, column: str) -> str | None:
	return spec_columns(file)[column].get("list")


def column_type(file: str, column: str) -> str:
	return spec_columns(file)[column]["type_code"]


def to_hmis(file: str, record: Mapping) -> dict:
	"""The HMIS values of a CAS record (labels become codes; checkboxes 0/1)."""
	return to_hmis_fields(file, record, "FIELDS")


def to_hmis_fields(file: str, record: Mapping, table: str) -> dict:
	"""The same, by the columns of ``table`` ("FIELDS" or "MEMBER_FIELDS", this module's tables)."""
	copied, converted = _export_plan(hmis_csv.version(), file, table)
	values = {column: record.get(field) for column, field in copied}
	for column, field, list_id, convert in converted:
		values[column] = convert(list_id, record.get(field))
	return values


def to_hmis_in_order(file: str, leave_out: Collection[str] = ()) -> tuple[tuple[str, ...], Callable]:
	"""For a writer that formats by position (rules/hmis_csv.py ``csv_lines_sharing``): the columns
	``to_hmis`` fills, but ``leave_out``, and a function answering a record's values of them in that
	order, as ``to_hmis`` would (no dict a record: an export writes millions)."""
	copied, converted = _export_plan(hmis_csv.version(), file, "FIELDS")
	copied = [(column, field) for column, field in copied if column not in leave_out]
	converted = [plan for plan in converted if plan[0] not in leave_out]
	fields = [field for _column, field in copied]
	conversions = [(field, list_id, convert) for _column, field, list_id, convert in converted]

	def values_of(record: Mapping) -> list:
		get = record.get
		return [get(field) for field in fields] + [
			convert(list_id, get(field)) for field, list_id, convert in conversions
		]

	return (*(column for column, _field in copied), *(plan[0] for plan in converted)), values_of


@cache
def _export_plan(version: str, file: str, table: str) -> tuple[tuple, tuple]:
	"""The columns whose value is the CAS field's as it is, (column, CAS field); and those turned into the
	column's, (column, CAS field, its HUD list, how): worked out once per version, file and table, as every
	exported record needs it."""
	fields = {"FIELDS": FIELDS, "MEMBER_FIELDS": MEMBER_FIELDS}[table][file]
	with hmis_csv.using(version):
		plan = [
			(column, field, column_list(file, column))
			for column, field in version_fields(file, fields).items()
		]
	return (
		tuple((column, field) for column, field, list_id in plan if not list_id),
		tuple(
			(column, field, list_id, _CONVERT[_kind_of(list_id)])
			for column, field, list_id in plan
			if list_id
		),
	)


def _kind_of(list_id: str | None) -> str:
	return "flag" if list_id == NO_YES else "code" if list_id else "value"


_CONVERT = {
	"flag": lambda _list_id, value: int(bool(value)),
	"code": hud.code_for,
	"value": lambda _list_id, value: value,
}


def hmis_value(file: str, column: str, value):
	list_id = column_list(file, column)
	return _CONVERT[_kind_of(list_id)](list_id, value)


def from_hmis(file: str, row: Mapping[str, str | None], fields: Mapping[str, str] | None = None) -> dict:
	"""The CAS field values of an HMIS row (codes become labels; dates are dates). Columns the row does not
	carry are left out, so an update never blanks what the file did not speak of."""
	return {
		field: cas_value(file, column, row.get(column))
		for column, field in version_fields(file, fields or FIELDS[file]).items()
		if column in row
	}


def member_values(enrollment: Mapping, exit_row: Mapping | None) -> dict:
	"""A member's row of the household from their Enrollment.csv and Exit.csv rows: their own data."""
	values = from_hmis("Enrollment.csv", enrollment, MEMBER_FIELDS["Enrollment.csv"])
	exit_values = dict.fromkeys(MEMBER_FIELDS["Exit.csv"].values())  # no Exit row: no exit
	if exit_row is not None:
		exit_values.update(from_hmis("Exit.csv", exit_row, MEMBER_FIELDS["Exit.csv"]))
	return {**values, **exit_values, "own_enrollment_data": 1}


def member_enrollment(enrollment: Mapping, member: Mapping, is_head: bool) -> dict:
	"""The member's Enrollment.csv values. The head's answers are the enrollment's (where the CAS keeps
	and updates them); another member's are their own when the household came from an HMIS, and for a
	member recorded in the CAS only what the household shares: never the head's answers."""
	own = to_hmis_fields("Enrollment.csv", member, "MEMBER_FIELDS")
	household = to_hmis("Enrollment.csv", enrollment)
	if is_head:
		return {**own, **household}
	if not member.get("own_enrollment_data"):
		own = dict.fromkeys(own)
	# HUD requires both for every member: the household's, when the member's own file left them out.
	return {**own, **{column: own[column] or household[column] for column in HOUSEHOLD_COLUMNS}}


def member_exit(enrollment: Mapping, member: Mapping, is_head: bool) -> dict | None:
	"""The member's Exit.csv values, or None when the member has not exited: a member with data of their
	own exits on their own; the head, and members recorded in the CAS, with the household."""
	record = member if member.get("own_enrollment_data") and not is_head else enrollment
	if not record.get("exit_date"):
		return None
	return to_hmis_fields("Exit.csv", record, "MEMBER_FIELDS")


def cas_value(file: str, column: str, value: str | None):
	if value in (None, ""):
		return 0 if column_list(file, column) == NO_YES else None
	list_id = column_list(file, column)
	if list_id == NO_YES:
		return int(value == "1")
	if list_id:
		return hud.label_for(list_id, value)
	kind = column_type(file, column)
	if kind == "D":
		return date.fromisoformat(value[:10])
	if kind == "T":
		return datetime.fromisoformat(value)
	if kind == "I":
		return int(value)
	if kind == "M":
		return float(value)
	return value
