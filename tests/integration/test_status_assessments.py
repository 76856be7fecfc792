"""Status Update, Annual, Project Start and Exit records on a real site (HUD 4.02-4.11 at each data collection
stage): a household of three recorded at entry, updated, at its annual and at exit; refusals with nothing
half-saved; the disabling condition and chronic homelessness that follow; due items appearing and clearing;
history and HMIS CSV rows; and another agency sees none of it."""

import csv
import io
import zipfile
from datetime import timedelta

import frappe
import pytest
from frappe.utils import add_days, getdate

from cas_coordinated_access.api import send_to_community_queue, status_assessment_members
from cas_coordinated_access.coordinated_access.report.client_history.client_history import execute
from cas_coordinated_access.hmis.export import Export
from cas_coordinated_access.rules import circumstances
from cas_coordinated_access.utils import follow_ups
from tests.integration.factories import make_agency, make_cas_enrollment, make_client, make_cls, make_user
from tests.integration.test_visit import answer, new_hct

DOCTYPE = "CAS Status Assessment"
ENTRY_DAYS_AGO = 20


@pytest.fixture
def household():
	"""A head of 40, a partner of 38 and a child of 7 in the CE program, entered 20 days ago."""
	frappe.set_user("Administrator")
	child = make_client(age=7)
	partner = make_client(age=38)
	enrollment = make_cas_enrollment(
		client_age=40,
		members=[
			(child.name, "Head of household’s child"),
			(partner.name, "Head of household’s spouse or partner"),
		],
		entry_date=getdate() - timedelta(days=ENTRY_DAYS_AGO),
	)
	return frappe._dict(enrollment=enrollment, head=enrollment.client, partner=partner.name, child=child.name)


def record(enrollment, stage="Project start", on=None, answers=None, submit=True):
	"""A status record as the desk makes one: the household's rows, then the assessor's answers by member."""
	doc = frappe.get_doc(
		{
			"doctype": DOCTYPE,
			"enrollment": enrollment.name,
			"data_collection_stage": stage,
			"information_date": on or enrollment.entry_date,
			"members": status_assessment_members(enrollment.name, str(on or enrollment.entry_date)),
		}
	)
	for row in doc.members:
		row.update((answers or {}).get(row.client, {}))
	doc.insert()
	if submit:
		doc.submit()
	return doc


NO_INCOME = {
	"income_from_any_source": "No",
	"benefits_from_any_source": "No",
	"insurance_from_any_source": "No",
}


def adults(household, **answers):
	return {household.head: {**NO_INCOME, **answers}, household.partner: dict(NO_INCOME)}


def kinds(enrollment: str) -> list[str]:
	return [row.kind for row in frappe.get_doc("CAS Enrollment", enrollment).due_items]


def test_the_household_is_filled_head_first_adults_before_children(household):
	rows = status_assessment_members(household.enrollment.name)
	assert [row["client"] for row in rows] == [household.head, household.partner, household.child]
	assert [(row["is_head"], row["age"]) for row in rows] == [(1, 40), (0, 38), (0, 7)]


def test_income_is_computed_and_an_update_starts_from_the_last_record(household):
	start = record(
		household.enrollment,
		answers={
			**adults(household),
			household.head: {
				**NO_INCOME,
				"income_from_any_source": "Yes",
				"earned": 1,
				"earned_amount": 1200,
				"ssi": 1,
				"ssi_amount": 300.5,
				"total_monthly_income": 99999,  # sent by the form: computed again on the server
			},
		},
	)
	head = start.members[0]
	assert (head.total_monthly_income, start.household_monthly_income) == (1500.5, 1500.5)
	rows = status_assessment_members(household.enrollment.name, str(getdate()))
	assert rows[0]["earned_amount"] == 1200 and rows[0]["income_from_any_source"] == "Yes"
	update = record(household.enrollment, "Update", getdate(), submit=False)
	assert update.members[0].ssi == 1 and update.members[1].income_from_any_source == "No"


