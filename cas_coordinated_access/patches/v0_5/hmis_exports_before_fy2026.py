"""Exports made before the CAS could write HMIS CSV FY2026 were all FY2024: say so on each, so the version
shown beside an old zip is the version inside it. The patch runs once, right after the field is added (which
fills it with its default, FY2026), so every export it sees is an old one."""

import frappe


def execute():
	frappe.db.sql("""update `tabCAS HMIS Export` set `csv_version` = 'FY2024'""")
