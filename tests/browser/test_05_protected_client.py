"""A survivor held by the victim service provider stays protected from another agency's assessor: in
every page they open and every response their browser receives (lists, forms, the Community Queue, the
reports, the search bar, link suggestions, a direct address), her name and birth date never appear,
though her household is on the shared Community Queue and her own agency finds her by name."""

import re

from playwright.sync_api import expect

from tests.browser import site as bench_site

# The lists and reports the assessor's workspace links to.
LISTS = (
	"cas-client",
	"cas-enrollment",
	"cas-queue-entry",
	"cas-referral",
	"cas-current-living-situation",
	"cas-housing-conversation-tool",
	"cas-individualized-support-plan",
	"cas-ce-event",
)
REPORTS = ("Community Queue", "EVH Households", "Overdue Follow-ups", "My Follow-ups")


def scene(world) -> dict:
	"""The protected household with an HCT goes on the shared Shelter queue (as its own assessor would)."""
	survivors = world.admin.get_list(
		"CAS Client",
		["name", "first_name", "last_name", "full_name", "date_of_birth", "display_name", "agency"],
		filters={"is_protected": 1},
	)
	assert survivors, "the demo has no protected client"
	assessed = world.admin.get_list(
		"CAS Housing Conversation Tool",
		["name", "client", "enrollment"],
		filters={"is_protected": 1, "docstatus": 1},
	)
	if assessed:
		hct = assessed[0]
		if not world.admin.get_list(
			"CAS Queue Entry", filters={"enrollment": hct["enrollment"], "status": "Active"}
		):
			vsp = bench_site.user_api(world.url, world.users["vsp.assessor"], world.password)
			vsp.call(
				"cas_coordinated_access.api.send_to_community_queue",
				assessment_doctype="CAS Housing Conversation Tool",
				assessment=hct["name"],
				queue="Shelter",
			)
		survivor = next(s for s in survivors if s["name"] == hct["client"])
	else:
		survivor = survivors[0]
	survivor["enrollments"] = [
		row["name"] for row in world.admin.get_list("CAS Enrollment", filters={"client": survivor["name"]})
	]
	return survivor


def secrets_of(world, survivor) -> list[str]:
	"""What must never reach the other agency: her full name, and her first name, last name and birth date
	wherever no other client shares them (a shared one would be another person's)."""
	others = [
		c
		for c in world.admin.get_list("CAS Client", ["name", "first_name", "last_name", "date_of_birth"])
		if c["name"] != survivor["name"]
	]
	secrets = [survivor["full_name"]]
	for field in ("first_name", "last_name", "date_of_birth"):
		value = survivor.get(field)
		if value and all(other.get(field) != value for other in others):
			secrets.append(value)
	return secrets


def test_a_protected_clients_name_never_reaches_another_agency(world, desk_for):
	survivor = scene(world)
	secrets = secrets_of(world, survivor)
	# The agency that holds her finds her by name from the search bar (the walk below searches the same
	# way): the name would come through if the rules let it, so its absence below means something.
	vsp = bench_site.user_api(world.url, world.users["vsp.assessor"], world.password)
	found = vsp.call("frappe.utils.global_search.search", text=survivor["full_name"])
	assert survivor["name"] in [row["name"] for row in found], found
	assert survivor["last_name"] in str(found), found

	desk = desk_for("assessor", record_responses=True)
	page = desk.page
	pages_html = []

	with desk.step("the workspace"):
		pages_html.append(("workspace", desk.html()))

	for route in LISTS:
		with desk.step(f"the list {route}"):
			desk.goto(route)
			expect(desk.main.locator(".result, .no-result").first).to_be_visible()
			pages_html.append((route, desk.html()))

	for report in REPORTS:
		with desk.step(f"the report {report}"):
			desk.set_route("query-report", report)
			desk.page.wait_for_timeout(500)
			desk.ready()
			pages_html.append((report, desk.html()))

	with desk.step("her household's enrollment, from the Enrollments list", allow=(403,)):
		for enrollment in survivor["enrollments"]:
			desk.goto(f"cas-enrollment/{enrollment}")
			pages_html.append((enrollment, desk.html()))

	with desk.step("her client record by its address is refused", allow=(403, 404)):
		desk.goto(f"cas-client/{survivor['name']}")
		pages_html.append(("client by address", desk.html()))
		expect(desk.main.locator(".frappe-control[data-fieldname='first_name'] input")).to_have_count(0)

	with desk.step("link suggestions for her last name leave her out"):
		desk.goto("cas-enrollment/new")
		desk.wait_for_form("CAS Enrollment", new=True)
		field = desk.control("client").locator("input").first
		field.focus()
		field.type(survivor["last_name"], delay=20)
		page.wait_for_timeout(1500)
		desk.ready()
		suggestions = desk.control("client").locator("ul[role=listbox]")
		expect(suggestions).not_to_contain_text(survivor["name"])
		field.fill("")
		page.keyboard.press("Escape")

	with desk.step("the search bar does not find her by name"):
		search = page.locator("#navbar-search")
		search.click()
		search.fill(survivor["full_name"])
		page.locator(".awesomplete ul li:visible", has_text="Search for").first.wait_for()
		page.keyboard.press("Enter")
		results = page.locator(".modal.show:visible .search-results")
		expect(results).to_be_visible()
		desk.ready()
		page.wait_for_timeout(500)
		expect(results).not_to_contain_text(survivor["name"])
		desk.close_dialogs()

	with desk.step("nothing the assessor's browser received names her"):
		leaks = [
			(where, secret)
			for where, text in desk.responses + pages_html
			for secret in secrets
			if secret and secret in text
		]
		assert not leaks, f"{survivor['name']}'s {secrets} reached the assessor in: {leaks[:10]}"
		answered = [url for url, body in desk.responses if body]
		assert len(answered) > 50, f"only {len(answered)} responses were read: the check above proves little"
