"""One benchmark run: every view of issue 15 beside its floor, on a data set built once at a named scale.

    cd <bench>/sites && ../env/bin/python ../apps/cas_coordinated_access/benchmarks/run.py --site <site> \
        [--scale small|medium|la] [--repeat N] [--keep] [--drop]

The data set (benchmarks/dataset.py) is bulk-built the first time a scale is asked for, keyed by its names'
prefix; ``--keep`` leaves it for the next run (building LA takes long), ``--drop`` only removes it. Prints
one table: view, rows, this app's median and p95, the floor measured in the same run (the fastest way a
DBA would get the same rows: one hand-written SQL query, or Frappe's own call without the app's logic), the
ratio and the goal. ``ok`` says whether the goal was met; a smoke run (``--scale small``) asserts nothing.
"""

import argparse
import csv
import os
import statistics
import tempfile
import threading
import time
from datetime import date

import dataset
import frappe
import psutil
from _common import open_site, worker_serving

from cas_coordinated_access import permissions
from cas_coordinated_access.utils import follow_ups

LISTS = (
	("enrollments", "CAS Enrollment", ["client_name", "program", "entry_date", "status"]),
	("CLS", "CAS Current Living Situation", ["client_name", "information_date", "living_situation"]),
	("assessments", "CAS Housing Conversation Tool", ["client_name", "assessment_date", "total_score"]),
	("referrals", "CAS Referral", ["client_name", "program", "workflow_state", "referral_date"]),
)
PAGE = 20
QUEUE_PAGE = 100


