# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt
"""A client's global history: every enrollment, CLS, assessment, plan, CE Event, queue entry and referral
of every household they belong to, across programs and agencies, newest first. Only what the user may see:
each source applies the same permission condition as its list view."""

import frappe
from frappe import _

from cas_coordinated_access import permissions

# doctype: (category, date column, summary column, program column); categories are translated when shown.
SOURCES = {
	"CAS Enrollment": ("Enrollment", "entry_date", "status", "program"),
	"CAS Current Living Situation": (
		"Current Living Situation",
		"information_date",
		"living_situation",
		None,
	),
	"CAS Crisis Assessment": ("Assessment", "assessment_date", "total_score", None),
	"CAS Housing Conversation Tool": ("Assessment", "assessment_date", "total_score", None),
	"CAS Individualized Support Plan": ("Support Plan", "plan_date", "program_preference", None),
	"CAS CE Event": ("CE Event", "event_date", "event", None),
	"CAS Queue Entry": ("Community Queue", "date_added", "queue", None),
	"CAS Referral": ("Referral", "referral_date", "workflow_state", "program"),
}


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	if not filters.client:
		return get_columns(), [], _("Choose a client to see their history.")
	return get_columns(), get_history(filters)


def get_columns() -> list[dict]:
	return [
		{"fieldname": "date", "label": _("Date"), "fieldtype": "Date", "width": 100},
		{"fieldname": "category", "label": _("Category"), "fieldtype": "Data", "width": 170},
		{"fieldname": "record_type", "label": _("Record Type"), "fieldtype": "Data", "hidden": 1},
		{
			"fieldname": "record",
			"label": _("Record"),
			"fieldtype": "Dynamic Link",
			"options": "record_type",
			"width": 130,
		},
		{"fieldname": "summary", "label": _("What"), "fieldtype": "Data", "width": 300},
		{
			"fieldname": "program",
			"label": _("Program"),
			"fieldtype": "Link",
			"options": "CAS Program",
			"width": 200,
		},
		{
			"fieldname": "agency",
			"label": _("Agency"),
			"fieldtype": "Link",
			"options": "CAS Agency",
			"width": 180,
		},
		{
			"fieldname": "enrollment",
			"label": _("Enrollment"),
			"fieldtype": "Link",
			"options": "CAS Enrollment",
			"width": 110,
		},
	]


def get_history(filters) -> list[dict]:
	enrollments = visible_enrollments(filters.client)
	if not enrollments:
		return []
	rows = []
	for doctype, (category, date_column, summary_column, program_column) in SOURCES.items():
		if filters.category and category != filters.category:
			continue
		rows.extend(
			records(doctype, category, date_column, summary_column, program_column, enrollments, filters)
		)
	for row in rows:
		row.summary = (
			f"{_(row.record_type)}: {_(str(row.summary))}" if row.summary is not None else _(row.record_type)
		)
		row.category = _(row.category)
	rows.sort(key=lambda row: (row.date, row.record), reverse=True)
	return rows


def visible_enrollments(client: str) -> list[str]:
	"""The enrollments of every household the client belongs to (as head or member) the user may see."""
	condition = permissions.condition_for("CAS Enrollment", table="enrollment")
	return frappe.db.sql_list(
		f"""select distinct enrollment.`name` from `tabCAS Enrollment` enrollment
		inner join `tabCAS Household Member` member on member.`parent` = enrollment.`name`
			and member.`parenttype` = 'CAS Enrollment'
		where member.`client` = %(client)s and {condition}""",
		{"client": client},
	)


def records(doctype, category, date_column, summary_column, program_column, enrollments, filters) -> list:
	table = "record"
	key = "name" if doctype == "CAS Enrollment" else "enrollment"
	conditions = [f"{table}.`{key}` in %(enrollments)s", permissions.condition_for(doctype, table=table)]
	if frappe.get_meta(doctype).is_submittable:
		conditions.append(f"{table}.`docstatus` < 2")
	values = {"enrollments": enrollments}
	if filters.agency:
		conditions.append(f"{table}.`agency` = %(agency)s")
		values["agency"] = filters.agency
	for bound, operator in (("from_date", ">="), ("to_date", "<=")):
		if filters.get(bound):
			conditions.append(f"{table}.`{date_column}` {operator} %({bound})s")
			values[bound] = filters.get(bound)
	program = f"{table}.`{program_column}`" if program_column else "enrollment.`program`"
	return frappe.db.sql(
		f"""select {table}.`{date_column}` as date, %(category)s as category, %(doctype)s as record_type,
			{table}.`name` as record, {table}.`{summary_column}` as summary, {program} as program,
			{table}.`agency` as agency, {"record.`name`" if key == "name" else "record.`enrollment`"} as enrollment
		from `tab{doctype}` {table}
		left join `tabCAS Enrollment` enrollment on enrollment.`name` = {"record.`name`" if key == "name" else "record.`enrollment`"}
		where {" and ".join(conditions)}""",
		{**values, "category": category, "doctype": doctype},
		as_dict=True,
	)
