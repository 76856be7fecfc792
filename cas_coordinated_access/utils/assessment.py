"""What the Crisis Assessment and the Housing Conversation Tool share: HUD 4.19 fields, answers to a
question set, scores and EVH computed on the server, and what submitting one sets in motion."""

import frappe
from frappe import _
from frappe.utils import getdate

from cas_coordinated_access.rules import due as due_rules
from cas_coordinated_access.rules import evh, hud, scoring
from cas_coordinated_access.utils import circumstances, enforce_rules, get_settings
from cas_coordinated_access.utils.api import whitelist
from cas_coordinated_access.utils.household_record import HouseholdRecord

ASSESSMENT_LEVEL = "4.19.4"
CRISIS_NEEDS, HOUSING_NEEDS = 1, 2
CRISIS_ASSESSMENT = "CAS Crisis Assessment"
HOUSING_CONVERSATION_TOOL = "CAS Housing Conversation Tool"
ASSESSMENT_DOCTYPES = (CRISIS_ASSESSMENT, HOUSING_CONVERSATION_TOOL)


class Assessment(HouseholdRecord):
	date_field = "assessment_date"
	kind: str = ""  # the question set kind
	level: int = 0  # HUD 4.19.4

	def validate(self):
		self.set_household_facts()
		self.household_type = self.get_enrollment().household_type
		self.assessment_level = hud.label_for(ASSESSMENT_LEVEL, self.level)
		self.question_set = self.question_set or default_question_set(self.kind)
		if self.answers_as_recorded():
			return  # from another HMIS: answers and scores stay as recorded there (hmis/importer.py)
		question_set = self.load_question_set()
		if not self.answers:
			self.set_questions(question_set)
		self.compute(question_set)

	def answers_as_recorded(self) -> bool:
		"""Whether the question set is the one the HMIS import keeps other HMIS's answers in; only the
		import uses it (an assessor's answers are always scored)."""
		if not self.question_set or not frappe.get_cached_value(
			"CAS Question Set", self.question_set, "for_imported"
		):
			return False
		if not frappe.flags.cas_hmis_import and self.is_new():
			frappe.throw(
				_("{0} keeps assessments imported from another HMIS; choose another question set.").format(
					frappe.bold(self.question_set)
				),
				title=_("Wrong question set"),
			)
		return True

	def before_submit(self):
		if self.answers_as_recorded():
			return
		result = self.score(self.load_question_set())
		rows = {row.question_code: _("row {0} ({1})").format(row.idx, row.question) for row in self.answers}
		with enforce_rules():
			scoring.check_complete(result, describe=rows.get)
		if not frappe.flags.cas_hmis_import:
			# An assessment from another HMIS is history: its CLS may be on another day or not exported.
			self.check_living_situation_recorded()

	def on_update(self):
		"""Drafts change nothing that is due; submitting does."""

	def onload(self):
		if self.docstatus == 1:
			# A changed income or disability is a change of circumstances: the form offers a Status Update.
			self.set_onload("status_update_for", circumstances.reported_changes(self))

	def on_submit(self):
		from cas_coordinated_access.utils import community_queue

		self.update_household_evh()
		community_queue.refresh_entries(self.enrollment, self)
		self.refresh_follow_ups()

	def on_cancel(self):
		self.update_household_evh()
		self.refresh_follow_ups()

	# Question set and answers

	def load_question_set(self) -> scoring.QuestionSet:
		if not self.question_set:
			frappe.throw(
				_("No question set is marked as the default for {0}; choose one.").format(_(self.kind)),
				title=_("Missing question set"),
			)
		doc = frappe.get_cached_doc("CAS Question Set", self.question_set)
		if doc.kind != self.kind:
			frappe.throw(
				_("{0} is a question set for the {1}, not the {2}.").format(
					frappe.bold(doc.name), _(doc.kind), _(self.kind)
				),
				title=_("Wrong question set"),
			)
		return scoring.question_set_from_dict(doc.as_rule_data())

	@whitelist()
	def set_questions(self, question_set: "scoring.QuestionSet | None" = None):
		"""One answer row per question of the set that applies to this household, in the set's order."""
		question_set = question_set or self.load_question_set()
		household_type = self.household_type or self.get_enrollment().household_type
		kept = {row.question_code: row.answer for row in self.answers}
		self.set("answers", [])
		for question in question_set.questions:
			if question.household_types and household_type not in question.household_types:
				continue
			self.append(
				"answers",
				{
					"question_code": question.code,
					"section": question.section,
					"question": question.text,
					"required": int(question.required),
					"answer": kept.get(question.code),
				},
			)

	def score(self, question_set: scoring.QuestionSet) -> scoring.ScoreResult:
		with enforce_rules():
			return scoring.score(question_set, self.answer_map(), self.household_type)

	def answer_map(self) -> dict[str, str]:
		return {row.question_code: row.answer for row in self.answers if row.answer}

	def compute(self, question_set: scoring.QuestionSet):
		"""Scores and EVH come from the answers and the question set alone: values sent with the form are
		overwritten here."""
		result = self.score(question_set)
		options = {
			question.code: {o.label: o for o in question.options} for question in question_set.questions
		}
		for row in self.answers:
			option = options.get(row.question_code, {}).get(row.answer)
			row.points = option.points if option else 0
			row.evh_factor = option.evh_factor if option else None
		self.total_score = result.total
		self.set_section_scores(result.section_scores)
		outcome = evh.evaluate(result.total, self.household_type, thresholds(), result.evh_factors)
		self.is_evh = int(outcome.is_evh)
		self.evh_threshold = outcome.threshold
		self.evh_reasons = "\n".join(outcome.reasons)
		self.after_compute(question_set, result, outcome)

	def set_section_scores(self, scores: dict[str, int]):
		"""Rows kept where their section is: rows replaced on every save are deleted and inserted again,
		and under load the index gaps those take meet another assessment's doing the same (a deadlock)."""
		rows = {row.section: row for row in self.section_scores}
		self.set("section_scores", [])
		for index, (section, score) in enumerate(scores.items(), start=1):
			row = rows.get(section) or frappe._dict(section=section)
			row.update({"score": score, "idx": index})
			self.append("section_scores", row)

	def after_compute(self, question_set, result, outcome):
		"""Extra results of one kind of assessment (the Crisis Assessment's recommendations)."""

	# Submitting

	def check_living_situation_recorded(self):
		"""A CLS is recorded with every CAS assessment; without one that day the submission waits for it."""
		cls_dates = frappe.get_all(
			"CAS Current Living Situation",
			filters={"enrollment": self.enrollment, "information_date": self.assessment_date},
			pluck="information_date",
		)
		if not due_rules.should_refuse_assessment_submit(
			tuple(getdate(d) for d in cls_dates), getdate(self.assessment_date)
		):
			return
		new_cls = (
			f"/app/cas-current-living-situation/new?enrollment={self.enrollment}"
			f"&information_date={self.assessment_date}"
		)
		frappe.throw(
			_(
				"Record the client's Current Living Situation for {0} before submitting this assessment. Your"
				" answers are saved as a draft. {1}"
			).format(
				frappe.format(self.assessment_date, "Date"),
				f'<a href="{new_cls}" target="_blank">{_("Record the CLS now")}</a>',
			),
			title=_("Current Living Situation needed"),
		)

	def update_household_evh(self):
		from cas_coordinated_access.utils.evh import refresh_enrollment_evh

		refresh_enrollment_evh(self.enrollment)


def default_question_set(kind: str) -> str | None:
	return frappe.db.get_value("CAS Question Set", {"kind": kind, "is_default": 1}, "name")


def thresholds() -> evh.Thresholds:
	settings = get_settings()
	return evh.Thresholds(
		individual=settings.evh_threshold_individual,
		family=settings.evh_threshold_family,
		other=settings.evh_threshold_other or None,
	)
