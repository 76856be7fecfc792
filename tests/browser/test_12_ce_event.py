"""A CE Event through the desk under HUD's FY2026 list: the assessor records one from the enrollment's Record
menu and is not offered the event HUD retired (17, Emergency Housing Voucher); an event recorded with it
before its retirement still shows as it was recorded."""

from datetime import date, timedelta

from playwright.sync_api import expect

EHV = "Referral to Emergency Housing Voucher (EHV)"
NAVIGATION = "Referral to Housing Navigation project or services"


def scene_household(world) -> dict:
	"""A client enrolled in the CE program by the assessor's agency since before FY2026, with an EHV
	referral event recorded in September 2025."""
	staff = world.admin.get_doc("CAS Staff Member", world.users["assessor"])
	client = world.admin.insert(
		{
			"doctype": "CAS Client",
			"first_name": "Marisol",
			"last_name": "Quintero",
			"date_of_birth": "1979-07-12",
			"agency": staff["acting_agency"],
		}
	)
	program = world.admin.get_list("CAS Program", filters={"project_type": "Coordinated Entry"})[0]["name"]
	enrollment = world.admin.insert(
		{
			"doctype": "CAS Enrollment",
			"client": client["name"],
			"program": program,
			"entry_date": "2025-09-01",
		}
	)
	event = world.admin.insert(
		{
			"doctype": "CAS CE Event",
			"enrollment": enrollment["name"],
			"event": EHV,
			"event_date": "2025-09-30",
		}
	)
	return {"enrollment": enrollment, "event": event}


def set_date(desk, fieldname: str, value: date):
	"""The date as the calendar sets it when a day is picked (typing over a date in the main form is
	undone by the calendar's own selected day)."""
	desk.form(f"frm.set_value('{fieldname}', arg)", value.isoformat())
	desk.page.wait_for_timeout(400)


def offered_events(desk) -> list[str]:
	return desk.control("event").locator("select option").all_inner_texts()


def test_the_retired_event_is_not_offered_and_an_old_one_shows_as_recorded(world, desk_for):
	scene = scene_household(world)
	desk = desk_for("assessor")

	with desk.step("a new CE Event from the enrollment's Record menu offers HUD's FY2026 events"):
		desk.set_route("cas-enrollment", scene["enrollment"]["name"])
		desk.wait_for_form("CAS Enrollment", new=False)
		desk.menu_item("Record", "CE Event")
		desk.wait_for_form("CAS CE Event", new=True)
		assert desk.value("enrollment") == scene["enrollment"]["name"]
		offered = offered_events(desk)
		assert NAVIGATION in offered and EHV not in offered, offered

	with desk.step("for a day before the retirement the event is offered again"):
		set_date(desk, "event_date", date(2025, 9, 15))
		expect(desk.control("event").locator("select option", has_text=EHV)).to_have_count(1)
		set_date(desk, "event_date", date.today() - timedelta(days=1))
		expect(desk.control("event").locator("select option", has_text=EHV)).to_have_count(0)

	with desk.step("the event that fits is recorded"):
		desk.select("event", NAVIGATION)
		desk.save()
		desk.assert_saved("the CE Event")

	with desk.step("the EHV event recorded in September 2025 shows as it was recorded"):
		desk.set_route("cas-ce-event", scene["event"]["name"])
		desk.wait_for_form("CAS CE Event", new=False)
		assert desk.value("event") == EHV
		expect(desk.control("event").locator("select")).to_have_value(EHV)
