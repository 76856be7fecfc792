"""Benchmark: HMIS CSV import speed (households per second), dry run and real run, beside a bare insert
of the same rows measured in the same run.

    cd <bench>/sites && ../env/bin/python <app>/benchmarks/hmis_import.py --site <site> [--households 300]
        [--profile]

Builds an HMIS CSV FY2024 export of N households (a client, an enrollment, a CLS and a CE event each; one
in five a family of two), imports it into a new agency as a dry run and as a real run, then inserts the
same rows bare (frappe.db.bulk_insert: no controllers, no rules) as the floor nothing can beat. Everything
is rolled back. ``--profile`` prints the real run's cProfile top functions (cumulative time).
"""

import argparse
import cProfile
import pstats
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


def timed_import(lines: dict, agency: str, dry_run: bool, profile: bool = False) -> float:
	job = importer.Importer(lines, agency, dry_run=dry_run)
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
	parser.add_argument("--profile", action="store_true")
	args = open_site(parser)
	tag = "HI" + frappe.generate_hash(length=4)
	count = args.households
	files = build(count, tag)
	lines = files.lines()
	try:
		agency = frappe.get_doc({"doctype": "CAS Agency", "agency_name": f"{tag} Agency"}).insert().name
		dry = timed_import(lines, agency, dry_run=True)
		real = timed_import(lines, agency, dry_run=False, profile=args.profile)
		frappe.db.rollback()
		bare = bare_insert(files, tag)
	finally:
		frappe.db.rollback()
	print(f"{count} households ({len(files.rows['Client.csv'])} clients), same run:")
	for label, seconds in (("dry run", dry), ("import", real), ("bare insert", bare)):
		print(f"  {label:<12} {seconds:7.2f} s  {count / seconds:8.1f} households/s")
	verdict = "meets" if min(count / dry, count / real) >= TARGET else "misses"
	print(f"  the import {verdict} the target of {TARGET} households/s")
	frappe.destroy()


if __name__ == "__main__":
	main()
