"""Each report's figures against records the test creates."""

from datetime import timedelta

import frappe
import pytest
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, getdate

from cas_coordinated_access.api import send_to_community_queue
from cas_coordinated_access.coordinated_access.report.assessor_activity import assessor_activity
from cas_coordinated_access.coordinated_access.report.ce_apr_counts import ce_apr_counts
from cas_coordinated_access.coordinated_access.report.evh_households import evh_households
from cas_coordinated_access.coordinated_access.report.overdue_follow_ups import overdue_follow_ups
from cas_coordinated_access.coordinated_access.report.referral_outcomes import referral_outcomes
from cas_coordinated_access.utils import follow_ups
from tests.integration.test_referrals import FLEEING, assessed_household, refer

VULNERABLE = {FLEEING, "Disabling condition", "Sleeping outdoors or in a tent"}


def rows(report, **filters):
	return report.execute(filters)[1]


def test_evh_households(coc):
	evh_enrollment, evh_hct = assessed_household(coc, VULNERABLE)
	calm_enrollment, _ = assessed_household(coc)
	frappe.set_user(coc.referral)
	found = {row.enrollment: row for row in rows(evh_households)}
	assert evh_enrollment in found and calm_enrollment not in found
	assert found[evh_enrollment].without_shelter == 1 and found[evh_enrollment].evh_score == 6
	refer(coc, send_to_community_queue(evh_hct.doctype, evh_hct.name, "Shelter"), coc.shelter)
	frappe.set_user(coc.referral)
	assert {row.enrollment: row for row in rows(evh_households)}[evh_enrollment].without_shelter == 0


def test_overdue_follow_ups(coc):
	enrollment, _ = assessed_household(coc)
	frappe.set_user("Administrator")
	follow_ups.refresh(enrollment, today=add_days(getdate(), 45))
	frappe.set_user(coc.assessor)
	mine = [row for row in rows(overdue_follow_ups) if row.enrollment == enrollment]
	assert {row.kind for row in mine} >= {
		"Current Living Situation",
		"Individualized Support Plan",
		"CE Event",
	}
	# Marked as the daily job would 45 days from now; the report counts days from today.
	assert all(row.days_overdue == (getdate() - getdate(row.due_on)).days for row in mine)
	assert {
		row.kind for row in rows(overdue_follow_ups, kind="CE Event") if row.enrollment == enrollment
	} == {"CE Event"}


def test_referral_outcomes_and_ce_apr(coc):
	_, first = assessed_household(coc)
	_, second = assessed_household(coc)
	accepted = refer(coc, send_to_community_queue(first.doctype, first.name, "Shelter"), coc.shelter)
	denied = refer(coc, send_to_community_queue(second.doctype, second.name, "Shelter"), coc.shelter)
	frappe.set_user(coc.provider)
	apply_workflow(frappe.get_doc("CAS Referral", accepted.name), "Accept")
	doc = frappe.get_doc("CAS Referral", denied.name)
	doc.update(
		{
			"denial_type": "Client",
			"denial_reason": "Client declined",
			"denial_note": "Moving in with her sister.",
		}
	)
	doc.save()
	apply_workflow(frappe.get_doc("CAS Referral", denied.name), "Deny")
	frappe.set_user(coc.referral)
	apply_workflow(frappe.get_doc("CAS Referral", denied.name), "Confirm Denial")

	outcomes = {
		(row.outcome, row.denial_reason): row for row in rows(referral_outcomes) if row.program == coc.shelter
	}
	assert outcomes[("Accepted", "")].referrals == 1 and outcomes[("Accepted", "")].days_to_decision == 0
	assert outcomes[("Denial Confirmed", "Client declined")].referrals == 1

	frappe.set_user("Administrator")
	apr = rows(ce_apr_counts)
	line = {(row["question"], row["line"]): row for row in apr}
	shelter_event = line[("Q10", "Referral to Emergency Shelter bed opening")]
	assert (
		shelter_event["total"] >= 2
		and shelter_event["accepted"] >= 1
		and shelter_event["client_rejected"] >= 1
	)
	assert line[("Q9a", "In Person")]["total"] >= 2
	assert line[("Q9b", "Placed on prioritization list")]["total"] >= 2
	assert line[("Q10", "Housing Needs Assessment")]["total"] >= 2


