from frappe import _


def get_data():
	return {
		"fieldname": "enrollment",
		"transactions": [
			{"label": _("Where the Client Is"), "items": ["CAS Current Living Situation"]},
			{"label": _("Assessments"), "items": ["CAS Crisis Assessment", "CAS Housing Conversation Tool"]},
			{"label": _("Plans and Events"), "items": ["CAS Individualized Support Plan", "CAS CE Event"]},
		],
	}
