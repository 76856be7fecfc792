"""A whole CAS visit on a real site, as a real assessor: CLS, HCT with answers, EVH, ISP with goals and
steps, CE Event, what is due at each step, the refusals, the client's printed copy, and the daily job."""

from datetime import timedelta

import frappe
import pytest
from frappe.utils import add_days, getdate

from cas_coordinated_access.rules import business_days
from cas_coordinated_access.utils import follow_ups
from tests.integration.factories import (
	make_agency,
	make_client,
	make_cls,
	make_enrollment,
	make_program,
	make_user,
)

FLEEING = "Fleeing domestic violence or trafficking"
OUTSIDE = "Outdoors, in a tent, or another place not meant for people to live"


@pytest.fixture
def visit():
	"""An assessor of River House and a household enrolled in the shared CAS Agency's CE program ten days ago."""
	shared = frappe.db.get_value("CAS Agency", {"is_cas_agency": 1}) or make_agency(is_cas_agency=1).name
	river = make_agency().name
	program = make_program(shared).name
	client = make_client(age=44, agency=river)
	enrollment = make_enrollment(program, client.name, entry_date=getdate() - timedelta(days=10))
	# The household's project start record (HUD's data at entry) was made: what the visit leaves due is
	# the CAS visit's own.
	frappe.get_doc(
		{
			"doctype": "CAS Status Assessment",
			"enrollment": enrollment.name,
			"data_collection_stage": "Project start",
			"information_date": enrollment.entry_date,
		}
	).insert().submit()
	tag = frappe.generate_hash(length=5)
	assessor = make_user(f"assessor.{tag}@example.org", "CAS Assessor", [river])
	crisis_staff = make_user(f"crisis.{tag}@example.org", "CAS Referral Specialist", [shared])
	frappe.set_user(assessor)
	return frappe._dict(
		enrollment=enrollment.name, client=client.name, assessor=assessor, crisis_staff=crisis_staff
	)


def due(enrollment):
	return [(row.kind, getdate(row.due_on)) for row in frappe.get_doc("CAS Enrollment", enrollment).due_items]


def new_hct(enrollment, **values):
	doc = frappe.get_doc(
		{
			"doctype": "CAS Housing Conversation Tool",
			"enrollment": enrollment,
			"assessment_location": "Loaves & Fishes",
			**values,
		}
	)
	doc.insert()
	return doc


def answer(doc, factors=()):
	"""Answer every question: the answer showing one of ``factors`` where there is one, else a 0-point answer."""
	question_set = frappe.get_doc("CAS Question Set", doc.question_set)
	options = {}
	for option in question_set.answer_options:
		options.setdefault(option.question_code, []).append(option)
	for row in doc.answers:
		choices = options[row.question_code]
		factor = next((o for o in choices if o.evh_factor in factors), None)
		row.answer = (factor or next(o for o in choices if not o.points)).option


