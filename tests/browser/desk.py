"""A person at Frappe's desk, in a real Chromium: logs in through the /login form, clicks and types.

Every page keeps its console; a JavaScript error (an uncaught exception, or console.error other than
the noise listed in NOISE) or a server error (HTTP 5xx, a missing asset) fails the step in which it
happened. A failing step leaves a screenshot and the console under ARTIFACTS/<test>/."""

import base64
import re
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

# Console errors that are not JavaScript errors, each for a reason:
NOISE = (
	# Chromium logs every non-2xx response as a console error. Responses are judged by on_response
	# instead: 5xx and missing assets fail the step, and a step says which refusals (403/417) it expects.
	re.compile(r"^Failed to load resource: the server responded with a status of \d+"),
	# Chromium's SVG parser, when Frappe's chart library draws a bar chart into a container the desk has
	# just hidden (the person left the workspace before its charts arrived): the bars get a negative
	# width. Frappe Charts' own behaviour, no script stops, and the chart draws again when shown.
	re.compile(r"^Error: <rect> attribute (width|height): A negative value is not valid"),
	# The server's traceback of a refused or failed request, which Frappe's request.js prints when the
	# server runs as a development server (as here). The request itself is judged by its status.
	re.compile(r"^Traceback \(most recent call last\):"),
)
# Uncaught exceptions that are Frappe's own, each for a reason:
UNCAUGHT_NOISE = (
	# Frappe's dashboard chart widget (frappe/public/js/frappe/widgets/chart_widget.js) can draw a chart
	# twice into one wrapper (its async render() checks for an existing chart before an await); the
	# first chart's ResizeObserver then redraws into a container it no longer owns and throws when the
	# workspace is hidden or resized. Any time-series chart on a workspace can do it; nothing is lost.
	re.compile(r"removeChild.*not a child of this node(.|\n)*ResizeObserver\.boundDrawFn"),
)
# The dialog in front has finished opening (Frappe sets cur_dialog and display on bootstrap's "shown").
_FRONT_DIALOG_SHOWN = """() => {
	const open = [...document.querySelectorAll(".modal.show:not(.modal-minimize)")];
	if (!open.length) return true;
	return Boolean(window.cur_dialog && cur_dialog.display && open.includes(cur_dialog.$wrapper[0]));
}"""
LOOPBACK = ("127.0.0.1", "localhost")
EMPTY_PNG = base64.b64decode(
	"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)
# What a step may see the server refuse without failing, unless it says otherwise: none.
REFUSALS = frozenset()


class JavaScriptErrors(AssertionError):
	pass


class Desk:
	def __init__(self, context, url: str, user: str, artifacts: Path, record_responses: bool = False):
		self.context, self.url, self.user = context, url, user
		self.artifacts = artifacts
		self.page: Page = context.new_page()
		self.console: list[str] = []
		self.errors: list[str] = []
		self.step_name = "login"
		self.allowed_statuses: frozenset = REFUSALS
		self.responses: list[tuple[str, str]] = []  # (url, body) when record_responses
		self.record_responses = record_responses
		self.kept = False  # whether a failing step left its screenshot and console
		self.watch(self.page)
		# The run needs no internet: what the desk asks of other hosts (the map's tiles) gets an empty
		# answer, noted in the console log, so no journey waits on or fails for the network outside.
		context.route(lambda url: urlsplit(url).hostname not in LOOPBACK, self.answer_outside)

	# -- what happens in the page ------------------------------------------------------------------

	def watch(self, page: Page):
		page.on("console", lambda message: self.on_console(page, message))
		page.on("pageerror", self.on_page_error)
		page.on("response", self.on_response)

	def answer_outside(self, route):
		self.console.append(
			f"[{time.strftime('%H:%M:%S')}] [{self.step_name}] outside request answered empty: {route.request.url}"
		)
		if route.request.resource_type == "image":
			route.fulfill(status=200, content_type="image/png", body=EMPTY_PNG)
		else:
			route.fulfill(status=204, body="")

	def on_page_error(self, error):
		text = f"{error}\n{error.stack or ''}"
		if any(pattern.search(text) for pattern in UNCAUGHT_NOISE):
			self.console.append(f"[{time.strftime('%H:%M:%S')}] [{self.step_name}] known noise: {text}")
			return
		self.on_error(f"uncaught exception: {error.stack or error}")

	def on_console(self, page, message):
		location = message.location or {}
		line = f"[{time.strftime('%H:%M:%S')}] [{self.step_name}] {message.type}: {message.text}"
		if location.get("url"):
			line += f"  ({location['url']}:{location.get('lineNumber')})"
		self.console.append(line)
		if message.type == "error" and not any(pattern.search(message.text) for pattern in NOISE):
			self.on_error(f"console.error: {message.text}")

	def on_error(self, text: str):
		self.console.append(f"[{time.strftime('%H:%M:%S')}] [{self.step_name}] ERROR {text}")
		self.errors.append(f"[{self.step_name}] {text}")

	def on_response(self, response):
		status, url = response.status, response.url
		if status >= 500 or (status == 404 and "/assets/" in url):
			self.on_error(f"HTTP {status} {response.request.method} {url}")
		elif status >= 400 and status not in self.allowed_statuses and not url.endswith("/favicon.ico"):
			self.on_error(
				f"HTTP {status} {response.request.method} {url} (a refusal this step does not expect)"
			)
		if self.record_responses and "/assets/" not in url:
			try:
				body = response.text()
			except Exception:  # redirects, aborted requests and binary answers have no text
				body = ""
			self.responses.append((url, body))

	@contextmanager
	def step(self, name: str, allow: tuple[int, ...] = ()):
		"""A named step: fails if anything in it raised or logged a JavaScript or server error."""
		previous = self.step_name
		self.step_name, self.allowed_statuses = name, REFUSALS | frozenset(allow)
		errors_before = len(self.errors)
		try:
			yield
			self.page.wait_for_timeout(150)  # errors of the step's last action arrive a little later
		except Exception as error:
			self.keep_artifacts()
			new = self.errors[errors_before:]
			if new:  # what broke in the page is the likelier cause: say it first
				raise JavaScriptErrors(
					f"{self.user}, step '{name}': {type(error).__name__}: {(str(error).splitlines() or [''])[0]}\n"
					"  after these errors in the page:\n  " + "\n  ".join(new)
				) from error
			raise
		else:
			new = self.errors[errors_before:]
			if new:
				self.keep_artifacts()
				raise JavaScriptErrors(f"{self.user}, step '{name}':\n  " + "\n  ".join(new))
		finally:
			self.allowed_statuses = REFUSALS
		self.step_name = previous

	def keep_artifacts(self, label: str | None = None):
		self.kept = True
		self.artifacts.mkdir(parents=True, exist_ok=True)
		stem = re.sub(r"[^A-Za-z0-9._-]+", "_", f"{self.user.split('@')[0]}-{label or self.step_name}")[:120]
		for index, page in enumerate(self.context.pages):
			suffix = f"-{index}" if index else ""
			try:
				page.screenshot(
					path=str(self.artifacts / f"{stem}{suffix}.png"), full_page=True, timeout=10000
				)
			except Exception as error:
				self.console.append(f"(no screenshot of page {index}: {error})")
		(self.artifacts / f"{stem}.console.log").write_text(
			f"user {self.user}; page {self.page.url}\n" + "\n".join(self.console) + "\n"
		)

	# -- getting around ----------------------------------------------------------------------------

	def login(self, password: str):
		with self.step("log in through /login"):
			self.page.goto(f"{self.url}/login")
			self.page.fill("#login_email", self.user)
			self.page.fill("#login_password", password)
			self.page.click(".btn-login")
			self.page.wait_for_url(re.compile(r"/app(/|$)"), timeout=60000)
			self.ready()
		return self

	def ready(self, timeout: float = 30000):
		"""The desk has finished what it was asked: no request pending, nothing frozen."""
		self.page.wait_for_function(
			"() => window.frappe && frappe.request && frappe.request.ajax_count === 0"
			" && !(frappe.dom && frappe.dom.freeze_count)",
			timeout=timeout,
		)
		self.page.wait_for_timeout(250)
		self.page.wait_for_function(
			"() => frappe.request.ajax_count === 0 && !(frappe.dom && frappe.dom.freeze_count)",
			timeout=timeout,
		)

	def goto(self, route: str):
		self.page.goto(f"{self.url}/app/{route.lstrip('/')}")
		self.ready()

	def set_route(self, *route: str):
		"""Move within the desk without reloading it, as its links do."""
		self.page.evaluate("(route) => frappe.set_route(...route)", list(route))
		self.ready()

	@property
	def main(self):
		"""The page the desk shows now (the desk keeps earlier pages, hidden, in the DOM)."""
		return self.page.locator(".page-container:visible")

	def route(self) -> list[str]:
		return self.page.evaluate("() => frappe.get_route()")

	# -- forms -------------------------------------------------------------------------------------

	def control(self, fieldname: str, scope=None):
		scope = scope or self.main
		return scope.locator(f'.frappe-control[data-fieldname="{fieldname}"]:visible').first

	def fill(self, fieldname: str, value, scope=None):
		"""Type a value into a Data, Small Text, Int or Date field of the form (or dialog) in front."""
		self.wait_dialog_shown()
		control = self.control(fieldname, scope)
		field = control.locator("input:visible, textarea:visible").first
		field.focus()  # (another field's open suggestions may lie over it)
		if control.get_attribute("data-fieldtype") == "Date":
			field.fill(self.user_date(value) if isinstance(value, date) else str(value))
		else:
			field.fill("")
			field.type(str(value), delay=5)
			expect(field).to_have_value(str(value))
		self.page.wait_for_timeout(350)  # the control's own debounce
		field.evaluate("(element) => element.blur()")
		self.page.wait_for_timeout(150)

	def fill_date(self, fieldname: str, value: date, scope=None):
		self.fill(fieldname, self.user_date(value), scope)

	def user_date(self, value: date) -> str:
		"""A date as the desk shows it (the system's date format)."""
		return self.page.evaluate("(value) => frappe.datetime.str_to_user(value)", value.isoformat())

	def select(self, fieldname: str, label: str, scope=None):
		self.wait_dialog_shown()
		self.control(fieldname, scope).locator("select").select_option(label=label)
		self.page.wait_for_timeout(200)

	def link(self, fieldname: str, text: str, pick: str | None = None, scope=None):
		"""Type into a Link field and pick the suggestion that shows `pick` (or the text typed)."""
		field = self.control(fieldname, scope).locator("input").first
		field.focus()
		field.fill("")
		field.type(text, delay=20)
		suggestion = (
			self.control(fieldname, scope)
			.locator("ul[role=listbox] [role=option]:visible")
			.filter(has_text=pick or text)
		)
		suggestion.first.wait_for(timeout=15000)
		suggestion.first.click()
		self.page.wait_for_timeout(300)
		self.ready()

	def wait_for_form(self, doctype: str, new: bool | None = None):
		"""The form in front is of `doctype` (a new one, or a saved one), loaded."""
		try:
			self.page.wait_for_function(
				"""(doctype) => { const frm = frappe.container && frappe.container.page
					&& frappe.container.page.frm; return frm && frm.doctype === doctype && frm.doc
					&& frappe.get_route()[0] === "Form" && frappe.get_route()[1] === doctype
					&& frm.docname === frappe.get_route()[2] }""",
				arg=doctype,
				timeout=20000,
			)
		except Exception:
			state = self.page.evaluate(
				"() => [frappe.get_route(), frappe.container.page.frm?.doctype, frappe.container.page.frm?.docname]"
			)
			raise AssertionError(f"no {doctype} form in front: route, form, name = {state}") from None
		self.ready()
		if new is not None:
			assert bool(self.form("frm.is_new()")) == bool(new), f"{self.page.url}: new is not {new}"

	def form(self, expression: str, arg=None):
		"""Evaluate a JavaScript expression about the form the desk shows (`frm`; `arg` is passed along).
		Not `cur_frm`: a realtime update of a form left behind makes it `cur_frm` again."""
		return self.page.evaluate(
			f"(arg) => {{ const frm = frappe.container.page.frm; return ({expression}); }}", arg
		)

	def open_link(self, fieldname: str):
		"""Follow a Link field to the record it names, as a person does (its value, or its arrow)."""
		control = self.control(fieldname)
		shown = control.locator(".control-value a:visible, a.control-value:visible")
		if shown.count():
			shown.first.click()
		else:
			control.locator("input").first.hover()
			control.locator(".btn-open").first.click()
		self.page.wait_for_timeout(300)
		self.ready()

	def value(self, fieldname: str):
		return self.form("frm.doc[arg]", fieldname)

	def save(self, allow: tuple[int, ...] = ()):
		"""Ctrl+S, as staff save."""
		self.page.keyboard.press("Control+s")
		self.page.wait_for_timeout(300)
		self.ready()

	def assert_saved(self, what: str):
		"""The form in front was saved; if not, say what the desk said instead."""
		if self.is_saved():
			return
		said = self.page.locator(".modal.show:not(.modal-minimize):visible .modal-body").all_inner_texts()
		raise AssertionError(f"{what} was not saved; the desk said: {' | '.join(said) or 'nothing'}")

	def doc_name(self) -> str:
		return self.form("frm.doc.name")

	def is_saved(self) -> bool:
		return self.form("!frm.is_new() && !frm.is_dirty()")

	def button(self, label: str):
		"""A button of the page's toolbar (custom buttons, Save, Submit, Actions)."""
		return self.main.locator(".page-head:visible").get_by_role("button", name=label, exact=True).first

	def menu_item(self, group: str, label: str):
		"""Open a button group of the toolbar (Record, Actions, ...) and click one of its items."""
		self.main.locator(".page-head:visible").get_by_role("button", name=group).first.click()
		item = self.page.locator(".dropdown-menu.show .dropdown-item:visible", has_text=label).first
		item.wait_for(timeout=10000)
		item.click()
		self.page.wait_for_timeout(300)
		self.ready()

	# -- dialogs and messages ----------------------------------------------------------------------

	@property
	def dialog(self):
		return self.page.locator(".modal.show:not(.modal-minimize):visible").last

	def wait_dialog_shown(self):
		"""Wait until a dialog in front has finished opening: when it has, Frappe moves the focus to its first
		field, and keys typed before that land in whichever field then holds the focus."""
		try:
			self.page.wait_for_function(_FRONT_DIALOG_SHOWN, timeout=5000)
		except PlaywrightTimeoutError:
			pass  # a modal that is not a Frappe dialog: the value typed is checked afterwards anyway

	def dialog_primary(self):
		self.dialog.locator(".modal-footer .btn-primary:visible").first.click()
		self.page.wait_for_timeout(300)
		self.ready()

	def close_dialogs(self):
		while self.page.locator(".modal.show:not(.modal-minimize):visible").count():
			self.page.keyboard.press("Escape")
			self.page.wait_for_timeout(400)

	def expect_message(self, pattern, timeout: float = 15000):
		"""A message box (msgprint or "Missing Fields") that says `pattern`; returns its text."""
		box = self.page.locator(".modal.show:not(.modal-minimize):visible .modal-body").last
		expect(box).to_contain_text(pattern, timeout=timeout)
		return box.inner_text()

	def alerts(self) -> str:
		return " | ".join(self.page.locator("#alert-container .alert:visible").all_inner_texts())

	# -- grids -------------------------------------------------------------------------------------

	def grid_rows(self, table: str):
		return self.control(table).locator(".grid-body .rows > .grid-row")

	def grid_select(self, table: str, idx: int, fieldname: str, label: str):
		"""Choose an option in a Select cell of a grid row, as a person does: click the cell, choose."""
		row = self.control(table).locator(f'.grid-body .grid-row[data-idx="{idx}"]')
		cell = row.locator(f'.grid-static-col[data-fieldname="{fieldname}"]')
		cell.click()
		select = cell.locator("select")
		select.wait_for(timeout=10000)
		options = select.locator("option")
		try:
			exact = re.compile(rf"^\s*{re.escape(label)}\s*$")
			expect(options.filter(has_text=exact).first).to_be_attached(timeout=10000)
		except AssertionError:
			offered = [text for text in options.all_inner_texts() if text.strip()]
			raise AssertionError(
				f"row {idx} of {table}: the {fieldname} dropdown does not offer {label!r} (it offers {offered})"
			) from None
		select.select_option(label=label)
		self.page.wait_for_timeout(100)

	def grid_fill(self, table: str, idx: int, fieldname: str, value):
		row = self.control(table).locator(f'.grid-body .grid-row[data-idx="{idx}"]')
		cell = row.locator(f'.grid-static-col[data-fieldname="{fieldname}"]')
		cell.click()
		field = cell.locator("input, textarea").first
		field.wait_for(timeout=10000)
		field.fill(str(value))
		# A grid's control takes its value on "change" (not while typing, as a form's does); a Date cell's
		# calendar may close before it fires. Fire it, then wait until the row holds a value.
		field.dispatch_event("change")
		if cell.get_attribute("data-fieldtype") == "Date":
			self.page.keyboard.press("Escape")
		self.page.wait_for_function(
			"([table, idx, fieldname]) => { const row = (frappe.container.page.frm.doc[table] || [])[idx - 1];"
			" return Boolean(row && row[fieldname]); }",
			arg=[table, idx, fieldname],
			timeout=10000,
		)
		self.page.wait_for_timeout(150)

	def grid_row_form(self, table: str, idx: int):
		"""Open a grid row's own form (where its long fields are written); returns it, to fill fields in."""
		row = self.control(table).locator(f'.grid-body .grid-row[data-idx="{idx}"]')
		form = row.locator(".form-in-grid")
		if not form.is_visible():
			row.locator(".btn-open-row").first.click()
		form.wait_for(timeout=10000)
		# The row form puts the cursor in its first field a moment after it shows: wait for that, or
		# what is typed next would land half in that field.
		try:
			self.page.wait_for_function(
				"() => document.activeElement && !!document.activeElement.closest('.form-in-grid')",
				timeout=3000,
			)
		except Exception:
			pass  # a row whose first field takes no cursor
		self.page.wait_for_timeout(200)
		return form

	def close_grid_row_form(self, table: str, idx: int):
		row = self.control(table).locator(f'.grid-body .grid-row[data-idx="{idx}"]')
		form = row.locator(".form-in-grid")
		self.page.keyboard.press("Escape")  # the desk's shortcut: closes the open row
		form.wait_for(state="hidden", timeout=10000)

	# -- the whole page, as the browser has it ----------------------------------------------------

	def html(self) -> str:
		return self.page.content()
