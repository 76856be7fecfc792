# Copyright (c) 2026, cas_coordinated_access contributors
# For license information, please see license.txt

from frappe.model.document import Document


class CASCaseConferenceAttendee(Document):
	pass