@pytest.mark.parametrize(
	"answers, message",
	[
		({"income_from_any_source": "Yes"}, "tick at least one source"),
		({"income_from_any_source": "No", "snap": 1, "benefits_from_any_source": "No"}, "“SNAP”|SNAP"),
		({"insurance_from_any_source": "Yes", "other_insurance": 1}, "name the other source"),
		({"mental_health_disorder": "No", "mental_health_disorder_indefinite": "Yes"}, "not answered “Yes”"),
	],
)
def test_answers_that_disagree_are_refused_naming_the_member_and_nothing_is_saved(
	household, answers, message
):
	before = frappe.db.count(DOCTYPE), frappe.db.count("CAS Member Status")
	with pytest.raises(frappe.ValidationError, match=message):
		record(household.enrollment, answers={household.head: {**NO_INCOME, **answers}})
	assert (frappe.db.count(DOCTYPE), frappe.db.count("CAS Member Status")) == before


def test_the_message_names_the_member(household):
	name = frappe.db.get_value("CAS Client", household.partner, "display_name")
	with pytest.raises(frappe.ValidationError) as refused:
		record(household.enrollment, answers={household.partner: {"income_from_any_source": "Yes"}})
	assert name in str(refused.value)


def test_a_child_is_not_asked_about_income_and_a_stranger_is_not_a_member(household):
	with pytest.raises(frappe.ValidationError, match="child who is not the head"):
		record(household.enrollment, answers={household.child: {"income_from_any_source": "No"}})
	doc = frappe.get_doc(
		{
			"doctype": DOCTYPE,
			"enrollment": household.enrollment.name,
			"data_collection_stage": "Update",
			"members": [{"client": make_client().name}],
		}
	)
	with pytest.raises(frappe.ValidationError, match="not a member of this household"):
		doc.insert()


def test_stage_dates_follow_the_enrollment(household):
	with pytest.raises(frappe.ValidationError, match="dated on the entry date"):
		record(household.enrollment, on=getdate())
	with pytest.raises(frappe.ValidationError, match="Exit the enrollment first"):
		record(household.enrollment, "Project exit", getdate())


def test_disabilities_decide_the_disabling_condition(household):
	enrollment = household.enrollment
	frappe.db.set_value("CAS Enrollment", enrollment.name, "disabling_condition", "No")
	record(
		enrollment,
		answers=adults(household, physical_disability="Yes", physical_disability_indefinite="Yes"),
	)
	assert frappe.db.get_value("CAS Enrollment", enrollment.name, "disabling_condition") == "Yes"
	enrollment = frappe.get_doc("CAS Enrollment", enrollment.name)
	enrollment.disabling_condition = "No"
	with pytest.raises(frappe.ValidationError, match="cannot be “No”"):
		enrollment.save()


def test_chronic_homelessness_says_why(household):
	frappe.db.set_value(
		"CAS Enrollment",
		household.enrollment.name,
		{
			"prior_living_situation": "Place not meant for habitation (e.g., a vehicle, an abandoned building, bus/train/subway station/airport or anywhere outside)",
			"homeless_since": add_days(household.enrollment.entry_date, -400),
		},
	)
	not_yet = record(household.enrollment, answers=adults(household))
	assert not not_yet.is_chronically_homeless and "disabling condition" in not_yet.chronic_reasons
	chronic = record(
		household.enrollment,
		"Update",
		getdate(),
		answers=adults(household, developmental_disability="Yes"),
	)
	assert chronic.is_chronically_homeless and "12 months" in chronic.chronic_reasons


def test_due_items_appear_and_clear_at_entry_annual_and_exit(household):
	enrollment = household.enrollment
	assert "Project Start Record" in kinds(enrollment.name)
	record(enrollment, answers=adults(household))
	assert "Project Start Record" not in kinds(enrollment.name)

	# A year on, the annual assessment is due by the end of HUD's window, and an annual inside it clears it.
	entry = getdate(enrollment.entry_date)
	anniversary = circumstances.anniversary(entry, entry.year + 1)
	follow_ups.refresh(enrollment.name, today=anniversary)
	due = [
		row
		for row in frappe.get_doc("CAS Enrollment", enrollment.name).due_items
		if row.kind == "Annual Assessment"
	]
	assert [getdate(row.due_on) for row in due] == [getdate(add_days(anniversary, 30))]
	frappe.db.set_value("CAS Enrollment", enrollment.name, "entry_date", add_days(getdate(), -360))
	frappe.db.set_value(
		DOCTYPE, {"enrollment": enrollment.name}, "information_date", add_days(getdate(), -360)
	)
	record(enrollment, "Annual assessment", getdate(), answers=adults(household))
	follow_ups.refresh(enrollment.name, today=add_days(getdate(), 5))
	assert "Annual Assessment" not in kinds(enrollment.name)

	enrollment = frappe.get_doc("CAS Enrollment", enrollment.name)
	enrollment.update({"exit_date": getdate(), "destination": "Rental by client, no ongoing housing subsidy"})
	enrollment.save()
	assert kinds(enrollment.name) == ["Exit Record"]
	record(enrollment, "Project exit", getdate(), answers=adults(household))
	assert kinds(enrollment.name) == []


