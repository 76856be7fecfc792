"""Sites that installed the app before document readiness get the default document types once, each only
where absent (the same code install runs)."""

from cas_coordinated_access.setup.install import create_document_types


def execute():
	create_document_types()
