"""Whitelisted methods of the desk."""

import frappe
from frappe import _

from cas_coordinated_access import permissions
from cas_coordinated_access.rules import ce_event, hud
from cas_coordinated_access.utils.api import whitelist


@whitelist()
def switch_agency(agency: str) -> str:
	"""Act for another of the user's agencies, as HMIS users move between agencies; new records follow it."""
	viewer = permissions.get_viewer()
	if agency not in viewer.agencies:
		frappe.throw(
			_("You do not work in {0}; ask a CAS administrator to add you to it.").format(
				frappe.bold(agency)
			),
			frappe.PermissionError,
			title=_("Not your agency"),
		)
	# The user may change only this one field of their own membership, and only to one of their agencies.
	frappe.db.set_value("CAS Staff Member", viewer.user, "acting_agency", agency)
	return agency


@whitelist()
def send_to_community_queue(assessment_doctype: str, assessment: str, queue: str) -> str:
	"""The "Send to Community Queue" action of a submitted Crisis Assessment or HCT."""
	from cas_coordinated_access.utils import community_queue
	from cas_coordinated_access.utils.assessment import ASSESSMENT_DOCTYPES

	if assessment_doctype not in ASSESSMENT_DOCTYPES or queue not in ("Shelter", "Housing"):
		frappe.throw(_("Send a Crisis Assessment or an HCT to the Shelter or the Housing queue."))
	return community_queue.send(assessment_doctype, assessment, queue)


@whitelist()
def status_assessment_members(enrollment: str, information_date: str | None = None) -> list[dict]:
	"""The rows a new Status, Annual, Project Start or Exit record starts with: the household, head first,
	adults before children, each with their answers in the last record, so that an update is a review."""
	from cas_coordinated_access.utils import circumstances

	frappe.get_doc("CAS Enrollment", enrollment).check_permission("read")
	return circumstances.household_rows(enrollment, information_date or frappe.utils.today())


@whitelist()
def provide_services(
	service_type: str,
	service_date: str,
	enrollments: str | list | None = None,
	members: str | list | None = None,
	quantity: float | str = 1,
	note: str | None = None,
	end_date: str | None = None,
) -> int:
	"""The "Provide Services" action: one service per member of each enrollment (or per member chosen), all
	of them or none; answers how many were recorded."""
	from cas_coordinated_access.utils import services

	return services.provide(service_type, service_date, enrollments, members, quantity, note, end_date)


@whitelist()
def document_checklist(
	enrollment: str | None = None, client: str | None = None, program: str | None = None
) -> dict:
	"""The documents dialog: each member's documents with where they stand, and the household's readiness
	(for ``program``, else the enrollment's own). Opened from an enrollment, a client, a case conference or
	a queue row; a member the user may not see is listed without their name or documents."""
	from cas_coordinated_access.utils import documents

	return documents.checklist(enrollment, client, program)


@whitelist()
def update_documents(updates: str | list | dict) -> int:
	"""Save the documents sent ({client, document_type, status, kept_where, note} each): all or none, each
	for a client the user sees; their history is kept. Answers how many were saved."""
	from cas_coordinated_access.utils import documents

	return documents.update(updates)


@whitelist()
def hud_types_provided(record_type: str) -> list[str]:
	"""What HUD lists under a record type, for the service type form."""
	from cas_coordinated_access.rules import services

	return services.type_provided_labels(record_type)


def extend_bootinfo(bootinfo):
	"""The desk shows which agency the user acts for and lets them switch."""
	if frappe.session.user == "Guest":
		return
	viewer = permissions.get_viewer()
	bootinfo.cas = {
		"agencies": sorted(viewer.agencies),
		"acting_agency": permissions.acting_agency(viewer.user),
		"shared_agency": viewer.shared_agency,
		# CE events HUD retired, by the day: the event form no longer offers them for later days.
		"retired_ce_events": {
			hud.label_for(ce_event.EVENT, code): retired.isoformat()
			for code, retired in ce_event.RETIRED_EVENTS.items()
		},
	}


# Number cards of the Coordinated Access workspace: counts of what the user may see. They read from the
# read replica when the site has one (`read_from_replica`): every desk load asks for them.


def _count(sql: str, values: dict | None = None) -> int:
	return frappe.db.sql(sql, values or {})[0][0] or 0


@whitelist()
@frappe.read_only()
def stalled_referrals_count(filters: str | dict | None = None) -> int:
	from cas_coordinated_access.coordinated_access.report.stalled_referrals.stalled_referrals import execute

	return len(execute({})[1])


@whitelist()
@frappe.read_only()
def overdue_cls_count(filters: str | dict | None = None) -> int:
	return _due_count("item.`kind` = 'Current Living Situation' and item.`overdue` = 1")


@whitelist()
@frappe.read_only()
def isps_due_today_count(filters: str | dict | None = None) -> int:
	return _due_count(
		"item.`kind` = 'Individualized Support Plan' and item.`due_on` <= %(today)s",
		{"today": frappe.utils.today()},
	)


def _due_count(condition: str, values: dict | None = None) -> int:
	visible = permissions.condition_for("CAS Enrollment", table="enrollment")
	return _count(
		f"""select count(distinct enrollment.`name`) from `tabCAS Due Item` item
		inner join `tabCAS Enrollment` enrollment on enrollment.`name` = item.`parent`
			and item.`parenttype` = 'CAS Enrollment'
		where enrollment.`status` = 'Open' and {condition} and {visible}""",
		values,
	)


@whitelist()
def build_case_conference_agenda(conference: str) -> int:
	"""The case conference's "Build Agenda" action: adds the households the agenda rules choose."""
	from cas_coordinated_access.utils import case_conference

	return case_conference.build_agenda(conference)


@whitelist()
def add_to_case_conference(conference: str, enrollment: str) -> str:
	"""The case conference's "Add Household" action: any household the facilitator may see."""
	from cas_coordinated_access.utils import case_conference

	return case_conference.add_household(conference, enrollment)


@whitelist()
def case_conference_agenda(conference: str) -> dict:
	"""The conference's households as the user may read them (the form's agenda)."""
	from cas_coordinated_access.utils import case_conference

	return case_conference.agenda(conference)


@whitelist()
def send_case_conference_next_steps(conference: str) -> int:
	"""Email each owner their next steps from the conference."""
	from cas_coordinated_access.utils import case_conference

	return case_conference.send_next_steps(conference)
