app_name = "cas_coordinated_access"
app_title = "CAS Coordinated Access"
app_publisher = "cas_coordinated_access contributors"
app_description = "Coordinated Access System (CAS) for homelessness Continuums of Care"
app_email = "maintainers@cas-coordinated-access.invalid"
app_license = "mit"

add_to_apps_screen = [
	{
		"name": "cas_coordinated_access",
		"logo": "/assets/cas_coordinated_access/images/cas-logo.svg",
		"title": "Coordinated Access",
		"route": "/app/coordinated-access",
	}
]

# Installation
# ------------
# Roles, settings defaults and other records administrators own are created once, where absent,
# from code: never as `fixtures`, which migrate would force back over an administrator's changes.
after_install = "cas_coordinated_access.setup.install.after_install"

# Controllers carry the DocType's field types (kept up to date by Frappe in developer mode).
export_python_type_annotations = True

# Permissions
# -----------
# Every scoped DocType is answered by one module, from one rule (rules/access.py): the list condition and
# the single-document check are the same SQL, so they never disagree.
from cas_coordinated_access.constants import SCOPED_DOCTYPES

permission_query_conditions = {
	doctype: "cas_coordinated_access.permissions.query_conditions" for doctype in SCOPED_DOCTYPES
}
has_permission = {doctype: "cas_coordinated_access.permissions.has_permission" for doctype in SCOPED_DOCTYPES}
# What points at a scoped record from elsewhere: child table rows, and the copies Frappe keeps (comments,
# versions, files, assignments, notifications, ...). Read only by those who may read the record.
permission_query_conditions["*"] = "cas_coordinated_access.permissions.query_conditions_for_any"
has_permission["*"] = "cas_coordinated_access.permissions.has_permission_for_any"
# CAS Administrators edit the CAS workflows, and no other.
permission_query_conditions["Workflow"] = "cas_coordinated_access.permissions.workflow_query_conditions"
has_permission["Workflow"] = "cas_coordinated_access.permissions.workflow_has_permission"

# Whitelisted methods must declare the types of their arguments.
require_type_annotated_api_methods = True

extend_bootinfo = "cas_coordinated_access.api.extend_bootinfo"

# A database that cannot be reached is answered at once with a clear 503, before anything reads it; then
# Frappe's REST resources and desk methods about the app's DocTypes meet the boundary of its methods
# (utils/api.py).
before_request = [
	"cas_coordinated_access.utils.http_errors.check_database_reachable",
	"cas_coordinated_access.utils.api.check_http_request",
]
# A request MariaDB rolled back to end a deadlock or a lock wait is answered with a message, not a traceback.
after_request = ["cas_coordinated_access.utils.http_errors.explain_transient_errors"]

# Frappe 15 endpoints that answer about a record without asking whether the user may see it: CAS records,
# their child rows and their copies go through the same rule as every other path (overrides/whitelisted.py).
override_whitelisted_methods = {
	method: f"cas_coordinated_access.overrides.whitelisted.{name}"
	for method, name in {
		"frappe.client.get": "get",
		"frappe.client.get_count": "get_count",
		"frappe.core.api.file.unzip_file": "unzip_file",
		"frappe.desk.listview.get_group_by_count": "get_group_by_count",
		"frappe.desk.search.search_link": "search_link",
		"frappe.desk.search.search_widget": "search_widget",
		"frappe.client.validate_link": "validate_link",
		"frappe.desk.search.get_link_title": "get_link_title",
		"frappe.desk.form.linked_with.get_submitted_linked_docs": "get_submitted_linked_docs",
		"frappe.utils.global_search.search": "global_search",
		"frappe.core.doctype.deleted_document.deleted_document.restore": "restore",
		"frappe.core.doctype.deleted_document.deleted_document.bulk_restore": "bulk_restore",
		"run_doc_method": "run_doc_method",
		"frappe.desk.form.save.savedocs": "savedocs",
		"frappe.model.workflow.apply_workflow": "apply_workflow",
	}.items()
}

# The case conference's agenda and minutes print what the printing user may read.
jinja = {"methods": ["cas_coordinated_access.utils.case_conference.case_conference_for_print"]}

# Clients are found by name from the search bar; each user sees only the clients they may see.
global_search_doctypes = {"Default": [{"doctype": "CAS Client"}]}

# Desk
# ----
app_include_js = [
	"/assets/cas_coordinated_access/js/cas_desk.js",
	# The documents dialog, opened from enrollments, clients, case conferences and the Community Queue.
	"/assets/cas_coordinated_access/js/cas_documents.js",
]
# Keeps an edit made in the Workflow form's grids (see the file).
doctype_js = {"Workflow": "public/js/workflow.js"}
app_include_css = "/assets/cas_coordinated_access/css/cas_desk.css"

# Scheduled work
# --------------
scheduler_events = {
	# An HMIS import or export whose worker stopped mid-way is marked failed, to be run again.
	"all": ["cas_coordinated_access.utils.long_jobs.mark_stopped_jobs"],
	"daily": [
		"cas_coordinated_access.utils.follow_ups.mark_overdue_follow_ups",
		"cas_coordinated_access.utils.community_queue.expire_overdue_referrals",
	],
}
