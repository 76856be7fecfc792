# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt

from frappe.model.document import Document

from cas_coordinated_access.utils.documents import forget_requirements


class CASDocumentType(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from cas_coordinated_access.coordinated_access.doctype.cas_document_program_type.cas_document_program_type import (
			CASDocumentProgramType,
		)

		applies_to: DF.Literal[
			"Head of Household", "Every Adult", "Every Member", "Veterans", "Members with a Disability"
		]
		description: DF.SmallText | None
		disabled: DF.Check
		document_type_name: DF.Data
		program_types: DF.Table[CASDocumentProgramType]
		required_for_every_program: DF.Check
		required_for_veteran_programs: DF.Check
	# end: auto-generated types

	def validate(self):
		# A project type listed twice would read as two rules; keep the first.
		seen = set()
		for row in list(self.program_types):
			if row.project_type in seen:
				self.remove(row)
			seen.add(row.project_type)

	def on_update(self):
		forget_requirements()

	def on_trash(self):
		forget_requirements()
