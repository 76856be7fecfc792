"""Benchmark: HMIS CSV import speed (households per second), dry run and real run, beside a bare insert
of the same rows measured in the same run.

    cd <bench>/sites && ../env/bin/python <app>/benchmarks/hmis_import.py --site <site> [--households 300]
        [--runs 3] [--profile]

Builds an HMIS CSV FY2024 export of N households (a client, an enrollment, a CLS and a CE event each; one
in five a family of two), imports it into a new agency as a dry run and as a real run, then inserts the
same rows bare (frappe.db.bulk_insert: no controllers, no rules) as the floor nothing can beat. Everything
is rolled back. ``--runs``: each figure is the median of that many runs (the machine is shared: single
runs move by a third). ``--profile`` prints the last real run's cProfile top functions (cumulative time).

Every household is new, so the import writes them the fast way (`hmis/bulk.py`); a re-import goes through
the documents (tests/integration/test_hmis_import.py covers that way).
"""

import argparse
import cProfile
import pstats
import statistics
import time

import frappe
from _common import bulk_insert, open_site

from cas_coordinated_access.hmis import importer
from tests.hmis_files import HmisFiles

TARGET = 100  # households per second the import must reach (issue 17)


def build(count: int, tag: str) -> HmisFiles:
	files = HmisFiles(implementation=f"bench-{tag}")
	for i in range(count):
		household, head = f"H{i}", f"C{i}"
		files.client(head, first=f"First{i}", last=f"Last{i}")
		files.enrollment(f"{household}E", head, household)
		if i % 5 == 0:
			files.client(f"{head}K", first=f"Kid{i}", dob="2018-03-01")
			files.enrollment(f"{household}K", f"{head}K", household, relationship=2)
		files.living_situation(f"S{i}", f"{household}E", head, date="2026-02-01")
		files.event(f"V{i}", f"{household}E", head, date="2026-02-02", event=2, ProbSolDivRRResult=0)
	return files


def timed_import(lines: dict, agency: str, dry_run: bool, profile: bool = False, fast: bool = True) -> float:
	job = importer.Importer(lines, agency, dry_run=dry_run)
	job.fast = fast
	profiler = cProfile.Profile() if profile else None
	start = time.perf_counter()
	if profiler:
		profiler.enable()
	result = job.run()
	if profiler:
		profiler.disable()
	seconds = time.perf_counter() - start
	refused = result.count(importer.REFUSED)
	assert refused == 0, [h.messages for h in result.households if h.messages][:3]
	assert result.count(importer.CREATED) == len(result.households), result.summary()
	if profiler:
		pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)
	return seconds


def bare_insert(files: HmisFiles, tag: str) -> float:
	"""The same clients, enrollments, members, CLS and events written as bare rows."""
	now = frappe.utils.now()
	meta = (now, now, "Administrator", "Administrator")
	start = time.perf_counter()
	bulk_insert(
		"CAS Client",
		["first_name", "last_name", "full_name", "display_name"],
		[
			(f"{tag}-{r['PersonalID']}", *meta, r["FirstName"], r["LastName"], r["FirstName"], r["FirstName"])
			for r in files.rows["Client.csv"]
		],
	)
	heads = [r for r in files.rows["Enrollment.csv"] if r["RelationshipToHoH"] == 1]
	bulk_insert(
		"CAS Enrollment",
		["client", "entry_date"],
		[(f"{tag}-{r['HouseholdID']}", *meta, f"{tag}-{r['PersonalID']}", r["EntryDate"]) for r in heads],
	)
	bulk_insert(
		"CAS Household Member",
		["parent", "parenttype", "parentfield", "client"],
		[
			(
				f"{tag}-{r['EnrollmentID']}",
				*meta,
				f"{tag}-{r['HouseholdID']}",
				"CAS Enrollment",
				"household_members",
				f"{tag}-{r['PersonalID']}",
			)
			for r in files.rows["Enrollment.csv"]
		],
	)
	bulk_insert(
		"CAS Current Living Situation",
		["enrollment", "information_date", "location_address"],
		[
			(
				f"{tag}-{r['CurrentLivingSitID']}",
				*meta,
				f"{tag}-H{r['CurrentLivingSitID'][1:]}",
				r["InformationDate"],
				"x",
			)
			for r in files.rows["CurrentLivingSituation.csv"]
		],
	)
	bulk_insert(
		"CAS CE Event",
		["enrollment", "event_date"],
		[
			(f"{tag}-{r['EventID']}", *meta, f"{tag}-H{r['EventID'][1:]}", r["EventDate"])
			for r in files.rows["Event.csv"]
		],
	)
	return time.perf_counter() - start


def main():
	parser = argparse.ArgumentParser()
	parser.add_argument("--households", type=int, default=300)
	parser.add_argument("--runs", type=int, default=3)
	parser.add_argument("--profile", action="store_true")
	parser.add_argument(
		"--documents", action="store_true", help="also time one run through the documents' whole insert"
	)
	args = open_site(parser)
	tag = "HI" + frappe.generate_hash(length=4)
	count = args.households
	files = build(count, tag)
	lines = files.lines()
	try:
		agency = frappe.get_doc({"doctype": "CAS Agency", "agency_name": f"{tag} Agency"}).insert().name
		frappe.db.savepoint("hmis_import_benchmark")
		dry, real, bare = [], [], []
		for run in range(1, args.runs + 1):
			dry.append(timed_import(lines, agency, dry_run=True))
			real.append(timed_import(lines, agency, dry_run=False, profile=args.profile and run == args.runs))
			frappe.db.rollback(save_point="hmis_import_benchmark")  # the next run imports them anew
			bare.append(bare_insert(files, tag))
			frappe.db.rollback(save_point="hmis_import_benchmark")
		dry, real, bare = (statistics.median(seconds) for seconds in (dry, real, bare))
		figures = [("dry run", dry), ("import", real), ("bare insert", bare)]
		if args.documents:
			# How the import wrote new households before hmis/bulk.py: every record a whole insert.
			figures.append(("dry run, documents", timed_import(lines, agency, dry_run=True, fast=False)))
			figures.append(("import, documents", timed_import(lines, agency, dry_run=False, fast=False)))
	finally:
		frappe.db.rollback()
	print(f"{count} households ({len(files.rows['Client.csv'])} clients), same run, median of {args.runs}:")
	for label, seconds in figures:
		print(f"  {label:<20} {seconds:7.2f} s  {count / seconds:8.1f} households/s")
	verdict = "meets" if min(count / dry, count / real) >= TARGET else "misses"
	print(f"  the import {verdict} the target of {TARGET} households/s")
	frappe.destroy()


if __name__ == "__main__":
	main()
