"""Case conferences (rules/case_conference.py decides the agenda): the agenda built from the queue and the
referrals as the facilitator sees them, each household's discussion and what was recorded since it was last
discussed, next steps as their owners' ToDos, and the email of each owner's steps after the meeting.

What an attendee reads of a conference follows the household rules: a discussion they may read in full; a
household they see only by pseudonym (a protected one, for referral staff) as its label and why it is on
the agenda; the rest as a count."""

import frappe
from frappe import _
from frappe.utils import add_days, escape_html, getdate, now_datetime

from cas_coordinated_access import permissions
from cas_coordinated_access.constants import CASE_CONFERENCE_DISCUSSION as DISCUSSION
from cas_coordinated_access.rules import case_conference as rules
from cas_coordinated_access.rules import referral as referral_rules
from cas_coordinated_access.utils import enforce_rules, get_settings
from cas_coordinated_access.utils.escaping import as_text

CONFERENCE = "CAS Case Conference"
DEFAULT_PER_REASON = 5
# How far down the queue readiness is checked for the agenda: the households an offer may reach soon
# (twice as many queue entries are read: a household may be on both queues).
DOCUMENT_CHECK_DEPTH = 200
# What the discussion lists as recorded since the household was last discussed: DocType, date column, label.
RECORDED_SINCE = (
	("CAS Current Living Situation", "information_date", "Current Living Situations"),
	("CAS Crisis Assessment", "assessment_date", "Crisis Assessments"),
	("CAS Housing Conversation Tool", "assessment_date", "Housing Conversation Tools"),
	("CAS Individualized Support Plan", "plan_date", "Support Plans"),
	("CAS Status Assessment", "information_date", "Status Assessments"),
	("CAS CE Event", "event_date", "CE Events"),
	("CAS Referral", "referral_date", "Referrals"),
	("CAS Service", "service_date", "Services"),
)


def per_reason() -> int:
	return get_settings().get("case_conference_households_per_reason") or DEFAULT_PER_REASON


# The agenda
# ----------


def build_agenda(conference: str) -> int:
	"""Add the households the agenda rules choose, as the facilitator sees them; answers how many were added."""
	doc = frappe.get_doc(CONFERENCE, conference)
	doc.check_permission("write")
	already = set(discussed_enrollments(conference))
	with enforce_rules():
		items = rules.build_agenda(candidates(per_reason(), already), per_reason(), already)
	for item in items:
		add_discussion(doc, item.enrollment, rules.describe(item.reasons, _))
	return len(items)


def add_household(conference: str, enrollment: str) -> str:
	"""The facilitator brings any household they may see."""
	doc = frappe.get_doc(CONFERENCE, conference)
	doc.check_permission("write")
	if not permissions.sees("CAS Enrollment", enrollment):
		frappe.throw(
			_("You cannot see enrollment {0}.").format(frappe.bold(enrollment)),
			frappe.PermissionError,
			title=_("Not your agency"),
		)
	if enrollment in discussed_enrollments(conference):
		frappe.throw(_("This household is already on the conference's agenda."))
	return add_discussion(doc, enrollment, _(rules.ADDED_BY_FACILITATOR))


def add_discussion(conference, enrollment: str, reasons: str) -> str:
	discussion = frappe.get_doc(
		{
			"doctype": DISCUSSION,
			"case_conference": conference.name,
			"conference_date": conference.conference_date,
			"enrollment": enrollment,
			"agenda_reasons": reasons,
		}
	)
	discussion.insert()
	return discussion.name


def discussed_enrollments(conference: str) -> list[str]:
	# Every household of the conference, those the user does not see included: none is added twice.
	return frappe.get_all(
		DISCUSSION, filters={"case_conference": conference}, pluck="enrollment", ignore_permissions=True
	)


def candidates(limit: int, already: set[str]) -> list[rules.Candidate]:
	"""Households with a reason to be discussed, as the session user sees them: the heaviest ``limit`` of
	each reason, read with the same conditions as the queue and the referral reports."""
	today = getdate()
	values = {"today": today, "limit": limit, "already": tuple(already) or ("",)}
	return [
		*evh_without_shelter(values),
		*stalled_referrals(values),
		*denied_referrals(values),
		*not_document_ready(limit, already),
		*longest_on_queue(values),
	]


