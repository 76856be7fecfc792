# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt

import json
import tempfile

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from cas_coordinated_access.utils import long_jobs
from cas_coordinated_access.utils.api import whitelist

RUNNING = ("Queued", "Running")


class CASHMISExport(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		error: DF.SmallText | None
		export_file: DF.Attach | None
		csv_version: DF.Literal["FY2026", "FY2024"]
		from_date: DF.Date
		hash_status: DF.Literal["Unhashed", "SHA-256 (RHY)"]
		rows_written: DF.SmallText | None
		status: DF.Literal["Queued", "Running", "Completed", "Failed"]
		to_date: DF.Date
		written_to: DF.Data | None
	# end: auto-generated types

	def validate(self):
		if getdate(self.from_date) > getdate(self.to_date):
			frappe.throw(_("The period starts after it ends."), title=_("Export period"))
		if self.is_new():
			self.status = "Queued"

	def after_insert(self):
		if self.flags.written_by_command_line:
			return  # the command writes the zip itself, and logs here how it went
		self.enqueue()

	def enqueue(self):
		# Long work runs in the background; the page follows it through progress messages.
		long_jobs.enqueue(
			"cas_coordinated_access.coordinated_access.doctype.cas_hmis_export.cas_hmis_export.run_export",
			self.doctype,
			self.name,
			export=self.name,
			user=frappe.session.user,
		)

	@whitelist()
	def run_again(self):
		"""A failed export (its worker stopped, say) runs again: the zip is attached only when complete."""
		self.check_permission("write")
		if self.status != "Failed":
			frappe.throw(_("Only a failed export runs again."), title=_("HMIS CSV export"))
		self.db_set({"status": "Queued", "error": None})
		self.enqueue()


def run_export(export: str, user: str):
	"""The background job: write the zip as the user who asked (their permissions apply), attach it
	privately to the export record."""
	from cas_coordinated_access.hmis.export import Export

	frappe.set_user(user)
	long_jobs.beat("CAS HMIS Export", export)
	log = frappe.get_doc("CAS HMIS Export", export)
	log.db_set("status", "Running")
	frappe.db.commit()  # the form shows it running while it runs
	try:
		job = Export(
			log.from_date,
			log.to_date,
			user=user,
			hash_status=hash_status_code(log.hash_status),
			version=log.csv_version,
		)

		def progress(done: int, total: int):
			long_jobs.beat(log.doctype, log.name)
			frappe.publish_progress(
				done * 100 / max(total, 1), title=_("HMIS CSV export"), doctype=log.doctype, docname=log.name
			)

		job.progress = progress
		with tempfile.TemporaryFile() as target:
			counts = job.write(target)
			target.seek(0)
			file = frappe.get_doc(
				{
					"doctype": "File",
					"file_name": f"hmis-csv-{job.version.lower()}-{log.from_date}-{log.to_date}.zip",
					"attached_to_doctype": log.doctype,
					"attached_to_name": log.name,
					"attached_to_field": "export_file",
					"is_private": 1,
					"content": target.read(),
				}
			).insert(ignore_permissions=True)
		log.db_set(
			{
				"status": "Completed",
				"export_file": file.file_url,
				"rows_written": json.dumps(with_left_out(counts, job.left_out), indent=1),
			}
		)
	except Exception:
		log.db_set({"status": "Failed", "error": frappe.get_traceback()[-1000:]})
		frappe.log_error(title=_("HMIS CSV export {0} failed").format(export))
		raise


def with_left_out(counts: dict, left_out: dict) -> dict:
	"""The rows written, and what the chosen version had no code for (so the count explains itself)."""
	return (
		{**counts, _("Left out (no code in this HMIS CSV version)"): dict(left_out)} if left_out else counts
	)


def hash_status_code(label: str | None) -> int:
	"""Export.csv's HashStatus for the hashing chosen (HUD list 1.5; unhashed when none is)."""
	from cas_coordinated_access.rules import hmis_hash, hud

	return hud.code_for(hmis_hash.HASH_STATUS, label) or hmis_hash.UNHASHED
