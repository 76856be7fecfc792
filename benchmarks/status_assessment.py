"""Benchmark: a household of five recorded at each data collection stage (HUD 4.02-4.11), on a real site.

    cd <bench>/sites && ../env/bin/python <app>/benchmarks/status_assessment.py --site <site> [--runs 20]

Everything runs in one transaction that is rolled back at the end: the site keeps nothing. For each stage
(project start, status update, annual assessment, exit) it times what the desk does: fetching the
household's rows (prefilled from the last record), inserting the record with five members' answers, and
submitting it (enrollment facts, due items, ToDos). Printed beside the floor measured in the same run: a
Current Living Situation of the same household saved the same way (a household record with no rows).
"""

import argparse
import statistics
import time
from datetime import timedelta

import frappe
from _common import open_site
from frappe.utils import add_days, getdate

from cas_coordinated_access.api import status_assessment_members
from cas_coordinated_access.rules import circumstances

OUTSIDE = (
	"Place not meant for habitation (e.g., a vehicle, an abandoned building, bus/train/subway station/airport"
	" or anywhere outside)"
)
ADULT = {
	"income_from_any_source": "Yes",
	"earned": 1,
	"earned_amount": 1450,
	"ssi": 1,
	"ssi_amount": 914,
	"benefits_from_any_source": "Yes",
	"snap": 1,
	"insurance_from_any_source": "Yes",
	"medicaid": 1,
	"mental_health_disorder": "Yes",
	"mental_health_disorder_indefinite": "Yes",
	"domestic_violence_survivor": "No",
}
CHILD = {"insurance_from_any_source": "Yes", "schip": 1}


def main():
	parser = argparse.ArgumentParser()
	parser.add_argument("--runs", type=int, default=20)
	args = open_site(parser)
	try:
		timings = {}
		for run in range(args.runs + 1):
			enrollment = household_of_five(run)
			for label, seconds in one_household(enrollment).items():
				if run:  # the first run warms caches
					timings.setdefault(label, []).append(seconds * 1000)
		print(f"A household of five at each stage, {args.runs} runs (site {args.site})")
		floor = statistics.median(timings.pop("floor: CLS save"))
		for label, samples in timings.items():
			samples.sort()
			p95 = samples[int(0.95 * (len(samples) - 1))]
			print(
				f"{label:<40} median {statistics.median(samples):7.1f} ms   p95 {p95:7.1f} ms"
				f"   ({statistics.median(samples) / floor:4.1f}x the floor)"
			)
		print(f"{'floor: a CLS of the same household':<40} median {floor:7.1f} ms")
	finally:
		frappe.db.rollback()
		frappe.destroy()


def one_household(enrollment) -> dict[str, float]:
	timings = {}
	start = time.perf_counter()
	frappe.get_doc(
		{
			"doctype": "CAS Current Living Situation",
			"enrollment": enrollment.name,
			"information_date": enrollment.entry_date,
			"living_situation": OUTSIDE,
			"location_address": "Benchmark corner",
		}
	).insert()
	timings["floor: CLS save"] = time.perf_counter() - start
	stages = (
		(circumstances.PROJECT_START, getdate(enrollment.entry_date)),
		(circumstances.UPDATE, add_days(enrollment.entry_date, 100)),
		(circumstances.ANNUAL, add_days(enrollment.entry_date, 365)),
		(circumstances.PROJECT_EXIT, add_days(enrollment.entry_date, 380)),
	)
	for stage, on in stages:
		if stage == circumstances.PROJECT_EXIT:
			enrollment.reload()
			enrollment.update(
				{"exit_date": on, "destination": "Rental by client, no ongoing housing subsidy"}
			)
			enrollment.save()
		started = time.perf_counter()
		rows = status_assessment_members(enrollment.name, str(on))
		prefilled = time.perf_counter()
		doc = frappe.get_doc(
			{
				"doctype": "CAS Status Assessment",
				"enrollment": enrollment.name,
				"data_collection_stage": stage,
				"information_date": on,
				"members": rows,
			}
		)
		for row in doc.members:
			row.update(ADULT if row.age is None or row.age >= 18 else CHILD)
		doc.insert()
		inserted = time.perf_counter()
		doc.submit()
		submitted = time.perf_counter()
		timings[f"{stage}: rows prefilled"] = prefilled - started
		timings[f"{stage}: insert (5 members)"] = inserted - prefilled
		timings[f"{stage}: submit"] = submitted - inserted
	return timings


def household_of_five(run: int):
	"""A head, a partner and three children, entered 400 days ago in the CE program."""
	shared = frappe.db.get_value("CAS Agency", {"is_cas_agency": 1})
	program = frappe.db.get_value("CAS Program", {"agency": shared, "project_type": "Coordinated Entry"})
	agency = frappe.db.get_value("CAS Agency", {"is_cas_agency": 0}) or shared
	entry = getdate() - timedelta(days=400)

	def client(age: int, name: str) -> str:
		born = entry - timedelta(days=365 * age + 100)
		return (
			frappe.get_doc(
				{
					"doctype": "CAS Client",
					"first_name": f"{name}{run}",
					"last_name": "Benchmark",
					"date_of_birth": born,
					"agency": agency,
				}
			)
			.insert()
			.name
		)

	members = [
		(client(36, "Partner"), "Head of household’s spouse or partner"),
		*((client(age, f"Child{age}"), "Head of household’s child") for age in (4, 9, 13)),
	]
	return frappe.get_doc(
		{
			"doctype": "CAS Enrollment",
			"client": client(38, "Head"),
			"program": program,
			"entry_date": entry,
			"household_members": [{"client": c, "relationship_to_hoh": r} for c, r in members],
		}
	).insert()


if __name__ == "__main__":
	main()
