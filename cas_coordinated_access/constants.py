"""Names other modules and hooks.py share. Imports nothing, so hooks.py may import it."""

# Records kept inside a CAS enrollment: they carry the enrollment's agency, holding agency and protection.
HOUSEHOLD_RECORD_DOCTYPES = (
	"CAS Current Living Situation",
	"CAS Crisis Assessment",
	"CAS Housing Conversation Tool",
	"CAS CE Event",
	"CAS Individualized Support Plan",
	"CAS Status Assessment",
	"CAS Queue Entry",
	"CAS Referral",
	"CAS Service",
	"CAS Case Conference Discussion",
)
# What is said about a household at a case conference (a protected household's notes stay with its agency).
CASE_CONFERENCE_DISCUSSION = "CAS Case Conference Discussion"

# Where a client stands with a document: seen and updated exactly where the client is seen.
CLIENT_DOCUMENT = "CAS Client Document"

# Every DocType whose rows are scoped to the agencies a user works in.
SCOPED_DOCTYPES = (
	"CAS Client",
	"CAS Enrollment",
	"CAS Staff Member",
	*HOUSEHOLD_RECORD_DOCTYPES,
	CLIENT_DOCUMENT,
)

# Where Frappe keeps copies of, or pointers to, a record of any DocType: the copy's DocType and its fields
# naming the source DocType and document. Rows pointing at a scoped record are read only by those who may
# read that record (permissions.py).
RECORD_COPIES = {
	"Comment": ("reference_doctype", "reference_name"),
	"Communication": ("reference_doctype", "reference_name"),
	"Version": ("ref_doctype", "docname"),
	"Activity Log": ("reference_doctype", "reference_name"),
	"Deleted Document": ("deleted_doctype", "deleted_name"),
	"File": ("attached_to_doctype", "attached_to_name"),
	"ToDo": ("reference_type", "reference_name"),
	"Notification Log": ("document_type", "document_name"),
	"Email Queue": ("reference_doctype", "reference_name"),
	"View Log": ("reference_doctype", "reference_name"),
	"Access Log": ("export_from", "reference_document"),
	"DocShare": ("share_doctype", "share_name"),
	"Tag Link": ("document_type", "document_name"),
	"Document Follow": ("ref_doctype", "ref_docname"),
	"Energy Point Log": ("reference_doctype", "reference_name"),
	"Workflow Action": ("reference_doctype", "reference_name"),
	"Reminder": ("reminder_doctype", "reminder_docname"),
	"Document Share Key": ("reference_doctype", "reference_docname"),
	"Auto Repeat": ("reference_doctype", "reference_document"),
	"Email Unsubscribe": ("reference_doctype", "reference_name"),
	"Integration Request": ("reference_doctype", "reference_docname"),
	"Submission Queue": ("ref_doctype", "ref_docname"),
	"Discussion Topic": ("reference_doctype", "reference_docname"),
	"Dynamic Link": ("link_doctype", "link_name"),
	"Communication Link": ("link_doctype", "link_name"),
	"Event Participants": ("reference_doctype", "reference_docname"),
}
