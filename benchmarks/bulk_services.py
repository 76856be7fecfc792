"""Benchmark: bulk entry of 200 bed nights (Provide Services for everyone in a shelter tonight) on a real site.

    cd <bench>/sites && ../env/bin/python <app>/benchmarks/bulk_services.py --site <site> [--runs 3]

A shelter of 100 households of two is enrolled first; its intake staff member then records tonight's bed
night for all 200 people in one action (`provide_services`), as the desk's list action does. Beside it, in
the same run and on the same database, two floors: 200 ToDo inserts one by one (Frappe's own cost of
inserting a document), and 200 CAS Current Living Situation inserts one by one (a household record through
its controller, as an assessor's form saves it). Everything runs in one transaction that is rolled back at
the end: the site keeps nothing.
"""

import argparse
import statistics
import time
from datetime import date, timedelta

import frappe
from _common import open_site, remove_staff_users, staff_user
from frappe.utils import getdate

HOUSEHOLDS = 100  # of two: 200 people


def main():
	parser = argparse.ArgumentParser()
	parser.add_argument("--runs", type=int, default=3)
	args = open_site(parser)
	tag = "B" + frappe.generate_hash(length=5)
	try:
		agency, enrollments = shelter(tag)
		staff = staff_user(f"intake.{tag.lower()}@example.org", "CAS Provider", [agency])
		people = sum(
			frappe.db.count("CAS Household Member", {"parent": name, "parenttype": "CAS Enrollment"})
			for name in enrollments
		)
		timings = {"Provide Services, 200 bed nights (one action)": [], "floor: 200 ToDo inserts": []}
		timings["200 CLS inserts one by one"] = []
		for run in range(args.runs + 1):  # the first run warms caches
			frappe.set_user(staff)
			seconds, count = timed(lambda: bulk(enrollments))
			assert count == people == 2 * HOUSEHOLDS, count
			keep(timings, "Provide Services, 200 bed nights (one action)", run, seconds)
			frappe.set_user("Administrator")
			keep(timings, "floor: 200 ToDo inserts", run, timed(lambda: todos(people))[0])
			keep(timings, "200 CLS inserts one by one", run, timed(lambda: living_situations(enrollments))[0])
		print(f"Bulk entry of {people} bed nights, {args.runs} runs (site {args.site})")
		for label, samples in timings.items():
			print(f"{label:<48} median {statistics.median(samples):6.2f} s   runs {fmt(samples)}")
	finally:
		frappe.db.rollback()
		remove_staff_users(tag)
		frappe.db.commit()
		frappe.destroy()


def timed(fn) -> tuple[float, object]:
	start = time.perf_counter()
	result = fn()
	return time.perf_counter() - start, result


def keep(timings: dict, label: str, run: int, seconds: float):
	if run:
		timings[label].append(seconds)


def fmt(samples: list[float]) -> str:
	return ", ".join(f"{sample:.2f}" for sample in samples)


def bulk(enrollments: list[str]) -> int:
	from cas_coordinated_access.api import provide_services

	return provide_services("Shelter: Bed night", str(getdate()), enrollments=enrollments)


def todos(count: int):
	for number in range(count):
		frappe.get_doc({"doctype": "ToDo", "description": f"Benchmark floor {number}"}).insert()


def living_situations(enrollments: list[str]):
	for name in enrollments:
		for _member in range(2):
			frappe.get_doc(
				{
					"doctype": "CAS Current Living Situation",
					"enrollment": name,
					"living_situation": "Safe Haven",
					"location_address": "Benchmark shelter",
				}
			).insert()


def shelter(tag: str) -> tuple[str, list[str]]:
	"""A shelter agency and its emergency shelter, with HOUSEHOLDS households of an adult and a child."""
	agency = (
		frappe.get_doc({"doctype": "CAS Agency", "agency_name": f"Benchmark Shelter {tag}"}).insert().name
	)
	program = (
		frappe.get_doc(
			{
				"doctype": "CAS Program",
				"program_name": f"Benchmark ES {tag}",
				"agency": agency,
				"project_type": "Emergency Shelter – Entry Exit",
				"program_category": "Emergency Shelter",
				"operating_start_date": date(2020, 1, 1),
			}
		)
		.insert()
		.name
	)
	entry = getdate() - timedelta(days=3)
	enrollments = []
	for number in range(HOUSEHOLDS):
		adult, child = (
			frappe.get_doc(
				{
					"doctype": "CAS Client",
					"first_name": f"Bench {number}",
					"last_name": last_name,
					"date_of_birth": born,
					"agency": agency,
				}
			).insert()
			for last_name, born in (("Adult", date(1980, 1, 1)), ("Child", date(2018, 1, 1)))
		)
		enrollments.append(
			frappe.get_doc(
				{
					"doctype": "CAS Enrollment",
					"client": adult.name,
					"program": program,
					"entry_date": entry,
					"household_members": [
						{"client": child.name, "relationship_to_hoh": "Head of household’s child"}
					],
				}
			)
			.insert()
			.name
		)
	return agency, enrollments


if __name__ == "__main__":
	main()
