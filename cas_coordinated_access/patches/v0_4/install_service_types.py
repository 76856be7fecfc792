"""Sites that installed the app before services existed get the default catalogue of service types once,
each type only where absent (the same code install runs)."""

from cas_coordinated_access.setup.install import create_service_types


def execute():
	create_service_types()