def test_whole_visit(visit):
	today = getdate()
	entry = today - timedelta(days=10)
	# Enrolled: the first CLS is due on the entry date, as a ToDo for the assessor.
	assert due(visit.enrollment) == [("Current Living Situation", entry)]
	make_cls(visit.enrollment, information_date=entry)
	assert due(visit.enrollment) == [("Current Living Situation", entry + timedelta(days=30))]

	# The HCT: questions come from the default set; the score is computed on the server.
	hct = new_hct(visit.enrollment)
	assert hct.question_set.startswith("Default Housing Conversation Tool")
	assert len(hct.answers) >= 25 and not any(row.section == "Family" for row in hct.answers)
	answer(hct, {FLEEING, "Disabling condition", "Sleeping outdoors or in a tent"})
	hct.total_score = 99
	hct.is_evh = 0
	hct.save()
	assert (hct.total_score, hct.is_evh, hct.evh_threshold) == (6, 1, 6)
	assert f"EVH factor: {FLEEING}" in hct.evh_reasons
	assert {row.section: row.score for row in hct.section_scores}["Risks and Safety"] == 2

	# Submitting needs a CLS that day; the draft is kept, with a way to record the CLS.
	with pytest.raises(frappe.ValidationError, match="Record the CLS now") as refused:
		hct.submit()
	assert "/app/cas-current-living-situation/new?enrollment=" in str(refused.value)
	assert frappe.db.get_value("CAS Housing Conversation Tool", hct.name, "docstatus") == 0
	make_cls(visit.enrollment, information_date=today)
	hct.reload()
	hct.submit()

	# EVH on the enrollment and the client, and crisis staff alerted.
	enrollment = frappe.get_doc("CAS Enrollment", visit.enrollment)
	assert (enrollment.is_evh, getdate(enrollment.evh_since), enrollment.evh_score) == (1, today, 6)
	assert frappe.db.get_value("CAS Client", visit.client, "is_evh") == 1
	assert frappe.db.exists(
		"Notification Log",
		{"for_user": visit.crisis_staff, "document_name": visit.enrollment, "type": "Alert"},
	)

	# Not yet sent to the Community Queue: a due item until it is.
	assert ("Send to Community Queue", today) in due(visit.enrollment)
	from cas_coordinated_access.api import send_to_community_queue

	send_to_community_queue(hct.doctype, hct.name, "Shelter")
	assert ("Send to Community Queue", today) not in due(visit.enrollment)

	# Next: an ISP by the next business day, a CE Event today.
	isp_due = business_days.add_business_days(today, 1)
	assert ("Individualized Support Plan", isp_due) in due(visit.enrollment)
	assert ("CE Event", today) in due(visit.enrollment)
	todos = frappe.get_all(
		"ToDo",
		filters={"reference_name": visit.enrollment, "status": "Open"},
		fields=["allocated_to", "date", "description", "priority"],
	)
	assert {t.allocated_to for t in todos} == {visit.assessor}
	# Issue 16: the household first (lists cut descriptions), and what can wait does not shout.
	label = frappe.db.get_value("CAS Enrollment", visit.enrollment, "client_name")
	assert all(t.description.startswith(f"{label}: ") for t in todos)
	assert {t.priority for t in todos if getdate(t.date) > today + timedelta(days=2)} == {"Low"}
	assert any(
		"Individualized Support Plan due" in t.description and getdate(t.date) == isp_due for t in todos
	)

	# The ISP: at least one housing goal; steps belong to goals; the target date follows the timeline.
	isp = frappe.get_doc(
		{
			"doctype": "CAS Individualized Support Plan",
			"enrollment": visit.enrollment,
			"housing_conversation_tool": hct.name,
			"program_preference": "Rapid Re-Housing (RRH), CoC funded",
			"client_reasons": "I want to stay near my sister and my clinic.",
			"goals": [
				{"goal": "Get my ID back", "category": "Documents", "start_date": today, "timeline_days": 14}
			],
		}
	)
	with pytest.raises(frappe.ValidationError, match="housing goal"):
		isp.insert()
	isp.append(
		"goals",
		{
			"goal": "Move into an apartment near Oak Park",
			"specific": "I call the housing office on Mondays; my navigator drives me to viewings.",
			"category": "Housing",
			"start_date": today,
			"timeline_days": 90,
		},
	)
	isp.append(
		"action_steps",
		{"goal_number": 2, "step": "Apply to two RRH units", "responsible": "Client and navigator"},
	)
	isp.append(
		"support_team", {"member_name": "J. Rivera", "role": "Housing Navigator", "phone": "916-555-0101"}
	)
	isp.insert()
	assert getdate(isp.goals[1].target_date) == today + timedelta(days=90)

	# The CE Event closes what the HCT and the ISP asked for.
	frappe.get_doc(
		{
			"doctype": "CAS CE Event",
			"enrollment": visit.enrollment,
			"event": "Referral to Housing Navigation project or services",
		}
	).insert()
	assert [kind for kind, _ in due(visit.enrollment)] == ["Current Living Situation"]
	assert not frappe.get_all(
		"ToDo",
		filters={
			"reference_name": visit.enrollment,
			"status": "Open",
			"description": ("like", "%Individualized Support Plan due%"),
		},
	)

	# The client's copy prints in plain language.
	from frappe.utils.pdf import get_pdf
	from frappe.www.printview import get_html_and_style

	html = get_html_and_style(
		"CAS Individualized Support Plan", isp.name, print_format="CAS ISP Client Copy"
	)["html"]
	assert (
		"Your Support Plan" in html
		and "Move into an apartment near Oak Park" in html
		and "Apply to two RRH units" in html
	)
	# Issue 16: the SMART parts of each goal are the client's too.
	assert "I call the housing office on Mondays" in html
	# What is stored is printed as text, whatever it holds (a script never runs in the client's copy).
	frappe.db.set_value(isp.doctype, isp.name, "client_reasons", "<script>alert(1)</script>")
	html = get_html_and_style(isp.doctype, isp.name, print_format="CAS ISP Client Copy")["html"]
	assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
	assert get_pdf(html).startswith(b"%PDF")


