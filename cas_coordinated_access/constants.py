"""Names other modules and hooks.py share. Imports nothing, so hooks.py may import it."""

# Records kept inside a CAS enrollment: they carry the enrollment's agency, holding agency and protection.
HOUSEHOLD_RECORD_DOCTYPES = (
	"CAS Current Living Situation",
	"CAS Crisis Assessment",
	"CAS Housing Conversation Tool",
	"CAS CE Event",
	"CAS Individualized Support Plan",
	"CAS Queue Entry",
	"CAS Referral",
)

# Every DocType whose rows are scoped to the agencies a user works in.
SCOPED_DOCTYPES = ("CAS Client", "CAS Enrollment", "CAS Staff Member", *HOUSEHOLD_RECORD_DOCTYPES)
