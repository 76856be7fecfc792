"""Builds the files of a small HMIS CSV export (FY2024 unless FY2026 is asked for), as another HMIS would send
them, for import tests."""

import csv
import io
import zipfile
from collections import defaultdict

from cas_coordinated_access.rules import hmis_csv, hmis_fy2022, hmis_hash, hmis_import
from cas_coordinated_access.rules.violations import RuleViolation

METADATA = {
	"DateCreated": "2026-01-02 09:00:00",
	"DateUpdated": "2026-01-03 09:00:00",
	"UserID": "u1",
	"ExportID": "X1",
}


class HmisFiles:
	def __init__(
		self, implementation: str = "clarity-sacramento", hash_status: int = 1, version: str = "FY2024"
	):
		self.rows: dict[str, list[dict]] = defaultdict(list)
		self.hash_status = hash_status
		self.version = version
		self.add(
			"Export.csv",
			ExportID="X1",
			SourceType=3,
			ExportDate="2026-06-30 12:00:00",
			ExportStartDate="2026-01-01",
			ExportEndDate="2026-06-30",
			SoftwareName="Another HMIS",
			ExportPeriodType=3,
			ExportDirective=2,
			HashStatus=hash_status,
			ImplementationID=implementation,
			CSVVersion=hmis_csv.csv_version(version),
		)
		self.project("P1", "Imported CE", project_type=14)

	def add(self, file: str, values: dict | None = None, /, **more) -> dict:
		row = {**(METADATA if file != "Export.csv" else {}), **(values or {}), **more}
		self.rows[file].append(row)
		return row

	def project(self, project_id: str, name: str, project_type: int = 14):
		return self.add(
			"Project.csv",
			ProjectID=project_id,
			OrganizationID="O1",
			ProjectName=name,
			OperatingStartDate="2020-01-01",
			ContinuumProject=1,
			ProjectType=project_type,
		)

	def client(
		self, personal_id: str, first: str = "Ana", last: str = "Rivera", dob: str = "1980-04-01", **values
	):
		return self.add(
			"Client.csv",
			{
				"PersonalID": personal_id,
				"FirstName": first,
				"LastName": last,
				"NameDataQuality": 1,
				"SSNDataQuality": 99,
				"DOB": dob,
				"DOBDataQuality": 1,
				"White": 1,
				"Woman": 1,
				"VeteranStatus": 0,
				**values,
			},
		)

	def enrollment(
		self,
		enrollment_id,
		personal_id,
		household,
		project="P1",
		relationship=1,
		entry="2026-02-01",
		**values,
	):
		return self.add(
			"Enrollment.csv",
			{
				"EnrollmentID": enrollment_id,
				"PersonalID": personal_id,
				"ProjectID": project,
				"EntryDate": entry,
				"HouseholdID": household,
				"RelationshipToHoH": relationship,
				"EnrollmentCoC": "CA-503",
				"LivingSituation": 116,
				"DisablingCondition": 0,
				**values,
			},
		)

	def exit(self, exit_id, enrollment_id, personal_id, date="2026-05-01", destination=116, **values):
		return self.add(
			"Exit.csv",
			{
				"ExitID": exit_id,
				"EnrollmentID": enrollment_id,
				"PersonalID": personal_id,
				"ExitDate": date,
				"Destination": destination,
				**values,
			},
		)

	def living_situation(
		self, cls_id, enrollment_id, personal_id, date="2026-02-01", situation=116, **values
	):
		return self.add(
			"CurrentLivingSituation.csv",
			{
				"CurrentLivingSitID": cls_id,
				"EnrollmentID": enrollment_id,
				"PersonalID": personal_id,
				"InformationDate": date,
				"CurrentLivingSituation": situation,
				"LocationDetails": "Under the 16th Street bridge",
				**values,
			},
		)

	def event(self, event_id, enrollment_id, personal_id, date="2026-02-02", event=2, **values):
		return self.add(
			"Event.csv",
			{
				"EventID": event_id,
				"EnrollmentID": enrollment_id,
				"PersonalID": personal_id,
				"EventDate": date,
				"Event": event,
				**values,
			},
		)

	def service(
		self,
		service_id,
		enrollment_id,
		personal_id,
		date="2026-02-01",
		record_type=200,
		type_provided=200,
		**values,
	):
		"""A Services.csv row: a bed night unless other HUD codes are given."""
		return self.add(
			"Services.csv",
			ServicesID=service_id,
			EnrollmentID=enrollment_id,
			PersonalID=personal_id,
			DateProvided=date,
			RecordType=record_type,
			TypeProvided=type_provided,
			**values,
		)

	def assessment(
		self, assessment_id, enrollment_id, personal_id, answers=(), level=2, date="2026-02-01", total=None
	):
		self.add(
			"Assessment.csv",
			AssessmentID=assessment_id,
			EnrollmentID=enrollment_id,
			PersonalID=personal_id,
			AssessmentDate=date,
			AssessmentLocation="Outreach van",
			AssessmentType=3,
			AssessmentLevel=level,
			PrioritizationStatus=1,
		)
		ids = {"AssessmentID": assessment_id, "EnrollmentID": enrollment_id, "PersonalID": personal_id}
		for order, (group, question, answer) in enumerate(answers, start=1):
			self.add(
				"AssessmentQuestions.csv",
				AssessmentQuestionID=f"{assessment_id}-Q{order}",
				AssessmentQuestionGroup=group,
				AssessmentQuestionOrder=order,
				AssessmentQuestion=question,
				AssessmentAnswer=answer,
				**ids,
			)
		if total is not None:
			self.add(
				"AssessmentResults.csv",
				AssessmentResultID=f"{assessment_id}-R1",
				AssessmentResultType="Total Score",
				AssessmentResult=total,
				**ids,
			)

	def household(self, household: str, personal_id: str, **enrollment):
		"""One adult alone: a client and their enrollment (EnrollmentID = household + 'E')."""
		self.client(personal_id)
		return self.enrollment(f"{household}E", personal_id, household, **enrollment)

	def lines(self, drop: tuple[str, ...] = ()) -> dict[str, list[str]]:
		"""Each file as the lines of a CSV in HUD's format of the files' version; columns in ``drop``
		("File.csv:Column") left out. A value for a column the version does not have is not written."""
		with hmis_csv.using(self.version):
			return self._lines(drop)

	def _lines(self, drop: tuple[str, ...]) -> dict[str, list[str]]:
		files = {}
		for file in hmis_csv.FILES:
			if file not in self.rows and file not in hmis_import.REQUIRED_FILES:
				continue
			header = hmis_csv.header(file)
			kept = [index for index, name in enumerate(header) if f"{file}:{name}" not in drop]
			out = [",".join(header[index] for index in kept)]
			for values in self.rows.get(file, []):
				cells = [
					_cell(column, values.get(column["name"]), self.unlimited(file))
					for column in hmis_csv.columns(file)
				]
				line = hmis_csv.quoted(file, cells)
				out.append(",".join(line[index] for index in kept))
			files[file] = out
		return files

	def unlimited(self, file: str) -> tuple[str, ...]:
		"""A hashed export's hashes are longer than HUD's limits for names and SSNs."""
		hashed = hmis_hash.is_hashed(self.hash_status) and file == "Client.csv"
		return tuple(hmis_hash.HASHED_COLUMNS) if hashed else ()

	def zip_bytes(self, drop: tuple[str, ...] = ()) -> bytes:
		buffer = io.BytesIO()
		with zipfile.ZipFile(buffer, "w") as archive:
			for file, lines in self.lines(drop).items():
				archive.writestr(file, "\r\n".join(lines) + "\r\n")
		return buffer.getvalue()


