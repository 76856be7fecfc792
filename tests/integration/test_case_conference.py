"""The case conference (issue 14) on a real site: the agenda built in one action from the queue and the
referrals as the facilitator sees them, each household's discussion with what was recorded since it was
last discussed, next steps as their owners' ToDos and emails, the client's history, and privacy: each
attendee reads only their agency's share, a protected household is discussed by pseudonym with its notes
kept by its holding agency (views logged), and both print formats render to PDF without protected names."""

from datetime import timedelta

import frappe
import pytest
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, getdate

from cas_coordinated_access.api import (
	add_to_case_conference,
	build_case_conference_agenda,
	case_conference_agenda,
	send_case_conference_next_steps,
	send_to_community_queue,
)
from cas_coordinated_access.coordinated_access.report.client_history.client_history import (
	execute as client_history,
)
from cas_coordinated_access.coordinated_access.report.protected_client_views.protected_client_views import (
	execute as protected_client_views,
)
from cas_coordinated_access.rules import case_conference as rules
from tests.integration.factories import make_cls
from tests.integration.http import serving, session_for
from tests.integration.test_referrals import assessed_household, refer
from tests.integration.test_visit import FLEEING
from tests.integration.world import build_world, committed_world

DISCUSSION = "CAS Case Conference Discussion"
EVH_FACTORS = {FLEEING, "Disabling condition", "Sleeping outdoors or in a tent"}


def new_conference(**values):
	return frappe.get_doc({"doctype": "CAS Case Conference", "conference_title": "Weekly", **values}).insert()


def discussions_of(conference: str) -> dict[str, frappe._dict]:
	return {
		row.enrollment: row
		for row in frappe.get_all(
			DISCUSSION,
			filters={"case_conference": conference},
			fields=["name", "enrollment", "agenda_reasons", "client_name"],
			ignore_permissions=True,
		)
	}


def agenda_size(size: int):
	frappe.db.set_single_value("CAS Settings", "case_conference_households_per_reason", size)
	frappe.clear_document_cache("CAS Settings", "CAS Settings")


def test_the_agenda_brings_each_kind_of_household_once_with_its_reasons(coc):
	# Other tests' households may be on the queue: a wide agenda takes all of them, ours included.
	agenda_size(500)
	evh, hct = assessed_household(coc, EVH_FACTORS)
	send_to_community_queue(hct.doctype, hct.name, "Shelter")

	stalled, hct = assessed_household(coc)
	referral = refer(coc, send_to_community_queue(hct.doctype, hct.name, "Shelter"), coc.shelter)
	frappe.db.set_value(
		"CAS Referral",
		referral.name,
		{"referral_date": getdate() - timedelta(days=4), "deadline": getdate() + timedelta(days=2)},
	)

	denied, hct = assessed_household(coc)
	referral = refer(coc, send_to_community_queue(hct.doctype, hct.name, "Shelter"), coc.shelter)
	frappe.set_user(coc.provider)
	referral.reload()
	referral.update({"denial_type": "Provider", "denial_reason": "No capacity", "denial_note": "Full."})
	referral.save()
	apply_workflow(frappe.get_doc("CAS Referral", referral.name), "Deny")

	waiting, hct = assessed_household(coc)
	entry = send_to_community_queue(hct.doctype, hct.name, "Housing")
	frappe.db.set_value("CAS Queue Entry", entry, "date_added", getdate() - timedelta(days=400))

	frappe.set_user(coc.referral)
	conference = new_conference()
	assert build_case_conference_agenda(conference.name) >= 4
	found = discussions_of(conference.name)
	expected = {
		evh: rules.EVH_WITHOUT_SHELTER,
		stalled: rules.STALLED_REFERRAL,
		denied: rules.DENIED_REFERRAL,
		waiting: rules.LONGEST_ON_QUEUE,
	}
	for enrollment, reason in expected.items():
		assert reason in found[enrollment].agenda_reasons, (reason, found[enrollment].agenda_reasons)
	assert "400" in found[waiting].agenda_reasons
	assert "No capacity" in found[denied].agenda_reasons
	# Each household once: building again adds nothing already there.
	assert build_case_conference_agenda(conference.name) == 0
	names = [
		row.enrollment
		for row in frappe.get_all(
			DISCUSSION,
			filters={"case_conference": conference.name},
			fields=["enrollment"],
			ignore_permissions=True,
		)
	]
	assert len(names) == len(set(names))
	# The agenda lists them in the order of their reasons: the EVH household before the longest waiting.
	rows = [row["client_name"] for row in case_conference_agenda(conference.name)["rows"]]
	labels = {e: frappe.db.get_value("CAS Enrollment", e, "client_name") for e in expected}
	assert rows.index(labels[evh]) < rows.index(labels[waiting])


