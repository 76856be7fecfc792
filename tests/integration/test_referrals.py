"""Referrals and the Community Queue on a real site, through Frappe's built-in Workflow, as real users."""

from datetime import timedelta

import frappe
import pytest
from frappe.model.workflow import apply_workflow
from frappe.utils import getdate

from cas_coordinated_access.api import send_to_community_queue
from cas_coordinated_access.utils import community_queue
from tests.integration.conftest import run_migrate
from tests.integration.factories import (
	make_client,
	make_cls,
	make_enrollment,
)
from tests.integration.test_visit import FLEEING, answer, new_hct

SHELTER = "Emergency Shelter – Entry Exit"


def assessed_household(coc, factors=(), age=44):
	"""A household assessed today with an HCT (submitted), by the assessor."""
	frappe.set_user("Administrator")
	client = make_client(age=age, phone="916-555-0123")
	enrollment = make_enrollment(coc.ce, client.name, entry_date=getdate() - timedelta(days=5))
	frappe.set_user(coc.assessor)
	make_cls(enrollment.name, information_date=getdate())
	hct = new_hct(enrollment.name)
	answer(hct, set(factors))
	hct.save()
	hct.submit()
	return enrollment.name, hct


def refer(coc, entry, program):
	frappe.set_user(coc.referral)
	return frappe.get_doc(
		{"doctype": "CAS Referral", "queue_entry": entry, "program": program, "referral_type": "Shelter"}
	).insert()


def event_of(referral):
	return frappe.db.get_value(
		"CAS CE Event",
		frappe.db.get_value("CAS Referral", referral, "ce_event"),
		["event", "referral_result", "result_date"],
		as_dict=True,
	)


def test_send_to_queue_snapshots_and_keeps_one_entry_per_queue(coc):
	enrollment, hct = assessed_household(
		coc, {FLEEING, "Disabling condition", "Sleeping outdoors or in a tent"}
	)
	due = [row.kind for row in frappe.get_doc("CAS Enrollment", enrollment).due_items]
	assert "Send to Community Queue" in due
	entry = frappe.get_doc("CAS Queue Entry", send_to_community_queue(hct.doctype, hct.name, "Shelter"))
	assert (entry.score, entry.is_evh, entry.status, entry.agency) == (6, 1, "Active", coc.shared)
	assert 0 < entry.tie_breaker < 1
	assert (
		frappe.db.get_value(hct.doctype, hct.name, "prioritization_status") == "Placed on prioritization list"
	)
	assert "Send to Community Queue" not in [
		row.kind for row in frappe.get_doc("CAS Enrollment", enrollment).due_items
	]
	again = send_to_community_queue(hct.doctype, hct.name, "Shelter")
	assert again == entry.name
	assert frappe.db.get_value("CAS Queue Entry", entry.name, "tie_breaker") == entry.tie_breaker


def test_queue_order_puts_evh_first_and_explains_why(coc):
	_, low = assessed_household(coc)
	_, high = assessed_household(coc, {FLEEING, "Disabling condition", "Sleeping outdoors or in a tent"})
	low_entry = send_to_community_queue(low.doctype, low.name, "Shelter")
	high_entry = send_to_community_queue(high.doctype, high.name, "Shelter")
	frappe.set_user(coc.referral)
	rows = community_queue.queue_rows({"queue": "Shelter"})
	names = [row.name for row in rows]
	assert names.index(high_entry) < names.index(low_entry)
	assert next(row for row in rows if row.name == high_entry).why.startswith("EVH; score 6")
	assert [row.rank for row in rows] == list(range(1, len(rows) + 1))


def test_refer_accept_records_the_hud_event_and_result(coc):
	_, hct = assessed_household(coc)
	entry = send_to_community_queue(hct.doctype, hct.name, "Shelter")
	referral = refer(coc, entry, coc.shelter)
	assert (referral.workflow_state, frappe.db.get_value("CAS Queue Entry", entry, "status")) == (
		"Pending",
		"Referred",
	)
	assert referral.deadline == getdate() + timedelta(days=5)
	assert referral.last_cls_date == getdate()
	assert event_of(referral.name).event == "Referral to Emergency Shelter bed opening"
	with pytest.raises(frappe.ValidationError, match="only an active entry"):
		refer(coc, entry, coc.shelter)

	frappe.set_user(coc.provider)
	doc = frappe.get_doc("CAS Referral", referral.name)
	apply_workflow(doc, "Accept")
	assert frappe.db.get_value("CAS Referral", referral.name, "workflow_state") == "Accepted"
	assert frappe.db.get_value("CAS Queue Entry", entry, "status") == "Housed"
	event = event_of(referral.name)
	assert (event.referral_result, event.result_date) == ("Successful referral: client accepted", getdate())
	assert frappe.db.count("CAS CE Event", {"reference_name": referral.name}) == 1


