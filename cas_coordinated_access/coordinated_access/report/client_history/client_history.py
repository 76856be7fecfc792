# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt
"""A client's global history: every enrollment, CLS, assessment, plan, CE Event, queue entry and referral
of every household they belong to, and the services they received, across programs and agencies, newest
first. Only what the user may see: each source applies the same permission condition as its list view."""

from functools import cache

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
	"CAS Status Assessment": ("Status Assessment", "information_date", "data_collection_stage", None),
	"CAS CE Event": ("CE Event", "event_date", "event", None),
	"CAS Queue Entry": ("Community Queue", "date_added", "queue", None),
	"CAS Referral": ("Referral", "referral_date", "workflow_state", "program"),
	"CAS Service": ("Service", "service_date", "service_type", None),
	"CAS Case Conference Discussion": ("Case Conference", "conference_date", "agenda_reasons", None),
}
# Records of one member rather than of the whole household: the client's history lists their own.
MEMBER_COLUMNS = {"CAS Service": "member"}
# Records that last from their date to an end date.
END_COLUMNS = {"CAS Service": "end_date"}
# Where a record names the agency that did the work rather than the household's (the seed's history shows
# who provided a service).
AGENCY_COLUMNS = {"CAS Service": "provided_by_agency"}


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	if not filters.client:
		return get_columns(), [], _("Choose a client to see their history.")
	return get_columns(), get_history(filters)


def get_columns() -> list[dict]:
	return [
		{"fieldname": "date", "label": _("Date"), "fieldtype": "Date", "width": 100},
		{"fieldname": "end_date", "label": _("End Date"), "fieldtype": "Date", "width": 100},
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
	# A history repeats a few texts (record types, categories, statuses) hundreds of times, and Frappe's _()
	# asks the translation cache in Redis on every call: half of a 500-record history's time.
	translate = cache(_)
	for row in rows:
		row.summary = (
			f"{translate(row.record_type)}: {translate(str(row.summary))}"
			if row.summary is not None
			else translate(row.record_type)
		)
		row.category = translate(row.category)
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
	if doctype in MEMBER_COLUMNS:
		conditions.append(f"{table}.`{MEMBER_COLUMNS[doctype]}` = %(client)s")
		values["client"] = filters.client
	end_date = f"{table}.`{END_COLUMNS[doctype]}`" if doctype in END_COLUMNS else "null"
	agency = f"{table}.`{AGENCY_COLUMNS.get(doctype, 'agency')}`"
	if filters.agency:
		conditions.append(f"{agency} = %(agency)s")
		values["agency"] = filters.agency
	for bound, operator in (("from_date", ">="), ("to_date", "<=")):
		if filters.get(bound):
			conditions.append(f"{table}.`{date_column}` {operator} %({bound})s")
			values[bound] = filters.get(bound)
	program = f"{table}.`{program_column}`" if program_column else "enrollment.`program`"
	return frappe.db.sql(
		f"""select {table}.`{date_column}` as date, {end_date} as end_date, %(category)s as category, %(doctype)s as record_type,
			{table}.`name` as record, {table}.`{summary_column}` as summary, {program} as program,
			{agency} as agency, {"record.`name`" if key == "name" else "record.`enrollment`"} as enrollment
		from `tab{doctype}` {table}
		left join `tabCAS Enrollment` enrollment on enrollment.`name` = {"record.`name`" if key == "name" else "record.`enrollment`"}
		where {" and ".join(conditions)}""",
		{**values, "category": category, "doctype": doctype},
		as_dict=True,
	)
