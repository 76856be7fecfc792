"""Benchmark: building a case conference's agenda with a large queue.

    cd <bench>/sites && ../env/bin/python <app>/benchmarks/case_conference_agenda.py --site <site> [--entries 20000]

Seeds the Community Queue benchmark's entries, each with its enrollment and head of household (so document
readiness has members to read), and referrals (stalled and denied) for a few hundred of them, committed
under a unique tag. Then, as a referral specialist, times what Build Agenda reads (the candidates of each
reason and the rules' choice) and the whole action (the discussions written, rolled back), beside its
floor measured in the same run: the Community Queue report of the same queue, which the agenda reads
once to find the households near the top that are not document ready. Everything added is removed.
"""

import argparse
import random
from datetime import date, timedelta

import frappe
from _common import bulk_insert, median_ms, open_site
from community_queue import cleanup as cleanup_queue
from community_queue import seed as seed_queue

from cas_coordinated_access import permissions
from cas_coordinated_access.coordinated_access.report.community_queue.community_queue import execute
from cas_coordinated_access.rules import case_conference as rules
from cas_coordinated_access.utils import case_conference


def main():
	parser = argparse.ArgumentParser()
	parser.add_argument("--entries", type=int, default=20000)
	parser.add_argument("--referrals", type=int, default=400)
	parser.add_argument("--repeat", type=int, default=5)
	args = open_site(parser)
	tag = "QBENCH" + frappe.generate_hash(length=4)
	try:
		shared, program, user = seed_queue(tag, args.entries)
		program_name = frappe.db.get_value("CAS Program", {"agency": shared}, "name") or program
		seed_households(tag, args.entries, shared, program_name)
		seed_referrals(tag, args.referrals, shared, program)
		frappe.db.commit()
		frappe.set_user(user)
		permissions.clear_viewer_cache()
		frappe.flags.cas_bench = True
		conference = frappe.get_doc({"doctype": "CAS Case Conference", "conference_title": tag}).insert()
		size = case_conference.per_reason()
		print(
			f"Case conference agenda, {args.entries} households on the queue, {args.referrals} referrals, "
			f"{size} households per reason, as a referral specialist, median of {args.repeat}"
		)
		floor, queue = median_ms(lambda: execute({}), args.repeat)
		read, found = median_ms(
			lambda: rules.build_agenda(case_conference.candidates(size, set()), size), args.repeat
		)

		def build():
			added = case_conference.build_agenda(conference.name)
			frappe.db.rollback(save_point="agenda")
			return added

		frappe.db.savepoint("agenda")
		whole, added = median_ms(build, args.repeat)
		print(
			f"{'floor: the Community Queue report, as it opens':<58} {floor:8.0f} ms  {len(queue[1]):>6} rows"
		)
		print(
			f"{'agenda read (candidates of each reason, chosen)':<58} {read:8.0f} ms  {len(found):>6} households"
		)
		print(
			f"{'Build Agenda (read, and each discussion written)':<58} {whole:8.0f} ms  {added:>6} households"
		)
		print(f"{'ratio, Build Agenda to its floor':<58} {whole / floor:8.2f} x")
	finally:
		frappe.set_user("Administrator")
		frappe.db.rollback()
		cleanup(tag)
		frappe.db.commit()
		frappe.destroy()


def seed_households(tag: str, count: int, shared: str, program: str):
	"""An enrollment and a head of household behind each queue entry (entries name them ``{tag}-E…``)."""
	rng = random.Random(7)
	now = frappe.utils.now()
	clients, enrollments, members = [], [], []
	for i in range(count):
		client, enrollment = f"{tag}-C{i:06d}", f"{tag}-E{i:06d}"
		born = date(1960, 1, 1) + timedelta(days=rng.randrange(0, 15000))
		clients.append(
			(
				client,
				now,
				now,
				"Administrator",
				"Administrator",
				f"Household {i}",
				"Bench",
				f"Household {i} Bench",
				f"Household {i} Bench",
				shared,
				born,
				"No",
				0,
			)
		)
		enrollments.append(
			(
				enrollment,
				now,
				now,
				"Administrator",
				"Administrator",
				client,
				f"Household {i} Bench",
				shared,
				shared,
				0,
				program,
				date(2024, 1, 1),
				"Open",
				"No",
			)
		)
		members.append(
			(
				f"{tag}-M{i:06d}",
				now,
				now,
				"Administrator",
				"Administrator",
				enrollment,
				"CAS Enrollment",
				"household_members",
				1,
				client,
				f"Household {i} Bench",
				"Self (Head of Household)",
				born,
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
			"date_of_birth",
			"veteran_status",
			"is_protected",
		],
		clients,
	)
	bulk_insert(
		"CAS Enrollment",
		[
			"client",
			"client_name",
			"agency",
			"client_agency",
			"is_protected",
			"program",
			"entry_date",
			"status",
			"disabling_condition",
		],
		enrollments,
	)
	bulk_insert(
		"CAS Household Member",
		[
			"parent",
			"parenttype",
			"parentfield",
			"idx",
			"client",
			"client_name",
			"relationship_to_hoh",
			"date_of_birth",
		],
		members,
	)


def seed_referrals(tag: str, count: int, shared: str, program: str):
	"""Half stalled (past half their time), half denied and awaiting review."""
	rng = random.Random(5)
	today = frappe.utils.getdate()
	now = frappe.utils.now()
	rows = []
	for i in range(count):
		enrollment = f"{tag}-E{rng.randrange(0, 20000):06d}"
		stalled = i % 2 == 0
		sent = today - timedelta(days=rng.randrange(3, 6) if stalled else rng.randrange(5, 60))
		rows.append(
			(
				f"{tag}-R{i:06d}",
				now,
				now,
				"Administrator",
				"Administrator",
				enrollment,
				f"Household {i}",
				shared,
				shared,
				0,
				"Pending" if stalled else "Denied",
				program,
				"Shelter",
				sent,
				today + timedelta(days=2) if stalled else sent + timedelta(days=7),
				None if stalled else sent + timedelta(days=3),
				None if stalled else "No capacity",
			)
		)
	bulk_insert(
		"CAS Referral",
		[
			"enrollment",
			"client_name",
			"agency",
			"client_agency",
			"is_protected",
			"workflow_state",
			"program",
			"referral_type",
			"referral_date",
			"deadline",
			"decided_on",
			"denial_reason",
		],
		rows,
	)


def cleanup(tag: str):
	for doctype in (
		"CAS Case Conference Discussion",
		"CAS Referral",
		"CAS Household Member",
		"CAS Enrollment",
		"CAS Client",
	):
		frappe.db.delete(doctype, {"name": ("like", f"{tag}-%")})
	frappe.db.delete("CAS Case Conference", {"conference_title": tag})
	frappe.db.delete("ToDo", {"reference_name": ("like", "CCD-%"), "description": ("like", "%Bench%")})
	cleanup_queue(tag)


if __name__ == "__main__":
	main()
