"""An assessor who works in two agencies switches the one they act for from the user menu; a new client
then belongs to it. They switch back the same way."""

from playwright.sync_api import expect


def switch_to(desk, agency: str, current: str):
	desk.page.locator(".navbar .dropdown-navbar-user, .navbar [aria-label='User Menu']").first.click()
	item = desk.page.locator("#toolbar-user .dropdown-item:visible", has_text="Switch CAS Agency")
	item.first.click()
	dialog = desk.dialog
	expect(dialog).to_contain_text("Switch CAS Agency")
	select = desk.control("agency", scope=dialog).locator("select")
	expect(select).to_have_value(current)
	select.select_option(label=agency)
	desk.dialog_primary()
	expect(desk.page.locator("#alert-container")).to_contain_text(f"You now act for {agency}")


def test_the_agency_switcher(world, desk_for):
	user = world.users["assessor"]
	staff = world.admin.get_doc("CAS Staff Member", user)
	agencies = sorted(row["agency"] for row in staff["agencies"])
	assert len(agencies) >= 2, staff
	home = staff["acting_agency"]
	other = next(agency for agency in agencies if agency != home)
	desk = desk_for("assessor")

	with desk.step("switch to the other agency from the user menu"):
		switch_to(desk, other, current=home)
		assert world.admin.get_value("CAS Staff Member", user, "acting_agency") == other

	with desk.step("a new client belongs to the agency acted for"):
		desk.main.locator(".shortcut-widget-box", has_text="Clients").first.click()
		desk.ready()
		desk.main.locator(".page-head:visible .primary-action").first.click()
		desk.ready()
		desk.wait_for_form("CAS Client", new=True)
		expect(desk.control("agency").locator("input")).to_have_value(other)

	with desk.step("the client is recorded with HUD's 4.21 Sex as they answered it"):
		desk.fill("first_name", "Ines")
		desk.fill("last_name", "Varga")
		desk.select("sex", "Female")
		desk.save()
		desk.assert_saved("the client")
		client = world.admin.get_doc("CAS Client", desk.doc_name())
		assert (client["sex"], client["agency"]) == ("Female", other)

	with desk.step("after a reload the menu offers the agency acted for; switch back"):
		desk.page.goto(f"{desk.url}/app/coordinated-access")
		desk.ready()
		switch_to(desk, home, current=other)
		assert world.admin.get_value("CAS Staff Member", user, "acting_agency") == home
