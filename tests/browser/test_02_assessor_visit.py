"""The assessor's visit, as the README tells it: find the client by name from the search bar, enroll the
household, record where they live (refused without a location), hold the Housing Conversation Tool from
the enrollment's Record menu, submit it and send the household to the Community Queue, see EVH and Next
Steps, write the Individualized Support Plan and print the client's copy."""

import re
from datetime import date

from playwright.sync_api import expect

from tests.browser import site as bench_site

CE_PROGRAM = "Coordinated Access System Program - CE"
SITUATION = "Place not meant for habitation"
# The scene's client has a name no demo client has (and a new one each time the site is reused).
SURNAMES = ("Quintanilla", "Arrowsmith", "Okonkwo", "Villanueva", "Lindqvist", "Abernathy", "Castellanos")


def scene_client(world) -> dict:
	"""A client registered by the assessor's agency, not yet enrolled anywhere."""
	staff = world.admin.get_doc("CAS Staff Member", world.users["assessor"])
	taken = {row["full_name"] for row in world.admin.get_list("CAS Client", ["full_name"])}
	last_name = next(name for name in SURNAMES if f"Marisol {name}" not in taken)
	client = world.admin.insert(
		{
			"doctype": "CAS Client",
			"first_name": "Marisol",
			"last_name": last_name,
			"date_of_birth": "1979-04-12",
			"agency": staff["acting_agency"],
			"veteran_status": "No",
		}
	)
	bench_site.sync_search_index()
	return client


def most_vulnerable_answers(world, question_set: str) -> dict[str, str]:
	"""For each question, the answer that scores most: the household will be EVH."""
	best: dict[str, tuple[int, str]] = {}
	for option in world.admin.get_doc("CAS Question Set", question_set)["answer_options"]:
		points = option.get("points") or 0
		if option["question_code"] not in best or points > best[option["question_code"]][0]:
			best[option["question_code"]] = (points, option["option"])
	return {code: option for code, (_, option) in best.items()}


