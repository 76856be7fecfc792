# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt
"""Services provided in a period, by service type and by the agency that provided them: how many services,
to how many people, and how much of each unit. Only the services the user may see (their agencies'
households, as every household record)."""

import frappe
from frappe import _
from frappe.utils import add_days, getdate

from cas_coordinated_access import permissions
from cas_coordinated_access.utils.reports import chart as report_chart

# The chart names the busiest types; the table lists them all.
CHART_TYPES = 15


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	from_date = getdate(filters.from_date or add_days(getdate(), -30))
	to_date = getdate(filters.to_date or getdate())
	conditions = [
		"service.`service_date` between %(from_date)s and %(to_date)s",
		permissions.condition_for("CAS Service", table="service"),
	]
	values = {"from_date": from_date, "to_date": to_date}
	for fieldname, column in (
		("service_type", "service_type"),
		("category", "service_category"),
		("agency", "provided_by_agency"),
	):
		if filters.get(fieldname):
			conditions.append(f"service.`{column}` = %({fieldname})s")
			values[fieldname] = filters.get(fieldname)
	rows = frappe.db.sql(
		f"""select service.`service_type`, service.`service_category` as category,
			service.`provided_by_agency` as agency, count(*) as services,
			count(distinct service.`member`) as people, sum(service.`quantity`) as quantity,
			max(service.`unit`) as unit
		from `tabCAS Service` service
		where {" and ".join(conditions)}
		group by service.`service_type`, service.`service_category`, service.`provided_by_agency`
		order by services desc, service.`service_type`, service.`provided_by_agency`""",
		values,
		as_dict=True,
	)
	by_type: dict[str, int] = {}
	for row in rows:
		by_type[row.service_type] = by_type.get(row.service_type, 0) + row.services
	busiest = sorted(by_type.items(), key=lambda item: item[1], reverse=True)[:CHART_TYPES]
	chart = report_chart(
		"bar", [name for name, _count in busiest], [count for _name, count in busiest], _("Services")
	)
	return get_columns(), rows, None, chart


def get_columns() -> list[dict]:
	return [
		{
			"fieldname": "service_type",
			"label": _("Service Type"),
			"fieldtype": "Link",
			"options": "CAS Service Type",
			"width": 280,
		},
		{"fieldname": "category", "label": _("Category"), "fieldtype": "Data", "width": 160},
		{
			"fieldname": "agency",
			"label": _("Agency Providing"),
			"fieldtype": "Link",
			"options": "CAS Agency",
			"width": 200,
		},
		{"fieldname": "services", "label": _("Services"), "fieldtype": "Int", "width": 100},
		{"fieldname": "people", "label": _("People"), "fieldtype": "Int", "width": 90},
		{"fieldname": "quantity", "label": _("Quantity"), "fieldtype": "Float", "precision": 1, "width": 100},
		{"fieldname": "unit", "label": _("Unit"), "fieldtype": "Data", "width": 90},
	]