def test_history_export_and_another_agency(household):
	enrollment = household.enrollment
	start = record(
		enrollment,
		answers={
			**adults(
				household,
				domestic_violence_survivor="Yes",
				currently_fleeing="Yes",
				substance_use_disorder="Drug use disorder",
			),
			household.child: {"insurance_from_any_source": "Yes", "medicaid": 1},
		},
	)
	history = execute({"client": household.child})[1]
	assert any(row.record == start.name for row in history)

	buffer = io.BytesIO()
	Export(add_days(getdate(), -60), getdate()).write(buffer)
	with zipfile.ZipFile(buffer) as archive:
		files = {
			name: list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8"))))
			for name in ("IncomeBenefits.csv", "HealthAndDV.csv", "Disabilities.csv")
		}
	ours = {row.name for row in start.members}
	income = [row for row in files["IncomeBenefits.csv"] if row["IncomeBenefitsID"] in ours]
	assert len(income) == 3 and {row["DataCollectionStage"] for row in income} == {"1"}
	child = next(row for row in income if row["IncomeBenefitsID"] == start.members[2].name)
	assert (child["IncomeFromAnySource"], child["InsuranceFromAnySource"], child["Medicaid"]) == (
		"",
		"1",
		"1",
	)
	dv = next(row for row in files["HealthAndDV.csv"] if row["HealthAndDVID"] == start.members[0].name)
	assert (dv["DomesticViolenceSurvivor"], dv["CurrentlyFleeing"]) == ("1", "1")
	(disability,) = [
		row for row in files["Disabilities.csv"] if row["DisabilitiesID"].startswith(start.members[0].name)
	]
	assert (disability["DisabilityType"], disability["DisabilityResponse"]) == ("10", "2")

	# A shelter's intake staff do not see the CE household (the census tries every path, protected
	# households against every other agency's staff).
	stranger = make_user(
		f"status.{frappe.generate_hash(length=6)}@example.org", "CAS Provider", [make_agency().name]
	)
	frappe.set_user(stranger)
	assert frappe.get_list(DOCTYPE, filters={"name": start.name}) == []
	rows = frappe.get_list(
		"CAS Member Status", filters={"parent": start.name}, fields=["client"], parent_doctype=DOCTYPE
	)
	assert rows == []
	assert not frappe.has_permission(DOCTYPE, "read", start.name)
	with pytest.raises(frappe.PermissionError):
		status_assessment_members(enrollment.name)
	frappe.set_user("Administrator")


def test_an_hct_reporting_new_income_offers_a_status_update_and_the_queue_says_why_not_chronic(household):
	enrollment = household.enrollment
	record(enrollment, answers=adults(household))  # the head has no income
	make_cls(enrollment.name, information_date=getdate())
	hct = new_hct(enrollment.name)
	answer(hct)
	question_set = frappe.get_doc("CAS Question Set", hct.question_set)
	income = {q.code for q in question_set.questions if q.reports_on == "Income"}
	assert income, "the default HCT marks its income question"
	for row in hct.answers:
		if row.question_code in income:
			row.answer = "Yes"
	hct.save()
	hct.submit()
	hct.run_method("onload")
	assert hct.get_onload().status_update_for == ["Income"]

	entry = frappe.get_doc("CAS Queue Entry", send_to_community_queue(hct.doctype, hct.name, "Housing"))
	assert not entry.chronic and "disabling condition" in entry.chronic_reasons

	# Once a status update records the income, the same answers report no change.
	record(enrollment, "Update", getdate(), answers=adults(household, income_from_any_source="Yes", earned=1))
	hct.run_method("onload")
	assert hct.get_onload().status_update_for == []
