from frappe import _


def get_data():
	"""The enrollment's records by kind, as the seed's enrollment tabs group them: each with its count and a
	button that starts a new one in this enrollment."""
	return {
		"fieldname": "enrollment",
		"transactions": [
			{
				"label": _("Assessments"),
				"items": [
					"CAS Crisis Assessment",
					"CAS Housing Conversation Tool",
					"CAS Status Assessment",
					"CAS Individualized Support Plan",
				],
			},
			{"label": _("Events"), "items": ["CAS Current Living Situation", "CAS CE Event"]},
			{"label": _("Services"), "items": ["CAS Service"]},
			{"label": _("Queue and Referrals"), "items": ["CAS Queue Entry", "CAS Referral"]},
			{"label": _("Case Conferences"), "items": ["CAS Case Conference Discussion"]},
		],
	}
