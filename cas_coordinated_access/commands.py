"""`bench --site <site> cas-demo load|remove` (the demo Continuum of Care) and `cas-hmis export|import`."""

import json
import os
from contextlib import contextmanager

import click
from frappe.commands import get_site, pass_context


@click.group("cas-demo")
def cas_demo():
	"""Load or remove the demo Continuum of Care."""


@cas_demo.command("load")
@click.option("--households", default=300, show_default=True, help="How many households")
@click.option("--seed", default=2026, show_default=True, help="Same seed, same CoC")
@pass_context
def load_demo(context, households, seed):
	import frappe

	from cas_coordinated_access.demo import loader

	frappe.init(site=get_site(context))
	frappe.connect()
	try:
		if loader.complete_setup_wizard():
			click.echo(
				"Completed the site's setup wizard (English, United States, America/Los_Angeles, USD)."
			)
		result = loader.load(households=households, seed=seed, progress=click.echo)
		frappe.db.commit()
		click.echo(f"Loaded {result['households']} households in {result['seconds']} s.")
		click.echo(f"Log in with any of these users, password {loader.DEMO_PASSWORD}:")
		for role, user in result["users"].items():
			click.echo(f"  {user}  ({role})")
	finally:
		frappe.destroy()


@cas_demo.command("remove")
@pass_context
def remove_demo(context):
	import frappe

	from cas_coordinated_access.demo import loader

	frappe.init(site=get_site(context))
	frappe.connect()
	try:
		removed = loader.remove()
		frappe.db.commit()
		click.echo(f"Removed {removed} demo records.")
	finally:
		frappe.destroy()


@click.group("cas-hmis")
def cas_hmis():
	"""Export or import HMIS CSV files, FY2026 or FY2024 (for large data sets, from the command line)."""


@cas_hmis.command("export")
@click.option("--from-date", required=True, help="First day of the period (YYYY-MM-DD)")
@click.option("--to-date", required=True, help="Last day of the period (YYYY-MM-DD)")
@click.option("--output", required=True, type=click.Path(dir_okay=False), help="The zip to write")
@click.option("--hashed", is_flag=True, help="Names and SSNs hashed with SHA-256 (RHY), HUD HashStatus 4")
@click.option(
	"--version",
	"csv_version",
	type=click.Choice(["FY2026", "FY2024"]),
	default="FY2026",
	show_default=True,
	help="HMIS CSV version to write (FY2024 for an HMIS that does not read FY2026 yet)",
)
@pass_context
def export_hmis(context, from_date, to_date, output, hashed, csv_version):
	import frappe

	from cas_coordinated_access.hmis.export import Export

	with connected(context):
		# Logged like an export from the desk (who, when, which period), with where the zip went.
		log = frappe.get_doc(
			{
				"doctype": "CAS HMIS Export",
				"from_date": from_date,
				"to_date": to_date,
				"written_to": os.path.abspath(output),
				"hash_status": "SHA-256 (RHY)" if hashed else "Unhashed",
				"csv_version": csv_version,
			}
		)
		log.flags.written_by_command_line = True
		log.insert(ignore_permissions=True)
		try:
			with open(output, "wb") as target:
				job = Export(
					from_date,
					to_date,
					user="Administrator",
					hash_status=4 if hashed else 1,
					version=csv_version,
				)
				counts = job.write(target)
		except Exception:
			log.db_set({"status": "Failed", "error": frappe.get_traceback()[-1000:]})
			frappe.db.commit()
			raise
		log.db_set({"status": "Completed", "rows_written": json.dumps(counts, indent=1)})
		frappe.db.commit()
		click.echo(f"HMIS CSV {csv_version}")
		for file, rows in counts.items():
			click.echo(f"{file}: {rows}")
		for what, rows in job.left_out.items():
			# Never written under a code the chosen version does not define.
			click.echo(f"Left out, no code in HMIS CSV {csv_version}: {what}: {rows}")


@cas_hmis.command("import")
@click.argument("zip_path", type=click.Path(exists=True, dir_okay=False))
@click.option("--agency", required=True, help="The CAS Agency the clients and programs go to")
@click.option("--dry-run", is_flag=True, help="Report what would happen; write nothing")
@pass_context
def import_hmis(context, zip_path, agency, dry_run):
	import json

	import frappe

	from cas_coordinated_access.hmis import importer

	with connected(context):
		with open(zip_path, "rb") as source:
			job = importer.Importer(
				importer.read_zip(source.read()), agency, dry_run=dry_run, user="Administrator"
			)
		job.commit_each = not dry_run
		result = job.run()
		frappe.db.commit()
		click.echo(json.dumps(result.summary(), indent=1))
		for household in result.households:
			if household.messages:
				click.echo(f"{household.household_id} {household.outcome}: " + " | ".join(household.messages))


@contextmanager
def connected(context):
	import frappe

	frappe.init(site=get_site(context))
	frappe.connect()
	frappe.set_user("Administrator")
	try:
		yield
	finally:
		frappe.destroy()


commands = [cas_demo, cas_hmis]
