"""Frappe desk endpoints that count records without asking about permissions (Frappe 15.55), wrapped so
that counts of CAS records go through the permission-aware list query. Anything else is passed on
unchanged to Frappe's own method."""

import frappe
from frappe.client import get_count as frappe_get_count
from frappe.desk.listview import get_group_by_count as frappe_get_group_by_count
from frappe.query_builder import Order
from frappe.query_builder.functions import Count

from cas_coordinated_access.constants import SCOPED_DOCTYPES


@frappe.whitelist()
def get_count(
	doctype: str, filters: str | dict | list | None = None, debug: bool = False, cache: bool = False
) -> int:
	if doctype not in SCOPED_DOCTYPES:
		return frappe_get_count(doctype, filters=filters, debug=debug, cache=cache)
	rows = frappe.get_list(doctype, filters=filters, fields=[f"count(`tab{doctype}`.`name`) as total"])
	return rows[0].total if rows else 0


@frappe.whitelist()
def get_group_by_count(doctype: str, current_filters: str, field: str) -> list[dict]:
	if doctype not in SCOPED_DOCTYPES or field != "assigned_to":
		return frappe_get_group_by_count(doctype, current_filters, field)
	# Assignment counts of only the records the user may see.
	visible = frappe.get_list(
		doctype, filters=frappe.parse_json(current_filters), pluck="name", limit_page_length=0
	)
	if not visible:
		return []
	todo = frappe.qb.DocType("ToDo")
	count = Count("*").as_("count")
	return (
		frappe.qb.from_(todo)
		.select(todo.allocated_to.as_("name"), count)
		.where(todo.status != "Cancelled")
		.where(todo.reference_type == doctype)
		.where(todo.reference_name.isin(visible))
		.groupby(todo.allocated_to)
		.orderby(count, order=Order.desc)
		.limit(50)
		.run(as_dict=True)
	)
