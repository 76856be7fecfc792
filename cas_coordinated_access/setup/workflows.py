"""Default workflows shipped as JSON in `cas_coordinated_access/workflows/`.

Frappe does not sync Workflow from module files, and `fixtures` would overwrite an administrator's edits
on every migrate. So a workflow is inserted from its JSON only when its DocType has no workflow at all
(inserting an active one would silently deactivate an administrator's own), at install and by a one-time
patch, never on migrate: edits, and a deletion, survive.
"""

import json
from pathlib import Path

import frappe

WORKFLOWS = Path(__file__).resolve().parent.parent / "workflows"


def install_workflows():
	for path in sorted(WORKFLOWS.glob("*.json")):
		install_workflow(json.loads(path.read_text(encoding="utf-8")))


def install_workflow(data: dict):
	if frappe.db.exists("Workflow", {"document_type": data["document_type"]}):
		return
	styles = data.pop("state_styles", {})
	for state in data["states"]:
		if not frappe.db.exists("Workflow State", state["state"]):
			frappe.get_doc(
				{
					"doctype": "Workflow State",
					"workflow_state_name": state["state"],
					"style": styles.get(state["state"], ""),
				}
			).insert(ignore_permissions=True)
	for action in {transition["action"] for transition in data["transitions"]}:
		if not frappe.db.exists("Workflow Action Master", action):
			frappe.get_doc({"doctype": "Workflow Action Master", "workflow_action_name": action}).insert(
				ignore_permissions=True
			)
	frappe.get_doc(data).insert(ignore_permissions=True)


# What a CAS Administrator needs to edit the CAS workflows in the desk, without the whole site: the
# Workflow of CAS DocTypes only (permissions.py limits the rows), and the states and actions they use.
WORKFLOW_ADMIN_DOCTYPES = {
	"Workflow": ("read", "write", "create"),
	"Workflow State": ("read", "write", "create"),
	"Workflow Action Master": ("read", "write", "create"),
}
WORKFLOW_ADMIN_ROLE = "CAS Administrator"


def grant_workflow_editing():
	"""Role permissions for the CAS Administrator, added where absent (an administrator who removes them in
	Role Permissions Manager keeps them removed: this runs at install and in a one-time patch only)."""
	from frappe.permissions import add_permission, update_permission_property

	for doctype, rights in WORKFLOW_ADMIN_DOCTYPES.items():
		if frappe.db.exists("Custom DocPerm", {"parent": doctype, "role": WORKFLOW_ADMIN_ROLE}):
			continue
		add_permission(doctype, WORKFLOW_ADMIN_ROLE, 0, "read")
		for right in rights:
			update_permission_property(doctype, WORKFLOW_ADMIN_ROLE, 0, right, 1, validate=False)
	# Everyone in the CAS reads the states' names: list filters on Workflow State suggest them.
	for role in ("CAS Assessor", "CAS Referral Specialist", "CAS Provider"):
		if not frappe.db.exists("Custom DocPerm", {"parent": "Workflow State", "role": role}):
			add_permission("Workflow State", role, 0, "read")
	frappe.clear_cache()
