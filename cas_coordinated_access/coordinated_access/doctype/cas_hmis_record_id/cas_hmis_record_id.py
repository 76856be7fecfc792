# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt

# import frappe
from frappe.model.document import Document


class CASHMISRecordID(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		hmis_file: DF.Data | None
		hmis_id: DF.Data | None
		reference_doctype: DF.Link | None
		reference_name: DF.Data | None
		source: DF.Data | None
	# end: auto-generated types
	pass