def _entries_condition() -> str:
	return permissions.condition_for("CAS Queue Entry", table="entry")


def _referrals_condition() -> str:
	return permissions.condition_for("CAS Referral", table="referral")


def evh_without_shelter(values: dict) -> list[rules.Candidate]:
	rows = waiting_households(
		values,
		"coalesce(entry.`evh_since`, entry.`date_added`)",
		"""and entry.`is_evh` = 1 and not exists (select 1 from `tabCAS Referral` shelter
			where shelter.`enrollment` = entry.`enrollment` and shelter.`referral_type` = 'Shelter'
				and shelter.`workflow_state` in ('Pending', 'In Process', 'Accepted'))""",
	)
	return [
		rules.Candidate(
			row.enrollment,
			rules.EVH_WITHOUT_SHELTER,
			weight=row.days,
			detail=_("EVH since {0}").format(frappe.format(row.since, "Date")),
		)
		for row in rows
	]


def longest_on_queue(values: dict) -> list[rules.Candidate]:
	return [
		rules.Candidate(
			row.enrollment, rules.LONGEST_ON_QUEUE, weight=row.days, detail=_("{0} days").format(row.days)
		)
		for row in waiting_households(values, "entry.`date_added`")
	]


def waiting_households(values: dict, since: str, condition: str = "") -> list[frappe._dict]:
	"""Households on the queue (any queue, each once) as the user sees them, the longest waiting first by
	``since``, with the days they have waited."""
	rows = frappe.db.sql(
		f"""select entry.`enrollment`, min({since}) as since
		from `tabCAS Queue Entry` entry
		where entry.`status` = 'Active' and entry.`enrollment` not in %(already)s {condition}
			and {_entries_condition()}
		group by entry.`enrollment` order by since, entry.`enrollment` limit %(limit)s""",
		values,
		as_dict=True,
	)
	for row in rows:
		row.days = (values["today"] - getdate(row.since)).days
	return rows


def stalled_referrals(values: dict) -> list[rules.Candidate]:
	# rules.referral.is_stalled in SQL: past half the time to answer, not yet past the deadline.
	rows = frappe.db.sql(
		f"""select referral.`name`, referral.`enrollment`, referral.`program`, referral.`referral_date`,
			referral.`deadline`
		from `tabCAS Referral` referral
		where referral.`workflow_state` in ('Pending', 'In Process') and referral.`deadline` >= %(today)s
			and 2 * datediff(%(today)s, referral.`referral_date`) >= datediff(referral.`deadline`, referral.`referral_date`)
			and referral.`enrollment` not in %(already)s and {_referrals_condition()}
		order by referral.`deadline`, referral.`name` limit %(limit)s""",
		values,
		as_dict=True,
	)
	return [
		rules.Candidate(
			row.enrollment,
			rules.STALLED_REFERRAL,
			weight=-(getdate(row.deadline) - values["today"]).days,
			detail=_("{0} to {1}, answer due {2}").format(
				row.name, row.program, frappe.format(row.deadline, "Date")
			),
		)
		for row in rows
		if referral_rules.is_stalled(getdate(row.referral_date), getdate(row.deadline), values["today"])
	]


def denied_referrals(values: dict) -> list[rules.Candidate]:
	rows = frappe.db.sql(
		f"""select referral.`name`, referral.`enrollment`, referral.`program`, referral.`decided_on`,
			referral.`denial_reason`
		from `tabCAS Referral` referral
		where referral.`workflow_state` = 'Denied' and referral.`enrollment` not in %(already)s
			and {_referrals_condition()}
		order by referral.`decided_on`, referral.`name` limit %(limit)s""",
		values,
		as_dict=True,
	)
	return [
		rules.Candidate(
			row.enrollment,
			rules.DENIED_REFERRAL,
			weight=(values["today"] - getdate(row.decided_on or values["today"])).days,
			detail=_("{0} to {1}: {2}").format(row.name, row.program, _(row.denial_reason or "")),
		)
		for row in rows
	]


