"""The shipped question sets' income and disability questions report on HUD data (CAS Question
"Reports On"): marked in the default sets where the question is still the shipped one and unmarked, so an
administrator's own choice (or their own wording) is never overwritten."""

import frappe

from cas_coordinated_access.setup.install import load

SHIPPED = ("default_crisis_assessment.json", "default_housing_conversation_tool.json")


def execute():
	for filename in SHIPPED:
		data = load(filename)
		marked = {q["code"]: q for q in data["questions"] if q.get("reports_on")}
		for question_set in frappe.get_all(
			"CAS Question Set", filters={"kind": data["kind"], "is_default": 1}, pluck="name"
		):
			for row in frappe.get_all(
				"CAS Question",
				filters={
					"parent": question_set,
					"parenttype": "CAS Question Set",
					"code": ("in", list(marked)),
				},
				fields=["name", "code", "question", "reports_on"],
			):
				shipped = marked[row.code]
				if not row.reports_on and row.question == shipped["text"]:
					frappe.db.set_value("CAS Question", row.name, "reports_on", shipped["reports_on"])
