# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt

from frappe.model.document import Document
from frappe.utils import getdate, today

from cas_coordinated_access.rules import client as rules
from cas_coordinated_access.utils import enforce_rules

RACE_FIELDS = (
	"am_ind_ak_native",
	"asian",
	"black_af_american",
	"hispanic_latinaeo",
	"mid_east_n_african",
	"native_hi_pacific",
	"white",
)
GENDER_FIELDS = (
	"woman",
	"man",
	"culturally_specific",
	"non_binary",
	"transgender",
	"questioning",
	"different_identity",
)


class CASClient(Document):
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
		dob_data_quality: DF.Literal[
			"",
			"Full DOB reported",
			"Approximate or partial DOB reported",
			"Client doesn\u2019t know",
			"Client prefers not to answer",
			"Data not collected",
		]
		email: DF.Data | None
		first_name: DF.Data | None
		full_name: DF.Data | None
		gender_none: DF.Literal[
			"", "Client doesn\u2019t know", "Client prefers not to answer", "Data not collected"
		]
		hispanic_latinaeo: DF.Check
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
		self.full_name = rules.full_name(self.first_name, self.middle_name, self.last_name, self.name_suffix)
		self.ssn = (self.ssn or "").strip().replace("-", "") or None
		if not self.different_identity:
			self.different_identity_text = None
		self.set_missing_data_quality()
		date_of_birth = getdate(self.date_of_birth) if self.date_of_birth else None
		with enforce_rules():
			rules.check_name(self.first_name, self.last_name, self.name_data_quality)
			rules.check_date_of_birth(date_of_birth, self.dob_data_quality, getdate(today()))
			rules.check_ssn(self.ssn, self.ssn_data_quality)
			rules.check_none_answer(
				self.selected(RACE_FIELDS), self.race_none, self.meta.get_label("race_none")
			)
			rules.check_none_answer(
				self.selected(GENDER_FIELDS), self.gender_none, self.meta.get_label("gender_none")
			)

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
