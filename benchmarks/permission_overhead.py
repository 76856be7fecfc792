"""Benchmark: what agency scoping costs on a list of 20,000 enrollments.

Run inside a bench, against a site with the app installed (records are added under a unique tag and
removed at the end):

    cd <bench>/sites && ../env/bin/python <app>/benchmarks/permission_overhead.py --site <site> [--enrollments 20000]

Prints the median time of the desk's list query (first page of 20, newest first) and of the list count,
as Administrator (no condition) and as users of each role (the permission condition applied).
"""

import argparse
import random
from datetime import date, timedelta

import frappe
from _common import bulk_insert, median_ms, open_site, remove_staff_users, staff_user

from cas_coordinated_access import permissions


def main():
	parser = argparse.ArgumentParser()
	parser.add_argument("--enrollments", type=int, default=20000)
	parser.add_argument("--repeat", type=int, default=15)
	args = open_site(parser)
	tag = "BENCH" + frappe.generate_hash(length=4)
	try:
		users = seed(tag, args.enrollments)
		frappe.db.commit()
		report(users, args.repeat, args.enrollments)
	finally:
		frappe.set_user("Administrator")
		frappe.db.rollback()
		cleanup(tag)
		frappe.db.commit()
		frappe.destroy()


def seed(tag: str, count: int) -> dict[str, str]:
	rng = random.Random(7)
	shared = frappe.db.get_value("CAS Agency", {"is_cas_agency": 1})
	agencies = [f"{tag} Agency {i:02d}" for i in range(10)]
	rows = [(name, name, 0) for name in agencies]
	if not shared:
		shared = f"{tag} CAS Agency"
		rows.append((shared, shared, 1))
	insert("CAS Agency", ["agency_name", "is_cas_agency"], [(r[1], r[2]) for r in rows], [r[0] for r in rows])
	programs = {agency: f"{tag} Program {agency}" for agency in [shared, *agencies]}
	insert(
		"CAS Program",
		["program_name", "agency", "project_type", "program_category", "operating_start_date"],
		[(p, a, "Coordinated Entry", "Coordinated Entry", date(2020, 1, 1)) for a, p in programs.items()],
		list(programs.values()),
	)

	clients, enrollments, members = [], [], []
	for i in range(count):
		holding = rng.choice(agencies)
		agency = shared if rng.random() < 0.6 else holding
		protected = int(rng.random() < 0.05)
		client = f"{tag}-C{i:06d}"
		display = permissions.client_display_name(client, f"Client {i}", bool(protected))
		entry = date(2024, 1, 1) + timedelta(days=rng.randrange(0, 900))
		clients.append((client, f"Client {i}", display, holding, protected))
		enrollments.append((client, display, programs[agency], agency, holding, protected, entry, "Open"))
		members.append((client, display, "Self (Head of Household)"))
	client_names = [c[0] for c in clients]
	insert(
		"CAS Client",
		["first_name", "full_name", "display_name", "agency", "is_protected"],
		[(f"Client {i}", *c[1:]) for i, c in enumerate(clients)],
		client_names,
	)
	enrollment_names = [f"{tag}-E{i:06d}" for i in range(count)]
	insert(
		"CAS Enrollment",
		[
			"client",
			"client_name",
			"program",
			"agency",
			"client_agency",
			"is_protected",
			"entry_date",
			"status",
		],
		enrollments,
		enrollment_names,
	)
	insert(
		"CAS Household Member",
		["client", "client_name", "relationship_to_hoh", "parent", "parenttype", "parentfield", "idx"],
		[
			(*m, e, "CAS Enrollment", "household_members", 1)
			for m, e in zip(members, enrollment_names, strict=True)
		],
		[f"{tag}-M{i:06d}" for i in range(count)],
	)
	return {
		"assessor of one agency": staff_user(
			f"assessor.{tag.lower()}@example.org", "CAS Assessor", [agencies[0]]
		),
		"referral specialist": staff_user(
			f"referral.{tag.lower()}@example.org", "CAS Referral Specialist", [shared]
		),
		"provider of one agency": staff_user(
			f"provider.{tag.lower()}@example.org", "CAS Provider", [agencies[1]]
		),
	}


def insert(doctype: str, fields: list[str], rows: list[tuple], names: list[str]):
	now = frappe.utils.now()
	bulk_insert(
		doctype,
		fields,
		[
			(name, now, now, "Administrator", "Administrator", *row)
			for name, row in zip(names, rows, strict=True)
		],
	)


def report(users: dict[str, str], repeat: int, count: int):
	def first_page():
		return frappe.get_list(
			"CAS Enrollment",
			fields=["name", "client_name", "program", "entry_date"],
			order_by="creation desc",
			limit_page_length=20,
		)

	def total():
		return frappe.get_list("CAS Enrollment", fields=["count(`tabCAS Enrollment`.`name`) as n"])[0].n

	print(
		f"CAS Enrollment list, {count} seeded enrollments (plus what the site held), median of {repeat} runs"
	)
	print(f"{'user':<26} {'first page of 20':>18} {'count':>12} {'rows seen':>10}")
	for label, user in [("Administrator (no condition)", "Administrator"), *users.items()]:
		frappe.set_user(user)
		permissions.clear_viewer_cache()
		page_ms, _ = median_ms(first_page, repeat)
		count_ms, seen = median_ms(total, repeat)
		print(f"{label:<26} {page_ms:>15.1f} ms {count_ms:>9.1f} ms {seen:>10}")


def cleanup(tag: str):
	like = f"{tag}%"
	for doctype in ("CAS Household Member", "CAS Enrollment", "CAS Client", "CAS Program", "CAS Agency"):
		frappe.db.delete(doctype, {"name": ("like", like)})
	remove_staff_users(tag)


if __name__ == "__main__":
	main()
