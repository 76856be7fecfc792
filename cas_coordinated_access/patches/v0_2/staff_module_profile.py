"""The "CAS Staff" module profile, which keeps Frappe's own workspaces out of CAS staff's sidebar."""

from cas_coordinated_access.setup.install import create_staff_module_profile


def execute():
	create_staff_module_profile()