def test_assessor_activity(coc):
	assessed_household(coc)
	assessed_household(coc)
	frappe.set_user(coc.assessor)
	mine = next(row for row in rows(assessor_activity) if row.assessor == coc.assessor)
	assert (mine.hcts, mine.cls) == (2, 2)
	assert mine.total == 4
	frappe.set_user(coc.provider)
	assert coc.assessor not in [row.assessor for row in rows(assessor_activity)]
	yesterday = getdate() - timedelta(days=1)
	frappe.set_user(coc.assessor)
	assert not rows(assessor_activity, from_date=yesterday - timedelta(days=5), to_date=yesterday)


def test_workspace_number_cards_count_what_the_user_may_see(coc):
	from frappe.desk.doctype.number_card.number_card import get_result

	from cas_coordinated_access import api

	evh_enrollment, evh_hct = assessed_household(coc, VULNERABLE)
	send_to_community_queue(evh_hct.doctype, evh_hct.name, "Shelter")
	frappe.set_user("Administrator")
	# The visit happened five days ago: the ISP is due by now; forty days on, the CLS is overdue too.
	five_days_ago = add_days(getdate(), -5)
	frappe.db.set_value(evh_hct.doctype, evh_hct.name, "assessment_date", five_days_ago)
	frappe.db.set_value(
		"CAS Current Living Situation", {"enrollment": evh_enrollment}, "information_date", five_days_ago
	)
	follow_ups.refresh(evh_enrollment, today=add_days(getdate(), 40))
	frappe.set_user(coc.referral)
	evh_card = frappe.get_doc("Number Card", "EVH Households Waiting")
	assert get_result(evh_card, None) >= 1
	frappe.set_user(coc.other_provider)
	assert get_result(evh_card, None) == 0  # another agency's provider sees no queue entries
	frappe.set_user(coc.assessor)
	assert api.overdue_cls_count() >= 1 and api.isps_due_today_count() >= 1
	frappe.set_user(coc.other_provider)
	assert api.overdue_cls_count() == 0 and api.stalled_referrals_count() == 0
	workspace = frappe.get_doc("Workspace", "Coordinated Access")
	assert {card.number_card_name for card in workspace.number_cards} == {
		"EVH Households Waiting",
		"Households on the Queue",
		"Stalled Referrals",
		"CLS Overdue",
		"ISPs Due Today",
	}
	assert len(workspace.charts) == 4


def test_queue_size_over_time_and_holds(coc):
	from cas_coordinated_access.coordinated_access.dashboard_chart_source.queue_size.queue_size import get
	from cas_coordinated_access.utils.community_queue import queue_size_over_time

	frappe.set_user(coc.referral)
	before = queue_size_over_time()[-1][1]
	_, first = assessed_household(coc)
	_, second = assessed_household(coc)
	housed = send_to_community_queue(first.doctype, first.name, "Shelter")
	held = send_to_community_queue(second.doctype, second.name, "Shelter")
	frappe.set_user(coc.referral)
	assert queue_size_over_time()[-1][1] == before + 2
	referral = refer(coc, housed, coc.shelter)
	frappe.set_user(coc.provider)
	apply_workflow(frappe.get_doc("CAS Referral", referral.name), "Accept")
	assert frappe.db.get_value("CAS Queue Entry", housed, "left_on") == getdate()

	frappe.set_user(coc.referral)
	entry = frappe.get_doc("CAS Queue Entry", held)
	entry.status = "Inactive"
	with pytest.raises(frappe.ValidationError, match="Say why"):
		entry.save()
	entry = frappe.get_doc("CAS Queue Entry", held)
	entry.update({"status": "Inactive", "inactive_reason": "In hospital until the 30th."})
	entry.save()
	points = queue_size_over_time()
	assert points[-1][1] == before and len(points) == 12
	chart = get(filters={"queue": "Shelter"})
	assert len(chart["labels"]) == 12 and chart["datasets"][0]["values"][-1] <= points[-1][1]