def test_a_score_sent_from_outside_is_ignored(visit):
	hct = new_hct(visit.enrollment)
	answer(hct)
	for row in hct.answers:
		row.points = 5
	hct.total_score = 40
	hct.save()
	assert hct.total_score == 0 and not hct.is_evh
	assert all(row.points == 0 for row in hct.answers)


def test_an_answer_that_is_not_an_option_is_refused(visit):
	hct = new_hct(visit.enrollment)
	hct.answers[0].answer = "Something I typed"
	with pytest.raises(frappe.ValidationError, match="not one of the answers"):
		hct.save()


def test_unanswered_required_questions_block_submit(visit):
	make_cls(visit.enrollment, information_date=getdate())
	hct = new_hct(visit.enrollment)
	with pytest.raises(frappe.ValidationError, match="remaining required questions"):
		hct.submit()


def test_crisis_assessment_recommends_shelter_for_someone_sleeping_outside(visit):
	make_cls(visit.enrollment, information_date=getdate())
	crisis = frappe.get_doc(
		{
			"doctype": "CAS Crisis Assessment",
			"enrollment": visit.enrollment,
			"assessment_location": "Outreach van",
		}
	).insert()
	answer(crisis)
	next(row for row in crisis.answers if row.question_code == "CA-01").answer = OUTSIDE
	next(row for row in crisis.answers if row.question_code == "CA-03").answer = "Yes"
	next(row for row in crisis.answers if row.question_code == "CA-14").answer = "No"
	crisis.save()
	crisis.submit()
	assert (crisis.shelter_referral_needed, crisis.psap_eligible, crisis.case_management_referral) == (
		1,
		1,
		0,
	)
	assert "Shelter Referral: answered CA-01" in crisis.recommendation_reasons
	assert crisis.assessment_level == "Crisis Needs Assessment"


def test_evh_ends_when_a_newer_assessment_scores_lower_and_cancel_restores(visit):
	make_cls(visit.enrollment, information_date=getdate())
	first = new_hct(visit.enrollment)
	answer(first, {FLEEING, "Disabling condition", "Sleeping outdoors or in a tent"})
	first.save()
	first.submit()
	assert frappe.db.get_value("CAS Enrollment", visit.enrollment, "is_evh") == 1
	second = new_hct(visit.enrollment)
	answer(second)
	second.save()
	second.submit()
	assert frappe.db.get_value("CAS Enrollment", visit.enrollment, ["is_evh", "evh_since"]) == (0, None)
	second.cancel()
	assert frappe.db.get_value("CAS Enrollment", visit.enrollment, "is_evh") == 1


def test_daily_job_marks_what_went_overdue(visit):
	frappe.set_user("Administrator")
	make_cls(visit.enrollment, information_date=getdate() - timedelta(days=10))
	assert not any(row.overdue for row in frappe.get_doc("CAS Enrollment", visit.enrollment).due_items)
	# Forty days on, the same CLS is stale: the job (as the scheduler runs it) marks it overdue.
	follow_ups.refresh(visit.enrollment, today=add_days(getdate(), 40))
	rows = frappe.get_doc("CAS Enrollment", visit.enrollment).due_items
	assert [(row.kind, row.overdue) for row in rows] == [("Current Living Situation", 1)]
	assert (
		frappe.db.get_value("ToDo", {"reference_name": visit.enrollment, "status": "Open"}, "priority")
		== "High"
	)
	assert follow_ups.mark_overdue_follow_ups() >= 1


def test_an_enrollment_form_opened_before_a_cls_shows_it_and_cannot_be_saved_over_it(visit):
	"""Issue 16: back on the enrollment after recording a CLS (or an HCT), the desk showed the Next Steps and
	EVH it had cached; saving that copy would have written the old Next Steps back. The enrollment now
	changes when its records do: open forms reload, a stale copy is refused."""
	stale = frappe.get_doc("CAS Enrollment", visit.enrollment)
	make_cls(visit.enrollment, information_date=getdate())
	assert frappe.db.get_value("CAS Enrollment", visit.enrollment, "modified") != stale.modified
	stale.homeless_since = getdate() - timedelta(days=400)
	with pytest.raises(frappe.TimestampMismatchError):
		stale.save()
