"""Issue 18: a name or note that holds markup is text wherever the app renders it on the server.

Frappe's save cleans a payload, but one can reach the database another way (an import, a direct write, a
future bug). The payload is planted with frappe.db, past the save sanitizer, and every HTML the app renders
from the record (print formats, the Standard print of its DocTypes, report messages, alerts) must carry it
escaped: `&lt;img`, never `<img`."""

import frappe
import pytest
from frappe.utils import getdate
from frappe.www.printview import get_html_and_style

from cas_coordinated_access.api import send_to_community_queue
from cas_coordinated_access.coordinated_access.report.client_history import client_history
from cas_coordinated_access.coordinated_access.report.community_queue import community_queue
from cas_coordinated_access.coordinated_access.report.evh_households import evh_households
from cas_coordinated_access.coordinated_access.report.overdue_follow_ups import overdue_follow_ups
from cas_coordinated_access.coordinated_access.report.stalled_referrals import stalled_referrals
from cas_coordinated_access.utils import evh
from tests.integration.test_referrals import assessed_household, refer
from tests.integration.test_reports import VULNERABLE

PAYLOAD = "<img src=x onerror=alert(1)>"
RAW = "<img"


def plant(doctype, name, **values):
	# As an import bug would: straight into the table, no controller and no sanitizer.
	frappe.db.set_value(doctype, name, values, update_modified=False)


@pytest.fixture
def household(coc):
	"""An EVH household on the Shelter queue with an ISP and a referral, every text of it a payload."""
	enrollment, hct = assessed_household(coc, VULNERABLE)
	frappe.set_user(coc.assessor)
	isp = frappe.get_doc(
		{
			"doctype": "CAS Individualized Support Plan",
			"enrollment": enrollment,
			"housing_conversation_tool": hct.name,
			"program_preference": "Rapid Re-Housing (RRH), CoC funded",
			"client_reasons": "Near my sister.",
			"goals": [
				{
					"goal": "Move in",
					"category": "Housing",
					"start_date": getdate(),
					"timeline_days": 30,
				}
			],
			"action_steps": [{"goal_number": 1, "step": "Apply", "responsible": "Client"}],
		}
	).insert()
	entry = send_to_community_queue(hct.doctype, hct.name, "Shelter")
	referral = refer(coc, entry, coc.shelter)
	frappe.set_user("Administrator")
	doc = frappe.get_doc("CAS Enrollment", enrollment)
	cls = frappe.get_all("CAS Current Living Situation", {"enrollment": enrollment}, pluck="name")[0]

	plant(
		"CAS Client",
		doc.client,
		first_name=PAYLOAD,
		last_name=PAYLOAD,
		full_name=PAYLOAD,
		display_name=PAYLOAD,
		contact_notes=PAYLOAD,
	)
	plant("CAS Agency", coc.north, agency_name=PAYLOAD, address=PAYLOAD)
	plant("CAS Enrollment", enrollment, client_name=PAYLOAD)
	plant("CAS Household Member", {"parent": enrollment}, client_name=PAYLOAD)
	plant("CAS Current Living Situation", cls, client_name=PAYLOAD, location_details=PAYLOAD)
	plant(hct.doctype, hct.name, client_name=PAYLOAD, evh_reasons=PAYLOAD, assessment_location=PAYLOAD)
	plant(isp.doctype, isp.name, client_name=PAYLOAD, client_reasons=PAYLOAD)
	plant("CAS ISP Goal", {"parent": isp.name}, goal=PAYLOAD, specific=PAYLOAD)
	plant("CAS ISP Action Step", {"parent": isp.name}, step=PAYLOAD, responsible=PAYLOAD)
	plant("CAS Queue Entry", entry, client_name=PAYLOAD, inactive_reason=PAYLOAD)
	plant(
		"CAS Referral",
		referral.name,
		client_name=PAYLOAD,
		notes=PAYLOAD,
		contact=PAYLOAD,
		last_cls_location=PAYLOAD,
		review_note=PAYLOAD,
	)
	return frappe._dict(
		client=doc.client,
		enrollment=enrollment,
		cls=cls,
		hct=hct.name,
		hct_doctype=hct.doctype,
		isp=isp.name,
		entry=entry,
		referral=referral.name,
	)


