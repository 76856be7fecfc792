"""Benchmark: saving and submitting a Housing Conversation Tool with 40 answers on a real site.

    cd <bench>/sites && ../env/bin/python <app>/benchmarks/hct_save_submit.py --site <site> [--runs 30]

Everything runs in one transaction that is rolled back at the end: the site keeps nothing.
Prints the median and 95th percentile of: insert (draft with 40 answers, scored), save, submit (CLS check,
EVH on the enrollment, due items and ToDos).
"""

import argparse
import statistics
import time
from datetime import date, timedelta

import frappe
from _common import open_site
from frappe.utils import getdate


def main():
	parser = argparse.ArgumentParser()
	parser.add_argument("--runs", type=int, default=30)
	args = open_site(parser)
	try:
		question_set = forty_question_set()
		timings = {"insert (draft, 40 answers)": [], "save": [], "submit": []}
		for run in range(args.runs + 1):
			enrollment = household(run)
			doc = frappe.get_doc(
				{
					"doctype": "CAS Housing Conversation Tool",
					"enrollment": enrollment,
					"assessment_location": "Benchmark",
					"question_set": question_set.name,
					"answers": answers(question_set),
				}
			)
			steps = [("insert (draft, 40 answers)", doc.insert), ("save", doc.save), ("submit", doc.submit)]
			for label, step in steps:
				start = time.perf_counter()
				step()
				if run:  # the first run warms caches
					timings[label].append((time.perf_counter() - start) * 1000)
			assert len(doc.answers) == 40 and doc.docstatus == 1
		print(f"Housing Conversation Tool with 40 answers, {args.runs} runs (site {args.site})")
		for label, samples in timings.items():
			samples.sort()
			p95 = samples[int(0.95 * (len(samples) - 1))]
			print(f"{label:<28} median {statistics.median(samples):7.1f} ms   p95 {p95:7.1f} ms")
	finally:
		frappe.db.rollback()
		frappe.destroy()


def forty_question_set():
	"""The default HCT set, extended to 40 questions."""
	base = frappe.get_doc("CAS Question Set", {"kind": "Housing Conversation Tool", "is_default": 1})
	doc = frappe.copy_doc(base)
	doc.question_set_name = f"Benchmark HCT {frappe.generate_hash(length=5)}"
	doc.is_default = 0
	for row in doc.questions:
		row.applies_to = "All Households"
	extra = 40 - len(doc.questions)
	for number in range(extra):
		code = f"BENCH-{number:02d}"
		doc.append(
			"questions", {"code": code, "section": "Benchmark", "question": f"Extra question {number}?"}
		)
		doc.append("answer_options", {"question_code": code, "option": "No", "points": 0})
		doc.append("answer_options", {"question_code": code, "option": "Yes", "points": 1})
	return doc.insert()


def answers(question_set):
	first_option = {}
	for option in question_set.answer_options:
		first_option.setdefault(option.question_code, option.option)
	return [
		{
			"question_code": q.code,
			"section": q.section,
			"question": q.question,
			"answer": first_option[q.code],
		}
		for q in question_set.questions
	]


def household(run: int) -> str:
	shared = (
		frappe.db.get_value("CAS Agency", {"is_cas_agency": 1})
		or frappe.get_doc(
			{"doctype": "CAS Agency", "agency_name": "Benchmark CAS Agency", "is_cas_agency": 1}
		)
		.insert()
		.name
	)
	program = frappe.db.get_value("CAS Program", {"agency": shared, "project_type": "Coordinated Entry"}) or (
		frappe.get_doc(
			{
				"doctype": "CAS Program",
				"program_name": "Benchmark CE",
				"agency": shared,
				"project_type": "Coordinated Entry",
				"program_category": "Coordinated Entry",
				"operating_start_date": date(2020, 1, 1),
			}
		)
		.insert()
		.name
	)
	client = frappe.get_doc(
		{"doctype": "CAS Client", "first_name": f"Bench {run}", "last_name": "Mark", "agency": shared}
	).insert()
	entry = getdate() - timedelta(days=3)
	enrollment = frappe.get_doc(
		{"doctype": "CAS Enrollment", "client": client.name, "program": program, "entry_date": entry}
	).insert()
	frappe.get_doc(
		{
			"doctype": "CAS Current Living Situation",
			"enrollment": enrollment.name,
			"living_situation": "Safe Haven",
			"location_address": "Benchmark",
		}
	).insert()
	return enrollment.name


if __name__ == "__main__":
	main()
