"""Provide Services, as an assessor does it: open a household's enrollment, Record > Provide Services, choose
the service for the members ticked in the dialog (all of them, then one left out), and see the services in
the client's global history; SSVF rental assistance from the service form, with the amount paid and the
period it pays for."""

import re
from datetime import date, timedelta

from playwright.sync_api import expect

CE_PROGRAM = "Demo CAS: Coordinated Access System Program - CE"
DOCUMENTS = "Case Management: Documentation Assistance"
CHILD = "Head of household’s child"
RENT = "SSVF: Rental assistance"


def scene_household(world) -> dict:
	"""A mother and her son, enrolled in the CE program three days ago (the site's today may be behind the
	machine's)."""
	staff = world.admin.get_doc("CAS Staff Member", world.users["assessor"])
	tag = date.today().strftime("%j") + str(len(world.admin.get_list("CAS Client")))
	mother, son = (
		world.admin.insert(
			{
				"doctype": "CAS Client",
				"first_name": first_name,
				"last_name": f"Service{tag}",
				"date_of_birth": born,
				"agency": staff["acting_agency"],
				"veteran_status": "No",
			}
		)
		for first_name, born in (("Rosalind", "1986-07-02"), ("Tobias", "2015-03-09"))
	)
	enrollment = world.admin.insert(
		{
			"doctype": "CAS Enrollment",
			"client": mother["name"],
			"program": CE_PROGRAM,
			"entry_date": (date.today() - timedelta(days=3)).isoformat(),
			"household_members": [{"client": son["name"], "relationship_to_hoh": CHILD}],
		}
	)
	return {"mother": mother, "son": son, "enrollment": enrollment["name"]}


def rental_assistance_type(world) -> str:
	"""An SSVF rental assistance service type, as an administrator sets one up (HUD record type 152)."""
	if not world.admin.get_list("CAS Service Type", filters={"name": RENT}):
		world.admin.insert(
			{
				"doctype": "CAS Service Type",
				"service_category": "SSVF",
				"service_name": "Rental assistance",
				"hud_record_type": "SSVF financial assistance",
				"hud_type_provided": "Rental assistance",
			}
		)
	return RENT


def services(world, enrollment: str) -> list[dict]:
	return world.admin.get_list(
		"CAS Service", ["member", "service_type", "quantity"], filters={"enrollment": enrollment}
	)


def test_provide_services_from_the_enrollment(world, desk_for):
	scene = scene_household(world)
	enrollment = scene["enrollment"]
	desk = desk_for("assessor")
	page = desk.page

	with desk.step("open the enrollment: Record offers Provide Services"):
		desk.goto(f"cas-enrollment/{enrollment}")
		desk.wait_for_form("CAS Enrollment", new=False)
		desk.menu_item("Record", "Provide Services")
		expect(desk.dialog).to_contain_text("Provide Services")
		# Every member of the household is offered, ticked.
		for member in ("mother", "son"):
			expect(desk.dialog).to_contain_text(scene[member]["first_name"])
		assert desk.dialog.locator("input[type=checkbox]:checked").count() == 2

	with desk.step("documentation assistance for the whole household"):
		desk.link("service_type", "Documentation", pick=DOCUMENTS, scope=desk.dialog)
		desk.dialog_primary()
		expect(page.locator("#alert-container")).to_contain_text("2 services recorded", timeout=20000)
		assert sorted(row["member"] for row in services(world, enrollment)) == sorted(
			scene[member]["name"] for member in ("mother", "son")
		)

	with desk.step("a bus pass for the mother alone"):
		desk.menu_item("Record", "Provide Services")
		expect(desk.dialog).to_contain_text("Provide Services")
		desk.link("service_type", "Bus pass", pick="Transportation: Bus pass", scope=desk.dialog)
		# The head leads the household: the son is its second member.
		son = desk.dialog.locator('input[data-fieldname="member_1"]')
		expect(desk.dialog.locator(".frappe-control[data-fieldname=member_1]")).to_contain_text("Tobias")
		son.uncheck()
		desk.dialog_primary()
		expect(page.locator("#alert-container")).to_contain_text("1 services recorded", timeout=20000)
		passes = [
			row for row in services(world, enrollment) if row["service_type"] == "Transportation: Bus pass"
		]
		assert [row["member"] for row in passes] == [scene["mother"]["name"]]

	with desk.step("the son's history shows the service"):
		desk.goto(f"query-report/Client History?client={scene['son']['name']}")
		table = desk.main.locator(".dt-scrollable")
		expect(table).to_contain_text(DOCUMENTS, timeout=20000)
		expect(table).not_to_contain_text("Bus pass")
		expect(page).to_have_url(re.compile(r"/app/query-report/Client(%20| )History"))


def test_rental_assistance_from_the_service_form(world, desk_for):
	scene = scene_household(world)
	enrollment, rent = scene["enrollment"], rental_assistance_type(world)
	desk = desk_for("assessor")
	# The site's today, in its time zone: the machine's (UTC) is a day ahead of Los Angeles each evening.
	today = date.fromisoformat(desk.form("frappe.datetime.get_today()"))
	paid_for = today.replace(day=1)

	with desk.step("a new service of the household: the type asks for the amount and the period"):
		desk.goto("cas-service/new")
		desk.wait_for_form("CAS Service", new=True)
		desk.link("enrollment", enrollment)
		desk.link("service_type", "Rental", pick=rent)
		expect(desk.control("financial_assistance_amount")).to_be_visible(timeout=10000)
		expect(desk.control("financial_assistance_start")).to_be_visible()
		# A PATH referral's outcome is not asked of rental assistance.
		expect(desk.main.locator('.frappe-control[data-fieldname="referral_outcome"]')).to_be_hidden()

	with desk.step("the amount and the month it pays for, saved"):
		desk.form("frm.set_value('service_date', arg)", today.isoformat())
		desk.form("frm.set_value('financial_assistance_start', arg)", paid_for.isoformat())
		desk.form(
			"frm.set_value('financial_assistance_end', arg)", (paid_for + timedelta(days=27)).isoformat()
		)
		desk.fill("financial_assistance_amount", "1250")
		desk.save()
		desk.assert_saved("the rental assistance")
		(stored,) = world.admin.get_list(
			"CAS Service",
			["member", "financial_assistance_amount", "financial_assistance_start"],
			filters={"enrollment": enrollment, "service_type": rent},
		)
		assert stored["member"] == scene["mother"]["name"]  # the head, unless another member is chosen
		assert (stored["financial_assistance_amount"], stored["financial_assistance_start"]) == (
			1250,
			paid_for.isoformat(),
		)