def test_the_agenda_size_is_the_cocs_and_an_assessor_builds_from_what_they_see(coc):
	agenda_size(1)
	_, hct = assessed_household(coc)
	send_to_community_queue(hct.doctype, hct.name, "Housing")
	frappe.set_user(coc.referral)
	conference = new_conference()
	build_case_conference_agenda(conference.name)
	reasons = [row["agenda_reasons"] for row in case_conference_agenda(conference.name)["rows"]]
	longest = [r for r in reasons if r.startswith(rules.LONGEST_ON_QUEUE)]
	assert len(longest) <= 1
	# A provider reads the conference but may not build its agenda.
	frappe.set_user(coc.provider)
	with pytest.raises(frappe.PermissionError):
		build_case_conference_agenda(conference.name)


def test_the_facilitator_adds_a_household_they_see_and_only_such(coc):
	world = build_world(frappe.generate_hash(length=5))
	frappe.set_user(world.users["referral"])
	conference = new_conference()
	add_to_case_conference(conference.name, world.enrollments["ana_cas"])
	with pytest.raises(frappe.ValidationError, match="already on the conference"):
		add_to_case_conference(conference.name, world.enrollments["ana_cas"])
	with pytest.raises(frappe.PermissionError):
		add_to_case_conference(conference.name, world.enrollments["nora_shelter"])
	assert discussions_of(conference.name)[world.enrollments["ana_cas"]].agenda_reasons == (
		rules.ADDED_BY_FACILITATOR
	)


def test_next_steps_become_their_owners_todos_and_follow_the_row(coc):
	enrollment, _ = assessed_household(coc)
	frappe.set_user(coc.referral)
	conference = new_conference()
	discussion = frappe.get_doc(DISCUSSION, add_to_case_conference(conference.name, enrollment))
	discussion.update({"what_changed": "Lost his ID at the shelter.", "review_on": add_days(getdate(), 14)})
	discussion.append(
		"next_steps",
		{"step": "Order a replacement ID", "assigned_to": coc.assessor, "due_date": add_days(getdate(), 3)},
	)
	discussion.save()
	todo = frappe.db.get_value(
		"ToDo",
		{"reference_type": DISCUSSION, "reference_name": discussion.name},
		["allocated_to", "date", "description", "status", "name"],
		as_dict=True,
	)
	label = frappe.db.get_value("CAS Enrollment", enrollment, "client_name")
	assert (todo.allocated_to, getdate(todo.date), todo.status) == (
		coc.assessor,
		add_days(getdate(), 3),
		"Open",
	)
	assert todo.description == f"{label}: Order a replacement ID"
	assert discussion.next_steps[0].todo == todo.name
	# The owner sees it among their ToDos and opens the discussion it points to.
	frappe.set_user(coc.assessor)
	assert todo.name in frappe.get_list("ToDo", pluck="name")
	frappe.get_doc(DISCUSSION, discussion.name).check_permission("read")

	frappe.set_user(coc.referral)
	discussion.reload()
	discussion.next_steps[0].status = "Done"
	discussion.append(
		"next_steps", {"step": "Book the DMV visit", "assigned_to": coc.assessor, "due_date": getdate()}
	)
	discussion.save()
	assert frappe.db.get_value("ToDo", todo.name, "status") == "Closed"
	booked = discussion.next_steps[1].todo
	assert frappe.db.get_value("ToDo", booked, ["allocated_to", "status"]) == (coc.assessor, "Open")
	# A step taken off the discussion is nobody's work any more; one done stays done.
	discussion.next_steps = []
	discussion.save()
	assert frappe.db.get_value("ToDo", booked, "status") == "Cancelled"
	assert frappe.db.get_value("ToDo", todo.name, "status") == "Closed"

	# A step without an owner, due before the meeting, or owned by someone who cannot see the household.
	for step, message in (
		({"step": "Call", "due_date": getdate()}, "choose who"),
		(
			{"step": "Call", "assigned_to": coc.assessor, "due_date": add_days(getdate(), -1)},
			"due before the conference met",
		),
		({"step": "Call", "assigned_to": coc.provider, "due_date": getdate()}, "cannot see this household"),
	):
		discussion.reload()
		discussion.append("next_steps", step)
		with pytest.raises(frappe.ValidationError, match=message):
			discussion.save()
	assert not frappe.get_all("CAS Case Conference Next Step", filters={"parent": discussion.name})


