"""HMIS CSV FY2024 export: the CAS data of a reporting period as the twelve files HUD defines, zipped.

The format (column order, types, codes, quoting) is `rules/hmis_csv.py`; this module gathers the values.
Only what the exporting user may see is exported; protected clients leave no identifying data; clients
held by a victim service provider are left out unless an administrator of that agency exports. Files are
written row by row and enrollments are read in chunks, so memory does not grow with the data.
"""

import hashlib
import io
import os
import tempfile
import zipfile
from datetime import date

import frappe
from frappe.utils import getdate, now_datetime

import cas_coordinated_access
from cas_coordinated_access import permissions
from cas_coordinated_access.rules import ce_event, hmis_csv, hud
from cas_coordinated_access.rules import client as client_rules

CHUNK = 500
RACE = {
	"AmIndAKNative": "am_ind_ak_native",
	"Asian": "asian",
	"BlackAfAmerican": "black_af_american",
	"HispanicLatinaeo": "hispanic_latinaeo",
	"MidEastNAfrican": "mid_east_n_african",
	"NativeHIPacific": "native_hi_pacific",
	"White": "white",
}
GENDER = {
	"Woman": "woman",
	"Man": "man",
	"NonBinary": "non_binary",
	"CulturallySpecific": "culturally_specific",
	"Transgender": "transgender",
	"Questioning": "questioning",
	"DifferentIdentity": "different_identity",
}
ASSESSMENTS = ("CAS Crisis Assessment", "CAS Housing Conversation Tool")


def user_id(user: str) -> str:
	"""A stable 32-character id for a user (HUD's UserID is at most 32 characters)."""
	return hashlib.md5(user.encode("utf-8")).hexdigest()


