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
