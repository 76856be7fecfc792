"""Install-time setup: everything is created only where it is absent, so re-running it (a patch, a
reinstall) never overwrites what an administrator changed or brings back what they deleted."""

import frappe
from frappe import _

from cas_coordinated_access.rules.settings import DEFAULTS as SETTINGS_DEFAULTS

CAS_ROLES = (
	"CAS Assessor",  # CLS, assessments, ISPs and CE Events inside a client's CAS enrollment
	"CAS Referral Specialist",  # works the Community Queue, sends referrals to providers
	"CAS Provider",  # shelter or housing intake staff: accept or deny referrals to their programs
	"CAS Administrator",  # agencies, programs, settings, question sets, workflows
)


def after_install():
	try:
		create_roles()
		apply_settings_defaults()
	except Exception:
		frappe.log_error(title=_("CAS Coordinated Access: setup after install failed"))
		raise


def create_roles():
	for role_name in CAS_ROLES:
		if not frappe.db.exists("Role", role_name):
			frappe.get_doc(
				{
					"doctype": "Role",
					"role_name": role_name,
					"desk_access": 1,
					"search_bar": 1,
					"notifications": 1,
				}
			).insert(ignore_permissions=True)


def apply_settings_defaults():
	"""Fill the CAS Settings values that have never been set; values already there stay as they are."""
	stored = frappe.db.get_singles_dict("CAS Settings")
	for fieldname, value in SETTINGS_DEFAULTS.items():
		if stored.get(fieldname) in (None, ""):
			frappe.db.set_single_value("CAS Settings", fieldname, value)
