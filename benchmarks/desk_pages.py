"""Benchmark: how long the desk pages people wait on take to open, in Chromium, as the demo's users.

    bash tests/run.sh browser          (once: makes the browser tier's site with the demo CoC)
    <bench>/env/bin/python <app>/benchmarks/desk_pages.py [--repeat 5]

Serves the browser tier's site (CAS_BROWSER_SITE) on free loopback ports with the same servers the tier
uses, logs in through /login, and opens each page afresh (a full load, as a bookmark or a reload does)
until it shows what the person came for and no request is pending. Prints the median and the slowest run
of each page beside the floor: two seconds, the most an assessor should wait for a page of the desk.
"""

import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from tests.browser import site as bench_site

FLOOR_SECONDS = 2.0
SETTLED = """(selector) => window.frappe && frappe.request && frappe.request.ajax_count === 0
	&& !(frappe.dom && frappe.dom.freeze_count)
	&& [...document.querySelectorAll(selector)].some((element) => element.offsetParent !== null)"""


def pages(referral_queue: str) -> list[tuple[str, str, str, str]]:
	"""(who, page, route, what shows it is open)."""
	return [
		("assessor", "workspace", "coordinated-access", ".codex-editor .ce-block .widget"),
		("assessor", "client list", "cas-client", ".list-row-container .list-row"),
		("assessor", "enrollment", "cas-enrollment/{enrollment}", ".form-layout .frappe-control"),
		("referral", "Community Queue, one queue", referral_queue, ".dt-scrollable .dt-row"),
	]


def open_page(page, url: str, selector: str) -> float:
	started = time.perf_counter()
	page.goto(url)
	page.wait_for_function(SETTLED, arg=selector, timeout=60000, polling=50)
	return time.perf_counter() - started


def log_in(browser, url: str, user: str, password: str):
	context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-US")
	page = context.new_page()
	page.goto(f"{url}/login")
	page.fill("#login_email", user)
	page.fill("#login_password", password)
	page.click(".btn-login")
	page.wait_for_url("**/app**", timeout=60000)
	return page


def main():
	from playwright.sync_api import sync_playwright

	parser = argparse.ArgumentParser()
	parser.add_argument("--repeat", type=int, default=5)
	args = parser.parse_args()
	demo = bench_site.SITES / bench_site.SITE / "private" / "cas-browser-demo.txt"
	if not demo.exists():
		sys.exit(f"no demo on {bench_site.SITE}: run `bash tests/run.sh browser` first")
	password, users = bench_site.demo_login(demo.read_text())
	servers = bench_site.Servers(bench_site.SITE, bench_site.free_port(), bench_site.free_port())
	servers.start()
	try:
		assessor_api = bench_site.user_api(servers.url, users["assessor"], password)
		enrollment = assessor_api.get_list("CAS Enrollment", limit=1, order_by="modified desc")[0]["name"]
		queue = "query-report/Community Queue?queue=Shelter"
		with sync_playwright() as playwright:
			browser = playwright.chromium.launch(
				executable_path=bench_site.CHROMIUM, args=bench_site.CHROMIUM_ARGS, headless=True
			)
			desks = {
				role: log_in(browser, servers.url, users[role], password) for role in ("assessor", "referral")
			}
			print(f"desk pages on {bench_site.SITE} ({servers.url}), full loads, {args.repeat} runs each")
			for who, label, route, selector in pages(queue):
				url = f"{servers.url}/app/{route.format(enrollment=enrollment)}"
				open_page(desks[who], url, selector)  # the first load fills the browser's cache
				seconds = [open_page(desks[who], url, selector) for _ in range(args.repeat)]
				median = statistics.median(seconds)
				verdict = "within" if median <= FLOOR_SECONDS else "OVER"
				print(
					f"  {label:<28} as {who:<9} median {median:5.2f} s  slowest {max(seconds):5.2f} s"
					f"  (floor {FLOOR_SECONDS:.1f} s: {verdict})"
				)
			browser.close()
	finally:
		servers.stop()


if __name__ == "__main__":
	main()
