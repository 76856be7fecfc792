# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt

from cas_coordinated_access.rules import crisis
from cas_coordinated_access.utils.assessment import CRISIS_NEEDS, Assessment

OUTCOME_FIELDS = {
	"Shelter Referral": "shelter_referral_needed",
	"PSAP Eligible": "psap_eligible",
	"Case Management Referral": "case_management_referral",
}


class CASCrisisAssessment(Assessment):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from cas_coordinated_access.coordinated_access.doctype.cas_assessment_answer.cas_assessment_answer import (
			CASAssessmentAnswer,
		)
		from cas_coordinated_access.coordinated_access.doctype.cas_assessment_section_score.cas_assessment_section_score import (
			CASAssessmentSectionScore,
		)

		agency: DF.Link | None
		amended_from: DF.Link | None
		answers: DF.Table[CASAssessmentAnswer]
		assessment_date: DF.Date
		assessment_level: DF.Literal["", "Crisis Needs Assessment", "Housing Needs Assessment"]
		assessment_location: DF.Data
		assessment_type: DF.Literal["Phone", "Virtual", "In Person"]
		case_management_referral: DF.Check
		client: DF.Link | None
		client_agency: DF.Link | None
		client_name: DF.Data | None
		enrollment: DF.Link
		evh_reasons: DF.SmallText | None
		evh_threshold: DF.Int
		household_type: DF.Data | None
		is_evh: DF.Check
		is_protected: DF.Check
		member: DF.Link | None
		prioritization_status: DF.Literal[
			"Placed on prioritization list", "Not placed on prioritization list"
		]
		psap_eligible: DF.Check
		question_set: DF.Link
		recommendation_reasons: DF.SmallText | None
		section_scores: DF.Table[CASAssessmentSectionScore]
		shelter_referral_needed: DF.Check
		total_score: DF.Int
	# end: auto-generated types

	kind = "Crisis Assessment"
	level = CRISIS_NEEDS

	def after_compute(self, question_set, result, outcome):
		"""Shelter referral, PSAP eligibility and case management follow the set's recommendation rules."""
		recommended = crisis.recommend(
			question_set.recommendations, result, self.answer_map(), outcome.is_evh
		)
		for outcome_name, fieldname in OUTCOME_FIELDS.items():
			self.set(fieldname, int(outcome_name in recommended))
		self.recommendation_reasons = "\n".join(
			f"{outcome_name}: {reason}" for outcome_name, reasons in recommended.items() for reason in reasons
		)
