from frappe import _


def get_data():
	return {
		"fieldname": "agency",
		"transactions": [
			{"label": _("Programs"), "items": ["CAS Program"]},
			{"label": _("Households"), "items": ["CAS Enrollment", "CAS Client"]},
		],
	}
