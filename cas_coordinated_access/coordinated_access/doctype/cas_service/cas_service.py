# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils import flt, getdate

from cas_coordinated_access import permissions
from cas_coordinated_access.rules import enrollment as enrollment_rules
from cas_coordinated_access.rules import services as rules
from cas_coordinated_access.utils import enforce_rules, latest_today
from cas_coordinated_access.utils.household_record import HouseholdRecord


class CASService(HouseholdRecord):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		agency: DF.Link | None
		client: DF.Link | None
		client_agency: DF.Link | None
		client_name: DF.Data | None
		end_date: DF.Date | None
		enrollment: DF.Link
		financial_assistance_amount: DF.Currency
		financial_assistance_end: DF.Date | None
		financial_assistance_start: DF.Date | None
		hud_record_type: DF.Data | None
		is_protected: DF.Check
		member: DF.Link
		member_name: DF.Data | None
		note: DF.SmallText | None
		provided_by: DF.Link | None
		provided_by_agency: DF.Link | None
		quantity: DF.Float
		referral_outcome: DF.Literal["", "Attained", "Not attained", "Unknown"]
		service_category: DF.Data | None
		service_date: DF.Date
		service_type: DF.Link
		unit: DF.Data | None
	# end: auto-generated types

	date_field = "service_date"

	def before_validate(self):
		# A service recorded from the form without a member goes to the head of household.
		if not self.member and self.enrollment:
			self.member = frappe.db.get_value("CAS Enrollment", self.enrollment, "client")

	def validate(self):
		self.set_household_facts()
		self.set_service_facts()
		self.set_provider()

	def set_service_facts(self):
		"""The member's display name and the type's category, unit and HUD record type come from their
		records, never from the form; the rules decide the rest."""
		service_type = self.get_service_type()
		self.service_category, self.unit = service_type.service_category, service_type.unit
		self.hud_record_type = service_type.hud_record_type
		household = self.get_household()
		start = getdate(self.service_date) if self.service_date else None
		end = getdate(self.end_date) if self.end_date else None
		with enforce_rules():
			rules.check_member(self.member, household)
			if self.is_new() or self.has_value_changed("service_type"):
				rules.check_type_enabled(self.service_type, service_type.disabled)
			rules.check_dates(start, end)
			if end:
				enrollment = self.get_enrollment()
				enrollment_rules.check_record_date(
					end,
					getdate(enrollment.entry_date),
					getdate(enrollment.exit_date) if enrollment.exit_date else None,
					latest_today(),
				)
			codes = rules.hud_codes(service_type.hud_record_type, service_type.hud_type_provided)
			self.quantity = rules.quantity_for(codes and codes[0], start, end, flt(self.quantity))
			rules.check_quantity(self.quantity)
			rules.check_assistance(
				codes and codes[0],
				self.financial_assistance_amount,
				getdate(self.financial_assistance_start) if self.financial_assistance_start else None,
				getdate(self.financial_assistance_end) if self.financial_assistance_end else None,
				self.referral_outcome,
			)
		self.member_name = household[self.member]

	def set_provider(self):
		"""Who provided the service: the author and the agency they act for. An administrator may record it
		for another agency; anyone else only for an agency they work in."""
		viewer = permissions.get_viewer()
		if self.is_new() and not self.provided_by:
			self.provided_by = frappe.session.user
		if not self.provided_by_agency:
			self.provided_by_agency = permissions.acting_agency(viewer.user) or self.agency
		elif (
			self.has_value_changed("provided_by_agency")
			and not viewer.is_admin
			and self.provided_by_agency not in viewer.agencies | {self.agency}
		):
			frappe.throw(
				_("You can record services only as provided by the agencies you work in."),
				frappe.PermissionError,
				title=_("Not your agency"),
			)

	def refresh_follow_ups(self):
		pass  # a service changes nothing that is due in the enrollment

	def get_household(self) -> dict[str, str]:
		"""The household's members: {client: the name records show for them}."""
		if getattr(self, "_household", None) is None:
			self._household = dict(
				frappe.get_all(
					"CAS Household Member",
					filters={"parenttype": "CAS Enrollment", "parent": self.enrollment},
					fields=["client", "client_name"],
					order_by="idx",
					as_list=True,
				)
			)
		return self._household

	def get_service_type(self) -> frappe._dict:
		if getattr(self, "_service_type", None) is None:
			self._service_type = frappe.db.get_value(
				"CAS Service Type",
				self.service_type,
				["service_category", "unit", "disabled", "hud_record_type", "hud_type_provided"],
				as_dict=True,
			)
			if not self._service_type:
				frappe.throw(
					_("Service type {0} does not exist.").format(self.service_type), frappe.DoesNotExistError
				)
		return self._service_type