def test_the_next_discussion_says_what_was_recorded_since_and_the_history_shows_both(coc):
	enrollment, _ = assessed_household(coc)
	frappe.set_user(coc.referral)
	first = new_conference(conference_date=add_days(getdate(), -4))
	earlier = add_to_case_conference(first.name, enrollment)
	frappe.set_user(coc.assessor)
	make_cls(enrollment, information_date=add_days(getdate(), -2))
	frappe.set_user(coc.referral)
	second = new_conference()
	later = frappe.get_doc(DISCUSSION, add_to_case_conference(second.name, enrollment))
	assert later.previous_discussion == earlier
	# Since the first conference: the assessment of that day with its CLS, and the CLS two days ago.
	assert later.since_previous.splitlines() == [
		"Current Living Situations: 2",
		"Housing Conversation Tools: 1",
	]
	client = frappe.db.get_value("CAS Enrollment", enrollment, "client")
	frappe.set_user(coc.assessor)
	history = [row for row in client_history({"client": client})[1] if row.category == "Case Conference"]
	assert {row.record for row in history} == {earlier, later.name}


@pytest.fixture
def world():
	world = build_world(frappe.generate_hash(length=5))
	frappe.set_user(world.users["cas_admin"])
	conference = new_conference(
		attendees=[{"user": world.users[key]} for key in ("referral", "river_assessor", "harbor_assessor")]
	)
	world.conference = conference.name
	world.discussions = {}
	for key, note, owner in (
		("ana_cas", "Ana found work at the bakery.", "river_assessor"),
		("vera_cas", "Vera moved to the Elm Street safe house.", "harbor_assessor"),
		("nora_shelter", "Nora is ready for a unit.", "north_provider"),
	):
		discussion = frappe.get_doc(
			DISCUSSION, add_to_case_conference(conference.name, world.enrollments[key])
		)
		discussion.what_changed = note
		discussion.append(
			"next_steps",
			{"step": f"Follow up on {key}", "assigned_to": world.users[owner], "due_date": getdate()},
		)
		discussion.save()
		world.discussions[key] = discussion.name
	return world


def shown(world, user):
	frappe.set_user(world.users[user])
	return case_conference_agenda(world.conference)


