"""HMIS CSV FY2022 read as FY2024: the rows of an FY2022 export rewritten in FY2024's columns and codes, so
that the import reads them as it reads any FY2024 file and what it stores is what an FY2024 export of the
same records would hold.

The crosswalk is HUD's for the FY2024 data standards, as Open Path HMIS (greenriver/hmis-warehouse, driver
hud_twenty_twenty_two_to_twenty_twenty_four) applies it to the FY2022 records it migrated:
- living situations (3.917, 4.12, 3.12) moved from 1-2 digit codes to 3-digit codes grouped by kind; the
  rental situations with an ongoing subsidy became one code, 435, with the subsidy in a new column
  (RentalSubsidyType, CLSSubsidyType, DestinationSubsidyType; list 3.12.A). Codes for answers that did not
  change (8, 9, 17, 24, 30, 37, 99) stay as they are.
- gender (3.06): Female, Male and NoSingleGender became Woman, Man and NonBinary; CulturallySpecific and
  DifferentIdentity are new (never ticked in FY2022).
- race and ethnicity (3.04, 3.05): the Ethnicity question became the HispanicLatinaeo race column;
  MidEastNAfrican is new. FY2024's race and gender columns are ticked or not (0/1): FY2022's 99 in them is
  "not ticked", the client's answer staying in RaceNone and GenderNone.
- the CoC of an enrollment moved from EnrollmentCoC.csv (the project start row) into Enrollment.csv.
- an emergency shelter's tracking method (Project.csv TrackingMethod) became its own project type.
- Export.csv gained ImplementationID; an FY2022 export is identified by its SourceID (or SourceName).
- a few columns were renamed (IncomeBenefits VHA columns, HealthAndDV DomesticViolenceSurvivor, Exit
  WorkplaceViolenceThreats).
"""

import csv
import io
from collections.abc import Callable, Iterable

# FY2022 living situation (3.917, 4.12, 3.12) -> FY2024 code.
LIVING_SITUATIONS = {
	# Homeless situations
	16: 116,  # place not meant for habitation
	1: 101,  # emergency shelter (including hotel or motel paid with an ES voucher, host home shelter)
	18: 118,  # safe haven
	# Institutional situations
	15: 215,  # foster care home or group home
	6: 206,  # hospital or other residential non-psychiatric medical facility
	7: 207,  # jail, prison or juvenile detention facility
	25: 225,  # long-term care facility or nursing home
	4: 204,  # psychiatric hospital or other psychiatric facility
	5: 205,  # substance abuse treatment facility or detox center
	# Temporary housing situations
	29: 329,  # residential project or halfway house with no homeless criteria
	14: 314,  # hotel or motel paid for without an emergency shelter voucher
	2: 302,  # transitional housing for homeless persons
	32: 332,  # host home (non-crisis)
	13: 313,  # staying or living with friends, temporary tenure
	36: 336,  # staying or living in a friend's room, apartment or house
	12: 312,  # staying or living with family, temporary tenure
	35: 335,  # staying or living in a family member's room, apartment or house
	27: 327,  # moved from one HOPWA funded project to HOPWA TH
	# Permanent housing situations
	22: 422,  # staying or living with family, permanent tenure
	23: 423,  # staying or living with friends, permanent tenure
	26: 426,  # moved from one HOPWA funded project to HOPWA PH
	10: 410,  # rental by client, no ongoing housing subsidy
	21: 421,  # owned by client, with ongoing housing subsidy
	11: 411,  # owned by client, no ongoing housing subsidy
	# Rental by client with an ongoing subsidy: one code, the subsidy in its own column (SUBSIDY_TYPES)
	28: 435,  # with GPD TIP housing subsidy
	19: 435,  # with VASH housing subsidy
	3: 435,  # permanent housing (other than RRH) for formerly homeless persons
	31: 435,  # with RRH or equivalent subsidy
	33: 435,  # with HCV voucher
	34: 435,  # in a public housing unit
	20: 435,  # with other ongoing housing subsidy
}
# FY2022 living situation -> the FY2024 subsidy type (list 3.12.A) that code 435 now carries beside it.
SUBSIDY_TYPES = {
	28: 428,  # GPD TIP housing subsidy
	19: 419,  # VASH housing subsidy
	31: 431,  # RRH or equivalent subsidy
	33: 433,  # HCV voucher (tenant or project based) (not dedicated)
	34: 434,  # public housing unit
	20: 420,  # rental by client, with other ongoing housing subsidy
	3: 440,  # other permanent housing dedicated for formerly homeless persons
}
# File -> (column of the living situation, column of its subsidy type).
SITUATION_COLUMNS = {
	"Enrollment.csv": ("LivingSituation", "RentalSubsidyType"),
	"CurrentLivingSituation.csv": ("CurrentLivingSituation", "CLSSubsidyType"),
	"Exit.csv": ("Destination", "DestinationSubsidyType"),
}
GENDERS = {"Female": "Woman", "Male": "Man", "NoSingleGender": "NonBinary"}
NEW_GENDERS = ("CulturallySpecific", "DifferentIdentity")
GENDER_COLUMNS = ("Woman", "Man", "NonBinary", "Transgender", "Questioning")
RACE_COLUMNS = ("AmIndAKNative", "Asian", "BlackAfAmerican", "NativeHIPacific", "White")
RENAMED = {
	"IncomeBenefits.csv": {"VAMedicalServices": "VHAServices", "NoVAMedReason": "NoVHAReason"},
	"HealthAndDV.csv": {"DomesticViolenceVictim": "DomesticViolenceSurvivor"},
	"Exit.csv": {"WorkPlaceViolenceThreats": "WorkplaceViolenceThreats"},
}
HISPANIC_LATINAEO = "1"  # FY2022 Ethnicity 1: Hispanic/Latin(a)(o)(x)
ES_NIGHT_BY_NIGHT = "3"  # FY2022 Project.csv TrackingMethod 3: night-by-night
PROJECT_START = "1"  # DataCollectionStage 1


