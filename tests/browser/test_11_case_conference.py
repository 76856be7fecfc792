"""The weekly case conference, as its facilitator runs it and as an attending provider reads it: a new
conference from the workspace, Build Agenda, a household's discussion opened from the agenda with what
changed, its documents updated in place and a next step for an assessor (their ToDo), then Email Next
Steps; the shelter's intake worker opens the same conference and sees only their agency's share."""

import re
from datetime import date, datetime, timedelta

from playwright.sync_api import expect

from tests.browser import site as bench_site

AGENDA_ROWS = ".cas-conference-agenda tbody tr"


def scene_outgoing_email():
	"""The CoC's outgoing email account, as a site that sends email has one (the site's emails are muted:
	they are queued and never leave the machine). Stored without Frappe's check that its server answers."""
	bench_site.run_python(
		'if not frappe.db.exists("Email Account", "CoC Notifications"):\n'
		'\tfrappe.get_doc({"doctype": "Email Account", "email_account_name": "CoC Notifications",'
		' "email_id": "notifications@coc.example.org", "enable_outgoing": 1, "default_outgoing": 1,'
		' "smtp_server": "127.0.0.1"}).db_insert()'
	)


def test_the_facilitator_builds_the_agenda_and_an_attendee_sees_their_share(world, desk_for):
	scene_outgoing_email()
	desk = desk_for("referral")
	page = desk.page
	assessor = world.users["assessor"]

	with desk.step("a new case conference from the workspace"):
		desk.goto("coordinated-access")
		desk.main.locator(".link-item", has_text="Case Conferences").first.click()
		desk.ready()
		expect(page).to_have_url(re.compile(r"/app/cas-case-conference"))
		desk.main.locator(".primary-action", has_text="Add").first.click()
		desk.wait_for_form("CAS Case Conference", new=True)
		desk.fill("conference_title", "Thursday case conference")
		desk.save()
		desk.assert_saved("the conference")
		conference = desk.doc_name()

	with desk.step("Build Agenda brings the households to discuss, each with why"):
		expect(desk.main).to_contain_text("No household on the agenda yet")
		desk.button("Build Agenda").click()
		expect(page.locator("#alert-container")).to_contain_text(
			"households added to the agenda", timeout=30000
		)
		rows = desk.main.locator(AGENDA_ROWS)
		expect(rows.first).to_be_visible(timeout=20000)
		text = desk.main.locator(".cas-conference-agenda").inner_text()
		assert re.search(r"EVH without a shelter referral|Longest on the queue|Not document ready", text), (
			text
		)
		discussed = world.admin.get_list(
			"CAS Case Conference Discussion", ["name", "client_name"], filters={"case_conference": conference}
		)
		assert discussed and rows.count() == len(discussed)

	with desk.step("open a household's discussion from the agenda"):
		desk.main.locator(f"{AGENDA_ROWS} a").first.click()
		desk.ready()
		desk.wait_for_form("CAS Case Conference Discussion", new=False)
		discussion = desk.doc_name()
		assert desk.value("agenda_reasons")

	with desk.step("what changed, and a next step for the assessor"):
		desk.fill("what_changed", "Staying with a cousin until Friday.")
		desk.control("next_steps").locator(".grid-add-row").click()
		desk.grid_fill("next_steps", 1, "due_date", desk.user_date(date.today() + timedelta(days=2)))
		row = desk.grid_row_form("next_steps", 1)
		desk.fill("step", "Call the cousin to confirm the address", scope=row)
		owner = desk.control("assigned_to", row)
		owner.locator("input").first.fill(assessor)
		owner.locator("ul[role=listbox] [role=option]:visible").filter(has_text=assessor).first.click()
		page.wait_for_timeout(500)
		desk.close_grid_row_form("next_steps", 1)
		desk.save()
		desk.assert_saved("the discussion")
		todos = world.admin.get_list(
			"ToDo",
			["allocated_to", "description", "status"],
			filters={"reference_type": "CAS Case Conference Discussion", "reference_name": discussion},
		)
		assert [(t["allocated_to"], t["status"]) for t in todos] == [(assessor, "Open")]
		assert "Call the cousin" in todos[0]["description"]

	with desk.step("the document checklist opens in place"):
		desk.main.locator("button", has_text="Update Documents").first.click()
		expect(desk.dialog).to_be_visible(timeout=15000)
		expect(desk.dialog).to_contain_text(re.compile("Document ready|Missing|Not Started|In Hand"))
		desk.close_dialogs()

	with desk.step("back on the conference: Email Next Steps"):
		desk.goto(f"cas-case-conference/{conference}")
		desk.wait_for_form("CAS Case Conference", new=False)
		desk.button("Email Next Steps").click()
		page.locator(".modal:visible .btn-primary", has_text="Yes").click()
		expect(page.locator("#alert-container")).to_contain_text("emails queued", timeout=20000)
		assert world.admin.get_value("CAS Case Conference", conference, "next_steps_sent_on")

	provider = desk_for("provider")
	with provider.step("the shelter's intake worker reads only their share"):
		provider.goto(f"cas-case-conference/{conference}")
		provider.wait_for_form("CAS Case Conference", new=False)
		expect(provider.main).to_contain_text("on the agenda that your agency does not see", timeout=20000)
		expect(provider.main).not_to_contain_text("No household on the agenda yet")
		shown = provider.main.locator(AGENDA_ROWS)
		assert shown.count() < len(discussed)
		for row in discussed:
			if row["client_name"] and shown.filter(has_text=row["client_name"]).count():
				raise AssertionError(f"the provider sees {row['client_name']} on the agenda")
		expect(provider.main.locator(".btn", has_text="Build Agenda")).to_have_count(0)


def test_an_assessor_updates_a_households_documents_from_the_enrollment(world, desk_for):
	"""The Documents button of an enrollment opens the household's checklist; a change is saved with who
	made it."""
	enrollment = world.admin.get_list(
		"CAS Enrollment",
		["name", "client"],
		filters={"status": "Open", "is_protected": 0},
		order_by="creation asc",
		limit=1,
	)[0]
	desk = desk_for("assessor")
	page = desk.page
	with desk.step("Documents on the enrollment opens the household's checklist"):
		desk.goto(f"cas-enrollment/{enrollment['name']}")
		desk.wait_for_form("CAS Enrollment", new=False)
		desk.button("Documents").click()
		expect(desk.dialog).to_contain_text("Government Photo ID", timeout=15000)
		expect(desk.dialog.locator(".indicator-pill")).to_be_visible()
	with desk.step("the head's first document marked In Hand and saved"):
		desk.wait_dialog_shown()
		select = desk.dialog.locator('select[data-fieldname="status_0_0"]')
		label = desk.dialog.locator(
			'.frappe-control[data-fieldname="status_0_0"] .control-label'
		).inner_text()
		select.select_option("In Hand")
		# A shelf of its own each run: a site kept from an earlier run already holds the document In Hand.
		kept_where = f"Client's locker at the drop-in, shelf {datetime.now():%H%M%S}"
		desk.fill("kept_where_0_0", kept_where, scope=desk.dialog)
		desk.dialog_primary()
		expect(page.locator("#alert-container")).to_contain_text("documents updated", timeout=20000)
		stored = world.admin.get_list(
			"CAS Client Document",
			["document_type", "status", "kept_where", "updated_by"],
			filters={"client": enrollment["client"], "status": "In Hand"},
		)
		mine = [row for row in stored if label.startswith(row["document_type"])]
		assert mine and mine[0]["updated_by"] == world.users["assessor"], (label, stored)
		assert mine[0]["kept_where"] == kept_where
