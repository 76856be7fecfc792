"""Benchmark: loading the demo CoC (`bench --site <site> cas-demo load`) on a site without CAS data.

    cd <bench>/sites && ../env/bin/python <app>/benchmarks/demo_load.py --site <site> [--households 300]

Loads the demo twice in the same run, each in a transaction rolled back at the end (the site keeps
nothing, its manifest file is removed): as the command loads it (each household's Next Steps and ToDos
worked out once, when its history is written), and with them worked out again after every record, as the
loader did before. Prints both beside the issue's goal (20 s for 300 households, the same pace for fewer).
Every record goes through the controllers staff use (rules, EVH, queue, workflow, due items), which is
what the demo is there to show.

The floor, measured after the first load in its transaction: Frappe's own insert (and submit) of a copy
of every household record the demo wrote, as it ended, through Frappe's Document without the app's
controllers (no rules, scores, EVH, queue, workflow transitions, due items or ToDos; a referral is
inserted once, in its workflow's first state): what the same documents cost any Frappe app. It is a lower
bound of what loading them through Frappe can cost; where it alone exceeds the goal, no loader that
writes documents can meet it.
"""

import argparse
import contextlib
import os
import time

import frappe
from _common import open_site
from frappe.model.document import Document

GOAL_SECONDS_PER_300 = 20


def main():
	parser = argparse.ArgumentParser()
	parser.add_argument("--households", type=int, default=300)
	args = open_site(parser)
	from cas_coordinated_access.demo import loader
	from cas_coordinated_access.utils import follow_ups

	try:
		if loader.has_real_cas_data() or loader.read_manifest():
			raise SystemExit("the site holds CAS data or a demo: use a new site")
		loader.complete_setup_wizard()
		as_loaded, (floor, documents) = timed_load(loader, args.households, measure_floor=True)
		# The loader as it was: every record of a household works out its due items and ToDos again.
		refreshed_once = follow_ups.refreshed_once
		follow_ups.refreshed_once = contextlib.nullcontext
		try:
			each_record, _ = timed_load(loader, args.households)
		finally:
			follow_ups.refreshed_once = refreshed_once
	finally:
		frappe.db.rollback()
		frappe.destroy()
	goal = GOAL_SECONDS_PER_300 * args.households / 300
	print(f"\ndemo CoC, {args.households} households (goal {goal:.0f} s):")
	print(
		f"  as loaded (due items once per household)    {as_loaded:7.1f} s  {as_loaded / goal:5.2f}x the goal"
	)
	print(
		f"  due items worked out after every record     {each_record:7.1f} s  {each_record / goal:5.2f}x the goal"
	)
	print(
		f"  floor: Frappe's insert of its {documents:,} household documents, no app controllers"
		f"  {floor:7.1f} s  {floor / goal:5.2f}x the goal; as loaded {as_loaded / floor:.2f}x the floor"
	)


def timed_load(loader, households: int, measure_floor: bool = False) -> tuple[float, tuple | None]:
	start = time.perf_counter()
	loader.load(households=households, progress=None)
	seconds = time.perf_counter() - start
	floor = frappe_floor(loader) if measure_floor else None
	frappe.db.rollback()
	if os.path.exists(loader.manifest_path()):
		os.remove(loader.manifest_path())
	return seconds, floor


def frappe_floor(loader) -> tuple[float, int]:
	"""(seconds, documents): Frappe's own insert of a copy of each household record the demo wrote."""
	frappe.set_user("Administrator")
	copies = [copy_of(doc) for doc in household_documents(loader)]
	start = time.perf_counter()
	for copy in copies:
		copy.insert(set_name=f"{copy.name}-floor")
	return time.perf_counter() - start, len(copies)


def household_documents(loader) -> list:
	"""The demo's clients, their enrollments and every record of those, parents first."""
	clients = loader.read_manifest()["CAS Client"]
	enrollments = frappe.get_all("CAS Enrollment", filters={"client": ("in", clients)}, pluck="name")
	named = [("CAS Client", name) for name in clients]
	named += [("CAS Enrollment", name) for name in enrollments]
	for doctype in reversed(loader.RECORD_DOCTYPES[:-2]):
		named += [
			(doctype, name)
			for name in frappe.get_all(doctype, filters={"enrollment": ("in", enrollments)}, pluck="name")
		]
	return [frappe.get_doc(doctype, name) for doctype, name in named]


def copy_of(doc) -> Document:
	"""``doc`` as a new document of Frappe's own class; a record under a workflow starts in its first state
	(Frappe refuses a new document in any other)."""
	copy = Document(doc.as_dict(convert_dates_to_str=True))
	for child in copy.get_all_children():
		child.name = None
	workflow = frappe.get_meta(doc.doctype).get_workflow()
	if workflow:
		copy.docstatus = 0
		copy.set(frappe.db.get_value("Workflow", workflow, "workflow_state_field"), None)
	elif copy.docstatus == 2:
		copy.docstatus = 0
	return copy


if __name__ == "__main__":
	main()
