"""The household's current EVH status, kept on the enrollment and the client, and the alert to crisis
staff when a household becomes extremely vulnerable."""

import frappe
from frappe import _
from frappe.desk.doctype.notification_log.notification_log import make_notification_logs
from frappe.desk.form.assign_to import add as assign
from frappe.utils import getdate

from cas_coordinated_access.rules import evh
from cas_coordinated_access.utils import get_settings
from cas_coordinated_access.utils.escaping import as_text


def latest_submitted_assessment(enrollment: str) -> frappe._dict | None:
	"""The newest submitted Crisis Assessment or HCT of the enrollment: it decides the EVH status."""
	from cas_coordinated_access.utils.assessment import ASSESSMENT_DOCTYPES

	candidates = []
	for doctype in ASSESSMENT_DOCTYPES:
		for row in frappe.get_all(
			doctype,
			filters={"enrollment": enrollment, "docstatus": 1},
			fields=["name", "assessment_date", "creation", "is_evh", "total_score"],
			order_by="assessment_date desc, creation desc",
			limit=1,
		):
			candidates.append(frappe._dict(row, doctype=doctype))
	return max(candidates, key=lambda row: (row.assessment_date, row.creation), default=None)


def refresh_enrollment_evh(enrollment_name: str):
	enrollment = frappe.db.get_value(
		"CAS Enrollment", enrollment_name, ["name", "client", "is_evh", "evh_since"], as_dict=True
	)
	latest = latest_submitted_assessment(enrollment_name)
	now_evh = bool(latest and latest.is_evh)
	since = evh.since(
		bool(enrollment.is_evh),
		getdate(enrollment.evh_since) if enrollment.evh_since else None,
		now_evh,
		getdate(latest.assessment_date) if latest else getdate(),
	)
	frappe.db.set_value(
		"CAS Enrollment",
		enrollment_name,
		{
			"is_evh": int(now_evh),
			"evh_since": since,
			"evh_score": latest.total_score if latest else 0,
			"latest_assessment_type": latest.doctype if latest else None,
			"latest_assessment": latest.name if latest else None,
		},
	)
	frappe.db.set_value("CAS Client", enrollment.client, {"is_evh": int(now_evh), "evh_since": since})
	if now_evh and not enrollment.is_evh and not frappe.flags.cas_hmis_import:
		# Imported households show as EVH on the queue and reports; an import sends no alerts.
		alert_crisis_staff(enrollment_name)


def alert_crisis_staff(enrollment_name: str):
	"""Crisis staff try a same-day shelter referral for a household that has just become EVH."""
	settings = get_settings()
	users = crisis_staff(settings.evh_alert_role)
	if not users:
		return
	# Frappe shows a notification's subject and a ToDo's description as HTML: the name goes in as text.
	subject = _("Extremely vulnerable household: try a same-day shelter referral for {0}").format(
		as_text(frappe.db.get_value("CAS Enrollment", enrollment_name, "client_name"))
	)
	if settings.evh_alert_by == "Assignment":
		assign(
			{
				"assign_to": users,
				"doctype": "CAS Enrollment",
				"name": enrollment_name,
				"description": subject,
			},
			ignore_permissions=True,
		)
		return
	make_notification_logs(
		frappe._dict(
			{
				"type": "Alert",
				"document_type": "CAS Enrollment",
				"document_name": enrollment_name,
				"subject": subject,
				"from_user": frappe.session.user,
			}
		),
		users,
	)


def crisis_staff(role: str | None) -> list[str]:
	if not role:
		return []
	has_role = frappe.qb.DocType("Has Role")
	user = frappe.qb.DocType("User")
	return (
		frappe.qb.from_(has_role)
		.join(user)
		.on(user.name == has_role.parent)
		.select(user.name)
		.distinct()
		.where(has_role.parenttype == "User")
		.where(has_role.role == role)
		.where(user.enabled == 1)
		.where(user.name.notin(["Administrator", "Guest"]))
		.run(pluck=True)
	)