def test_each_attendee_reads_their_agencys_share(world):
	names = {key: frappe.db.get_value("CAS Client", world.clients[key], "full_name") for key in world.clients}
	vera_label = frappe.db.get_value("CAS Enrollment", world.enrollments["vera_cas"], "client_name")
	assert vera_label.startswith("Protected client P-")

	river = shown(world, "river_assessor")
	assert [row["client_name"] for row in river["rows"]] == [names["ana"]]
	assert river["not_shown"] == 2

	harbor = shown(world, "harbor_assessor")
	(vera_row,) = [row for row in harbor["rows"] if row["client_name"] == vera_label]
	assert vera_row["what_changed"] == "Vera moved to the Elm Street safe house."

	# Referral staff work the whole queue: the survivor's household by pseudonym, what was said withheld.
	referral = shown(world, "referral")
	stub = next(row for row in referral["rows"] if row["client_name"] == vera_label)
	assert stub == {
		"client_name": vera_label,
		"agenda_reasons": rules.ADDED_BY_FACILITATOR,
		"notes_withheld": 1,
	}
	assert "Elm Street" not in frappe.as_json(referral)
	assert referral["not_shown"] == 1

	provider = shown(world, "north_provider")
	assert [row["client_name"] for row in provider["rows"]] == [names["nora"]]

	frappe.set_user(world.users["referral"])
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc(DISCUSSION, world.discussions["vera_cas"]).check_permission("read")
	assert world.discussions["vera_cas"] not in frappe.get_list(DISCUSSION, pluck="name")
	# The referral specialist's own next steps cannot be given a household whose notes they cannot read,
	# and nobody outside Harbor holds a ToDo about the survivor.
	assert not frappe.get_all(
		"ToDo",
		filters={
			"reference_name": world.discussions["vera_cas"],
			"allocated_to": ("!=", world.users["harbor_assessor"]),
		},
	)


def test_over_http_attendees_get_their_share_and_a_protected_view_is_logged():
	for world in committed_world("conference"):
		frappe.set_user(world.users["cas_admin"])
		conference = new_conference()
		vera = frappe.get_doc(
			DISCUSSION, add_to_case_conference(conference.name, world.enrollments["vera_cas"])
		)
		vera.what_changed = "Safe house on Elm Street."
		vera.save()
		world.created.insert(0, (DISCUSSION, vera.name))
		world.created.insert(0, ("CAS Case Conference", conference.name))
		frappe.db.commit()
		with serving("cas-conference-server.log") as server:
			referral = session_for(server, world.users["referral"])
			answer = referral.get(
				f"{server}/api/method/cas_coordinated_access.api.case_conference_agenda",
				params={"conference": conference.name},
			)
			assert answer.status_code == 200 and "Elm Street" not in answer.text
			assert answer.json()["message"]["rows"][0]["notes_withheld"] == 1
			refused = referral.get(f"{server}/api/resource/{DISCUSSION}/{vera.name}")
			assert refused.status_code == 403 and "Elm Street" not in refused.text

			advocate = session_for(server, world.users["harbor_assessor"])
			opened = advocate.get(
				f"{server}/api/method/frappe.desk.form.load.getdoc",
				params={"doctype": DISCUSSION, "name": vera.name},
			)
			assert opened.status_code == 200 and "Elm Street" in opened.text
		frappe.db.rollback()
		assert frappe.db.exists(
			"View Log",
			{
				"reference_doctype": DISCUSSION,
				"reference_name": vera.name,
				"viewed_by": world.users["harbor_assessor"],
			},
		)
		# The audit trail an administrator answers to lists it beside views of the client's own record.
		frappe.set_user(world.users["cas_admin"])
		logged = [row for row in protected_client_views({})[1] if row.record == vera.name]
		assert [(row.viewed_by, row.client) for row in logged] == [
			(world.users["harbor_assessor"], world.clients["vera"])
		]
		frappe.set_user("Administrator")
		frappe.db.delete("View Log", {"reference_name": vera.name})
		frappe.db.commit()