def not_document_ready(limit: int, already: set[str]) -> list[rules.Candidate]:
	"""Households near the top of the queue (in the CoC's order) that are not document ready: an offer to
	them would fail for a missing ID."""
	from cas_coordinated_access.utils import community_queue, documents

	enrollments = []
	for row in community_queue.queue_rows({}, limit=2 * DOCUMENT_CHECK_DEPTH):
		if row.enrollment not in enrollments:
			enrollments.append(row.enrollment)
		if len(enrollments) >= DOCUMENT_CHECK_DEPTH:
			break
	readiness = documents.readiness_of([e for e in enrollments if e not in already])
	found = []
	for position, enrollment in enumerate(enrollments):
		state = readiness.get(enrollment)
		if enrollment in already or state is None or state.ready:
			continue
		found.append(
			rules.Candidate(
				enrollment, rules.NOT_DOCUMENT_READY, weight=-position, detail=documents.summary(state)
			)
		)
		if len(found) >= limit:
			break
	return found


# A household's discussion
# ------------------------


def previous_discussion(enrollment: str, before: str, excluding: str | None = None) -> frappe._dict | None:
	rows = frappe.get_all(
		DISCUSSION,
		filters={
			"enrollment": enrollment,
			"conference_date": ("<", before),
			"name": ("!=", excluding or ""),
		},
		fields=["name", "conference_date"],
		order_by="conference_date desc, creation desc",
		limit=1,
		ignore_permissions=True,
	)
	return rows[0] if rows else None


def recorded_since(enrollment: str, since, until) -> str:
	"""What was recorded about the household between two conferences, by kind, for the facilitator's
	"what changed" (counts only: the records themselves are a click away in the history)."""
	lines = []
	for doctype, date_column, label in RECORDED_SINCE:
		count = frappe.db.count(
			doctype, {"enrollment": enrollment, date_column: ("between", (add_days(since, 1), until))}
		)
		if count:
			lines.append(f"{_(label)}: {count}")
	return "\n".join(lines) or _("Nothing recorded since then.")


def todo_description(household_label: str, step: str) -> str:
	# A ToDo's description is HTML to Frappe: the household's name and the step go in as text.
	return f"{as_text(household_label)}: {as_text(step)}"


def sync_todos(discussion) -> None:
	"""Each next step is its owner's ToDo: created once, kept in step with the row (owner, date, done), and
	cancelled when the row is removed."""
	kept = set()
	for row in discussion.next_steps:
		values = {
			"allocated_to": row.assigned_to,
			"date": row.due_date,
			"description": todo_description(discussion.client_name, row.step),
			"status": "Closed" if row.status == "Done" else "Open",
		}
		if row.todo and frappe.db.exists("ToDo", row.todo):
			frappe.db.set_value("ToDo", row.todo, values)
		else:
			todo = frappe.get_doc(
				{
					"doctype": "ToDo",
					"reference_type": DISCUSSION,
					"reference_name": discussion.name,
					"assigned_by": frappe.session.user,
					"priority": "Medium",
					**values,
				}
			).insert(ignore_permissions=True)
			row.db_set("todo", todo.name, update_modified=False)
		kept.add(row.todo)
	for todo in frappe.get_all(
		"ToDo",
		filters={"reference_type": DISCUSSION, "reference_name": discussion.name, "status": "Open"},
		pluck="name",
		ignore_permissions=True,
	):
		if todo not in kept:
			frappe.db.set_value("ToDo", todo, "status", "Cancelled")


# What an attendee reads
# ----------------------


def agenda(conference: str) -> dict:
	"""The conference's households as the session user may read them: ``rows`` (in agenda order; a row
	without ``discussion`` is a household seen only by its label) and ``not_shown`` (discussed households the
	user's agencies do not see)."""
	frappe.get_doc(CONFERENCE, conference).check_permission("read")
	discussions = frappe.get_all(
		DISCUSSION,
		filters={"case_conference": conference},
		fields=[
			"name",
			"enrollment",
			"client_name",
			"is_protected",
			"agenda_reasons",
			"review_on",
			"what_changed",
			"barriers",
			"decisions",
		],
		order_by="creation",
		ignore_permissions=True,
	)
	names = [row.name for row in discussions] or [""]
	readable = set(_visible(DISCUSSION, names))
	households = set(_visible("CAS Enrollment", [row.enrollment for row in discussions] or [""]))
	steps = _next_steps([name for name in names if name in readable])
	rows, not_shown = [], 0
	for row in discussions:
		if row.name in readable:
			rows.append(dict(row, next_steps=steps.get(row.name, [])))
		elif row.enrollment in households:
			rows.append(
				{
					"client_name": row.client_name,
					"agenda_reasons": row.agenda_reasons,
					"notes_withheld": 1,
				}
			)
		else:
			not_shown += 1
	return {"rows": rows, "not_shown": not_shown}