def printed(doctype, name, print_format=None):
	return get_html_and_style(doctype, name, print_format=print_format)["html"]


def test_the_isp_client_copy_prints_names_and_reasons_as_text(household):
	html = printed("CAS Individualized Support Plan", household.isp, "CAS ISP Client Copy")
	assert "&lt;img" in html
	assert RAW not in html


@pytest.mark.parametrize(
	"key, doctype",
	[
		("client", "CAS Client"),
		("enrollment", "CAS Enrollment"),
		("cls", "CAS Current Living Situation"),
		("hct", "CAS Housing Conversation Tool"),
		("isp", "CAS Individualized Support Plan"),
		("entry", "CAS Queue Entry"),
		("referral", "CAS Referral"),
	],
)
def test_the_standard_print_of_each_record_shows_the_payload_as_text(household, key, doctype):
	html = printed(doctype, household[key], "Standard")
	assert RAW not in html, doctype
	if doctype != "CAS Client":
		# Frappe's Standard print of a client shows none of its planted fields (nothing to see either way).
		assert "&lt;img" in html, doctype


def test_the_standard_print_of_an_agency_never_carries_markup(household, coc):
	# Frappe's Standard print of an agency shows its heading only: what matters is that nothing runs.
	assert RAW not in printed("CAS Agency", coc.north, "Standard")


def html_of(result) -> str:
	"""What a script report hands to the page as HTML: its message and any string value marked up."""
	_columns, rows, *rest = result
	message = rest[0] if rest else ""
	values = [str(value) for row in rows for value in (row.values() if isinstance(row, dict) else row)]
	return "\n".join([str(message or ""), *values])


def test_reports_return_what_is_stored_and_no_markup_of_their_own(household, coc):
	"""Reports hand data to the page, which escapes it (cas_desk.js); what the report itself builds as text
	(why here, what is due, the history) never wraps a stored value in markup."""
	frappe.set_user(coc.referral)
	for report in (community_queue, evh_households, stalled_referrals):
		for value in html_of(report.execute({})).split("\n"):
			# A stored payload comes back as stored (the page escapes it); nothing else carries a tag.
			assert RAW not in value.replace(PAYLOAD, ""), report.__name__
	frappe.set_user("Administrator")
	history = html_of(client_history.execute({"client": household.client}))
	assert RAW not in history.replace(PAYLOAD, "")
	frappe.set_user(coc.assessor)
	assert RAW not in html_of(overdue_follow_ups.execute({})).replace(PAYLOAD, "")


def test_alerts_name_the_household_as_text(household, coc):
	"""The EVH alert and the expired referral's alert are Notification Logs: Frappe shows their subject as
	HTML in the bell and in the email it sends."""
	frappe.db.set_single_value(
		"CAS Settings", {"evh_alert_role": "CAS Referral Specialist", "evh_alert_by": "Notification"}
	)
	frappe.clear_document_cache("CAS Settings", "CAS Settings")
	# The alert sent when the household became EVH named it before the payload was planted.
	frappe.db.delete("Notification Log", {"document_name": household.enrollment})
	evh.alert_crisis_staff(household.enrollment)
	subjects = frappe.get_all(
		"Notification Log",
		filters={"document_type": "CAS Enrollment", "document_name": household.enrollment},
		pluck="subject",
	)
	assert subjects
	for subject in subjects:
		assert RAW not in subject and "&lt;img" in subject


def test_todos_name_the_household_as_text(household):
	"""My Follow-ups lists ToDo descriptions, a Text Editor field Frappe shows as HTML."""
	from cas_coordinated_access.utils import follow_ups

	follow_ups.refresh(household.enrollment)
	descriptions = frappe.get_all(
		"ToDo",
		filters={"reference_name": household.enrollment, "status": "Open"},
		pluck="description",
	)
	assert descriptions
	for description in descriptions:
		assert RAW not in description