def test_ineligible_program_is_refused_with_the_reason(coc):
	_, hct = assessed_household(coc)
	entry = send_to_community_queue(hct.doctype, hct.name, "Housing")
	with pytest.raises(frappe.ValidationError, match="requires chronic homelessness"):
		refer(coc, entry, coc.psh)


def test_denial_needs_type_reason_and_note_and_goes_to_review(coc):
	_, hct = assessed_household(coc)
	entry = send_to_community_queue(hct.doctype, hct.name, "Shelter")
	referral = refer(coc, entry, coc.shelter)
	frappe.set_user(coc.provider)
	with pytest.raises(frappe.ValidationError, match="A denial needs"):
		apply_workflow(frappe.get_doc("CAS Referral", referral.name), "Deny")
	doc = frappe.get_doc("CAS Referral", referral.name)
	doc.update(
		{"denial_type": "Provider", "denial_reason": "No capacity", "denial_note": "Beds full tonight."}
	)
	doc.save()
	apply_workflow(frappe.get_doc("CAS Referral", referral.name), "Deny")
	assert frappe.db.get_value("CAS Referral", referral.name, "workflow_state") == "Denied"
	frappe.set_user(coc.referral)
	apply_workflow(frappe.get_doc("CAS Referral", referral.name), "Confirm Denial")
	assert frappe.db.get_value("CAS Queue Entry", entry, "status") == "Active"
	assert event_of(referral.name).referral_result == "Unsuccessful referral: provider rejected"


def test_withdraw_returns_the_household_to_the_queue(coc):
	_, hct = assessed_household(coc)
	entry = send_to_community_queue(hct.doctype, hct.name, "Shelter")
	referral = refer(coc, entry, coc.shelter)
	apply_workflow(frappe.get_doc("CAS Referral", referral.name), "Withdraw")
	assert frappe.db.get_value("CAS Referral", referral.name, "workflow_state") == "Withdrawn"
	assert frappe.db.get_value("CAS Queue Entry", entry, "status") == "Active"


def test_each_transition_is_refused_to_a_role_that_may_not_make_it(coc):
	_, hct = assessed_household(coc)
	entry = send_to_community_queue(hct.doctype, hct.name, "Shelter")
	referral = refer(coc, entry, coc.shelter)
	for user, action in ((coc.referral, "Accept"), (coc.provider, "Withdraw"), (coc.assessor, "Accept")):
		frappe.set_user(user)
		with pytest.raises((frappe.ValidationError, frappe.PermissionError)):
			apply_workflow(frappe.get_doc("CAS Referral", referral.name), action)
	frappe.set_user("Administrator")
	assert frappe.db.get_value("CAS Referral", referral.name, "workflow_state") == "Pending"


def test_expired_by_the_daily_job(coc):
	_, hct = assessed_household(coc)
	entry = send_to_community_queue(hct.doctype, hct.name, "Shelter")
	referral = refer(coc, entry, coc.shelter)
	frappe.set_user("Administrator")
	frappe.db.set_value("CAS Referral", referral.name, "deadline", getdate() - timedelta(days=1))
	assert referral.name in community_queue.expire_overdue_referrals()
	assert frappe.db.get_value("CAS Referral", referral.name, "workflow_state") == "Expired"
	assert frappe.db.get_value("CAS Queue Entry", entry, "status") == "Active"
	assert event_of(referral.name).referral_result == "Unsuccessful referral: provider rejected"
	assert frappe.db.exists("Notification Log", {"document_name": referral.name, "for_user": coc.referral})


def test_providers_see_referrals_to_their_programs_only_and_not_the_client(coc):
	_, hct = assessed_household(coc)
	entry = send_to_community_queue(hct.doctype, hct.name, "Shelter")
	referral = refer(coc, entry, coc.shelter)
	frappe.set_user(coc.provider)
	assert referral.name in frappe.get_list("CAS Referral", pluck="name")
	assert not frappe.has_permission("CAS Client", doc=referral.client)
	# Issue 16: how to find the household is on the referral ("could not be located" fails referrals).
	from frappe.client import get

	seen = get("CAS Referral", referral.name)
	assert seen["contact"] == "916-555-0123" and "12th Street bridge" in seen["last_cls_location"]
	frappe.set_user(coc.other_provider)
	assert referral.name not in frappe.get_list("CAS Referral", pluck="name")


