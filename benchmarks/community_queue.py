"""Benchmark: the Community Queue report on a large queue.

    cd <bench>/sites && ../env/bin/python <app>/benchmarks/community_queue.py --site <site> [--entries 20000]

Adds the entries under a unique tag (bulk insert, committed so the report reads them like production
data), times the report as a referral specialist, and removes everything it added.
"""

import argparse
import random
from datetime import date, timedelta

import frappe
from _common import bulk_insert, median_ms, open_site, remove_staff_users, staff_user

from cas_coordinated_access import permissions
from cas_coordinated_access.coordinated_access.report.community_queue.community_queue import execute
from cas_coordinated_access.rules import household as hh

TYPES = (hh.INDIVIDUAL_ADULT, hh.FAMILY_WITH_CHILDREN, hh.ADULTS_ONLY, hh.UNACCOMPANIED_YOUTH)


def main():
	parser = argparse.ArgumentParser()
	parser.add_argument("--entries", type=int, default=20000)
	parser.add_argument("--repeat", type=int, default=5)
	args = open_site(parser)
	tag = "QBENCH" + frappe.generate_hash(length=4)
	try:
		_shared, program, user = seed(tag, args.entries)
		frappe.db.commit()
		frappe.set_user(user)
		permissions.clear_viewer_cache()
		print(
			f"Community Queue report, {args.entries} active entries, as a referral specialist, median of {args.repeat}"
		)
		for label, filters in (
			("whole shelter queue", {"queue": "Shelter"}),
			("EVH only", {"queue": "Shelter", "evh_only": 1}),
			("eligible for a program (capacity, household types)", {"queue": "Shelter", "program": program}),
		):
			ms, result = median_ms(lambda filters=filters: execute(filters), args.repeat)
			print(f"{label:<52} {ms:8.0f} ms  {len(result[1]):>6} rows")
	finally:
		frappe.set_user("Administrator")
		frappe.db.rollback()
		cleanup(tag)
		frappe.db.commit()
		frappe.destroy()


def seed(tag: str, count: int):
	rng = random.Random(11)
	shared = frappe.db.get_value("CAS Agency", {"is_cas_agency": 1})
	created_shared = not shared
	if created_shared:
		shared = f"{tag} CAS Agency"
		frappe.get_doc({"doctype": "CAS Agency", "agency_name": shared, "is_cas_agency": 1}).insert()
	provider = frappe.get_doc({"doctype": "CAS Agency", "agency_name": f"{tag} Provider"}).insert().name
	program = (
		frappe.get_doc(
			{
				"doctype": "CAS Program",
				"program_name": f"{tag} Shelter",
				"agency": provider,
				"project_type": "Emergency Shelter – Entry Exit",
				"program_category": "Emergency Shelter",
				"accepts_queue_referrals": 1,
				"serves_unaccompanied_youth": 0,
				"operating_start_date": date(2020, 1, 1),
			}
		)
		.insert()
		.name
	)
	now = frappe.utils.now()
	rows = []
	for i in range(count):
		added = date(2024, 1, 1) + timedelta(days=rng.randrange(0, 1000))
		rows.append(
			(
				f"{tag}-Q{i:06d}",
				now,
				now,
				"Administrator",
				"Administrator",
				f"{tag}-E{i:06d}",
				f"Household {i}",
				shared,
				shared,
				0,
				"Shelter",
				"Active",
				added,
				rng.randrange(0, 30),
				int(rng.random() < 0.2),
				rng.choice(TYPES),
				rng.randrange(1, 6),
				*[added - timedelta(days=rng.randrange(0, 2000))] * 2,  # homeless since, and from
				rng.random(),
				int(rng.random() < 0.1),
				int(rng.random() < 0.2),
				int(rng.random() < 0.3),
				int(rng.random() < 0.05),
			)
		)
	bulk_insert(
		"CAS Queue Entry",
		[
			"enrollment",
			"client_name",
			"agency",
			"client_agency",
			"is_protected",
			"queue",
			"status",
			"date_added",
			"score",
			"is_evh",
			"household_type",
			"household_size",
			"homeless_since",
			"homeless_from",
			"tie_breaker",
			"veteran",
			"chronic",
			"disability",
			"age_65_or_older",
		],
		rows,
	)
	email = staff_user(f"referral.{tag.lower()}@example.org", "CAS Referral Specialist", [shared])
	return shared, program, email


def cleanup(tag: str):
	frappe.db.delete("CAS Queue Entry", {"name": ("like", f"{tag}-%")})
	remove_staff_users(tag)
	frappe.db.delete("CAS Program", {"name": ("like", f"{tag}%")})
	frappe.db.delete("CAS Agency", {"name": ("like", f"{tag}%")})


if __name__ == "__main__":
	main()