def situation(code: str | None) -> tuple[str | None, str | None]:
	"""An FY2022 living situation code as FY2024's (code, subsidy type); codes FY2024 keeps (8, 9, 17, 24,
	30, 37, 99) and what is not a code (for the validator to report) stay as they are."""
	if not code or not code.strip().isdigit():
		return code, None
	old = int(code)
	if old not in LIVING_SITUATIONS:
		return code, None
	subsidy = SUBSIDY_TYPES.get(old)
	return str(LIVING_SITUATIONS[old]), str(subsidy) if subsidy else None


def client(row: dict) -> dict:
	"""A Client.csv row in FY2024's gender, race and ethnicity columns."""
	new = {name: value for name, value in row.items() if name not in (*GENDERS, "Ethnicity")}
	for old, renamed in GENDERS.items():
		new[renamed] = row.get(old)
	for name in (*GENDER_COLUMNS, *RACE_COLUMNS):
		new[name] = _ticked(new.get(name))
	for name in NEW_GENDERS:
		new[name] = "0"
	new["MidEastNAfrican"] = "0"
	new["HispanicLatinaeo"] = "1" if _code(row.get("Ethnicity")) == HISPANIC_LATINAEO else "0"
	if new["HispanicLatinaeo"] == "1":
		# An answer to race and ethnicity was given: "none" no longer applies.
		new["RaceNone"] = None
	return new


def with_situation(file: str, row: dict) -> dict:
	"""An Enrollment, CLS or Exit row with its living situation in FY2024's codes and subsidy type."""
	column, subsidy_column = SITUATION_COLUMNS[file]
	new = dict(row)
	new[column], new[subsidy_column] = situation(row.get(column))
	return new


def enrollment(row: dict, cocs: dict[str, str], household_cocs: dict[str, str]) -> dict:
	"""An Enrollment.csv row with its living situation in FY2024's codes and the CoC its project start
	recorded in EnrollmentCoC.csv (the household's, for a member with no row of their own)."""
	new = with_situation("Enrollment.csv", row)
	new["EnrollmentCoC"] = cocs.get(row.get("EnrollmentID") or "") or household_cocs.get(
		row.get("HouseholdID") or ""
	)
	return new