class Export:
	def __init__(self, from_date: date, to_date: date, user: str | None = None):
		self.from_date, self.to_date = getdate(from_date), getdate(to_date)
		self.user = user or frappe.session.user
		self.export_id = hashlib.md5(f"{frappe.local.site}{now_datetime()}".encode()).hexdigest()
		self.counts = dict.fromkeys(hmis_csv.FILES, 0)
		self.users, self.programs, self.clients = set(), set(), set()
		self.progress = None  # called with (enrollments done, total) after each chunk

	def write(self, target: io.BufferedIOBase) -> dict:
		"""Write the zip to ``target``. Each file is streamed to a temporary file first (a zip takes one
		writer at a time), so no file is ever held in memory whole."""
		with tempfile.TemporaryDirectory() as folder:
			handles = {
				file: open(os.path.join(folder, file), "wb")
				for file in hmis_csv.FILES
				if file not in dict(self.LAST)
			}
			try:
				for file, handle in handles.items():
					self.line(handle, file, hmis_csv.header(file), header=True)
				chunks = list(self.enrollment_chunks())
				total, done = sum(len(chunk) for chunk in chunks), 0
				for chunk in chunks:
					self.write_enrollments(handles, chunk)
					done += len(chunk)
					if self.progress:
						self.progress(done, total)
			finally:
				for handle in handles.values():
					handle.close()
			for file, method in self.LAST:
				with open(os.path.join(folder, file), "wb") as handle:
					self.line(handle, file, hmis_csv.header(file), header=True)
					getattr(self, method)(handle)
			with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
				for file in hmis_csv.FILES:
					archive.write(os.path.join(folder, file), file)
		return self.counts

	def line(self, handle, file: str, cells, header: bool = False):
		text = ",".join(cells) if header else hmis_csv.to_csv_line(file, cells)
		handle.write((text + "\r\n").encode("utf-8"))
		if not header:
			self.counts[file] += 1

	def emit(self, handles, file: str, values: dict, record=None):
		if record is not None:
			values.update(self.metadata(record))
		self.line(handles[file], file, hmis_csv.row(file, values))

	def metadata(self, record) -> dict:
		owner = record.get("owner") or "Administrator"
		self.users.add(owner)
		return {
			"DateCreated": record.get("creation"),
			"DateUpdated": record.get("modified"),
			"UserID": user_id(owner),
			"ExportID": self.export_id,
		}

	# Which enrollments

	def enrollment_chunks(self):
		condition = permissions.condition_for("CAS Enrollment", table="enrollment")
		excluded = self.excluded_agencies()
		names = frappe.db.sql_list(
			f"""select enrollment.`name` from `tabCAS Enrollment` enrollment
			where enrollment.`entry_date` <= %(to_date)s
				and (enrollment.`exit_date` is null or enrollment.`exit_date` >= %(from_date)s)
				and (enrollment.`client_agency` is null or enrollment.`client_agency` not in %(excluded)s)
				and {condition}
			order by enrollment.`name`""",
			{"from_date": self.from_date, "to_date": self.to_date, "excluded": excluded or [""]},
		)
		for start in range(0, len(names), CHUNK):
			yield names[start : start + CHUNK]

	def excluded_agencies(self) -> list[str]:
		"""Victim service providers' clients stay out, unless an administrator of that agency exports."""
		viewer = permissions.get_viewer(self.user)
		vsp = frappe.get_all("CAS Agency", filters={"victim_service_provider": 1}, pluck="name")
		return [agency for agency in vsp if not (viewer.is_admin and agency in viewer.agencies)]

	# Household files

	def write_enrollments(self, handles, names: list[str]):
		enrollments = {
			row.name: row
			for row in frappe.get_all("CAS Enrollment", filters={"name": ("in", names)}, fields=["*"])
		}
		members = frappe.get_all(
			"CAS Household Member",
			filters={"parent": ("in", names), "parenttype": "CAS Enrollment"},
			fields=["parent", "client", "relationship_to_hoh"],
			order_by="parent, idx",
		)
		self.write_clients(handles, {m.client for m in members} - self.clients)
		for member in members:
			enrollment = enrollments[member.parent]
			self.programs.add(enrollment.program)
			enrollment_id = f"{enrollment.name}:{member.client}"
			self.emit(
				handles,
				"Enrollment.csv",
				{
					"EnrollmentID": enrollment_id,
					"PersonalID": member.client,
					"ProjectID": enrollment.program,
					"EntryDate": enrollment.entry_date,
					"HouseholdID": enrollment.name,
					"RelationshipToHoH": hud.code_for(hud.RELATIONSHIP_TO_HOH, member.relationship_to_hoh),
					"EnrollmentCoC": enrollment.enrollment_coc,
					"LivingSituation": hud.code_for(
						hud.PRIOR_LIVING_SITUATION, enrollment.prior_living_situation
					),
					"DateToStreetESSH": enrollment.homeless_since,
					"DisablingCondition": hud.code_for(
						hud.NO_YES_REASONS_MISSING, enrollment.disabling_condition
					),
				},
				enrollment,
			)
			if enrollment.exit_date and getdate(enrollment.exit_date) <= self.to_date:
				self.emit(
					handles,
					"Exit.csv",
					{
						"ExitID": enrollment_id,
						"EnrollmentID": enrollment_id,
						"PersonalID": member.client,
						"ExitDate": enrollment.exit_date,
						"Destination": hud.code_for(hud.DESTINATION, enrollment.destination),
						"DestinationSubsidyType": hud.code_for(
							hud.RENTAL_SUBSIDY_TYPE, enrollment.destination_subsidy_type
						),
						"OtherDestination": enrollment.other_destination,
					},
					enrollment,
				)
		heads = {name: f"{name}:{row.client}" for name, row in enrollments.items()}
		self.write_living_situations(handles, heads)
		self.write_assessments(handles, heads)
		self.write_events(handles, heads)

	def write_clients(self, handles, clients: set[str]):
		for client in frappe.get_all(
			"CAS Client", filters={"name": ("in", list(clients) or [""])}, fields=["*"]
		):
			self.clients.add(client.name)
			values = {
				"PersonalID": client.name,
				"FirstName": client.first_name,
				"MiddleName": client.middle_name,
				"LastName": client.last_name,
				"NameSuffix": client.name_suffix,
				"NameDataQuality": hud.code_for(hud.NAME_DATA_QUALITY, client.name_data_quality),
				"SSN": client.ssn,
				"SSNDataQuality": hud.code_for(hud.SSN_DATA_QUALITY, client.ssn_data_quality),
				"DOB": client.date_of_birth,
				"DOBDataQuality": hud.code_for(hud.DOB_DATA_QUALITY, client.dob_data_quality),
				"RaceNone": hud.code_for(hud.RACE_GENDER_NONE, client.race_none),
				"AdditionalRaceEthnicity": client.additional_race_ethnicity,
				"GenderNone": hud.code_for(hud.RACE_GENDER_NONE, client.gender_none),
				"DifferentIdentityText": client.different_identity_text,
				"VeteranStatus": hud.code_for(hud.NO_YES_REASONS_MISSING, client.veteran_status),
				**{column: int(bool(client.get(field))) for column, field in {**RACE, **GENDER}.items()},
			}
			if client.is_protected:
				values = hmis_csv.protected_client(values)
			self.emit(handles, "Client.csv", values, client)

	def records(self, doctype: str, heads: dict, date_field: str, extra: str = "") -> list:
		condition = permissions.condition_for(doctype, table="record")
		return frappe.db.sql(
			f"""select record.* from `tab{doctype}` record
			where record.`enrollment` in %(enrollments)s and record.`{date_field}` <= %(to_date)s
				and {condition} {extra}
			order by record.`name`""",
			{"enrollments": list(heads), "to_date": self.to_date},
			as_dict=True,
		)

	def write_living_situations(self, handles, heads: dict):
		for cls in self.records("CAS Current Living Situation", heads, "information_date"):
			location = client_rules.full_name(cls.location_address, cls.location_details)
			self.emit(
				handles,
				"CurrentLivingSituation.csv",
				{
					"CurrentLivingSitID": cls.name,
					"EnrollmentID": heads[cls.enrollment],
					"PersonalID": cls.client,
					"InformationDate": cls.information_date,
					"CurrentLivingSituation": hud.code_for(
						hud.CURRENT_LIVING_SITUATION, cls.living_situation
					),
					"CLSSubsidyType": hud.code_for(hud.RENTAL_SUBSIDY_TYPE, cls.cls_subsidy_type),
					"VerifiedBy": cls.verified_by,
					"LeaveSituation14Days": hud.code_for(
						hud.NO_YES_REASONS_MISSING, cls.leave_situation_14_days
					),
					"SubsequentResidence": hud.code_for(hud.NO_YES_REASONS_MISSING, cls.subsequent_residence),
					"ResourcesToObtain": hud.code_for(hud.NO_YES_REASONS_MISSING, cls.resources_to_obtain),
					"LeaseOwn60Day": hud.code_for(hud.NO_YES_REASONS_MISSING, cls.lease_own_60_day),
					"MovedTwoOrMore": hud.code_for(hud.NO_YES_REASONS_MISSING, cls.moved_two_or_more),
					"LocationDetails": location,
				},
				cls,
			)

	def write_assessments(self, handles, heads: dict):
		for doctype in ASSESSMENTS:
			for assessment in self.records(doctype, heads, "assessment_date", "and record.`docstatus` = 1"):
				ids = {
					"AssessmentID": assessment.name,
					"EnrollmentID": heads[assessment.enrollment],
					"PersonalID": assessment.client,
				}
				self.emit(
					handles,
					"Assessment.csv",
					{
						**ids,
						"AssessmentDate": assessment.assessment_date,
						"AssessmentLocation": assessment.assessment_location,
						"AssessmentType": hud.code_for("4.19.3", assessment.assessment_type),
						"AssessmentLevel": hud.code_for("4.19.4", assessment.assessment_level),
						"PrioritizationStatus": hud.code_for("4.19.7", assessment.prioritization_status),
					},
					assessment,
				)
				for answer in frappe.get_all(
					"CAS Assessment Answer",
					filters={"parent": assessment.name, "parenttype": doctype},
					fields=["name", "section", "idx", "question", "answer"],
					order_by="idx",
				):
					self.emit(
						handles,
						"AssessmentQuestions.csv",
						{
							**ids,
							"AssessmentQuestionID": answer.name,
							"AssessmentQuestionGroup": answer.section,
							"AssessmentQuestionOrder": answer.idx,
							"AssessmentQuestion": answer.question,
							"AssessmentAnswer": answer.answer,
						},
						assessment,
					)
				results = [
					("Total Score", assessment.total_score),
					("EVH", "Yes" if assessment.is_evh else "No"),
				]
				results += [
					(f"Section: {row.section}", row.score)
					for row in frappe.get_all(
						"CAS Assessment Section Score",
						filters={"parent": assessment.name, "parenttype": doctype},
						fields=["section", "score"],
						order_by="idx",
					)
				]
				for index, (result_type, result) in enumerate(results, start=1):
					self.emit(
						handles,
						"AssessmentResults.csv",
						{
							**ids,
							"AssessmentResultID": f"{assessment.name}-R{index}",
							"AssessmentResultType": result_type,
							"AssessmentResult": result,
						},
						assessment,
					)

	def write_events(self, handles, heads: dict):
		for event in self.records("CAS CE Event", heads, "event_date"):
			self.emit(
				handles,
				"Event.csv",
				{
					"EventID": event.name,
					"EnrollmentID": heads[event.enrollment],
					"PersonalID": event.client,
					"EventDate": event.event_date,
					"Event": hud.code_for(ce_event.EVENT, event.event),
					"ProbSolDivRRResult": hud.code_for(hud.NO_YES_MISSING, event.prob_sol_div_rr_result),
					"ReferralCaseManageAfter": hud.code_for(
						hud.NO_YES_MISSING, event.referral_case_manage_after
					),
					"LocationCrisisOrPHHousing": event.location_crisis_or_ph_housing,
					"ReferralResult": hud.code_for(ce_event.REFERRAL_RESULT, event.referral_result),
					"ResultDate": event.result_date,
				},
				event,
			)

	# Descriptor files, written once every household is out

	def write_export(self, handle):
		self.line(
			handle,
			"Export.csv",
			hmis_csv.row(
				"Export.csv",
				{
					"ExportID": self.export_id,
					"SourceType": 2,
					"SourceName": "CAS Coordinated Access",
					"ExportDate": now_datetime(),
					"ExportStartDate": self.from_date,
					"ExportEndDate": self.to_date,
					"SoftwareName": "CAS Coordinated Access",
					"SoftwareVersion": cas_coordinated_access.__version__,
					"CSVVersion": "2024 v1.4",
					"ExportPeriodType": 3,
					"ExportDirective": 2,
					"HashStatus": 1,
					"ImplementationID": hashlib.md5(frappe.local.site.encode()).hexdigest(),
				},
			),
		)

	def write_projects(self, handle):
		for program in frappe.get_all(
			"CAS Program", filters={"name": ("in", list(self.programs) or [""])}, fields=["*"]
		):
			project_type = hud.code_for(hud.PROJECT_TYPE, program.project_type)
			rrh = hud.code_for(hud.RRH_SUBTYPE, program.rrh_sub_type)
			values = {
				"ProjectID": program.name,
				"OrganizationID": program.agency,
				"ProjectName": program.program_name,
				"OperatingStartDate": program.operating_start_date,
				"OperatingEndDate": program.operating_end_date,
				"ContinuumProject": int(bool(program.continuum_project)),
				"ProjectType": project_type,
				"RRHSubType": rrh,
				"ResidentialAffiliation": 0 if project_type == 6 or rrh == 1 else None,
				**self.metadata(program),
			}
			self.line(handle, "Project.csv", hmis_csv.row("Project.csv", values))

	def write_organizations(self, handle):
		agencies = {frappe.db.get_value("CAS Program", p, "agency") for p in self.programs}
		for agency in frappe.get_all(
			"CAS Agency", filters={"name": ("in", list(agencies) or [""])}, fields=["*"]
		):
			values = {
				"OrganizationID": agency.name,
				"OrganizationName": agency.agency_name,
				"VictimServiceProvider": int(bool(agency.victim_service_provider)),
				"OrganizationCommonName": agency.agency_common_name,
				**self.metadata(agency),
			}
			self.line(handle, "Organization.csv", hmis_csv.row("Organization.csv", values))

	def write_users(self, handle):
		for user in frappe.get_all(
			"User",
			filters={"name": ("in", list(self.users) or [""])},
			fields=["name", "first_name", "last_name", "email", "creation", "modified"],
		):
			values = {
				"UserID": user_id(user.name),
				"UserFirstName": user.first_name,
				"UserLastName": user.last_name,
				"UserEmail": user.email,
				"DateCreated": user.creation,
				"DateUpdated": user.modified,
				"ExportID": self.export_id,
			}
			self.line(handle, "User.csv", hmis_csv.row("User.csv", values))

	# Written after the household files: they list what those files used. Projects before organizations
	# (a project's organization) and users last (every record's author).
	LAST = (
		("Export.csv", "write_export"),
		("Project.csv", "write_projects"),
		("Organization.csv", "write_organizations"),
		("User.csv", "write_users"),
	)
