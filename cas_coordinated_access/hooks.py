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
