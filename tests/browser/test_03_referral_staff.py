"""Referral staff work the Community Queue: from the workspace to the queue, filtered to the shelter's
eligible households, Refer on the top row, the referral sent, and the household gone from the top."""

import re

from playwright.sync_api import expect

SHELTER = "Demo Emergency Shelter"


def queue_rows(desk) -> list[dict]:
	return desk.page.evaluate(
		"() => (frappe.query_report.data || []).filter((row) => row && row.name)"
		".map((row) => ({name: row.name, rank: row.rank}))"
	)


def test_referral_staff_refer_from_the_community_queue(world, desk_for):
	desk = desk_for("referral")
	page = desk.page

	with desk.step("open the Community Queue from the workspace"):
		desk.main.locator(".shortcut-widget-box", has_text="Community Queue").first.click()
		desk.ready()
		expect(page).to_have_url(re.compile(r"/app/query-report/Community(%20| )Queue"))

	with desk.step("filter to the shelter queue and its eligible households"):
		desk.select("queue", "Shelter", scope=desk.main.locator(".page-form"))
		desk.link("program", "Emergency Shelter", pick=SHELTER, scope=desk.main.locator(".page-form"))
		desk.ready()
		expect(desk.main.locator(".dt-row .cas-refer").first).to_be_visible(timeout=20000)
		rows = queue_rows(desk)
		assert rows, "no household on the shelter queue"
		top = rows[0]["name"]

	with desk.step("the queue's EVH donut reads as counts"):
		chart = desk.main.locator(".chart-wrapper")
		expect(chart.locator("svg").first).to_be_visible(timeout=20000)
		legend = chart.text_content() or ""
		assert "EVH" in legend, f"the donut has no legend: {legend!r}"
		assert "<" not in legend, f"the donut's legend shows markup: {legend!r}"

	with desk.step("Refer on the top row opens a referral of that household"):
		desk.main.locator(f'.cas-refer[data-entry="{top}"]').first.click()
		desk.ready()
		expect(page).to_have_url(re.compile(r"/app/cas-referral/new"))
		desk.wait_for_form("CAS Referral", new=True)
		assert desk.value("queue_entry") == top
		assert desk.value("referral_type") == "Shelter"

	with desk.step("send the referral to the shelter"):
		if desk.value("program") != SHELTER:
			desk.link("program", "Emergency Shelter", pick=SHELTER)
		desk.save()
		desk.assert_saved("the referral")
		referral = desk.doc_name()
		expect(desk.main.locator(".indicator-pill", has_text="Pending").first).to_be_visible()
		assert world.admin.get_value("CAS Queue Entry", top, "status") == "Referred"
		assert world.admin.get_value("CAS Referral", referral, "queue_entry") == top

	with desk.step("the household has left the top of the queue"):
		page.go_back()
		desk.ready()
		if "query-report" not in page.url:
			desk.set_route("query-report", "Community Queue")
		page.reload()
		desk.ready()
		desk.select("queue", "Shelter", scope=desk.main.locator(".page-form"))
		desk.ready()
		expect(desk.main.locator(".dt-row").first).to_be_visible(timeout=20000)
		names = [row["name"] for row in queue_rows(desk)]
		assert top not in names, f"{top} is still on the queue: {names[:5]}"
		expect(desk.main.locator(f'.cas-refer[data-entry="{top}"]')).to_have_count(0)
