"""Queue entries made before the Community Queue was read in index order get the date their time homeless
counts from, as their controller now sets it (rules/prioritization.homeless_from)."""

import frappe


def execute():
	frappe.db.sql(
		"""update `tabCAS Queue Entry`
		set `homeless_from` = least(coalesce(`homeless_since`, `date_added`, curdate()), curdate())
		where `homeless_from` is null"""
	)
