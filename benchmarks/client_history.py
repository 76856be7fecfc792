"""Benchmark: the Client History report for a client with 500 records.

    cd <bench>/sites && ../env/bin/python <app>/benchmarks/client_history.py --site <site> [--records 500]

Runs in one transaction that is rolled back: the site keeps nothing.
"""

import argparse
from datetime import date, timedelta

import frappe
from _common import bulk_insert, median_ms, open_site, staff_user

from cas_coordinated_access import permissions
from cas_coordinated_access.coordinated_access.report.client_history.client_history import execute


def main():
	parser = argparse.ArgumentParser()
	parser.add_argument("--records", type=int, default=500)
	parser.add_argument("--repeat", type=int, default=10)
	args = open_site(parser)
	try:
		client, user = seed(args.records)
		for label, who in (("Administrator", "Administrator"), ("assessor of the holding agency", user)):
			frappe.set_user(who)
			permissions.clear_viewer_cache()
			ms, result = median_ms(lambda: execute({"client": client}), args.repeat)
			print(f"Client History, {len(result[1])} rows, {label}: median {ms:.1f} ms")
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
	bulk_insert(
		"CAS Current Living Situation",
		[
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
	user = staff_user(f"history.{tag}@example.org", "CAS Assessor", [agency])
	return client.name, user


if __name__ == "__main__":
	main()