def test_the_assessors_visit(world, desk_for):
	client = scene_client(world)
	full_name = f"{client['first_name']} {client['last_name']}"
	desk = desk_for("assessor")
	page = desk.page

	with desk.step("find the client by name from the search bar"):
		search = page.locator("#navbar-search")
		search.click()
		search.fill(full_name)
		option = page.locator(".awesomplete ul li:visible", has_text=f"Search for {full_name}")
		option.first.wait_for()
		page.keyboard.press("Enter")
		# Frappe's search dialog lists each record by its ID, under its DocType.
		results = page.locator(".modal.show:visible .search-results")
		expect(results).to_contain_text("CAS Client", timeout=15000)
		result = results.locator("a.result-section-link", has_text=client["name"])
		expect(result.first).to_be_visible()
		result.first.click()
		desk.ready()
		expect(page).to_have_url(re.compile(rf"/app/cas-client/{client['name']}$"))
		desk.wait_for_form("CAS Client", new=False)
		expect(desk.main.locator(".title-text").first).to_contain_text(full_name)

	with desk.step("enroll the household from the client"):
		desk.main.locator('.document-link[data-doctype="CAS Enrollment"] .btn-new').click()
		desk.ready()
		expect(page).to_have_url(re.compile(r"/app/cas-enrollment/new"))
		desk.wait_for_form("CAS Enrollment", new=True)
		assert desk.value("client") == client["name"]
		desk.link("program", "Coordinated Access", pick=CE_PROGRAM)
		desk.save()
		desk.assert_saved("the enrollment")
		enrollment = desk.doc_name()
		expect(desk.main.locator(".form-message")).to_contain_text("Open since")

	with desk.step("a CLS without a location is refused", allow=(417,)):
		desk.menu_item("Record", "Current Living Situation")
		expect(page).to_have_url(re.compile(r"/app/cas-current-living-situation/new"))
		desk.wait_for_form("CAS Current Living Situation", new=True)
		assert desk.value("enrollment") == enrollment
		desk.select("living_situation", next(o for o in living_situations(desk) if o.startswith(SITUATION)))
		desk.save()
		address = desk.form("frappe.meta.get_label(frm.doctype, 'location_address')")
		message = desk.expect_message(address)
		assert desk.form("frm.is_new()"), f"saved without a location: {message}"
		desk.close_dialogs()

	with desk.step("the CLS is saved with its location"):
		desk.fill("location_address", "Under the 12th Street bridge, by the river path")
		desk.save()
		desk.assert_saved("the CLS")

	with desk.step("open the HCT from the enrollment's Record menu"):
		desk.open_link("enrollment")
		desk.wait_for_form("CAS Enrollment", new=False)
		desk.menu_item("Record", "Housing Conversation Tool")
		expect(page).to_have_url(re.compile(r"/app/cas-housing-conversation-tool/new"))
		desk.wait_for_form("CAS Housing Conversation Tool", new=True)
		assert desk.value("enrollment") == enrollment
		expect(desk.grid_rows("answers").first).to_be_visible(timeout=20000)
		desk.fill("assessment_location", "Downtown Navigation Center")

	with desk.step("answer every question, row by row"):
		desk.ready()
		answers = most_vulnerable_answers(world, desk.value("question_set"))
		rows = desk.form("frm.doc.answers.map((row) => [row.idx, row.question_code])")
		assert len(rows) >= 10, rows
		for idx, code in rows:
			desk.grid_select("answers", idx, "answer", answers[code])
		# The score follows the answers before saving.
		assert desk.value("total_score") > 0

	with desk.step("save the HCT: scored on the server, EVH"):
		desk.save()
		desk.assert_saved("the HCT")
		hct = desk.doc_name()
		assert desk.value("total_score") >= 6
		assert desk.value("is_evh") == 1

	with desk.step("submit the HCT and send the household to the queue"):
		desk.button("Submit").click()
		expect(desk.dialog).to_contain_text("Permanently Submit")
		desk.dialog_primary()  # Yes
		expect(desk.dialog).to_contain_text("Send this household to the Community Queue now?", timeout=20000)
		desk.dialog_primary()  # Yes
		expect(desk.dialog).to_contain_text("Queue")
		desk.select("queue", "Housing", scope=desk.dialog)
		desk.dialog_primary()  # Send
		expect(page.locator("#alert-container")).to_contain_text("On the Housing queue", timeout=20000)
		entries = world.admin.get_list(
			"CAS Queue Entry",
			["name", "status", "queue"],
			filters={"enrollment": enrollment, "status": "Active"},
		)
		assert [entry["queue"] for entry in entries] == ["Housing"], entries

	with desk.step("the enrollment shows EVH and the Next Steps"):
		desk.open_link("enrollment")
		desk.wait_for_form("CAS Enrollment", new=False)
		expect(desk.main.locator(".form-message")).to_contain_text("Extremely vulnerable household since")
		due = desk.control("due_items")
		expect(due).to_contain_text("Individualized Support Plan")

	with desk.step("write the ISP from the Record menu"):
		desk.menu_item("Record", "Individualized Support Plan")
		expect(page).to_have_url(re.compile(r"/app/cas-individualized-support-plan/new"))
		desk.wait_for_form("CAS Individualized Support Plan", new=True)
		assert desk.value("enrollment") == enrollment
		if desk.value("housing_conversation_tool") != hct:
			desk.link("housing_conversation_tool", hct)
		desk.link("program_preference", "Rapid Re-Housing", pick="Rapid Re-Housing (RRH), CoC funded")
		desk.fill("client_reasons", "Near her sister and the clinic; she wants a place of her own.")
		# A new plan starts with one goal row (the table is required); the goal is written in its form.
		if not desk.grid_rows("goals").count():
			desk.control("goals").locator(".grid-add-row").click()
		goal = desk.grid_row_form("goals", 1)
		desk.fill("goal", "Move into an apartment of my own", scope=goal)
		desk.select("category", "Housing", scope=goal)
		desk.fill("start_date", desk.user_date(date.today()), scope=goal)
		desk.fill("timeline_days", "90", scope=goal)
		desk.fill("specific", "Apply with the RRH navigator for units near her sister", scope=goal)
		desk.close_grid_row_form("goals", 1)
		desk.save()
		desk.assert_saved("the ISP")
		isp = desk.doc_name()

	with desk.step("the ISP's client copy prints"):
		with page.context.expect_page() as opened:
			desk.button("Client Copy").click()
		copy = opened.value
		desk.watch(copy)
		copy.wait_for_load_state("load")
		body = copy.locator("body")
		expect(body).to_contain_text(full_name, timeout=20000)
		expect(body).to_contain_text("Move into an apartment of my own")
		assert isp in copy.url
		copy.close()

	with desk.step("the ISP is no longer due"):
		desk.open_link("enrollment")
		desk.wait_for_form("CAS Enrollment", new=False)
		expect(desk.control("due_items")).not_to_contain_text("Individualized Support Plan")


def living_situations(desk) -> list[str]:
	return desk.control("living_situation").locator("select option").all_inner_texts()
