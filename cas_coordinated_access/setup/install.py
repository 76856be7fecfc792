"""Install-time setup: everything is created only where it is absent, so re-running it (a patch, a
reinstall) never overwrites what an administrator changed or brings back what they deleted."""

import json
from pathlib import Path

import frappe
from frappe import _

from cas_coordinated_access.rules.prioritization import DEFAULT_ORDER
from cas_coordinated_access.rules.settings import DEFAULTS as SETTINGS_DEFAULTS
from cas_coordinated_access.setup.workflows import grant_workflow_editing, install_workflows

DENIAL_REASONS = (
	("Client declined", 0),
	("Not eligible", 1),
	("Unable to contact", 0),
	("No capacity", 0),
	("Other", 1),
)

CAS_ROLES = (
	"CAS Assessor",  # CLS, assessments, ISPs and CE Events inside a client's CAS enrollment
	"CAS Referral Specialist",  # works the Community Queue, sends referrals to providers
	"CAS Provider",  # shelter or housing intake staff: accept or deny referrals to their programs
	"CAS Administrator",  # agencies, programs, settings, question sets, workflows
)


DATA = Path(__file__).resolve().parent.parent / "coordinated_access" / "data"


def after_install():
	try:
		create_roles()
		apply_settings_defaults()
		create_program_types()
		create_service_types()
		create_document_types()
		create_default_question_sets()
		create_denial_reasons()
		apply_prioritization_defaults()
		install_workflows()
		grant_workflow_editing()
		add_clients_to_global_search()
		create_staff_module_profile()
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


def create_program_types():
	"""The ISP's program types (from the ISP job aid), each only where absent."""
	for values in load("program_types.json"):
		if not frappe.db.exists("CAS Program Type", values["program_type_name"]):
			frappe.get_doc({"doctype": "CAS Program Type", **values}).insert(ignore_permissions=True)


def create_service_types():
	"""A default catalogue of services (case management, navigation, transportation, bed nights...), each
	type only where absent: a type an administrator changed or disabled is left as they left it."""
	from cas_coordinated_access.rules.services import full_name

	for values in load("service_types.json"):
		if frappe.db.exists(
			"CAS Service Type", full_name(values["service_category"], values["service_name"])
		):
			continue
		frappe.get_doc({"doctype": "CAS Service Type", **values}).insert(ignore_permissions=True)


def create_document_types():
	"""The documents households are commonly asked for (photo ID, Social Security card, birth certificate,
	proof of income, homelessness and disability verification, DD-214), each only where absent: a type an
	administrator changed, disabled or deleted is left as they left it."""
	for values in load("document_types.json"):
		if frappe.db.exists("CAS Document Type", values["document_type_name"]):
			continue
		frappe.get_doc(
			{
				"doctype": "CAS Document Type",
				**{key: value for key, value in values.items() if key != "program_types"},
				"program_types": [{"project_type": value} for value in values.get("program_types", [])],
			}
		).insert(ignore_permissions=True)


def create_default_question_sets():
	"""A default Crisis Assessment and HCT question set, for a CoC that has none of that kind yet.

	A CoC replaces them with its own; once it has any set of a kind, nothing is installed for that kind.
	"""
	for filename in ("default_crisis_assessment.json", "default_housing_conversation_tool.json"):
		data = load(filename)
		if frappe.db.exists("CAS Question Set", {"kind": data["kind"]}):
			continue
		doc = frappe.get_doc(
			{
				"doctype": "CAS Question Set",
				"question_set_name": data["name"],
				"kind": data["kind"],
				"description": data.get("description"),
				"is_default": 1,
				"questions": [
					{
						"code": q["code"],
						"section": q["section"],
						"question": q["text"],
						"applies_to": q["household_types"][0]
						if q.get("household_types")
						else "All Households",
						"required": int(q.get("required", True)),
						"reports_on": q.get("reports_on"),
					}
					for q in data["questions"]
				],
				"answer_options": [
					{
						"question_code": q["code"],
						"option": o["label"],
						"points": o["points"],
						"evh_factor": o.get("evh_factor"),
					}
					for q in data["questions"]
					for o in q["options"]
				],
				"recommendations": [
					{
						"outcome": r["outcome"],
						"min_score": r.get("min_score") or 0,
						"any_answers": "\n".join(
							f"{code}: {label}" for code, label in r.get("any_answers", [])
						),
						"require_evh": int(r.get("require_evh", False)),
					}
					for r in data.get("recommendations", [])
				],
			}
		)
		doc.insert(ignore_permissions=True)


def load(filename: str):
	with (DATA / filename).open(encoding="utf-8") as data_file:
		return json.load(data_file)


def create_denial_reasons():
	for reason, requires_note in DENIAL_REASONS:
		if not frappe.db.exists("CAS Denial Reason", reason):
			frappe.get_doc(
				{"doctype": "CAS Denial Reason", "reason": reason, "requires_note": requires_note}
			).insert(ignore_permissions=True)


def apply_prioritization_defaults():
	"""EVH first, then score, time homeless and date added: only when no order was ever set."""
	if frappe.db.count("CAS Prioritization Criterion", {"parent": "CAS Settings"}):
		return
	settings = frappe.get_single("CAS Settings")
	for criterion in DEFAULT_ORDER:
		settings.append("prioritization_order", {"criterion": criterion})
	settings.flags.ignore_permissions = True
	settings.save()


def add_clients_to_global_search():
	"""Staff look clients up by name from the search bar (global search). Added once, where absent: an
	administrator who takes CAS Client out of Global Search Settings keeps it out. Results are limited to
	the clients each user may see (overrides/whitelisted.py)."""
	settings = frappe.get_single("Global Search Settings")
	if any(row.document_type == "CAS Client" for row in settings.allowed_in_global_search):
		return
	settings.append("allowed_in_global_search", {"document_type": "CAS Client"})
	settings.save(ignore_permissions=True)
	frappe.cache.hdel("global_search", "search_priorities")


# Frappe's own workspaces (Build, Users, Tools, Website, Integrations) are for site administrators; CAS
# staff given this module profile see the Coordinated Access workspace alone. Blocking a module hides its
# workspaces and module links; it grants or removes no permission.
STAFF_MODULE_PROFILE = "CAS Staff"
STAFF_BLOCKED_MODULES = ("Core", "Automation", "Website", "Integrations")


def create_staff_module_profile():
	"""Created where absent; administrators assign it to CAS staff (the demo does) and may change it."""
	if frappe.db.exists("Module Profile", STAFF_MODULE_PROFILE):
		return
	frappe.get_doc(
		{
			"doctype": "Module Profile",
			"module_profile_name": STAFF_MODULE_PROFILE,
			"block_modules": [{"module": module} for module in STAFF_BLOCKED_MODULES],
		}
	).insert(ignore_permissions=True)
