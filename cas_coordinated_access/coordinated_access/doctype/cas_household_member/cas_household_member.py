# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt

# import frappe
from cas_coordinated_access.permissions import ScopedChildRow


class CASHouseholdMember(ScopedChildRow):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		age_at_entry: DF.Int
		client: DF.Link
		client_name: DF.Data | None
		date_of_birth: DF.Date | None
		date_of_engagement: DF.Date | None
		destination: DF.Literal[
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
			"Staying or living with family, temporary tenure (e.g. room, apartment, or house)",
			"Staying or living with friends, temporary tenure (e.g. room, apartment, or house)",
			"Hotel or motel paid for without emergency shelter voucher",
			"Moved from one HOPWA funded project to HOPWA TH",
			"Residential project or halfway house with no homeless criteria",
			"Host Home (non-crisis)",
			"Rental by client, no ongoing housing subsidy",
			"Owned by client, no ongoing housing subsidy",
			"Owned by client, with ongoing housing subsidy",
			"Staying or living with family, permanent tenure",
			"Staying or living with friends, permanent tenure",
			"Moved from one HOPWA funded project to HOPWA PH",
			"Rental by client, with ongoing housing subsidy",
			"Client doesn\u2019t know",
			"Client prefers not to answer",
			"Other",
			"Deceased",
			"No exit interview completed",
			"Data not collected",
		]
		destination_subsidy_type: DF.Literal[
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
		disabling_condition: DF.Literal[
			"", "No", "Yes", "Client doesn\u2019t know", "Client prefers not to answer", "Data not collected"
		]
		enrollment_coc: DF.Data | None
		entry_date: DF.Date | None
		exit_date: DF.Date | None
		homeless_since: DF.Date | None
		length_of_stay: DF.Literal[
			"",
			"One week or more, but less than one month",
			"One month or more, but less than 90 days",
			"90 days or more but less than one year",
			"One year or longer",
			"One night or less",
			"Two to six nights",
			"Client doesn\u2019t know",
			"Client prefers not to answer",
			"Data not collected",
		]
		los_under_threshold: DF.Literal["", "No", "Yes", "Data not collected"]
		months_homeless_past_three_years: DF.Literal[
			"",
			"1",
			"2",
			"3",
			"4",
			"5",
			"6",
			"7",
			"8",
			"9",
			"10",
			"11",
			"12",
			"More than 12 months",
			"Client doesn\u2019t know",
			"Client prefers not to answer",
			"Data not collected",
		]
		move_in_date: DF.Date | None
		other_destination: DF.Data | None
		own_enrollment_data: DF.Check
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		previous_street_essh: DF.Literal["", "No", "Yes", "Data not collected"]
		prior_living_situation: DF.Literal[
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
			"Data not collected",
		]
		relationship_to_hoh: DF.Literal[
			"",
			"Self (Head of Household)",
			"Head of household\u2019s child",
			"Head of household\u2019s spouse or partner",
			"Head of household\u2019s other relation member",
			"Other: non-relation member",
			"Data not collected",
		]
		rental_subsidy_type: DF.Literal[
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
		times_homeless_past_three_years: DF.Literal[
			"",
			"One time",
			"Two times",
			"Three times",
			"Four or more times",
			"Client doesn\u2019t know",
			"Client prefers not to answer",
			"Data not collected",
		]
	# end: auto-generated types
	pass
