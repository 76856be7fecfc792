"""The shelter's intake worker answers a referral: sees the household before deciding, tries to deny it
without saying why (refused on screen), then accepts it and enrolls the household in the shelter."""

import re

from playwright.sync_api import expect

from tests.browser import site as bench_site

SHELTER = "Demo Emergency Shelter"


def scene_referral(world) -> str:
	"""A referral to the shelter, just sent by the referral specialist (through the API)."""
	specialist = bench_site.user_api(world.url, world.users["referral"], world.password)
	entries = world.admin.get_list(
		"CAS Queue Entry",
		["name", "enrollment"],
		filters={"status": "Active", "queue": "Shelter"},
		order_by="date_added desc",
	)
	for entry in entries:
		try:
			return specialist.insert(
				{
					"doctype": "CAS Referral",
					"queue_entry": entry["name"],
					"enrollment": entry["enrollment"],
					"program": SHELTER,
					"referral_type": "Shelter",
				}
			)["name"]
		except AssertionError:
			continue  # not eligible for the shelter
	raise AssertionError("no household on the shelter queue could be referred to the shelter")


def test_the_provider_denies_without_a_reason_then_accepts_and_enrolls(world, desk_for):
	referral = scene_referral(world)
	sent = world.admin.get_doc("CAS Referral", referral)
	desk = desk_for("provider")
	page = desk.page

	with desk.step("open the referral from the workspace's Referrals"):
		desk.main.locator(".shortcut-widget-box", has_text="Referrals").first.click()
		desk.ready()
		expect(page).to_have_url(re.compile(r"/app/cas-referral"))
		desk.main.locator(f'.list-row a[data-name="{referral}"]').first.click()
		desk.ready()
		expect(page).to_have_url(re.compile(rf"/app/cas-referral/{referral}$"))
		desk.wait_for_form("CAS Referral", new=False)

	with desk.step("the household is there to decide on"):
		expect(desk.main.locator(".indicator-pill", has_text="Pending").first).to_be_visible()
		for field in ("household_type", "household_size", "score", "homeless_since", "last_cls_date"):
			shown = desk.control(field)
			expect(shown, f"{field} is not shown").to_be_visible()
			assert sent.get(field) not in (None, ""), f"{field} is empty on the referral"
		expect(desk.control("household_type")).to_contain_text(sent["household_type"])
		expect(desk.control("score")).to_contain_text(str(sent["score"]))
		expect(desk.control("is_evh")).to_be_visible()
		expect(desk.control("veteran")).to_be_visible()
		expect(desk.control("last_cls_location")).to_be_visible()

	with desk.step("Deny without who, why and a note is refused on screen"):
		desk.menu_item("Actions", "Deny")
		expect(desk.dialog).to_contain_text(f"Deny referral {referral}")
		desk.dialog.locator(".modal-footer .btn-primary:visible").first.click()
		page.wait_for_timeout(500)
		refusal = page.locator(".modal.show:not(.modal-minimize):visible")
		expect(
			refusal.filter(has_text=re.compile("Missing Values Required|required", re.I)).first
		).to_be_visible()
		expect(refusal.filter(has_text="Reason").first).to_be_visible()
		desk.close_dialogs()
		assert world.admin.get_value("CAS Referral", referral, "workflow_state") == "Pending"
		expect(desk.main.locator(".indicator-pill", has_text="Pending").first).to_be_visible()

	with desk.step("accept the referral"):
		desk.menu_item("Actions", "Accept")
		expect(desk.main.locator(".indicator-pill", has_text="Accepted").first).to_be_visible(timeout=20000)
		assert world.admin.get_value("CAS Referral", referral, "workflow_state") == "Accepted"

	with desk.step("enroll the household in the shelter"):
		desk.button("Enroll Household").click()
		desk.ready()
		expect(page).to_have_url(re.compile(r"/app/cas-enrollment/ENR-"))
		desk.wait_for_form("CAS Enrollment", new=False)
		enrollment = desk.doc_name()
		assert desk.value("program") == SHELTER
		assert world.admin.get_value("CAS Referral", referral, "provider_enrollment") == enrollment
		expect(desk.main.locator(".title-text").first).to_contain_text(sent["client_name"])
