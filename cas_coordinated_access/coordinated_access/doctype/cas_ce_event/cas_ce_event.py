# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt

import frappe
from frappe.utils import getdate

from cas_coordinated_access.rules import ce_event as rules
from cas_coordinated_access.utils import enforce_rules
from cas_coordinated_access.utils.household_record import HouseholdRecord


class CASCEEvent(HouseholdRecord):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		agency: DF.Link | None
		client: DF.Link | None
		client_agency: DF.Link | None
		client_name: DF.Data | None
		enrollment: DF.Link
		event: DF.Literal[
			"",
			"Referral to Prevention Assistance project",
			"Problem Solving/Diversion/Rapid Resolution intervention or service",
			"Referral to scheduled Coordinated Entry Crisis Needs Assessment",
			"Referral to scheduled Coordinated Entry Housing Needs Assessment",
			"Referral to Post-placement/ follow-up case management",
			"Referral to Street Outreach project or services",
			"Referral to Housing Navigation project or services",
			"Referral to Non-continuum services: Ineligible for continuum services",
			"Referral to Non-continuum services: No availability in continuum services",
			"Referral to Emergency Shelter bed opening",
			"Referral to Transitional Housing bed/unit opening",
			"Referral to Joint TH-RRH project/unit/resource opening",
			"Referral to RRH project resource opening",
			"Referral to PSH project resource opening",
			"Referral to Other PH project/unit/resource opening",
			"Referral to emergency assistance/flex fund/furniture assistance",
			"Referral to Emergency Housing Voucher (EHV)",
			"Referral to a Housing Stability Voucher",
		]
		event_date: DF.Date
		is_protected: DF.Check
		location_crisis_or_ph_housing: DF.Data | None
		member: DF.Link | None
		prob_sol_div_rr_result: DF.Literal["", "No", "Yes", "Data not collected"]
		reference_doctype: DF.Link | None
		reference_name: DF.DynamicLink | None
		referral_case_manage_after: DF.Literal["", "No", "Yes", "Data not collected"]
		referral_result: DF.Literal[
			"",
			"Successful referral: client accepted",
			"Unsuccessful referral: client rejected",
			"Unsuccessful referral: provider rejected",
		]
		result_date: DF.Date | None
	# end: auto-generated types

	date_field = "event_date"

	def validate(self):
		self.set_household_facts()
		with enforce_rules():
			rules.check_dependent_fields(self.event, self.as_dict())
			if self.records_a_new_event() and not frappe.flags.cas_hmis_import:
				# History from another HMIS is kept as it was recorded there.
				rules.check_not_retired(self.event, getdate(self.event_date) if self.event_date else None)

	def records_a_new_event(self) -> bool:
		return self.is_new() or self.has_value_changed("event") or self.has_value_changed("event_date")
