"""Benchmark: the Client History report for a client with 500 records.

    cd <bench>/sites && ../env/bin/python <app>/benchmarks/client_history.py --site <site> [--records 500]

Runs in one transaction that is rolled back: the site keeps nothing.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date, timedelta

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import frappe

from cas_coordinated_access import permissions
from cas_coordinated_access.coordinated_access.report.client_history.client_history import execute


def main():
	parser = argparse.ArgumentParser()
	parser.add_argument("--site", required=True)
	parser.add_argument("--records", type=int, default=500)
	parser.add_argument("--repeat", type=int, default=10)
	args = parser.parse_args()
	frappe.init(site=args.site, sites_path=os.getcwd())
	frappe.connect()
	frappe.set_user("Administrator")
	try:
		client, user = seed(args.records)
		for label, who in (("Administrator", "Administrator"), ("assessor of the holding agency", user)):
			frappe.set_user(who)
			permissions.clear_viewer_cache()
			execute({"client": client})
			samples, rows = [], 0
			for _ in range(args.repeat):
				start = time.perf_counter()
				rows = len(execute({"client": client})[1])
				samples.append((time.perf_counter() - start) * 1000)
			print(f"Client History, {rows} rows, {label}: median {statistics.median(samples):.1f} ms")
	finally:
		frappe.db.rollback()
		frappe.destroy()


def seed(count: int):
	tag = frappe.generate_hash(length=5)
	shared = (
		frappe.db.get_value("CAS Agency", {"is_cas_agency": 1})
		or frappe.get_doc({"doctype": "CAS Agency", "agency_name": f"CAS Agency {tag}", "is_cas_agency": 1})
		.insert()
		.name
	)
	agency = frappe.get_doc({"doctype": "CAS Agency", "agency_name": f"History Agency {tag}"}).insert().name
	programs = [
		frappe.get_doc(
			{
				"doctype": "CAS Program",
				"program_name": f"History Program {tag} {i}",
				"agency": owner,
				"project_type": "Coordinated Entry",
				"program_category": "Coordinated Entry",
				"operating_start_date": date(2015, 1, 1),
			}
		)
		.insert()
		.name
		for i, owner in enumerate((shared, agency))
	]
	client = frappe.get_doc(
		{"doctype": "CAS Client", "first_name": "History", "last_name": tag, "agency": agency}
	).insert()
	enrollments = [
		frappe.get_doc(
			{
				"doctype": "CAS Enrollment",
				"client": client.name,
				"program": program,
				"entry_date": date(2016, 1, 1),
			}
		)
		.insert()
		.name
		for program in programs
	]
	now = frappe.utils.now()
	rows = []
	for i in range(count - 2):
		enrollment = enrollments[i % 2]
		owner = shared if i % 2 == 0 else agency
		rows.append(
			(
				f"HIST-{tag}-{i:05d}",
				now,
				now,
				"Administrator",
				"Administrator",
				enrollment,
				client.name,
				client.display_name,
				owner,
				agency,
				0,
				date(2016, 1, 2) + timedelta(days=i * 7),
				"Safe Haven",
				"Benchmark",
			)
		)
	frappe.db.bulk_insert(
		"CAS Current Living Situation",
		[
			"name",
			"creation",
			"modified",
			"owner",
			"modified_by",
			"enrollment",
			"client",
			"client_name",
			"agency",
			"client_agency",
			"is_protected",
			"information_date",
			"living_situation",
			"location_address",
		],
		rows,
	)
	user = f"history.{tag}@example.org"
	frappe.get_doc(
		{
			"doctype": "User",
			"email": user,
			"first_name": "History",
			"send_welcome_email": 0,
			"roles": [{"role": "CAS Assessor"}],
		}
	).insert(ignore_permissions=True)
	frappe.get_doc({"doctype": "CAS Staff Member", "user": user, "agencies": [{"agency": agency}]}).insert()
	return client.name, user


if __name__ == "__main__":
	main()
