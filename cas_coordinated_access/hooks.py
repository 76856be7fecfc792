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

# Whitelisted methods must declare the types of their arguments.
require_type_annotated_api_methods = True

extend_bootinfo = "cas_coordinated_access.api.extend_bootinfo"

# Frappe 15's count endpoints skip permission checks; counts of CAS records go through the list query.
override_whitelisted_methods = {
	"frappe.client.get_count": "cas_coordinated_access.overrides.whitelisted.get_count",
	"frappe.desk.listview.get_group_by_count": "cas_coordinated_access.overrides.whitelisted.get_group_by_count",
}

# Desk
# ----
app_include_js = "/assets/cas_coordinated_access/js/cas_desk.js"

# Scheduled work
# --------------
scheduler_events = {
	"daily": [
		"cas_coordinated_access.utils.follow_ups.mark_overdue_follow_ups",
		"cas_coordinated_access.utils.community_queue.expire_overdue_referrals",
	],
}