def _visible(doctype: str, names: list[str]) -> list[str]:
	return frappe.db.sql_list(
		f"""select `name` from `tab{doctype}` where `name` in %(names)s
		and {permissions.condition_for(doctype)}""",
		{"names": tuple(names)},
	)


def _next_steps(discussions: list[str]) -> dict[str, list[dict]]:
	steps = {}
	for row in frappe.get_all(
		"CAS Case Conference Next Step",
		filters={"parenttype": DISCUSSION, "parent": ("in", discussions or [""])},
		fields=["parent", "step", "assigned_to", "due_date", "status"],
		order_by="idx",
		ignore_permissions=True,
	):
		steps.setdefault(row.parent, []).append(row)
	return steps


def case_conference_for_print(conference: str, minutes: bool = False) -> dict:
	"""The agenda or the minutes as the printing user may read them. A protected household appears by its
	pseudonym and, in minutes shared with every attendee, without what was said about it, whoever prints."""
	shown = agenda(conference)
	if minutes:
		for row in shown["rows"]:
			if row.get("is_protected"):
				row.update(what_changed=None, barriers=None, decisions=None, next_steps=[], notes_withheld=1)
	for row in shown["rows"]:
		for step in row.get("next_steps", []):
			step["owner_name"] = frappe.utils.get_fullname(step["assigned_to"])
	shown["facilitator_name"] = frappe.utils.get_fullname(
		frappe.db.get_value(CONFERENCE, conference, "facilitator")
	)
	return shown


# After the meeting
# -----------------


def send_next_steps(conference: str) -> int:
	"""Email each owner their open next steps from the conference (households by their display names);
	answers how many emails were queued."""
	from frappe.email.doctype.email_account.email_account import EmailAccount

	doc = frappe.get_doc(CONFERENCE, conference)
	doc.check_permission("write")
	# Frappe's stand-in account (sites whose emails are muted) has no address to send from.
	account = EmailAccount.find_outgoing()
	if not (account and account.get("email_id")):
		frappe.throw(
			_(
				"This site has no outgoing email account yet: ask an administrator to add one (Email Account)."
			),
			frappe.OutgoingEmailError,
			title=_("Email not set up"),
		)
	by_owner: dict[str, list] = {}
	for row in frappe.db.sql(
		"""select discussion.`client_name`, step.`step`, step.`due_date`, step.`assigned_to`
		from `tabCAS Case Conference Next Step` step
		inner join `tabCAS Case Conference Discussion` discussion on discussion.`name` = step.`parent`
		where step.`parenttype` = %(discussion)s and discussion.`case_conference` = %(conference)s
			and step.`status` = 'Open'
		order by step.`due_date`, discussion.`client_name`""",
		{"discussion": DISCUSSION, "conference": conference},
		as_dict=True,
	):
		by_owner.setdefault(row.assigned_to, []).append(row)
	for owner, steps in by_owner.items():
		frappe.sendmail(
			recipients=[frappe.db.get_value("User", owner, "email") or owner],
			subject=_("Your next steps from {0} on {1}").format(
				doc.conference_title, frappe.format(doc.conference_date, "Date")
			),
			message=next_steps_message(steps),
			reference_doctype=CONFERENCE,
			reference_name=conference,
		)
	frappe.db.set_value(CONFERENCE, conference, "next_steps_sent_on", now_datetime())
	return len(by_owner)


def next_steps_message(steps: list) -> str:
	items = "".join(
		"<li>{}: {} ({})</li>".format(
			escape_html(step.client_name or ""),
			escape_html(step.step or ""),
			_("due {0}").format(frappe.format(step.due_date, "Date")),
		)
		for step in steps
	)
	return f"<p>{_('The next steps you agreed to at the case conference:')}</p><ul>{items}</ul>"
