# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt

import frappe

from cas_coordinated_access.rules import living_situation as rules
from cas_coordinated_access.utils import enforce_rules
from cas_coordinated_access.utils.household_record import HouseholdRecord

FOLLOW_UPS = ("cls_subsidy_type", "leave_situation_14_days", *rules.LEAVE_FOLLOW_UPS)


class CASCurrentLivingSituation(HouseholdRecord):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		agency: DF.Link | None
		client: DF.Link | None
		client_agency: DF.Link | None
		client_name: DF.Data | None
		cls_subsidy_type: DF.Literal[
			"",
			"VASH housing subsidy",
			"Rental by client, with other ongoing housing subsidy",
			"GPD TIP housing subsidy",
			"RRH or equivalent subsidy",
			"HCV voucher (tenant or project based) (not dedicated)",
			"Public housing unit",
			"Housing Stability Voucher",
			"Family Unification Program Voucher (FUP)",
			"Foster Youth to Independence Initiative (FYI)",
			"Permanent Supportive Housing",
			"Other permanent housing dedicated for formerly homeless persons",
		]
		enrollment: DF.Link
		information_date: DF.Date
		is_protected: DF.Check
		lease_own_60_day: DF.Literal[
			"", "No", "Yes", "Client doesn\u2019t know", "Client prefers not to answer", "Data not collected"
		]
		leave_situation_14_days: DF.Literal[
			"", "No", "Yes", "Client doesn\u2019t know", "Client prefers not to answer", "Data not collected"
		]
		living_situation: DF.Literal[
			"",
			"Emergency shelter, including hotel or motel paid for with emergency shelter voucher, Host Home shelter",
			"Place not meant for habitation (e.g., a vehicle, an abandoned building, bus/train/subway station/airport or anywhere outside)",
			"Safe Haven",
			"Psychiatric hospital or other psychiatric facility",
			"Substance abuse treatment facility or detox center",
			"Hospital or other residential non-psychiatric medical facility",
			"Jail, prison, or juvenile detention facility",
			"Foster care home or foster care group home",
			"Long-term care facility or nursing home",
			"Transitional housing for homeless persons (including homeless youth)",
			"Hotel or motel paid for without emergency shelter voucher",
			"Residential project or halfway house with no homeless criteria",
			"Host Home (non-crisis)",
			"Staying or living in a family member\u2019s room, apartment, or house",
			"Staying or living in a friend\u2019s room, apartment, or house",
			"Rental by client, no ongoing housing subsidy",
			"Owned by client, no ongoing housing subsidy",
			"Owned by client, with ongoing housing subsidy",
			"Rental by client, with ongoing housing subsidy",
			"Client doesn\u2019t know",
			"Client prefers not to answer",
			"Other",
			"Worker unable to determine",
			"Data not collected",
		]
		location_address: DF.SmallText | None
		location_details: DF.SmallText | None
		member: DF.Link | None
		moved_two_or_more: DF.Literal[
			"", "No", "Yes", "Client doesn\u2019t know", "Client prefers not to answer", "Data not collected"
		]
		resources_to_obtain: DF.Literal[
			"", "No", "Yes", "Client doesn\u2019t know", "Client prefers not to answer", "Data not collected"
		]
		subsequent_residence: DF.Literal[
			"", "No", "Yes", "Client doesn\u2019t know", "Client prefers not to answer", "Data not collected"
		]
		verified_by: DF.Data | None
	# end: auto-generated types

	date_field = "information_date"

	def validate(self):
		self.set_household_facts()
		# HUD: a follow-up stays empty unless the answer it follows asks for it.
		asked = rules.applicable_fields(self.living_situation, self.leave_situation_14_days)
		for fieldname in FOLLOW_UPS:
			if fieldname not in asked:
				self.set(fieldname, None)
		with enforce_rules():
			# The location is the CAS's own requirement of the assessor's form; a CLS from another HMIS comes
			# as HUD allows it (LocationDetails nullable), and the import tells staff which lack one.
			if not frappe.flags.cas_hmis_import:
				rules.check_location(self.location_address, self.location_map, self.location_details)
			rules.check_subsidy_type(self.living_situation, self.cls_subsidy_type)
