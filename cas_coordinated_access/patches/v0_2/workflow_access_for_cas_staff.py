"""CAS Administrators edit the CAS workflows in the desk, and CAS staff read the workflow states their
list filters suggest (where a System Manager has not changed those permissions already)."""

from cas_coordinated_access.setup.workflows import grant_workflow_editing


def execute():
	grant_workflow_editing()
