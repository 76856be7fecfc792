from frappe import _


def get_data():
	return {
		"fieldname": "client",
		"transactions": [{"label": _("Enrollments"), "items": ["CAS Enrollment"]}],
	}