def printed(conference: str, print_format: str) -> tuple[str, str]:
	"""The print as HTML, and the text of the PDF made from it."""
	import io

	from frappe.utils.pdf import get_pdf
	from frappe.www.printview import get_html_and_style
	from pypdf import PdfReader

	html = get_html_and_style("CAS Case Conference", conference, print_format=print_format)["html"]
	pdf = get_pdf(html)
	assert pdf.startswith(b"%PDF")
	return html, "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def test_agenda_and_minutes_render_to_pdf_without_protected_names(world):
	vera = frappe.db.get_value("CAS Client", world.clients["vera"], ["first_name", "last_name"], as_dict=True)
	vera_label = frappe.db.get_value("CAS Enrollment", world.enrollments["vera_cas"], "client_name")
	ana = frappe.db.get_value("CAS Client", world.clients["ana"], "full_name")
	# Her advocate (who reads the notes in the desk) and an administrator print the same shareable pages.
	for user in ("harbor_assessor", "cas_admin"):
		frappe.set_user(world.users[user])
		for print_format in ("CAS Case Conference Agenda", "CAS Case Conference Minutes"):
			for output in printed(world.conference, print_format):
				flat = " ".join(output.split())
				assert vera_label in flat, (user, print_format)
				assert vera.first_name not in flat and vera.last_name not in flat, (user, print_format)
				assert "Elm Street" not in flat, (user, print_format)
	frappe.set_user(world.users["cas_admin"])
	html, text = printed(world.conference, "CAS Case Conference Minutes")
	for shown in (html, " ".join(text.split())):
		assert "Ana found work at the bakery." in shown and ana in shown
		assert "Follow up on ana_cas" in shown
	frappe.set_user(world.users["river_assessor"])
	html, _text = printed(world.conference, "CAS Case Conference Minutes")
	assert "Nora is ready" not in html and "2 more households were discussed" in html


@pytest.fixture
def outgoing_email():
	"""An outgoing email account, as a site that sends email has (never connected to: emails are queued)."""
	frappe.get_doc(
		{
			"doctype": "Email Account",
			"email_account_name": "CAS Test Outgoing",
			"email_id": "cas-test@example.org",
			"enable_outgoing": 1,
			"default_outgoing": 1,
			"smtp_server": "127.0.0.1",
		}
	).db_insert()
	frappe.local.outgoing_email_account = {}
	yield
	frappe.local.outgoing_email_account = {}


def test_next_steps_are_not_emailed_where_the_site_sends_no_email(world):
	frappe.set_user(world.users["cas_admin"])
	frappe.local.outgoing_email_account = {}
	if frappe.db.exists("Email Account", {"enable_outgoing": 1, "default_outgoing": 1}):
		pytest.skip("this site has an outgoing email account")
	with pytest.raises(frappe.OutgoingEmailError, match="no outgoing email account"):
		send_case_conference_next_steps(world.conference)
	assert not frappe.db.get_value("CAS Case Conference", world.conference, "next_steps_sent_on")


def test_each_owner_is_emailed_their_next_steps(world, outgoing_email):
	frappe.set_user(world.users["cas_admin"])
	assert send_case_conference_next_steps(world.conference) == 3
	emails = frappe.get_all(
		"Email Queue",
		filters={"reference_doctype": "CAS Case Conference", "reference_name": world.conference},
		fields=["name", "message"],
	)
	assert len(emails) == 3
	recipients = {
		row.recipient: row.parent
		for row in frappe.get_all(
			"Email Queue Recipient",
			filters={"parent": ("in", [e.name for e in emails])},
			fields=["recipient", "parent"],
		)
	}
	by_recipient = {
		user: next(e.message for e in emails if e.name == recipients[user]) for user in recipients
	}
	harbor = by_recipient[world.users["harbor_assessor"]]
	assert "Follow up on vera_cas" in harbor and "Follow up on ana_cas" not in harbor
	vera = frappe.db.get_value("CAS Client", world.clients["vera"], "first_name")
	assert all(vera not in message for message in by_recipient.values())
	assert frappe.db.get_value("CAS Case Conference", world.conference, "next_steps_sent_on")
