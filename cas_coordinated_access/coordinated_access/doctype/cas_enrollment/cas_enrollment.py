# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import format_date, getdate

from cas_coordinated_access import permissions
from cas_coordinated_access.constants import HOUSEHOLD_RECORD_DOCTYPES
from cas_coordinated_access.rules import enrollment as rules
from cas_coordinated_access.rules import household, hud
from cas_coordinated_access.utils import circumstances, enforce_rules, get_settings, latest_today
from cas_coordinated_access.utils.escaping import PrintsAsText


class CASEnrollment(PrintsAsText):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from cas_coordinated_access.coordinated_access.doctype.cas_due_item.cas_due_item import CASDueItem
		from cas_coordinated_access.coordinated_access.doctype.cas_household_member.cas_household_member import (
			CASHouseholdMember,
		)

		agency: DF.Link | None
		client: DF.Link
		client_agency: DF.Link | None
		client_name: DF.Data | None
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
			"No", "Yes", "Client doesn\u2019t know", "Client prefers not to answer", "Data not collected"
		]
		due_items: DF.Table[CASDueItem]
		enrollment_coc: DF.Data | None
		entry_date: DF.Date
		evh_score: DF.Int
		evh_since: DF.Date | None
		exit_date: DF.Date | None
		homeless_since: DF.Date | None
		household_members: DF.Table[CASHouseholdMember]
		household_size: DF.Int
		household_type: DF.Literal[
			"", "Individual Adult", "Family with Children", "Adults Only", "Unaccompanied Youth", "Unknown"
		]
		is_evh: DF.Check
		is_protected: DF.Check
		last_accepted_on: DF.Datetime | None
		last_accepted_referral: DF.Link | None
		latest_assessment: DF.DynamicLink | None
		latest_assessment_type: DF.Link | None
		other_destination: DF.Data | None
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
		program: DF.Link
		queue_tie_breaker: DF.Float
		status: DF.Literal["Open", "Exited"]
	# end: auto-generated types

	def validate(self):
		program = frappe.db.get_value("CAS Program", self.program, ["agency", "coc_code"], as_dict=True)
		# The agency follows the program; a value sent by the client is never trusted.
		self.agency = program.agency if program else None
		self.enrollment_coc = self.enrollment_coc or (program and program.coc_code) or get_settings().coc_code
		self.status = "Exited" if self.exit_date else "Open"
		self.add_head_of_household()
		with enforce_rules():
			rules.check_dates(self.get_date("entry_date"), self.get_date("exit_date"), latest_today())
			rules.check_exit(
				self.get_date("exit_date"),
				self.destination,
				self.destination_subsidy_type,
				self.other_destination,
				describe_other=not frappe.flags.cas_hmis_import,
			)
			household.check_members(
				self.client,
				[household.Member(m.client, m.relationship_to_hoh) for m in self.household_members],
			)
		self.set_household_facts()
		permissions.ensure_visible(self)
		self.check_no_other_open_enrollment()
		circumstances.check_enrollment_disabling(self)

	def on_update(self):
		from cas_coordinated_access.utils import follow_ups

		if frappe.flags.cas_hmis_import:
			return  # the import refreshes each household once, when all of it is written
		if not follow_ups.refresh_later(self.name):
			follow_ups.refresh(self.name)

	def get_date(self, fieldname: str):
		value = self.get(fieldname)
		return getdate(value) if value else None

	def add_head_of_household(self):
		"""HUD 3.15: the head of household is a member too, with the relationship 'Self'."""
		if not self.client or any(member.client == self.client for member in self.household_members):
			return
		self.append(
			"household_members",
			{
				"client": self.client,
				"relationship_to_hoh": hud.label_for(hud.RELATIONSHIP_TO_HOH, hud.SELF_HEAD_OF_HOUSEHOLD),
			},
		)
		# The head of household leads the table.
		self.household_members.insert(0, self.household_members.pop())
		for index, member in enumerate(self.household_members, start=1):
			member.idx = index

	def set_household_facts(self):
		"""Ages, names and protection come from the client records as they are now, never from the form."""
		clients = {
			client.name: client
			for client in frappe.get_all(
				"CAS Client",
				filters={"name": ("in", [member.client for member in self.household_members])},
				fields=["name", "date_of_birth", "display_name", "agency", "is_protected"],
			)
		}
		self.apply_household_facts(clients)

	def apply_household_facts(self, clients: dict):
		"""The household's facts from its members' client records ({name: client}; an HMIS import passes
		the clients it has staged, not yet written)."""
		entry_date = self.get_date("entry_date")
		ages = []
		for member in self.household_members:
			client = clients.get(member.client) or frappe._dict()
			member.client_name = client.display_name
			# A protected member's birth date stays on their own record, which only the holding agency sees.
			member.date_of_birth = None if client.is_protected else client.date_of_birth
			age = household.age_on(
				getdate(client.date_of_birth) if client.date_of_birth else None, entry_date
			)
			member.age_at_entry = age or 0
			ages.append(age)
		head = clients.get(self.client) or frappe._dict()
		self.client_name = head.display_name
		self.client_agency = head.agency
		self.is_protected = int(any(client.is_protected for client in clients.values()))
		self.household_type = household.household_type(ages, get_settings().youth_age_limit)
		self.household_size = len(self.household_members)

	def refresh_household_facts(self):
		"""Called when a member's record changes: update what this household copies from its clients."""
		self.set_household_facts()
		self.db_update()
		for member in self.household_members:
			member.db_update()
		for doctype in HOUSEHOLD_RECORD_DOCTYPES:
			frappe.db.set_value(
				doctype,
				{"enrollment": self.name},
				{
					"client_name": self.client_name,
					"client_agency": self.client_agency,
					"is_protected": self.is_protected,
				},
				update_modified=False,
			)
		# Services name the member they went to: a newly protected member is shown by pseudonym there too.
		for member in self.household_members:
			frappe.db.set_value(
				"CAS Service",
				{"enrollment": self.name, "member": member.client},
				"member_name",
				member.client_name,
				update_modified=False,
			)

	def check_no_other_open_enrollment(self):
		"""A person cannot hold two open enrollments in the same program, as head or as member."""
		if self.exit_date:
			return
		member = frappe.qb.DocType("CAS Household Member")
		enrollment = frappe.qb.DocType("CAS Enrollment")
		clash = (
			frappe.qb.from_(member)
			.join(enrollment)
			.on(enrollment.name == member.parent)
			.select(member.client_name, member.client, enrollment.name, enrollment.entry_date)
			.where(member.parenttype == "CAS Enrollment")
			.where(member.client.isin([m.client for m in self.household_members]))
			.where(enrollment.program == self.program)
			.where(enrollment.exit_date.isnull())
			.where(enrollment.name != (self.name or ""))
			.limit(1)
		).run(as_dict=True)
		if clash:
			clash = clash[0]
			frappe.throw(
				_(
					"{0} already has an open enrollment in {1}: {2}, since {3}. Work in that enrollment, or exit"
					" it before enrolling again."
				).format(
					frappe.bold(clash.client_name or clash.client),
					frappe.bold(self.program),
					clash.name,
					format_date(clash.entry_date),
				),
				title=_("Already enrolled"),
			)