def test_an_administrators_workflow_edit_and_deletion_survive_migrate():
	"""Committed (migrate runs in another process); the shipped workflow is put back at the end."""
	from cas_coordinated_access.setup.workflows import install_workflows

	frappe.set_user("Administrator")
	try:
		workflow = frappe.get_doc("Workflow", "CAS Referral")
		workflow.states[0].message = "Call the household within a day."
		workflow.save()
		frappe.db.commit()
		run_migrate()
		assert (
			frappe.get_doc("Workflow", "CAS Referral").states[0].message == "Call the household within a day."
		)

		frappe.delete_doc("Workflow", "CAS Referral")
		frappe.db.commit()
		run_migrate()
		assert not frappe.db.exists("Workflow", {"document_type": "CAS Referral"})
	finally:
		frappe.db.rollback()
		if frappe.db.exists("Workflow", "CAS Referral"):
			frappe.delete_doc("Workflow", "CAS Referral")
		install_workflows()
		frappe.db.commit()
	assert (
		frappe.get_doc("Workflow", "CAS Referral").states[0].message
		== "Sent to the provider, waiting for an answer."
	)


def test_after_accepting_the_provider_enrolls_the_household_and_then_sees_the_client(coc):
	_, hct = assessed_household(coc)
	entry = send_to_community_queue(hct.doctype, hct.name, "Shelter")
	referral = refer(coc, entry, coc.shelter)
	frappe.set_user(coc.provider)
	from frappe.client import get

	# How to reach the household is on the referral (issue 16: "could not be located" is the commonest
	# denial); the client record itself, and its sensitive fields, wait until the provider serves them.
	assert get("CAS Referral", referral.name).get("contact") == "916-555-0123"
	assert not frappe.has_permission("CAS Client", doc=referral.client)
	with pytest.raises(frappe.ValidationError, match="once the referral is accepted"):
		frappe.get_doc("CAS Referral", referral.name).enroll_household()
	apply_workflow(frappe.get_doc("CAS Referral", referral.name), "Accept")
	enrollment = frappe.get_doc("CAS Referral", referral.name).enroll_household()
	assert frappe.db.get_value("CAS Enrollment", enrollment, "program") == coc.shelter
	assert frappe.has_permission("CAS Client", doc=referral.client)
	assert get("CAS Enrollment", enrollment).get("disabling_condition") == "Data not collected"


def test_a_household_that_returns_can_come_back_onto_the_queue(coc):
	_, hct = assessed_household(coc)
	entry = send_to_community_queue(hct.doctype, hct.name, "Shelter")
	referral = refer(coc, entry, coc.shelter)
	frappe.set_user(coc.provider)
	apply_workflow(frappe.get_doc("CAS Referral", referral.name), "Accept")
	frappe.set_user(coc.assessor)
	again = send_to_community_queue(hct.doctype, hct.name, "Shelter")
	assert again != entry
	assert frappe.db.get_value("CAS Queue Entry", again, "status") == "Active"


def test_a_provider_check_in_restarts_the_deadline_once(coc):
	_, hct = assessed_household(coc)
	entry = send_to_community_queue(hct.doctype, hct.name, "Shelter")
	referral = refer(coc, entry, coc.shelter)
	frappe.set_user("Administrator")
	frappe.db.set_value("CAS Referral", referral.name, "deadline", getdate() + timedelta(days=1))
	frappe.set_user(coc.provider)
	doc = frappe.get_doc("CAS Referral", referral.name)
	doc.check_in()
	assert getdate(doc.deadline) == getdate() + timedelta(days=5) and doc.deadline_restarted
	with pytest.raises(frappe.ValidationError, match="only once"):
		frappe.get_doc("CAS Referral", referral.name).check_in()


def test_stalled_referrals_and_evh_households_without_shelter_stand_out(coc):
	from cas_coordinated_access.coordinated_access.report.stalled_referrals.stalled_referrals import execute

	_, hct = assessed_household(coc, {FLEEING, "Disabling condition", "Sleeping outdoors or in a tent"})
	entry = send_to_community_queue(hct.doctype, hct.name, "Shelter")
	frappe.set_user(coc.referral)
	assert next(row for row in community_queue.queue_rows({}) if row.name == entry).needs_shelter == 1
	referral = refer(coc, entry, coc.shelter)
	assert referral.name not in [row.name for row in execute({})[1]]
	frappe.set_user("Administrator")
	frappe.db.set_value(
		"CAS Referral",
		referral.name,
		{"referral_date": getdate() - timedelta(days=3), "deadline": getdate() + timedelta(days=2)},
	)
	frappe.set_user(coc.referral)
	rows = execute({})[1]
	assert [row.days_left for row in rows if row.name == referral.name] == [2]
	frappe.set_user(coc.other_provider)
	assert referral.name not in [row.name for row in execute({})[1]]


