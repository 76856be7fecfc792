# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt

from frappe.model.document import Document

from cas_coordinated_access.rules import services as rules
from cas_coordinated_access.utils import enforce_rules


class CASServiceType(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		description: DF.SmallText | None
		disabled: DF.Check
		full_name: DF.Data | None
		hud_record_type: DF.Literal[
			"",
			"PATH service",
			"RHY service connections",
			"HOPWA service",
			"SSVF service",
			"HOPWA financial assistance",
			"SSVF financial assistance",
			"PATH referral",
			"Bed night",
			"HUD-VASH OTH voucher tracking",
			"Moving On assistance provided",
		]
		hud_type_provided: DF.Literal[
			"",
			"Re-engagement",
			"Screening",
			"Habilitation/rehabilitation",
			"Community mental health",
			"Substance use treatment",
			"Case management",
			"Residential supportive services",
			"Housing minor renovation",
			"Housing moving assistance",
			"Housing eligibility determination",
			"Security deposits",
			"One-time rent for eviction prevention",
			"Clinical assessment",
			"Community service/service learning (CSL)",
			"Education",
			"Employment and/or training services",
			"Criminal justice /legal services",
			"Life skills training",
			"Parenting education for youth with children",
			"Post-natal care for client (person who gave birth)",
			"Pre-natal care",
			"Health/medical care",
			"Substance use disorder treatment",
			"Substance use disorder Ed/Prevention Services",
			"Home-based Services",
			"Post-natal newborn care (wellness exams; immunizations)",
			"STD Testing",
			"Street-based Services",
			"Adult day care and personal assistance",
			"Child care",
			"Criminal justice/legal services",
			"Employment and training services",
			"Food/meals/nutritional services",
			"Mental health care/counseling",
			"Outreach and/or engagement",
			"Substance use services/treatment",
			"Transportation",
			"Other HOPWA funded service",
			"Outreach services",
			"Case management services",
			"Assistance obtaining VA benefits",
			"Assistance obtaining/coordinating other public benefits",
			"Direct provision of other public benefits",
			"Other (non-TFA) supportive service approved by VA",
			"Shallow Subsidy",
			"Returning Home",
			"Rapid Resolution",
			"Healthcare Navigation",
			"Rental assistance",
			"Utility deposits",
			"Utility payments",
			"Mortgage assistance",
			"Security deposit",
			"Utility deposit",
			"Utility fee payment assistance",
			"Moving costs",
			"Transportation services: tokens/vouchers",
			"Transportation services: vehicle repair/maintenance",
			"General housing stability assistance - emergency supplies [Deprecated]",
			"General housing stability assistance",
			"Emergency housing assistance",
			"Shallow Subsidy - Financial Assistance",
			"Food Assistance",
			"Landlord Incentive",
			"Tenant Incentive",
			"Primary health/dental care",
			"Job training",
			"Educational services",
			"Housing services",
			"Permanent housing",
			"Income assistance",
			"Employment assistance",
			"Medical insurance",
			"Temporary housing",
			"BedNight",
			"Referral package forwarded to PHA",
			"Voucher denied by PHA",
			"Voucher issued by PHA",
			"Voucher revoked or expired",
			"Voucher in use \u2013 veteran moved into housing",
			"Voucher was ported locally",
			"Voucher was administratively absorbed by new PHA",
			"Voucher was converted to Housing Choice Voucher",
			"Veteran exited \u2013 voucher was returned",
			"Veteran exited \u2013 family maintained the voucher",
			"Veteran exited \u2013 prior to ever receiving a voucher",
			"Other",
			"Subsidized housing application assistance",
			"Financial assistance for Moving On",
			"Non-financial assistance for Moving On",
			"Housing referral/placement",
			"Other (please specify)",
		]
		service_category: DF.Data
		service_name: DF.Data
		unit: DF.Data | None
	# end: auto-generated types

	def before_naming(self):
		# The name is the full name ("Category: Service Name"), known before Frappe names the record.
		self.set_full_name()

	def validate(self):
		self.set_full_name()
		if not self.hud_record_type:
			self.hud_type_provided = None
		with enforce_rules():
			rules.check_hud_type(self.hud_record_type, self.hud_type_provided)

	def set_full_name(self):
		with enforce_rules():
			self.full_name = rules.full_name(self.service_category, self.service_name)
