# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt

from frappe.model.document import Document


class CASDocumentProgramType(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		project_type: DF.Literal[
			"Emergency Shelter \u2013 Entry Exit",
			"Emergency Shelter \u2013 Night-by-Night",
			"Transitional Housing",
			"PH \u2013 Permanent Supportive Housing",
			"Street Outreach",
			"Services Only",
			"Other",
			"Safe Haven",
			"PH \u2013 Housing Only",
			"PH \u2013 Housing with Services (no disability required for entry)",
			"Day Shelter",
			"Homelessness Prevention",
			"PH \u2013 Rapid Re-Housing",
			"Coordinated Entry",
		]
	# end: auto-generated types

	pass
