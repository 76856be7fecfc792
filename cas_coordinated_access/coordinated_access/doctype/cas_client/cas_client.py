# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from cas_coordinated_access import permissions
from cas_coordinated_access.rules import client as rules
from cas_coordinated_access.utils import enforce_rules, latest_today
from cas_coordinated_access.utils.escaping import PrintsAsText

# What other records copy from a client; when one changes, the client's households are refreshed.
HOUSEHOLD_FACTS = ("display_name", "agency", "is_protected")

RACE_FIELDS, GENDER_FIELDS = rules.RACE_FIELDS, rules.GENDER_FIELDS


class CASClient(PrintsAsText):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		additional_race_ethnicity: DF.Data | None
		agency: DF.Link | None
		am_ind_ak_native: DF.Check
		asian: DF.Check
		black_af_american: DF.Check
		contact_notes: DF.SmallText | None
		culturally_specific: DF.Check
		date_of_birth: DF.Date | None
		different_identity: DF.Check
		different_identity_text: DF.Data | None
		display_name: DF.Data | None
		dob_data_quality: DF.Literal[
			"",
			"Full DOB reported",
			"Approximate or partial DOB reported",
			"Client doesn\u2019t know",
			"Client prefers not to answer",
			"Data not collected",
		]
		email: DF.Data | None
		evh_since: DF.Date | None
		first_name: DF.Data | None
		first_name_hash: DF.Data | None
		hash_status: DF.Literal[
			"", "SHA-1 (no longer used for federal purposes)", "Hashed \u2013 other", "SHA-256 (RHY)"
		]
		last_name_hash: DF.Data | None
		middle_name_hash: DF.Data | None
		ssn_hash: DF.Data | None
		full_name: DF.Data | None
		gender_none: DF.Literal[
			"", "Client doesn\u2019t know", "Client prefers not to answer", "Data not collected"
		]
		hispanic_latinaeo: DF.Check
		is_evh: DF.Check
		is_protected: DF.Check
		last_name: DF.Data | None
		man: DF.Check
		mid_east_n_african: DF.Check
		middle_name: DF.Data | None
		name_data_quality: DF.Literal[
			"",
			"Full name reported",
			"Partial, street name, or code name reported",
			"Client doesn\u2019t know",
			"Client prefers not to answer",
			"Data not collected",
		]
		name_suffix: DF.Data | None
		native_hi_pacific: DF.Check
		non_binary: DF.Check
		phone: DF.Data | None
		questioning: DF.Check
		race_none: DF.Literal[
			"", "Client doesn\u2019t know", "Client prefers not to answer", "Data not collected"
		]
		sex: DF.Literal[
			"",
			"Female",
			"Male",
			"Client doesn\u2019t know",
			"Client prefers not to answer",
			"Data not collected",
		]
		ssn: DF.Data | None
		ssn_data_quality: DF.Literal[
			"",
			"Full SSN reported",
			"Approximate or partial SSN reported",
			"Client doesn\u2019t know",
			"Client prefers not to answer",
			"Data not collected",
		]
		transgender: DF.Check
		veteran_status: DF.Literal[
			"No", "Yes", "Client doesn\u2019t know", "Client prefers not to answer", "Data not collected"
		]
		white: DF.Check
		woman: DF.Check
	# end: auto-generated types

	def validate(self):
		self.full_name = (
			rules.full_name(self.first_name, self.middle_name, self.last_name, self.name_suffix)
			or self.hashed_name()
		)
		self.set_holding_agency()
		self.check_protection_change()
		self.display_name = permissions.client_display_name(
			self.name, self.full_name, bool(self.is_protected)
		)
		self.ssn = (self.ssn or "").strip().replace("-", "") or None
		if not self.different_identity:
			self.different_identity_text = None
		self.set_missing_data_quality()
		date_of_birth = getdate(self.date_of_birth) if self.date_of_birth else None
		with enforce_rules():
			# A hashed name or SSN (from a hashed HMIS export) was reported: only not in clear.
			rules.check_name(
				self.first_name or self.first_name_hash,
				self.last_name or self.last_name_hash,
				self.name_data_quality,
			)
			rules.check_date_of_birth(date_of_birth, self.dob_data_quality, latest_today())
			rules.check_ssn(self.ssn, None if self.ssn_hash and not self.ssn else self.ssn_data_quality)
			rules.check_none_answer(
				self.selected(RACE_FIELDS), self.race_none, self.meta.get_label("race_none")
			)
			rules.check_none_answer(
				self.selected(GENDER_FIELDS), self.gender_none, self.meta.get_label("gender_none")
			)

	def hashed_name(self) -> str | None:
		"""What the client is called when an HMIS sent only hashes: plainly a hash (its first characters,
		to tell two apart), never shown as if it were a name."""
		parts = [part[:8] for part in (self.first_name_hash, self.last_name_hash) if part]
		return _("Hashed name {0}").format(" ".join(parts)) if parts else None

	def set_missing_data_quality(self):
		"""Answers left empty follow from what was entered; answers the assessor chose are kept."""
		self.name_data_quality = self.name_data_quality or rules.default_name_quality(
			self.first_name, self.last_name
		)
		self.dob_data_quality = self.dob_data_quality or rules.default_dob_quality(self.date_of_birth)
		self.ssn_data_quality = self.ssn_data_quality or rules.default_ssn_quality(self.ssn)
		self.race_none = rules.none_answer(self.selected(RACE_FIELDS), self.race_none)
		self.gender_none = rules.none_answer(self.selected(GENDER_FIELDS), self.gender_none)

	def selected(self, fieldnames: tuple[str, ...]) -> list[str]:
		return [fieldname for fieldname in fieldnames if self.get(fieldname)]

	def set_holding_agency(self):
		"""A new client belongs to the agency its author acts for (administrators may choose); only an
		administrator moves a client to another agency. A victim service provider's clients are protected."""
		viewer = permissions.get_viewer()
		if self.is_new():
			if not viewer.is_admin or not self.agency:
				self.agency = permissions.acting_agency(viewer.user)
			if not self.agency:
				frappe.throw(
					_(
						"You do not act for any agency yet. Ask a CAS administrator to add you to your agency."
					),
					frappe.PermissionError,
					title=_("No agency"),
				)
			if frappe.db.get_value("CAS Agency", self.agency, "victim_service_provider"):
				self.is_protected = 1
		elif self.has_value_changed("agency") and not viewer.is_admin:
			frappe.throw(
				_("Only a CAS administrator can move a client to another agency."),
				frappe.PermissionError,
				title=_("Holding agency"),
			)

	def check_protection_change(self):
		if self.is_new() or not self.has_value_changed("is_protected") or self.is_protected:
			return
		if not permissions.get_viewer().may_lift_protection:
			frappe.throw(
				_("Only a CAS Administrator can lift a client's protection."),
				frappe.PermissionError,
				title=_("Protected client"),
			)
		self.flags.protection_lifted = True

	def on_update(self):
		if self.flags.protection_lifted:
			self.add_comment("Info", _("Protection lifted by {0}.").format(frappe.session.user))
		if any(self.has_value_changed(field) for field in HOUSEHOLD_FACTS):
			self.refresh_households()

	def refresh_households(self):
		"""Households show the client's display name and protection: bring every one of them up to date."""
		enrollments = frappe.get_all(
			"CAS Household Member",
			filters={"client": self.name, "parenttype": "CAS Enrollment"},
			pluck="parent",
			distinct=True,
		)
		for name in enrollments:
			frappe.get_doc("CAS Enrollment", name).refresh_household_facts()
		# The client's documents show the same name (a pseudonym once protected).
		frappe.db.set_value(
			"CAS Client Document",
			{"client": self.name},
			"client_name",
			self.display_name,
			update_modified=False,
		)
