"""What the app's script reports share."""

from frappe import _

# A donut's legend prints what the tooltip formatter returns as text, and the report page's formatter
# wraps an Int in a right-aligned <div>: the legend would read "<div ...>2</div>". Their values are whole
# counts already, so they go unformatted.
AGGREGATION_CHARTS = frozenset({"donut", "pie", "percentage"})


def chart(kind: str, labels: list, values: list, name: str | None = None) -> dict | None:
	"""A report chart of one dataset, or None when there is nothing to draw. The charts count households
	and records: whole numbers on the axis and in the tooltips, not "500.00"."""
	if not labels or not any(values):
		return None
	dataset = {"values": values, **({"name": name} if name else {})}
	chart = {"data": {"labels": labels, "datasets": [dataset]}, "type": kind}
	if kind not in AGGREGATION_CHARTS:
		chart["fieldtype"] = "Int"
	return chart


def household_columns(fieldname: str, label: str, doctype: str) -> list[dict]:
	"""The first columns of a report about households: the record (a link) and the household's name (its
	display name: a pseudonym for a protected client)."""
	return [
		{"fieldname": fieldname, "label": label, "fieldtype": "Link", "options": doctype, "width": 120},
		{"fieldname": "client_name", "label": _("Household"), "fieldtype": "Data", "width": 200},
	]
