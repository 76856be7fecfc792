# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt

from frappe.model.document import Document

from cas_coordinated_access.rules import settings as rules
from cas_coordinated_access.utils import enforce_rules


class CASSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from cas_coordinated_access.coordinated_access.doctype.cas_holiday.cas_holiday import CASHoliday
		from cas_coordinated_access.coordinated_access.doctype.cas_prioritization_criterion.cas_prioritization_criterion import (
			CASPrioritizationCriterion,
		)

		cls_stale_after_days: DF.Int
		coc_code: DF.Data | None
		evh_alert_by: DF.Literal["Notification", "Assignment"]
		evh_alert_role: DF.Link | None
		evh_threshold_family: DF.Int
		evh_threshold_individual: DF.Int
		evh_threshold_other: DF.Int
		holidays: DF.Table[CASHoliday]
		isp_due_business_days: DF.Int
		prioritization_order: DF.Table[CASPrioritizationCriterion]
		referral_response_days: DF.Int
		youth_age_limit: DF.Int
	# end: auto-generated types

	def validate(self):
		with enforce_rules():
			rules.check(self.as_dict())
