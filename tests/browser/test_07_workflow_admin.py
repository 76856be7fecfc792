"""A CAS Administrator (not a System Manager) edits the CAS Referral workflow in the desk; `bench migrate`
keeps the edit."""

import re

from playwright.sync_api import expect

from tests.browser import site as bench_site

WORKFLOW = "CAS Referral"
MESSAGE = "Call the household within one business day (edited in the desk)."


def test_an_administrators_workflow_edit_survives_migrate(world, desk_for):
	shipped = world.admin.get_doc("Workflow", WORKFLOW)
	first = shipped["states"][0]
	desk = desk_for("admin")
	page = desk.page
	try:
		with desk.step("open the CAS Referral workflow from the Workflow list"):
			desk.goto("workflow")
			desk.main.locator(f'.list-row a[data-name="{WORKFLOW}"]').first.click()
			desk.wait_for_form("Workflow", new=False)
			expect(page).to_have_url(re.compile(r"/app/workflow/CAS(%20| )Referral$"))
			# The form has finished loading when the referral's DocType is there (Frappe loads it after the
			# form shows; the app's workflow.js then points the form at the copy its grids edit).
			page.wait_for_function(f"() => locals.DocType && locals.DocType[{WORKFLOW!r}]", timeout=20000)
			desk.ready()

		with desk.step("edit the first state's message and save"):
			state = desk.grid_row_form("states", 1)
			desk.fill("message", MESSAGE, scope=state)
			desk.close_grid_row_form("states", 1)
			desk.save()
			desk.assert_saved("the workflow")
			stored = world.admin.get_doc("Workflow", WORKFLOW)["states"][0]["message"]
			assert stored == MESSAGE, (
				f"the desk showed the workflow saved ({desk.alerts() or 'no alert'}), but the first state's "
				f"message is still {stored!r}"
			)

		with desk.step("bench migrate keeps the edit"):
			bench_site.bench("migrate")
			page.reload()
			desk.wait_for_form("Workflow", new=False)
			assert world.admin.get_doc("Workflow", WORKFLOW)["states"][0]["message"] == MESSAGE
			assert desk.form("frm.doc.states[0].message") == MESSAGE
			expect(desk.control("states")).to_contain_text(first["state"])
	finally:
		world.admin.update("Workflow", WORKFLOW, {"states": shipped["states"]})
