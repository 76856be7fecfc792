# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from cas_coordinated_access.rules import scoring
from cas_coordinated_access.utils import enforce_rules

ALL_HOUSEHOLDS = "All Households"


class CASQuestionSet(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from cas_coordinated_access.coordinated_access.doctype.cas_assessment_recommendation.cas_assessment_recommendation import (
			CASAssessmentRecommendation,
		)
		from cas_coordinated_access.coordinated_access.doctype.cas_question.cas_question import CASQuestion
		from cas_coordinated_access.coordinated_access.doctype.cas_question_option.cas_question_option import (
			CASQuestionOption,
		)

		answer_options: DF.Table[CASQuestionOption]
		description: DF.SmallText | None
		for_imported: DF.Check
		is_default: DF.Check
		kind: DF.Literal["Crisis Assessment", "Housing Conversation Tool"]
		question_set_name: DF.Data
		questions: DF.Table[CASQuestion]
		recommendations: DF.Table[CASAssessmentRecommendation]
	# end: auto-generated types

	def validate(self):
		if self.for_imported:
			# Answers from another HMIS are kept as they were recorded: nothing here is scored.
			self.is_default = 0
			return
		codes = [question.code for question in self.questions]
		unknown = sorted({option.question_code for option in self.answer_options} - set(codes))
		if unknown:
			frappe.throw(
				_("Answer options name questions this set does not have: {0}.").format(", ".join(unknown)),
				title=_("Unknown question"),
			)
		without_options = [
			code for code in codes if code not in {o.question_code for o in self.answer_options}
		]
		if without_options:
			frappe.throw(
				_("Give every question at least one answer option: {0}.").format(", ".join(without_options)),
				title=_("Question without answers"),
			)
		with enforce_rules():
			scoring.question_set_from_dict(self.as_rule_data())

	def on_update(self):
		if self.is_default:
			# One default per kind: this one replaces the previous default.
			frappe.db.set_value(
				"CAS Question Set",
				{"kind": self.kind, "is_default": 1, "name": ("!=", self.name)},
				"is_default",
				0,
			)

	def as_rule_data(self) -> dict:
		"""The set as the scoring rules read it (rules/scoring.py)."""
		options: dict[str, list[dict]] = {}
		for option in self.answer_options:
			options.setdefault(option.question_code, []).append(
				{"label": option.option, "points": option.points, "evh_factor": option.evh_factor or None}
			)
		return {
			"name": self.name or self.question_set_name,
			"kind": self.kind,
			"questions": [
				{
					"code": question.code,
					"text": question.question,
					"section": question.section,
					"household_types": []
					if question.applies_to in (None, "", ALL_HOUSEHOLDS)
					else [question.applies_to],
					"required": bool(question.required),
					"options": options.get(question.code, []),
				}
				for question in self.questions
			],
			"recommendations": [
				{
					"outcome": rec.outcome,
					"min_score": rec.min_score or None,
					"any_answers": parse_answers(rec.any_answers),
					"require_evh": bool(rec.require_evh),
				}
				for rec in self.recommendations
			],
		}


def parse_answers(text: str | None) -> list[list[str]]:
	"""'CODE: Answer' per line, as the recommendation table holds them."""
	pairs = []
	for line in (text or "").splitlines():
		if line.strip():
			code, _sep, answer = line.partition(":")
			pairs.append([code.strip(), answer.strip()])
	return pairs
