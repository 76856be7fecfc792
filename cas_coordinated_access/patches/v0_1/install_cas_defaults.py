"""Sites that installed the app before question sets, program types and the newer settings existed get
them once, each only where absent (the same code install runs)."""

from cas_coordinated_access.setup.install import (
	apply_settings_defaults,
	create_default_question_sets,
	create_program_types,
)


def execute():
	apply_settings_defaults()
	create_program_types()
	create_default_question_sets()
