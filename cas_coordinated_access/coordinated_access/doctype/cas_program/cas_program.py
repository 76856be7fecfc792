# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt

from frappe.model.document import Document
from frappe.utils import getdate

from cas_coordinated_access.rules import program as rules
from cas_coordinated_access.utils import enforce_rules, get_settings
from cas_coordinated_access.utils.escaping import PrintsAsText


class CASProgram(PrintsAsText):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		accepts_queue_referrals: DF.Check
		agency: DF.Link
		capacity: DF.Int
		coc_code: DF.Data | None
		continuum_project: DF.Check
		operating_end_date: DF.Date | None
		operating_start_date: DF.Date
		program_category: DF.Literal[
			"Coordinated Entry",
			"Emergency Shelter",
			"Transitional Housing",
			"Rapid Re-Housing",
			"Permanent Supportive Housing",
			"Other Permanent Housing",
			"Homelessness Prevention",
			"Problem Solving / Diversion",
			"Street Outreach",
			"Services Only",
			"Other",
		]
		program_name: DF.Data
		project_type: DF.Literal[
			"",
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
		requires_chronic: DF.Check
		rrh_sub_type: DF.Literal["", "RRH: Services Only", "RRH: Housing with or without services"]
		serves_adults_only: DF.Check
		serves_families_with_children: DF.Check
		serves_individual_adults: DF.Check
		serves_unaccompanied_youth: DF.Check
		veteran_only: DF.Check
		youth_only: DF.Check
	# end: auto-generated types

	def validate(self):
		self.coc_code = (self.coc_code or get_settings().coc_code or "").upper() or None
		with enforce_rules():
			rules.check_coc_code(self.coc_code)
			rules.check_operating_dates(
				getdate(self.operating_start_date),
				getdate(self.operating_end_date) if self.operating_end_date else None,
			)
			rules.check_rrh_subtype(self.project_type, self.rrh_sub_type)
			rules.check_household_types(
				bool(self.accepts_queue_referrals),
				[
					bool(self.serves_individual_adults),
					bool(self.serves_adults_only),
					bool(self.serves_families_with_children),
					bool(self.serves_unaccompanied_youth),
				],
			)
