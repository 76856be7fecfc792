"""Benchmark: HMIS CSV export time and peak memory as the data grows.

    cd <bench>/sites && ../env/bin/python <app>/benchmarks/hmis_export.py --site <site> [--households 10000 50000]

For each size, bulk-inserts households (client, enrollment, member row, two CLS), runs the export as
Administrator into a temporary file, prints seconds, rows written and peak Python memory (tracemalloc),
and removes what it added.
"""

import argparse
import tempfile
import time
import tracemalloc
from datetime import date, timedelta

import frappe
from _common import bulk_insert, open_site

from cas_coordinated_access.hmis.export import Export


def main():
	parser = argparse.ArgumentParser()
	parser.add_argument("--households", type=int, nargs="+", default=[10000, 50000])
	args = open_site(parser)
	for size in args.households:
		tag = "HX" + frappe.generate_hash(length=4)
		try:
			seed(tag, size)
			frappe.db.commit()
			with tempfile.TemporaryFile() as target:
				tracemalloc.start()
				start = time.perf_counter()
				counts = Export(date(2024, 1, 1), date.today()).write(target)
				seconds = time.perf_counter() - start
				_, peak = tracemalloc.get_traced_memory()
				tracemalloc.stop()
				size_mb = target.tell() / 1e6
			print(
				f"{size:>6} households: {seconds:6.1f} s, {sum(counts.values()):>7} rows, "
				f"peak Python memory {peak / 1e6:6.1f} MB, zip {size_mb:.1f} MB"
			)
		finally:
			frappe.db.rollback()
			cleanup(tag)
			frappe.db.commit()
	frappe.destroy()


def seed(tag: str, count: int):
	agency = f"{tag} Agency"
	program = f"{tag} CE"
	now = frappe.utils.now()
	meta = (now, now, "Administrator", "Administrator")
	bulk_insert("CAS Agency", ["agency_name"], [(agency, *meta, agency)])
	bulk_insert(
		"CAS Program",
		[
			"program_name",
			"agency",
			"project_type",
			"program_category",
			"operating_start_date",
			"continuum_project",
		],
		[(program, *meta, program, agency, "Coordinated Entry", "Coordinated Entry", date(2020, 1, 1), 1)],
	)
	clients, enrollments, members, living = [], [], [], []
	for i in range(count):
		client, enrollment = f"{tag}-C{i:06d}", f"{tag}-E{i:06d}"
		entry = date(2024, 1, 1) + timedelta(days=i % 600)
		clients.append(
			(
				client,
				*meta,
				f"First{i}",
				f"Last{i}",
				f"First{i} Last{i}",
				f"First{i} Last{i}",
				agency,
				"Full name reported",
				"Data not collected",
				"Data not collected",
				"Data not collected",
			)
		)
		enrollments.append(
			(
				enrollment,
				*meta,
				client,
				f"First{i} Last{i}",
				program,
				agency,
				agency,
				entry,
				"Open",
				"CA-503",
				"Data not collected",
			)
		)
		members.append(
			(
				f"{tag}-M{i:06d}",
				*meta,
				client,
				"Self (Head of Household)",
				enrollment,
				"CAS Enrollment",
				"household_members",
				1,
			)
		)
		for k in range(2):
			living.append(
				(
					f"{tag}-L{i:06d}{k}",
					*meta,
					enrollment,
					client,
					agency,
					agency,
					entry + timedelta(days=k),
					"Safe Haven",
					"Benchmark address",
				)
			)
	bulk_insert(
		"CAS Client",
		[
			"first_name",
			"last_name",
			"full_name",
			"display_name",
			"agency",
			"name_data_quality",
			"dob_data_quality",
			"ssn_data_quality",
			"veteran_status",
		],
		clients,
	)
	bulk_insert(
		"CAS Enrollment",
		[
			"client",
			"client_name",
			"program",
			"agency",
			"client_agency",
			"entry_date",
			"status",
			"enrollment_coc",
			"disabling_condition",
		],
		enrollments,
	)
	bulk_insert(
		"CAS Household Member",
		["client", "relationship_to_hoh", "parent", "parenttype", "parentfield", "idx"],
		members,
	)
	bulk_insert(
		"CAS Current Living Situation",
		[
			"enrollment",
			"client",
			"agency",
			"client_agency",
			"information_date",
			"living_situation",
			"location_address",
		],
		living,
	)


def cleanup(tag: str):
	for doctype in (
		"CAS Current Living Situation",
		"CAS Household Member",
		"CAS Enrollment",
		"CAS Client",
		"CAS Program",
		"CAS Agency",
	):
		frappe.db.delete(doctype, {"name": ("like", f"{tag}%")})


if __name__ == "__main__":
	main()
