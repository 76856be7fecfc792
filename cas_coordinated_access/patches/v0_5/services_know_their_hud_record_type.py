"""Services recorded before a service could carry financial assistance or a PATH referral learn their type's HUD
record type, which decides whether the form asks for an amount, a period or an outcome."""

import frappe


def execute():
	frappe.db.sql(
		"""update `tabCAS Service` service
		join `tabCAS Service Type` service_type on service_type.`name` = service.`service_type`
		set service.`hud_record_type` = service_type.`hud_record_type`
		where coalesce(service.`hud_record_type`, '') != coalesce(service_type.`hud_record_type`, '')"""
	)
