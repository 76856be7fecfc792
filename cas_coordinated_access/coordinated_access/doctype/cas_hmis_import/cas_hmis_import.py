# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt

import json

import frappe
from frappe import _
from frappe.model.document import Document

from cas_coordinated_access.hmis import importer
from cas_coordinated_access.utils import long_jobs
from cas_coordinated_access.utils.api import whitelist

RUNNING = ("Dry Run Queued", "Import Queued", "Importing")
# A form keeps the households an administrator has to look at; the rest are counted.
NEEDS_ATTENTION = (importer.REFUSED,)


class CASHMISImport(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from cas_coordinated_access.coordinated_access.doctype.cas_hmis_import_household.cas_hmis_import_household import (
			CASHMISImportHousehold,
		)

		agency: DF.Link
		error: DF.SmallText | None
		households: DF.Table[CASHMISImportHousehold]
		households_created: DF.Int
		households_refused: DF.Int
		households_unchanged: DF.Int
		households_updated: DF.Int
		import_file: DF.Attach
		problems: DF.SmallText | None
		records: DF.SmallText | None
		source: DF.Data | None
		status: DF.Literal[
			"Draft", "Dry Run Queued", "Dry Run Done", "Import Queued", "Importing", "Completed", "Failed"
		]
	# end: auto-generated types

	def validate(self):
		if not (self.import_file or "").lower().endswith(".zip"):
			frappe.throw(_("Attach the HMIS CSV export as a .zip file."), title=_("HMIS CSV import"))
		if self.is_new():
			self.status = "Draft"
		elif self.status not in RUNNING and (
			self.has_value_changed("import_file") or self.has_value_changed("agency")
		):
			# What a dry run reported no longer holds for another file or agency.
			self.status = "Draft"

	@whitelist()
	def start_dry_run(self):
		self.start(dry_run=True)

	@whitelist()
	def start_import(self):
		# After a failed import the dry run still holds: the same file, the same agency.
		if not (self.status == "Dry Run Done" or (self.status == "Failed" and self.source)):
			frappe.throw(
				_(
					"Run a dry run of this file first: it shows what the import would create, update and refuse."
				),
				title=_("Dry run first"),
			)
		self.start(dry_run=False)

	def start(self, dry_run: bool):
		self.check_permission("write")
		if self.status in RUNNING:
			frappe.throw(_("This import is already running."), title=_("HMIS CSV import"))
		self.db_set("status", "Dry Run Queued" if dry_run else "Import Queued")
		long_jobs.enqueue(
			"cas_coordinated_access.coordinated_access.doctype.cas_hmis_import.cas_hmis_import.run_import",
			self.doctype,
			self.name,
			name=self.name,
			dry_run=dry_run,
			user=frappe.session.user,
		)

	def file_content(self) -> bytes:
		file = frappe.get_doc("File", {"file_url": self.import_file})
		return file.get_content()

	def record_result(self, result: importer.ImportResult, source: str, status: str):
		summary = result.summary()
		self.set(
			"households",
			[
				{
					"household_id": household.household_id,
					"outcome": household.outcome,
					"enrollment": household.enrollment if not result.dry_run else None,
					"messages": "\n".join(household.messages),
				}
				for household in result.households
				if household.outcome in NEEDS_ATTENTION or household.messages
			],
		)
		self.update(
			{
				"status": status,
				"source": source,
				"households_created": summary["created"],
				"households_updated": summary["updated"],
				"households_unchanged": summary["unchanged"],
				"households_refused": summary["refused"],
				"records": json.dumps(summary["records"], indent=1),
				# Where the files stray from HUD's format (dates read all the same) follows what refuses.
				"problems": "\n".join(summary["problems"] + summary["notes"]),
				"error": None,
			}
		)
		self.flags.ignore_validate_update_after_submit = True
		self.save(ignore_permissions=True)


def run_import(name: str, dry_run: bool, user: str):
	"""The background job: as the administrator who asked (the importer checks they may), one household
	at a time, with progress on the form."""
	frappe.set_user(user)
	long_jobs.beat("CAS HMIS Import", name)
	log = frappe.get_doc("CAS HMIS Import", name)
	if not dry_run:
		log.db_set("status", "Importing")
	try:
		job = importer.Importer(importer.read_zip(log.file_content()), log.agency, dry_run=dry_run, user=user)
		job.commit_each = True

		def progress(done: int, total: int):
			long_jobs.beat(log.doctype, log.name)
			frappe.publish_progress(
				done * 100 / max(total, 1),
				title=_("HMIS CSV dry run") if dry_run else _("HMIS CSV import"),
				doctype=log.doctype,
				docname=log.name,
			)

		job.progress = progress
		result = job.run()
		log.reload()
		log.record_result(result, job.source, "Dry Run Done" if dry_run else "Completed")
	except Exception:
		frappe.db.rollback()
		frappe.db.set_value(
			"CAS HMIS Import", name, {"status": "Failed", "error": frappe.get_traceback()[-1000:]}
		)
		frappe.log_error(title=_("HMIS CSV import {0} failed").format(name))
		frappe.db.commit()
		raise
