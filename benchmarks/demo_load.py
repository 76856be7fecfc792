"""Benchmark: loading the demo CoC (`bench --site <site> cas-demo load`) on a site without CAS data.

    cd <bench>/sites && ../env/bin/python <app>/benchmarks/demo_load.py --site <site> [--households 300]

Loads the demo twice in the same run, each in a transaction rolled back at the end (the site keeps
nothing, its manifest file is removed): as the command loads it (each household's Next Steps and ToDos
worked out once, when its history is written), and with them worked out again after every record, as the
loader did before. Prints both beside the issue's goal (20 s for 300 households, the same pace for fewer).
Every record goes through the controllers staff use (rules, EVH, queue, workflow, due items), which is
what the demo is there to show.
"""

import argparse
import contextlib
import os
import time

import frappe
from _common import open_site

GOAL_SECONDS_PER_300 = 20


def main():
	parser = argparse.ArgumentParser()
	parser.add_argument("--households", type=int, default=300)
	args = open_site(parser)
	from cas_coordinated_access.demo import loader
	from cas_coordinated_access.utils import follow_ups

	try:
		if loader.has_real_cas_data() or loader.read_manifest():
			raise SystemExit("the site holds CAS data or a demo: use a new site")
		loader.complete_setup_wizard()
		as_loaded = timed_load(loader, args.households)
		# The loader as it was: every record of a household works out its due items and ToDos again.
		refreshed_once = follow_ups.refreshed_once
		follow_ups.refreshed_once = contextlib.nullcontext
		try:
			each_record = timed_load(loader, args.households)
		finally:
			follow_ups.refreshed_once = refreshed_once
	finally:
		frappe.db.rollback()
		frappe.destroy()
	goal = GOAL_SECONDS_PER_300 * args.households / 300
	print(f"\ndemo CoC, {args.households} households (goal {goal:.0f} s):")
	print(
		f"  as loaded (due items once per household)    {as_loaded:7.1f} s  {as_loaded / goal:5.2f}x the goal"
	)
	print(
		f"  due items worked out after every record     {each_record:7.1f} s  {each_record / goal:5.2f}x the goal"
	)


def timed_load(loader, households: int) -> float:
	start = time.perf_counter()
	loader.load(households=households, progress=None)
	seconds = time.perf_counter() - start
	frappe.db.rollback()
	if os.path.exists(loader.manifest_path()):
		os.remove(loader.manifest_path())
	return seconds


if __name__ == "__main__":
	main()
