"""HUD's member data through the desk: the assessor starts the project start record from the enrollment's
Record menu, finds the household in it (head first, the child after), is told which member's answers
disagree, records income (totalled on the server), submits, sees the record leave the Next Steps, and
finds it in the enrollment's connections and the head's history, and starts a Status Update that begins
from what was recorded."""

import re
from datetime import date, timedelta

from playwright.sync_api import expect


def scene_household(world) -> dict:
	"""A head of household and her son, enrolled in the CE program by the assessor's agency."""
	staff = world.admin.get_doc("CAS Staff Member", world.users["assessor"])
	agency = staff["acting_agency"]
	head = world.admin.insert(
		{
			"doctype": "CAS Client",
			"first_name": "Odalys",
			"last_name": "Berrigan",
			"date_of_birth": "1986-02-03",
			"agency": agency,
		}
	)
	son = world.admin.insert(
		{
			"doctype": "CAS Client",
			"first_name": "Teo",
			"last_name": "Berrigan",
			"date_of_birth": str(date(date.today().year - 6, 5, 1)),
			"agency": agency,
		}
	)
	program = world.admin.get_list("CAS Program", filters={"project_type": "Coordinated Entry"})[0]["name"]
	return world.admin.insert(
		{
			"doctype": "CAS Enrollment",
			"client": head["name"],
			"program": program,
			# Two days ago: the site's today (its time zone's) may still be yesterday here.
			"entry_date": str(date.today() - timedelta(days=2)),
			"household_members": [
				{"client": son["name"], "relationship_to_hoh": "Head of household’s child"}
			],
		}
	)


def test_project_start_and_a_status_update(world, desk_for):
	enrollment = scene_household(world)
	desk = desk_for("assessor")
	page = desk.page

	with desk.step("the enrollment says the project start record is due"):
		desk.set_route("cas-enrollment", enrollment["name"])
		desk.wait_for_form("CAS Enrollment", new=False)
		expect(desk.control("due_items")).to_contain_text("Project Start Record")

	with desk.step("start it from the Record menu: the household is in it, head first"):
		desk.menu_item("Record", "Project Start Record")
		expect(page).to_have_url(re.compile(r"/app/cas-status-assessment/new"))
		desk.wait_for_form("CAS Status Assessment", new=True)
		assert desk.value("enrollment") == enrollment["name"]
		assert desk.value("data_collection_stage") == "Project start"
		expect(desk.grid_rows("members")).to_have_count(2, timeout=20000)
		rows = desk.form("frm.doc.members.map((row) => [row.client_name, row.is_head, row.age])")
		assert [(is_head, age < 18) for _name, is_head, age in rows] == [(1, False), (0, True)], rows

	with desk.step("income 'Yes' with no source ticked is refused, naming the member", allow=(417,)):
		head = desk.grid_row_form("members", 1)
		desk.select("income_from_any_source", "Yes", scope=head)
		desk.select("benefits_from_any_source", "No", scope=head)
		desk.select("insurance_from_any_source", "Yes", scope=head)
		tick(desk, "medicaid", head)
		desk.close_grid_row_form("members", 1)
		desk.save()
		desk.expect_message("tick at least one source")
		assert desk.form("frm.is_new()")
		desk.close_dialogs()

	with desk.step("earned income ticked with its amount: saved, totalled on the server"):
		head = desk.grid_row_form("members", 1)
		tick(desk, "earned", head)
		desk.fill("earned_amount", "1250", scope=head)
		desk.close_grid_row_form("members", 1)
		desk.save()
		desk.assert_saved("the project start record")
		assert desk.value("household_monthly_income") == 1250

	with desk.step("submit it: the Next Steps no longer ask for it"):
		desk.button("Submit").click()
		expect(desk.dialog).to_contain_text("Permanently Submit")
		desk.dialog_primary()
		expect(desk.main.locator(".indicator-pill").first).to_contain_text("Submitted", timeout=20000)
		desk.open_link("enrollment")
		desk.wait_for_form("CAS Enrollment", new=False)
		expect(desk.control("due_items")).not_to_contain_text("Project Start Record")

	with desk.step("the enrollment's connections count it among its assessments"):
		link = desk.main.locator('.document-link[data-doctype="CAS Status Assessment"]')
		expect(link.locator(".count")).to_have_text("1", timeout=20000)

	with desk.step("the head's history lists it"):
		desk.button("History").click()
		desk.ready()
		expect(page).to_have_url(re.compile(r"/app/query-report/Client(%20| )History"))
		expect(desk.main.locator(".dt-scrollable")).to_contain_text("Status Assessment", timeout=20000)
		page.go_back()
		desk.ready()
		desk.wait_for_form("CAS Enrollment", new=False)

	with desk.step("a Status Update starts from what was recorded"):
		desk.menu_item("Record", "Status Update Assessment")
		desk.wait_for_form("CAS Status Assessment", new=True)
		assert desk.value("data_collection_stage") == "Update"
		expect(desk.grid_rows("members")).to_have_count(2, timeout=20000)
		assert desk.form("[frm.doc.members[0].earned, frm.doc.members[0].earned_amount]") == [1, 1250]


def tick(desk, fieldname: str, scope):
	"""Tick a checkbox of a row form, as a person does (the control also draws a read-only copy)."""
	desk.control(fieldname, scope=scope).locator(f'input[data-fieldname="{fieldname}"]').check()
