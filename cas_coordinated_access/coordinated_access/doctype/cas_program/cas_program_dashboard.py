from frappe import _


def get_data():
	return {
		"fieldname": "program",
		"transactions": [{"label": _("Enrollments"), "items": ["CAS Enrollment"]}],
	}