class Table:
	def __init__(self):
		self.rows = []

	def add(self, view, rows, samples, floor_label, floor_samples, goal_ratio=None, limit_ms=None):
		median, p95 = summary(samples)
		floor_median = statistics.median(floor_samples) if floor_samples else None
		ratio = median / floor_median if floor_median else None
		ok = (goal_ratio is None or (ratio is not None and ratio <= goal_ratio)) and (
			limit_ms is None or median <= limit_ms
		)
		goal = " and ".join(
			part
			for part in (f"≤{goal_ratio:g}x" if goal_ratio else "", f"≤{limit_ms:g} ms" if limit_ms else "")
			if part
		)
		self.rows.append((view, rows, median, p95, floor_label, floor_median, ratio, goal, ok))
		print(f"  {view}: {median:.1f} ms (floor {floor_median or 0:.1f} ms)", flush=True)

	def print(self, title: str):
		print(f"\n{title}\n")
		header = ("view", "rows", "median ms", "p95 ms", "floor", "floor ms", "ratio", "goal", "ok")
		lines = [
			(
				view,
				f"{rows:,}",
				f"{median:.1f}",
				f"{p95:.1f}",
				floor,
				"" if floor_ms is None else f"{floor_ms:.1f}",
				"" if ratio is None else f"{ratio:.2f}x",
				goal,
				"yes" if ok else "NO",
			)
			for view, rows, median, p95, floor, floor_ms, ratio, goal, ok in self.rows
		]
		widths = [max(len(str(x)) for x in column) for column in zip(header, *lines, strict=True)]
		print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |")
		print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
		for line in lines:
			print("| " + " | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) + " |")


def summary(samples: list[float]) -> tuple[float, float]:
	ordered = sorted(samples)
	return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def timed(fn, repeat: int) -> tuple[list[float], object]:
	"""Wall times of ``repeat`` runs in milliseconds, after one that warms the caches, and the last result."""
	result = fn()
	samples = []
	for _ in range(repeat):
		start = time.perf_counter()
		result = fn()
		samples.append((time.perf_counter() - start) * 1000)
	return samples, result


def as_user(user: str):
	frappe.set_user(user)
	permissions.clear_viewer_cache()


def main():
	parser = argparse.ArgumentParser()
	parser.add_argument("--scale", choices=sorted(dataset.SCALES), default="small")
	parser.add_argument("--repeat", type=int, default=0, help="runs per view (default by scale)")
	parser.add_argument("--keep", action="store_true", help="leave the data set for the next run")
	parser.add_argument("--drop", action="store_true", help="only remove the data set")
	parser.add_argument(
		"--only",
		default="",
		help="comma-separated groups to measure (" + ", ".join(MEASURES) + "); default every one",
	)
	args = open_site(parser)
	try:
		if args.drop:
			dataset.drop()
			return
		repeat = args.repeat or {"small": 10, "medium": 10, "la": 7}[args.scale]
		size_before = database_bytes()
		print(f"building the {args.scale} data set", flush=True)
		seconds = dataset.build(args.scale)
		built = dataset.load(args.scale)
		size = database_bytes()
		if seconds:
			print(f"built in {seconds / 60:.1f} min, database {size_before / 1e9:.2f} → {size / 1e9:.2f} GB")
		else:
			print(f"reusing the {args.scale} data set already built (database {size / 1e9:.2f} GB)")
		print("  " + ", ".join(f"{n:,} {doctype}" for doctype, n in built.counts.items()), flush=True)
		table = Table()
		# A fix is proved by re-running only its rows (the HMIS export alone takes minutes at medium).
		only = {name.strip() for name in args.only.split(",") if name.strip()}
		unknown = only - set(MEASURES)
		if unknown:
			raise SystemExit(f"unknown groups: {', '.join(sorted(unknown))}")
		for name, measure in MEASURES.items():
			if only and name not in only:
				continue
			frappe.set_user("Administrator")
			measure(table, built, repeat)
			frappe.db.rollback()
		table.print(
			f"Scale {args.scale} ({built.counts['CAS Client']:,} clients, {built.counts['CAS Enrollment']:,}"
			f" enrollments), {repeat} runs each, on {machine()}"
		)
	finally:
		frappe.set_user("Administrator")
		frappe.db.rollback()
		if not args.keep and not args.drop:
			dataset.drop()
		frappe.destroy()


def database_bytes() -> int:
	return frappe.db.sql(
		"""select coalesce(sum(data_length + index_length), 0) from information_schema.tables
		where table_schema = database()"""
	)[0][0]


def machine() -> str:
	cpu = "unknown CPU"
	try:
		with open("/proc/cpuinfo") as info:
			cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
	except (OSError, StopIteration):
		pass
	memory = psutil.virtual_memory().total / 2**30
	pool = frappe.db.sql("select @@innodb_buffer_pool_size")[0][0] / 2**20
	version = frappe.db.sql("select version()")[0][0]
	return f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GB RAM, MariaDB {version} with a {pool:.0f} MB buffer pool"


# The desk's lists: first page and count, as an assessor, as Administrator, and as one SQL query.


def desk_list(doctype: str, fields: list[str]):
	from frappe.desk.reportview import get

	frappe.local.form_dict = frappe._dict(
		doctype=doctype,
		fields=[f"`tab{doctype}`.`{f}`" for f in ("name", "modified", *fields)],
		filters=[],
		order_by=f"`tab{doctype}`.`modified` desc",
		start=0,
		page_length=PAGE,
		view="List",
		with_comment_count=1,
	)
	return get()


def desk_count(doctype: str):
	from frappe.desk.reportview import get_count

	frappe.local.form_dict = frappe._dict(doctype=doctype, filters=[], fields=[], distinct=False)
	return get_count()


def lists(table: Table, built, repeat: int):
	assessor = built.users["assessor"]
	for label, doctype, fields in LISTS:
		as_user("Administrator")
		admin_page, _ = timed(lambda: desk_list(doctype, fields), repeat)
		admin_count, _ = timed(lambda: desk_count(doctype), repeat)
		condition = permissions.condition_for(doctype, user=assessor, table="record")
		columns = ", ".join(f"record.`{f}`" for f in ("name", "modified", *fields))
		sql_page, _ = timed(
			lambda: frappe.db.sql(
				f"""select {columns} from `tab{doctype}` record where {condition}
				order by record.`modified` desc limit {PAGE}"""
			),
			repeat,
		)
		sql_count, _ = timed(
			lambda: frappe.db.sql(f"select count(*) from `tab{doctype}` record where {condition}"), repeat
		)
		as_user(assessor)
		page, result = timed(lambda: desk_list(doctype, fields), repeat)
		count, total = timed(lambda: desk_count(doctype), repeat)
		page_rows = len(result["values"]) if result else 0
		table.add(f"assessor: {label} list, first page", page_rows, page, "Administrator", admin_page, 1.3)
		table.add(f"assessor: {label} list, first page", page_rows, page, "scoped SQL", sql_page, 2)
		table.add(f"assessor: {label} list, count", total, count, "Administrator", admin_count, 1.3)
		table.add(f"assessor: {label} list, count", total, count, "scoped SQL", sql_count, 2)


# The Community Queue as referral staff: the report against the ordered SQL of its first page.


def community_queue(table: Table, built, repeat: int):
	from cas_coordinated_access.coordinated_access.report.community_queue.community_queue import execute

	user = built.users["referral"]
	condition = permissions.condition_for("CAS Queue Entry", user=user, table="entry")
	program = next(iter(built.programs.values()))
	for label, filters, extra in (
		("Shelter queue", {"queue": "Shelter"}, "entry.`queue` = 'Shelter'"),
		("EVH only", {"queue": "Shelter", "evh_only": 1}, "entry.`queue` = 'Shelter' and entry.`is_evh` = 1"),
		(
			"one household type",
			{"queue": "Housing", "household_type": "Individual Adult"},
			"entry.`queue` = 'Housing' and entry.`household_type` = 'Individual Adult'",
		),
		("eligible for a program", {"queue": "Housing", "program": program}, "entry.`queue` = 'Housing'"),
	):
		as_user(user)
		samples, result = timed(lambda filters=filters: execute(filters)[1][:QUEUE_PAGE], repeat)
		floor, _ = timed(
			lambda extra=extra: frappe.db.sql(
				f"""select entry.`name`, entry.`client_name`, entry.`score`, entry.`is_evh`, entry.`household_type`,
					entry.`household_size`, entry.`homeless_since`, entry.`date_added`
				from `tabCAS Queue Entry` entry
				where entry.`status` = 'Active' and {extra} and {condition}
				order by entry.`is_evh` desc, entry.`score` desc, entry.`homeless_from`, entry.`date_added`,
					entry.`tie_breaker`
				limit {QUEUE_PAGE}"""
			),
			repeat,
		)
		table.add(
			f"Community Queue: {label}, first {QUEUE_PAGE}", len(result), samples, "ordered SQL", floor, 1.5
		)
		whole, _ = timed(lambda extra=extra: queue_page_as_shown(extra, condition), repeat)
		table.add(
			f"Community Queue: {label}, first {QUEUE_PAGE}",
			len(result),
			samples,
			"SQL of all it shows",
			whole,
			1.5,
		)


def queue_page_as_shown(extra: str, condition: str):
	"""Everything the page shows, as a DBA would read it: the ordered page, its households' members and
	documents (document readiness), their shelter referrals (EVH without a shelter referral) and the
	queue's counts (the header's page count and the EVH chart)."""
	page = frappe.db.sql(
		f"""select entry.`name`, entry.`enrollment`, entry.`client_name`, entry.`score`, entry.`is_evh`,
			entry.`household_type`, entry.`household_size`, entry.`homeless_from`, entry.`date_added`
		from `tabCAS Queue Entry` entry
		where entry.`status` = 'Active' and {extra} and {condition}
		order by entry.`is_evh` desc, entry.`score` desc, entry.`homeless_from`, entry.`date_added`,
			entry.`tie_breaker`
		limit {QUEUE_PAGE}"""
	)
	enrollments = tuple(row[1] for row in page) or ("",)
	clients = frappe.db.sql_list(
		"""select m.`client` from `tabCAS Household Member` m
		where m.`parenttype` = 'CAS Enrollment' and m.`parent` in %(enrollments)s""",
		{"enrollments": enrollments},
	)
	frappe.db.sql(
		"select `client`, `document_type`, `status` from `tabCAS Client Document` where `client` in %(clients)s",
		{"clients": tuple(clients) or ("",)},
	)
	frappe.db.sql(
		"""select `enrollment` from `tabCAS Referral` where `enrollment` in %(enrollments)s
		and `referral_type` = 'Shelter' and `workflow_state` in ('Pending', 'In Process', 'Accepted')""",
		{"enrollments": enrollments},
	)
	frappe.db.sql(
		f"""select count(*), coalesce(sum(entry.`is_evh`), 0) from `tabCAS Queue Entry` entry
		where entry.`status` = 'Active' and {extra} and {condition}"""
	)


# A client's global history against one UNION of the same sources, scoped the same way.


def client_history(table: Table, built, repeat: int):
	from cas_coordinated_access.coordinated_access.report.client_history import client_history as report

	user = built.users["assessor"]
	as_user(user)
	samples, result = timed(lambda: report.execute({"client": built.history_client})[1], repeat)
	enrollment_condition = permissions.condition_for("CAS Enrollment", user=user, table="e")
	parts = []
	for doctype, (_category, date_column, summary_column, _program) in report.SOURCES.items():
		key = "name" if doctype == "CAS Enrollment" else "enrollment"
		condition = permissions.condition_for(doctype, user=user, table="r")
		parts.append(
			f"""select r.`{date_column}` as date, r.`name`, r.`{summary_column}` as summary, r.`agency`
			from `tab{doctype}` r where r.`{key}` in (
				select e.`name` from `tabCAS Enrollment` e inner join `tabCAS Household Member` m
					on m.`parent` = e.`name` and m.`parenttype` = 'CAS Enrollment'
				where m.`client` = %(client)s and {enrollment_condition}) and {condition}"""
		)
	sql = " union all ".join(parts) + " order by date desc, name desc"
	floor, _ = timed(lambda: frappe.db.sql(sql, {"client": built.history_client}), repeat)
	table.add("Client History, one client", len(result), samples, "UNION SQL", floor, 2)


# The enrollment form as an assessor opens it, against Frappe's own load of the document.


def form_load(table: Table, built, repeat: int):
	from frappe.desk.form.load import getdoc

	name = built.form_enrollment
	as_user(built.users["assessor"])

	def load():
		# Each load is a request of its own: it starts without the answers the last one kept
		# (permissions.sees keeps them only within a request's transaction).
		frappe.local.cas_sees = None
		frappe.local.response = frappe._dict(docs=[])
		getdoc("CAS Enrollment", name)
		return frappe.local.response.docs

	samples, docs = timed(load, repeat)
	as_user("Administrator")
	floor, _ = timed(lambda: frappe.get_doc("CAS Enrollment", name).as_dict(), repeat)
	table.add("enrollment form load, assessor", len(docs), samples, "get_doc, no hooks", floor, 1.5)
	# The same call as Administrator: Frappe's own form load (the timeline, attachments, shares, versions,
	# ToDos and tags of the record: ten queries that get_doc alone does not make), which the app's rule
	# answers without a query. What is left over is the app's cost of scoping the assessor.
	frappe_floor, _ = timed(load, repeat)
	table.add(
		"enrollment form load, assessor", len(docs), samples, "getdoc, Administrator", frappe_floor, 1.5
	)


# The HCT with 40 answers: save and submit against a bare insert of the same rows.


def hct_save_submit(table: Table, built, repeat: int):
	# A worker serves the queue the app leaves the assessor's ToDos to, as on a production site; the ToDos
	# of each submit are then written as the worker writes them and timed as a row of their own.
	with worker_serving(follow_ups.TODO_QUEUE):
		hct_with_worker(table, repeat)


def hct_with_worker(table: Table, repeat: int):
	import hct_save_submit as hct
	from frappe.model.document import Document

	as_user("Administrator")
	question_set = hct.forty_question_set()
	households = [hct.household(run) for run in range(2 * (repeat + 1))]
	samples, bare, plain, todos, frappe_todos = [], [], [], [], []

	def assessment(enrollment):
		return {
			"doctype": "CAS Housing Conversation Tool",
			"enrollment": enrollment,
			"assessment_location": "Benchmark",
			"question_set": question_set.name,
			"answers": hct.answers(question_set),
		}

	for run, (enrollment, other) in enumerate(zip(households[::2], households[1::2], strict=True)):
		doc = frappe.get_doc(assessment(enrollment))
		start = time.perf_counter()
		doc.insert()
		doc.submit()
		elapsed = (time.perf_counter() - start) * 1000
		# The worker's part for this household (noted for it once a save commits, which this benchmark
		# never does), against Frappe's own insert of the same ToDos.
		start = time.perf_counter()
		follow_ups.todos_as_they_stand(enrollment)
		todos_ms = (time.perf_counter() - start) * 1000
		written = frappe.get_all(
			"ToDo",
			filters={"reference_name": enrollment, "creation": (">=", doc.creation)},
			fields=["allocated_to", "reference_type", "reference_name", "description", "date", "priority"],
		)
		start = time.perf_counter()
		for todo in written:
			frappe.get_doc({"doctype": "ToDo", **todo}).insert(ignore_permissions=True)
		frappe_todos_ms = (time.perf_counter() - start) * 1000
		# Frappe's own insert and submit of the same assessment without the app's controller (no scores,
		# EVH, queue, due items or ToDos): what any submittable DocType with 47 rows costs.
		without_app = Document(assessment(other))
		start = time.perf_counter()
		without_app.insert()
		without_app.submit()
		plain_ms = (time.perf_counter() - start) * 1000
		copy = frappe.get_doc(doc.as_dict())
		copy.name = f"{doc.name}-bare"
		for child in copy.get_all_children():
			child.name, child.parent = f"{child.name}-bare", copy.name
		start = time.perf_counter()
		copy.db_insert()
		for child in copy.get_all_children():
			child.db_insert()
		bare_ms = (time.perf_counter() - start) * 1000
		if run:  # the first warms the caches
			samples.append(elapsed)
			bare.append(bare_ms)
			plain.append(plain_ms)
			todos.append(todos_ms)
			frappe_todos.append(frappe_todos_ms)
	frappe.db.rollback()
	table.add("HCT save + submit, 40 answers", 40, samples, "bare insert", bare, 2)
	table.add("HCT save + submit, 40 answers", 40, samples, "Frappe, no controller", plain, 2)
	table.add(
		"HCT's ToDos, by the worker after commit", len(written), todos, "Frappe ToDo inserts", frappe_todos, 2
	)


# Every number card and chart of the workspace, as an assessor, against its SQL.


def cards(table: Table, built, repeat: int):
	from frappe.desk.doctype.dashboard_chart.dashboard_chart import get as chart
	from frappe.desk.doctype.number_card.number_card import get_result

	from cas_coordinated_access import api
	from cas_coordinated_access.coordinated_access.dashboard_chart_source.queue_size import queue_size

	user = built.users["assessor"]
	condition = permissions.condition_for("CAS Queue Entry", user=user, table="t")
	referral = permissions.condition_for("CAS Referral", user=user, table="t")
	enrollment = permissions.condition_for("CAS Enrollment", user=user, table="e")
	hct = permissions.condition_for("CAS Housing Conversation Tool", user=user, table="t")
	today = frappe.utils.today()

	def card(name):
		doc = frappe.get_doc("Number Card", name)
		return lambda: get_result(doc.as_dict(), doc.filters_json)

	def due(kind_condition):
		return f"""select count(distinct e.`name`) from `tabCAS Due Item` i
			inner join `tabCAS Enrollment` e on e.`name` = i.`parent` and i.`parenttype` = 'CAS Enrollment'
			where e.`status` = 'Open' and {kind_condition} and {enrollment}"""

	views = (
		(
			"EVH Households Waiting",
			card("EVH Households Waiting"),
			f"select count(*) from `tabCAS Queue Entry` t where t.`status` = 'Active' and t.`is_evh` = 1 and {condition}",
		),
		(
			"Households on the Queue",
			card("Households on the Queue"),
			f"select count(*) from `tabCAS Queue Entry` t where t.`status` = 'Active' and {condition}",
		),
		(
			"Stalled Referrals",
			api.stalled_referrals_count,
			f"""select count(*) from `tabCAS Referral` t where t.`workflow_state` in ('Pending', 'In Process')
			and t.`deadline` is not null and {referral}""",
		),
		(
			"CLS Overdue",
			api.overdue_cls_count,
			due("i.`kind` = 'Current Living Situation' and i.`overdue` = 1"),
		),
		(
			"ISPs Due Today",
			api.isps_due_today_count,
			due(f"i.`kind` = 'Individualized Support Plan' and i.`due_on` <= '{today}'"),
		),
		(
			"chart: Queue Size Over Time",
			queue_size.get,
			# The twelve weekly points in one pass.
			"select "
			+ ", ".join(
				f"""sum(t.`date_added` <= '{day}' and (t.`left_on` is null or t.`left_on` > '{day}'))"""
				for day in (frappe.utils.add_days(today, -7 * back) for back in range(12))
			)
			+ f" from `tabCAS Queue Entry` t where t.`status` != 'Removed' and {condition}",
		),
		(
			"chart: Referrals by Outcome",
			lambda: chart(chart_name="Referrals by Outcome", refresh=1),
			f"select t.`workflow_state`, count(*) from `tabCAS Referral` t where {referral} group by 1",
		),
		(
			"chart: HCTs per Week",
			lambda: chart(chart_name="HCTs per Week", refresh=1),
			f"""select yearweek(t.`assessment_date`), count(*) from `tabCAS Housing Conversation Tool` t
			where t.`docstatus` = 1 and t.`assessment_date` >= curdate() - interval 1 year and {hct} group by 1""",
		),
		(
			"chart: Assessments by Assessor",
			lambda: chart(chart_name="Assessments by Assessor", refresh=1),
			f"""select t.`owner`, count(*) from `tabCAS Housing Conversation Tool` t
			where t.`docstatus` = 1 and {hct} group by 1 order by 2 desc limit 10""",
		),
	)
	as_user(user)
	for label, fn, sql in views:
		samples, result = timed(fn, repeat)
		floor, _ = timed(lambda sql=sql: frappe.db.sql(sql), repeat)
		rows = result if isinstance(result, int) else 1
		table.add(
			f"workspace: {label}" if not label.startswith("chart") else f"workspace {label}",
			rows,
			samples,
			"its SQL",
			floor,
			2,
			200,
		)


# The HMIS CSV export of the whole CoC, against a plain SELECT of the same columns into csv.writer.


def hmis_export(table: Table, built, repeat: int):
	from cas_coordinated_access.hmis.export import Export, source_columns

	as_user("Administrator")
	peak = PeakMemory()
	with tempfile.TemporaryFile() as target, peak:
		start = time.perf_counter()
		counts = Export(dataset.START, date.today(), user="Administrator").write(target)
		export_ms = (time.perf_counter() - start) * 1000
	start = time.perf_counter()
	with tempfile.TemporaryDirectory() as folder:
		# The same columns of the same tables as the export reads, every row, no permission condition.
		for doctype, columns in source_columns().items():
			with open(os.path.join(folder, doctype), "w", newline="") as handle:
				writer = csv.writer(handle)
				# Unbuffered, so the floor's memory stays flat too.
				with frappe.db.unbuffered_cursor():
					for row in frappe.db.sql(
						f"select {columns} from `tab{doctype}` record", as_iterator=True, as_list=True
					):
						writer.writerow(row)
	floor_ms = (time.perf_counter() - start) * 1000
	table.add(
		f"HMIS CSV export, whole CoC (peak +{peak.grew / 2**20:.0f} MB)",
		sum(counts.values()),
		[export_ms],
		"SELECT into csv.writer",
		[floor_ms],
		3,
	)


class PeakMemory:
	"""The most this process's resident memory grew while the block ran (sampled every 50 ms)."""

	def __enter__(self):
		self.process = psutil.Process()
		self.start = self.peak = self.process.memory_info().rss
		self.stopping = threading.Event()
		self.thread = threading.Thread(target=self.sample, daemon=True)
		self.thread.start()
		return self

	def sample(self):
		while not self.stopping.wait(0.05):
			self.peak = max(self.peak, self.process.memory_info().rss)

	def __exit__(self, *exc):
		self.stopping.set()
		self.thread.join()
		self.grew = self.peak - self.start


MEASURES = {
	"lists": lists,
	"community_queue": community_queue,
	"client_history": client_history,
	"form_load": form_load,
	"hct_save_submit": hct_save_submit,
	"cards": cards,
	"hmis_export": hmis_export,
}


if __name__ == "__main__":
	main()
