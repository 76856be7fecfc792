"""Providing a service to many people in one action (issue 13): every member of a household, chosen members
of it, or everyone in the households of a shelter tonight.

All or nothing: every service is checked before the first is written (the member belongs to the household,
the dates fall inside each enrollment, the type is enabled, the quantity counts something, the user works
in the household's agency), and then each is written through the CAS Service controller, as the user,
under one savepoint that is rolled back whole if any of them is refused."""

import json
from contextlib import contextmanager

import frappe
from frappe import _
from frappe.utils import flt, getdate

from cas_coordinated_access import permissions
from cas_coordinated_access.rules import enrollment as enrollment_rules
from cas_coordinated_access.rules import services as rules
from cas_coordinated_access.rules.violations import RuleViolation
from cas_coordinated_access.utils import enforce_rules, latest_today
from cas_coordinated_access.utils.api import NAME_LENGTH

SAVEPOINT = "cas_provide_services"
# Above this many services the desk is told how far the work has got.
PROGRESS_FROM = 50
PROGRESS_EVERY = 25


def provide(
	service_type,
	service_date,
	enrollments=None,
	members=None,
	quantity=1,
	note=None,
	end_date=None,
) -> int:
	"""Record ``service_type`` for each member of each enrollment (only ``members`` where given); answer how
	many services were recorded."""
	service_type = checked_name(service_type, _("Service type"))
	start, end = checked_date(service_date, _("Date provided")), checked_date(end_date, _("End date"))
	enrollments = checked_names(enrollments, _("Enrollments"))
	chosen = checked_names(members, _("Members")) if members not in (None, "") else None
	quantity = checked_number(quantity)
	if note is not None and not isinstance(note, str):
		refuse_argument(_("Note"))
	if not frappe.has_permission("CAS Service", "create"):
		frappe.throw(_("You may not record services."), frappe.PermissionError)
	if not enrollments:
		frappe.throw(_("Choose the enrollments to provide the service in."), title=_("Nobody chosen"))
	if not start:
		frappe.throw(_("Enter the date the service was provided."), title=_("Missing date"))

	kind = frappe.db.get_value(
		"CAS Service Type", service_type, ["disabled", "hud_record_type", "hud_type_provided"], as_dict=True
	)
	if not kind:
		frappe.throw(_("Service type {0} does not exist.").format(service_type), frappe.DoesNotExistError)
	households = visible_households(enrollments)
	planned = plan(service_type, kind, households, chosen, start, end, quantity)
	return write(planned, service_type, start, end, quantity, note)


def plan(service_type, kind, households: dict, chosen, start, end, quantity) -> list[tuple[str, str]]:
	"""(enrollment, member) of every service to record, once each has passed every rule."""
	today = latest_today()
	planned = []
	with enforce_rules():
		rules.check_type_enabled(service_type, kind.disabled)
		rules.check_dates(start, end)
		codes = rules.hud_codes(kind.hud_record_type, kind.hud_type_provided)
		rules.check_quantity(rules.quantity_for(codes and codes[0], start, end, quantity))
		if chosen is not None:
			everyone = {member for household in households.values() for member in household.members}
			for member in chosen:
				rules.check_member(member, everyone)
	for name, household in households.items():
		with about_enrollment(name):
			for day in (start, end) if end else (start,):
				enrollment_rules.check_record_date(day, household.entry_date, household.exit_date, today)
			serve = [m for m in household.members if chosen is None or m in chosen]
		planned += [(name, member) for member in serve]
	with enforce_rules():
		rules.check_batch_size(len(planned))
	return planned


def write(planned, service_type, start, end, quantity, note) -> int:
	"""Each service through its controller, as the user; the first refusal undoes them all."""
	report_progress = len(planned) > PROGRESS_FROM
	frappe.db.savepoint(SAVEPOINT)
	try:
		for done, (enrollment, member) in enumerate(planned, start=1):
			frappe.get_doc(
				{
					"doctype": "CAS Service",
					"enrollment": enrollment,
					"member": member,
					"service_type": service_type,
					"service_date": start,
					"end_date": end,
					"quantity": quantity,
					"note": note,
				}
			).insert()
			if report_progress and (done % PROGRESS_EVERY == 0 or done == len(planned)):
				frappe.publish_progress(
					done * 100 / len(planned),
					title=_("Providing services"),
					description=_("{0} of {1} recorded").format(done, len(planned)),
				)
	except Exception:
		frappe.db.rollback(save_point=SAVEPOINT)
		raise
	frappe.db.release_savepoint(SAVEPOINT)
	return len(planned)


def visible_households(enrollments: list[str]) -> dict[str, frappe._dict]:
	"""{enrollment: its entry and exit dates and members, head first}, in the order given. An enrollment the
	user may not see is refused as one that does not exist would be, naming only what they sent."""
	# get_list applies the user's permissions: an enrollment of another agency is not found.
	found = {
		row.name: frappe._dict(row, members=[])
		for row in frappe.get_list(
			"CAS Enrollment",
			filters={"name": ("in", enrollments)},
			fields=["name", "entry_date", "exit_date"],
		)
	}
	for name in enrollments:
		if name not in found:
			frappe.throw(
				_("Enrollment {0} was not found, or you may not provide services in it.").format(name),
				frappe.PermissionError,
				title=_("Not your household"),
			)
	for row in frappe.get_all(
		"CAS Household Member",
		filters={"parenttype": "CAS Enrollment", "parent": ("in", enrollments)},
		fields=["parent", "client"],
		order_by="parent, idx",
	):
		found[row.parent].members.append(row.client)
	for household in found.values():
		household.entry_date = getdate(household.entry_date)
		household.exit_date = getdate(household.exit_date) if household.exit_date else None
	return {name: found[name] for name in enrollments}


@contextmanager
def about_enrollment(enrollment: str):
	"""A rule's refusal about one of several households shown with the enrollment it is about."""
	try:
		yield
	except RuleViolation as violation:
		message = _(violation.message).format(**violation.params)
		frappe.throw(
			_("Enrollment {0}: {1}").format(enrollment, message),
			title=_(violation.title) if violation.title else None,
		)


# What a caller sends, checked before anything is read (a clear refusal, never a 500).


def refuse_argument(label: str):
	frappe.throw(
		_("The value sent for {0} is not of its kind.").format(frappe.bold(label)),
		frappe.ValidationError,
		title=_("Invalid value"),
	)


def checked_name(value, label: str) -> str:
	if not isinstance(value, str) or not value.strip() or len(value) > NAME_LENGTH:
		refuse_argument(label)
	return value


def checked_names(value, label: str) -> list[str]:
	"""A list of names, sent as a list or as JSON; each name once, in the order sent."""
	if value in (None, ""):
		return []
	if isinstance(value, str):
		try:
			value = json.loads(value)
		except ValueError:
			value = [value] if not value.lstrip().startswith(("[", "{")) else None
	if not isinstance(value, list | tuple):
		refuse_argument(label)
	return list(dict.fromkeys(checked_name(name, label) for name in value))


def checked_date(value, label: str):
	if value in (None, ""):
		return None
	try:
		return getdate(value)
	except Exception:
		refuse_argument(label)


def checked_number(value) -> float:
	if isinstance(value, bool) or value in (None, ""):
		refuse_argument(_("Quantity"))
	try:
		number = float(value)
	except (TypeError, ValueError):
		refuse_argument(_("Quantity"))
	if number != number or number in (float("inf"), float("-inf")):
		refuse_argument(_("Quantity"))
	return flt(number)
