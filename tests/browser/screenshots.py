"""The README's screenshots, taken from the demo CoC by its own users: the workspace, an enrollment with its
Next Steps, a Housing Conversation Tool, the Community Queue and a referral as the provider sees it.

    bash tests/run.sh screenshots          (writes docs/*.png; CAS_SCREENSHOTS_DIR writes elsewhere)

Not part of the browser tier's run (its name does not start with test_): run it when the desk changes."""

import os
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.test_04_provider import scene_referral

pytestmark = pytest.mark.screenshots

VIEWPORT = {"width": 1366, "height": 1000}
DOCS = Path(os.environ.get("CAS_SCREENSHOTS_DIR", Path(__file__).resolve().parents[2] / "docs"))


def shoot(desk, name: str, at=None):
	"""A screenshot of the desk as its user sees it (the window, not the whole page), from `at` down."""
	DOCS.mkdir(parents=True, exist_ok=True)
	page = desk.page
	page.mouse.move(0, 0)
	page.evaluate("() => document.querySelectorAll('#alert-container .alert').forEach((a) => a.remove())")
	if at is not None:
		at.scroll_into_view_if_needed()
		at.evaluate("(element) => window.scrollBy(0, element.getBoundingClientRect().top - 80)")
	else:
		page.evaluate("() => window.scrollTo(0, 0)")
	page.wait_for_timeout(600)
	page.screenshot(path=str(DOCS / name))


def evh_enrollment_with_next_steps(world) -> dict:
	"""An open, EVH household of the assessor's agency whose Next Steps list something due, and its HCT."""
	agency = world.admin.get_value("CAS Staff Member", world.users["assessor"], "acting_agency")
	for row in world.admin.get_list(
		"CAS Enrollment",
		["name"],
		filters={"client_agency": agency, "status": "Open", "is_evh": 1},
		order_by="evh_since desc",
	):
		enrollment = world.admin.get_doc("CAS Enrollment", row["name"])
		hcts = world.admin.get_list(
			"CAS Housing Conversation Tool",
			filters={"enrollment": row["name"], "docstatus": 1, "is_evh": 1},
			order_by="assessment_date desc",
		)
		if enrollment.get("due_items") and hcts:
			enrollment["hct"] = hcts[0]["name"]
			return enrollment
	raise AssertionError(f"the demo has no EVH household of {agency} with something due")


def test_workspace(world, desk_for):
	desk = desk_for("assessor", viewport=VIEWPORT)
	with desk.step("the workspace"):
		expect(desk.main.locator(".number-widget-box .number").first).to_be_visible(timeout=20000)
		expect(desk.main.locator(".chart-container svg").first).to_be_visible(timeout=20000)
		desk.page.wait_for_timeout(1500)  # the charts' own animation
		shoot(desk, "workspace.png")


def test_enrollment_and_hct(world, desk_for):
	enrollment = evh_enrollment_with_next_steps(world)
	desk = desk_for("assessor", viewport=VIEWPORT)
	with desk.step("the enrollment with its Next Steps"):
		desk.goto(f"cas-enrollment/{enrollment['name']}")
		desk.wait_for_form("CAS Enrollment", new=False)
		expect(desk.control("due_items")).to_be_visible()
		shoot(desk, "enrollment-next-steps.png")
	with desk.step("its Housing Conversation Tool"):
		desk.goto(f"cas-housing-conversation-tool/{enrollment['hct']}")
		desk.wait_for_form("CAS Housing Conversation Tool", new=False)
		expect(desk.grid_rows("answers").first).to_be_visible()
		shoot(desk, "hct.png")


def test_community_queue(world, desk_for):
	desk = desk_for("referral", viewport=VIEWPORT)
	with desk.step("the Community Queue"):
		desk.set_route("query-report", "Community Queue")
		expect(desk.main.locator(".dt-row .cas-refer").first).to_be_visible(timeout=20000)
		desk.page.wait_for_timeout(1000)
		shoot(desk, "community-queue.png")


def test_provider_referral(world, desk_for):
	referral = scene_referral(world)
	desk = desk_for("provider", viewport=VIEWPORT)
	with desk.step("the provider's referral"):
		desk.goto(f"cas-referral/{referral}")
		desk.wait_for_form("CAS Referral", new=False)
		shoot(desk, "provider-referral.png")


if __name__ == "__main__":
	sys.exit(pytest.main([__file__, "-q", "-p", "no:cacheprovider", *sys.argv[1:]]))