def project(row: dict) -> dict:
	"""A Project.csv row whose emergency shelter says its tracking method in its project type."""
	new = {name: value for name, value in row.items() if name != "TrackingMethod"}
	if _code(row.get("ProjectType")) == "1":
		new["ProjectType"] = "1" if _code(row.get("TrackingMethod")) == ES_NIGHT_BY_NIGHT else "0"
	return new


def export(row: dict) -> dict:
	"""Export.csv's row with the ImplementationID FY2022 did not have: its SourceID, else its SourceName
	(the same source the import falls back to)."""
	new = dict(row)
	new["ImplementationID"] = row.get("ImplementationID") or row.get("SourceID") or row.get("SourceName")
	return new


def enrollment_cocs(rows: Iterable[dict]) -> tuple[dict[str, str], dict[str, str]]:
	"""({EnrollmentID: CoC}, {HouseholdID: CoC}) from EnrollmentCoC.csv's project start rows (the first
	of each)."""
	by_enrollment: dict[str, str] = {}
	by_household: dict[str, str] = {}
	for row in rows:
		if _code(row.get("DataCollectionStage")) != PROJECT_START or not row.get("CoCCode"):
			continue
		by_enrollment.setdefault(row.get("EnrollmentID") or "", row["CoCCode"])
		by_household.setdefault(row.get("HouseholdID") or "", row["CoCCode"])
	return by_enrollment, by_household


def as_fy2024(files: dict[str, list[str]], header: Callable[[str], list[str]]) -> dict[str, list[str]]:
	"""The files of an FY2022 export as lines of FY2024 CSV files. ``header(file)`` gives FY2024's column
	names of a file the CAS reads; a file it does not read (and EnrollmentCoC.csv, folded into
	Enrollment.csv) is left out. FY2022 columns FY2024 dropped are left out too."""
	cocs = enrollment_cocs(rows(files.get("EnrollmentCoC.csv", [])))
	rewrite = {
		"Client.csv": client,
		"Project.csv": project,
		"Export.csv": export,
		"Enrollment.csv": lambda row: enrollment(row, *cocs),
		"CurrentLivingSituation.csv": lambda row: with_situation("CurrentLivingSituation.csv", row),
		"Exit.csv": lambda row: with_situation("Exit.csv", row),
	}
	out = {}
	for file, lines in files.items():
		columns = header(file)
		if not columns:
			continue
		renamed = RENAMED.get(file, {})
		change = rewrite.get(file, dict)
		out[file] = [_line(columns)]
		for row in _read(lines):
			if isinstance(row, dict):
				row = change({renamed.get(name, name): value for name, value in row.items()})
				out[file].append(_line([row.get(name) or "" for name in columns]))
			elif len(row) == len(columns):
				# A line that did not fit FY2022's columns must not be read in FY2024's either.
				out[file].append(_line([*row, ""]))
			else:
				out[file].append(_line(row) if row else "")
	return out


def rows(lines: Iterable[str]) -> list[dict]:
	"""The rows of an FY2022 file that can be read into its columns."""
	return [row for row in _read(lines) if isinstance(row, dict)]


def _read(lines: Iterable[str]) -> list[dict | list[str]]:
	"""Each line of a file after its header: a row by column name; the cells as they are for a line of
	another length (the import then reports it as it reports any line it cannot read), an empty list for an
	empty line (kept, so that the import's line numbers are the file's)."""
	reader = csv.reader(lines)
	names = [name.strip().lstrip("\ufeff").strip('"') for name in next(reader, [])]
	read: list[dict | list[str]] = []
	for cells in reader:
		if not any(cell.strip() for cell in cells):
			read.append([])
		elif len(cells) != len(names):
			read.append(cells)
		else:
			read.append(dict(zip(names, cells, strict=True)))
	return read


def _line(cells: list[str]) -> str:
	buffer = io.StringIO()
	csv.writer(buffer, lineterminator="").writerow(cells)
	return buffer.getvalue()


def _code(value: str | None) -> str | None:
	return value.strip() if value else None


def _ticked(value: str | None) -> str:
	"""FY2024's race and gender columns are ticked (1) or not (0); FY2022's 0, 99 or nothing is not."""
	return "1" if _code(value) == "1" else "0"