def veteran_and_son(implementation: str = "clarity-sacramento") -> HmisFiles:
	"""A veteran renting with VASH and her son, a CLS in a shelter, both exited to a rental without subsidy:
	answers FY2022 and FY2024 write differently (living situation and subsidy, gender)."""
	files = HmisFiles(implementation=implementation)
	files.household("H1", "C1", LivingSituation=435, RentalSubsidyType=419)
	files.client("C2", first="Leo", dob="2018-03-01", Woman=0, Man=1)
	files.enrollment("H1E2", "C2", "H1", relationship=2)
	files.living_situation("S1", "H1E", "C1", situation=101)
	files.exit("X1", "H1E", "C1", destination=410)
	files.exit("X2", "H1E2", "C2", destination=410)
	return files


def _cell(column: dict, value, unlimited: tuple[str, ...] = ()) -> str | None:
	"""HUD's format where the value fits it; a value that does not is written as it is (a bad file)."""
	try:
		return hmis_csv.cell(column, value, column["name"] in unlimited)
	except (RuleViolation, ValueError):
		return str(value)


# FY2022's columns of what FY2024 renamed (FY2024 name: FY2022 name)
FY2022_RENAMED = {
	"Client.csv": {
		"Woman": "Female",
		"Man": "Male",
		"NonBinary": "NoSingleGender",
		"HispanicLatinaeo": "Ethnicity",
	},
}
# FY2024 columns FY2022 did not have
FY2024_ONLY = {
	"Export.csv": ("ImplementationID",),
	"Client.csv": (
		"CulturallySpecific",
		"DifferentIdentity",
		"DifferentIdentityText",
		"MidEastNAfrican",
		"AdditionalRaceEthnicity",
	),
	"Enrollment.csv": (
		"EnrollmentCoC",
		"RentalSubsidyType",
		"TranslationNeeded",
		"PreferredLanguage",
		"PreferredLanguageDifferent",
	),
	"Exit.csv": ("DestinationSubsidyType",),
	"CurrentLivingSituation.csv": ("CLSSubsidyType",),
	"Project.csv": ("RRHSubType",),
}
FY2022_SUBSIDY_COLUMNS = {
	"Enrollment.csv": "RentalSubsidyType",
	"CurrentLivingSituation.csv": "CLSSubsidyType",
	"Exit.csv": "DestinationSubsidyType",
}
FY2022_SITUATIONS = {
	"Enrollment.csv": "LivingSituation",
	"CurrentLivingSituation.csv": "CurrentLivingSituation",
	"Exit.csv": "Destination",
}


