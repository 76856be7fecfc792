"""Status assessments (HUD 4.02-4.11 at each data collection stage): the members HUD asks, prefilled from
the last record so that an update is a review, and what follows on the enrollment. The rules are in
rules/circumstances.py."""

import frappe
from frappe import _
from frappe.utils import getdate

from cas_coordinated_access.rules import circumstances as rules
from cas_coordinated_access.rules import household, hud
from cas_coordinated_access.rules.violations import RuleViolation
from cas_coordinated_access.utils import refuse_unless_imported

DOCTYPE = "CAS Status Assessment"
ROW_DOCTYPE = "CAS Member Status"
# What a member row carries from one record to the next: every answer, none of the row's identity.
ROW_IDENTITY = ("name", "idx", "parent", "parentfield", "parenttype", "docstatus", "owner", "creation")
ROW_FACTS = ("client", "client_name", "is_head", "age")


def answer_fields() -> list[str]:
	meta = frappe.get_meta(ROW_DOCTYPE)
	return [
		df.fieldname
		for df in meta.fields
		if df.fieldtype not in ("Section Break", "Column Break") and df.fieldname not in ROW_FACTS
	]


def household_rows(enrollment: str, on) -> list[dict]:
	"""One row per household member, the head first and adults before children, with the answers of the
	member's last submitted record in this enrollment."""
	head, members = enrollment_members(enrollment)
	clients = {
		row.name: row
		for row in frappe.get_all(
			"CAS Client",
			filters={"name": ("in", members)},
			fields=["name", "display_name", "date_of_birth"],
		)
	}
	on = getdate(on)
	people = [
		rules.MemberCircumstances(
			client,
			household.age_on(getdate(clients[client].date_of_birth), on)
			if clients[client].date_of_birth
			else None,
			client == head,
		)
		for client in members
		if client in clients
	]
	last = last_answers(enrollment)
	return [
		{
			**last.get(person.who, {}),
			"client": person.who,
			"client_name": clients[person.who].display_name,
			"is_head": int(person.is_head),
			"age": person.age,
		}
		for person in rules.order_members(people)
	]


def enrollment_members(enrollment: str) -> tuple[str, list[str]]:
	head = frappe.db.get_value("CAS Enrollment", enrollment, "client")
	members = frappe.get_all(
		"CAS Household Member",
		filters={"parent": enrollment, "parenttype": "CAS Enrollment"},
		pluck="client",
		order_by="idx asc",
	)
	return head, members or [head]


def last_answers(enrollment: str) -> dict[str, dict]:
	"""Each member's answers in the household's latest submitted record."""
	latest = frappe.get_all(
		DOCTYPE,
		filters={"enrollment": enrollment, "docstatus": 1},
		order_by="information_date desc, creation desc",
		limit=1,
		pluck="name",
	)
	if not latest:
		return {}
	fields = answer_fields()
	return {
		row.client: {field: row.get(field) for field in fields}
		for row in frappe.get_all(
			ROW_DOCTYPE,
			filters={"parent": latest[0], "parenttype": DOCTYPE},
			fields=["client", *fields],
		)
	}


def member_circumstances(row, who: str) -> rules.MemberCircumstances:
	return rules.MemberCircumstances(
		who, row.age, bool(row.is_head), {field: row.get(field) for field in answer_fields()}
	)


def chronicity(enrollment: str, disabling: str | None, on) -> rules.Chronicity:
	facts = frappe.db.get_value(
		"CAS Enrollment", enrollment, ["prior_living_situation", "homeless_since"], as_dict=True
	)
	code = hud.code_for("3.917", facts.prior_living_situation) if facts.prior_living_situation else None
	return rules.chronic_homelessness(
		disabling,
		code,
		getdate(facts.homeless_since) if facts.homeless_since else None,
		getdate(on),
	)


def apply_to_enrollment(doc):
	"""A submitted record keeps the enrollment current: the head's disabling condition when the
	disabilities decide it, noted on the enrollment's timeline."""
	# History from another HMIS keeps the enrollment's answer as it was recorded there.
	if doc.disabling_condition != rules.YES or frappe.flags.cas_hmis_import:
		return
	if frappe.db.get_value("CAS Enrollment", doc.enrollment, "disabling_condition") == rules.YES:
		return
	frappe.db.set_value("CAS Enrollment", doc.enrollment, "disabling_condition", rules.YES)
	frappe.get_doc("CAS Enrollment", doc.enrollment).add_comment(
		"Info", _("Disabling condition set to Yes from the disabilities recorded in {0}.").format(doc.name)
	)


def check_enrollment_disabling(enrollment):
	"""The enrollment's disabling condition cannot be "No" beside the head's disabilities, in the
	household's latest submitted record, that make it "Yes"."""
	if enrollment.is_new() or enrollment.disabling_condition != rules.NO:
		return
	head = last_answers(enrollment.name).get(enrollment.client)
	if head is None:
		return
	who = frappe.db.get_value("CAS Client", enrollment.client, "display_name") or enrollment.client
	problems = rules.check_disabling_condition(
		enrollment.disabling_condition, rules.MemberCircumstances(who, None, True, head)
	)
	if problems:
		refuse_unless_imported(translated(problems[0]), title=_("Disabling condition"))


def translated(problem: RuleViolation) -> str:
	"""A rule's message in the user's language, its values (labels, names) too, as text."""
	params = {key: _(value) if isinstance(value, str) else value for key, value in problem.params.items()}
	return frappe.utils.escape_html(_(problem.message).format(**params))


def reported_changes(assessment) -> list[str]:
	"""What a submitted Crisis Assessment or HCT reports differently from the household's last status
	record (its questions marked "Reports On" Income or Disability)."""
	marked = dict(
		frappe.get_all(
			"CAS Question",
			filters={
				"parent": assessment.question_set,
				"parenttype": "CAS Question Set",
				"reports_on": ("is", "set"),
			},
			fields=["code", "reports_on"],
			as_list=True,
		)
	)
	if not marked:
		return []
	reported = [
		(marked[row.question_code], row.answer) for row in assessment.answers if row.question_code in marked
	]
	head = frappe.db.get_value("CAS Enrollment", assessment.enrollment, "client")
	return rules.changes_reported(reported, last_answers(assessment.enrollment).get(head))
