"""Issue 18: a name or note holding markup shows as text on every page, wherever it came from.

A payload whose handler counts into a global is planted straight into the demo's database (past Frappe's save
sanitizer, as an import bug would); each page that shows it is visited, and the global must stay unset while
the payload's text is on the page."""

import json
from urllib.parse import urlencode

from tests.browser import site as bench_site

# Short enough for a name column (40 characters); its handler counts where the page would run it.
PAYLOAD = "<img src=x onerror=window.__cas_xss=1>"
VISIBLE = "onerror="

PLANT = """
import json
from cas_coordinated_access.utils import community_queue
frappe.set_user("Administrator")
payload = {payload}
top = community_queue.queue_rows(frappe._dict(queue="Shelter"))[0]
isp = frappe.get_all("CAS Individualized Support Plan", fields=["name", "enrollment"], limit=1)[0]
referral = frappe.get_all("CAS Referral", fields=["name", "enrollment"], limit=1)[0]
enrollments = {{top.enrollment, isp.enrollment, referral.enrollment}}
def plant(doctype, filters, **values):
	for name in frappe.get_all(doctype, filters=filters, pluck="name"):
		frappe.db.set_value(doctype, name, values, update_modified=False)
for enrollment in enrollments:
	client = frappe.db.get_value("CAS Enrollment", enrollment, "client")
	plant("CAS Client", {{"name": client}}, first_name=payload, last_name=payload, full_name=payload,
		display_name=payload, contact_notes=payload)
	plant("CAS Enrollment", {{"name": enrollment}}, client_name=payload)
	plant("CAS Household Member", {{"parent": enrollment}}, client_name=payload)
	plant("CAS Due Item", {{"parent": enrollment}}, related=payload)
	plant("CAS Current Living Situation", {{"enrollment": enrollment}}, client_name=payload,
		location_details=payload)
	plant("CAS Housing Conversation Tool", {{"enrollment": enrollment}}, client_name=payload,
		evh_reasons=payload)
	plant("CAS Individualized Support Plan", {{"enrollment": enrollment}}, client_name=payload,
		client_reasons=payload)
	plant("CAS Queue Entry", {{"enrollment": enrollment}}, client_name=payload)
	plant("CAS Referral", {{"enrollment": enrollment}}, client_name=payload, notes=payload,
		last_cls_location=payload)
agency = frappe.db.get_value("CAS Client", frappe.db.get_value("CAS Enrollment", top.enrollment, "client"), "agency")
plant("CAS Agency", {{"name": agency}}, agency_name=payload, address=payload)
print(json.dumps({{
	"client": frappe.db.get_value("CAS Enrollment", top.enrollment, "client"),
	"enrollment": top.enrollment,
	"cls": frappe.get_all("CAS Current Living Situation", {{"enrollment": top.enrollment}}, pluck="name")[0],
	"hct": frappe.get_all("CAS Housing Conversation Tool", {{"enrollment": top.enrollment}}, pluck="name")[0],
	"isp": isp.name,
	"referral": referral.name,
	"agency": agency,
}}))
"""


def check(desk, where: str, text: bool = True):
	"""The payload did not run on this page, and (where the page shows it) reads as text."""
	desk.page.wait_for_timeout(300)
	ran = desk.page.evaluate("() => window.__cas_xss")
	assert ran is None, f"{where}: the stored payload ran ({ran} times)"
	if text:
		# Shown as text, or held as the value of an editable field.
		shown = desk.page.evaluate(
			"() => document.body.innerText + [...document.querySelectorAll('input, textarea')]"
			".map((field) => field.value).join(' ')"
		)
		assert VISIBLE in shown, f"{where}: the payload's text is not on the page"


def test_stored_markup_shows_as_text_on_every_page(world, desk_for):
	planted = json.loads(bench_site.run_python(PLANT.format(payload=repr(PAYLOAD))).strip().splitlines()[-1])

	staff = desk_for("referral")
	with staff.step("the Community Queue"):
		staff.goto("query-report/Community Queue?queue=Shelter")
		staff.main.locator(".dt-row").first.wait_for()
		check(staff, "Community Queue")
	with staff.step("EVH Households"):
		staff.goto("query-report/EVH Households")
		staff.main.locator(".dt-row").first.wait_for()
		check(staff, "EVH Households")
	with staff.step("the referral's form"):
		staff.goto(f"cas-referral/{planted['referral']}")
		staff.wait_for_form("CAS Referral")
		check(staff, "referral form")

	admin = desk_for("admin")
	pages = [
		("client list", f"cas-client?name={planted['client']}", ".list-row"),
		("client form", f"cas-client/{planted['client']}", None),
		("enrollment form", f"cas-enrollment/{planted['enrollment']}", None),
		("CLS form", f"cas-current-living-situation/{planted['cls']}", None),
		("HCT form", f"cas-housing-conversation-tool/{planted['hct']}", None),
		("ISP form", f"cas-individualized-support-plan/{planted['isp']}", None),
		("agency form", f"cas-agency/{planted['agency']}", None),
	]
	for label, route, rows in pages:
		with admin.step(label):
			admin.goto(route)
			if rows:
				admin.main.locator(rows).first.wait_for()
			else:
				admin.main.locator(".form-layout").first.wait_for()
			check(admin, label)

	with admin.step("Client History"):
		# Opened as a user opens it: the History button of the client's form.
		admin.goto(f"cas-client/{planted['client']}")
		admin.wait_for_form("CAS Client")
		admin.button("History").click()
		admin.main.locator(".dt-row").first.wait_for()
		check(admin, "Client History")

	prints = [
		("CAS Individualized Support Plan", planted["isp"], "CAS ISP Client Copy"),
		("CAS Individualized Support Plan", planted["isp"], "Standard"),
		("CAS Referral", planted["referral"], "Standard"),
		("CAS Enrollment", planted["enrollment"], "Standard"),
		("CAS Current Living Situation", planted["cls"], "Standard"),
	]
	for doctype, name, print_format in prints:
		with admin.step(f"print {print_format} of {doctype}"):
			query = urlencode({"doctype": doctype, "name": name, "format": print_format})
			admin.page.goto(f"{world.url}/printview?{query}")
			admin.page.wait_for_load_state("load")
			check(admin, f"{print_format} print of {doctype}")
