"""A newcomer follows the README on a fresh site: `install-app`, `cas-demo load`, then logs in as the
demo's assessor and lands on the Coordinated Access workspace, not on Frappe's setup wizard."""

import re

from playwright.sync_api import expect


def test_the_demo_takes_a_newcomer_to_the_workspace(world, desk_for):
	assert world.setup_complete_before_demo == 0, (
		"the run's site must be new, its setup wizard never completed (not with CAS_BROWSER_REUSE_SITE=1)"
	)
	assert re.search(r"Loaded \d+ households", world.demo_output), world.demo_output
	desk = desk_for("assessor")
	with desk.step("land on the Coordinated Access workspace"):
		assert "setup-wizard" not in desk.page.url
		expect(desk.page).to_have_url(re.compile(r"/app/coordinated-access$"))
		expect(desk.page.locator(".modal.show:visible")).to_have_count(0)  # no "Not permitted"
		cards = desk.main.locator(".number-widget-box")
		expect(cards.first).to_be_visible()
		expect(cards.filter(has_text=re.compile("EVH Households Waiting", re.I))).to_have_count(1)
		# The number cards have counted (each shows a number, not the placeholder).
		numbers = desk.main.locator(".number-widget-box .widget-content .number")
		expect(numbers.first).to_have_text(re.compile(r"^\s*\d+\s*$"), timeout=20000)
		expect(desk.main).to_contain_text("Your daily work")