def as_fy2022(lines: dict[str, list[str]], tracking_method: int = 0) -> dict[str, list[str]]:
	"""FY2024 files (HmisFiles.lines()) written as an FY2022 export would hold the same answers: FY2022's
	column names, its 1-2 digit living situations (the inverse of HUD's crosswalk, for codes that map one to
	one), Ethnicity for HispanicLatinaeo, the enrollment CoC in EnrollmentCoC.csv, shelters' tracking method."""
	back = {str(new): str(old) for old, new in hmis_fy2022.LIVING_SITUATIONS.items() if new != 435}
	by_subsidy = {str(new): str(old) for old, new in hmis_fy2022.SUBSIDY_TYPES.items()}
	out, cocs = {}, []
	for file, file_lines in lines.items():
		reader = csv.DictReader(io.StringIO("\n".join(file_lines)))
		renamed = FY2022_RENAMED.get(file, {})
		dropped = FY2024_ONLY.get(file, ())
		names = [renamed.get(name, name) for name in reader.fieldnames if name not in dropped]
		if file == "Project.csv":
			names.insert(names.index("ProjectType") + 1, "TrackingMethod")
		rows = []
		for row in reader:
			if file == "Enrollment.csv" and row.get("EnrollmentCoC"):
				cocs.append(
					[
						f"{row['EnrollmentID']}C",
						row["EnrollmentID"],
						row["HouseholdID"],
						row["ProjectID"],
						row["PersonalID"],
						row["EntryDate"],
						row["EnrollmentCoC"],
						"1",
					]
				)
			column = FY2022_SITUATIONS.get(file)
			if column and row.get(column):
				subsidy = row.get(FY2022_SUBSIDY_COLUMNS[file])
				row[column] = (
					by_subsidy.get(subsidy, "")
					if row[column] == "435"
					else back.get(row[column], row[column])
				)
			if file == "Export.csv":
				# FY2022 had no ImplementationID: the source HMIS is known by its SourceID.
				row["CSVVersion"] = "2022 v1.2"
				row["SourceID"] = row["SourceID"] or row["ImplementationID"]
			if file == "Project.csv":
				row["TrackingMethod"] = str(tracking_method) if row["ProjectType"] in ("0", "1") else ""
				row["ProjectType"] = "1" if row["ProjectType"] in ("0", "1") else row["ProjectType"]
			old_names = {v: k for k, v in renamed.items()}
			rows.append([row.get(old_names.get(name, name)) for name in names])
		buffer = io.StringIO()
		writer = csv.writer(buffer, lineterminator="\n")
		writer.writerow(names)
		writer.writerows(rows)
		out[file] = buffer.getvalue().splitlines()
	buffer = io.StringIO()
	writer = csv.writer(buffer, lineterminator="\n")
	writer.writerow(
		[
			"EnrollmentCoCID",
			"EnrollmentID",
			"HouseholdID",
			"ProjectID",
			"PersonalID",
			"InformationDate",
			"CoCCode",
			"DataCollectionStage",
		]
	)
	writer.writerows(cocs)
	out["EnrollmentCoC.csv"] = buffer.getvalue().splitlines()
	return out