def test_a_referral_made_from_the_enrollment_takes_the_household_off_the_queue(coc):
	"""Issue 16: staff who start a referral from Referrals > New name the household, not its queue entry;
	the household must still leave the queue, or the next specialist refers it again."""
	enrollment, hct = assessed_household(coc)
	entry = send_to_community_queue(hct.doctype, hct.name, "Shelter")
	frappe.set_user(coc.referral)
	referral = frappe.get_doc(
		{
			"doctype": "CAS Referral",
			"enrollment": enrollment,
			"program": coc.shelter,
			"referral_type": "Shelter",
		}
	).insert()
	assert referral.queue_entry == entry
	assert frappe.db.get_value("CAS Queue Entry", entry, "status") == "Referred"
	# The provider decides on the household, not on a name (issue 16).
	snapshot = frappe.db.get_value("CAS Queue Entry", entry, ["household_type", "household_size", "score"])
	assert (referral.household_type, referral.household_size, referral.score) == tuple(snapshot)
	assert referral.household_type and referral.household_size >= 1
	assert entry not in [row.name for row in community_queue.queue_rows(frappe._dict(queue="Shelter"))]


def test_a_cas_administrator_edits_the_cas_workflows_and_no_other():
	"""Issue 16: the CAS Administrator configures the referral workflow in the desk without being a System
	Manager; other apps' workflows stay out of their reach."""
	from frappe.desk.search import search_link

	from tests.integration.factories import make_user

	admin = make_user(f"cas.admin.{frappe.generate_hash(length=5)}@example.org", "CAS Administrator")
	other = frappe.get_doc(
		{
			"doctype": "Workflow",
			"workflow_name": f"Notes {frappe.generate_hash(length=5)}",
			"document_type": "Note",
			"is_active": 0,
			"workflow_state_field": "workflow_state",
			"states": [{"state": "Pending", "doc_status": "0", "allow_edit": "System Manager"}],
			"transitions": [],
		}
	).insert()
	frappe.set_user(admin)
	workflow = frappe.get_doc("Workflow", "CAS Referral")
	workflow.states[0].message = "Call the household the same day."
	workflow.save()
	assert frappe.db.get_value(
		"Workflow Document State", {"parent": "CAS Referral", "idx": 1}, "message"
	) == ("Call the household the same day.")
	listed = frappe.get_list("Workflow", pluck="name")
	assert "CAS Referral" in listed and other.name not in listed
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc("Workflow", other.name).check_permission("read")
	# The page the desk opens for a workflow needs read access to states and actions too.
	assert frappe.has_permission("Workflow State", "write") and frappe.has_permission(
		"Workflow Action Master"
	)
	assert not frappe.get_doc("User", "Administrator").has_permission("write")
	# Providers filter their referrals by state: the filter suggests the states (issue 16).
	provider = make_user(f"states.{frappe.generate_hash(length=5)}@example.org", "CAS Provider")
	frappe.set_user(provider)
	assert "Pending" in [row["value"] for row in search_link("Workflow State", "Pend")]


def test_a_protected_households_whereabouts_stay_off_the_referral(coc):
	frappe.set_user("Administrator")
	client = make_client(age=30, phone="916-555-0199", is_protected=1)
	enrollment = make_enrollment(coc.ce, client.name, entry_date=getdate() - timedelta(days=5))
	make_cls(enrollment.name, information_date=getdate())
	hct = new_hct(enrollment.name)
	answer(hct)
	hct.save()
	hct.submit()
	entry = send_to_community_queue(hct.doctype, hct.name, "Shelter")
	referral = frappe.get_doc(
		{"doctype": "CAS Referral", "queue_entry": entry, "program": coc.shelter, "referral_type": "Shelter"}
	).insert()
	assert not referral.contact
	assert (
		"12th Street" not in referral.last_cls_location
		and "Protected household" in referral.last_cls_location
	)


def test_a_referral_on_old_whereabouts_warns_the_specialist(coc):
	"""Issue 16: a referral went out on an eleven-month-old CLS without a word; the provider then calls where
	the household was last year ("could not be located")."""
	enrollment, hct = assessed_household(coc)
	entry = send_to_community_queue(hct.doctype, hct.name, "Shelter")
	frappe.set_user("Administrator")
	frappe.db.set_value(
		"CAS Current Living Situation",
		{"enrollment": enrollment},
		"information_date",
		getdate() - timedelta(days=330),
	)
	frappe.local.message_log = []
	referral = refer(coc, entry, coc.shelter)
	warnings = [frappe.parse_json(message).get("message", "") for message in frappe.local.message_log]
	assert referral.name and any("Current Living Situation" in text for text in warnings), warnings
	assert frappe.format(referral.last_cls_date, {"fieldtype": "Date"}) in " ".join(warnings)

	_, fresh_hct = assessed_household(coc)
	fresh_entry = send_to_community_queue(fresh_hct.doctype, fresh_hct.name, "Shelter")
	frappe.local.message_log = []
	refer(coc, fresh_entry, coc.shelter)
	assert not frappe.local.message_log
