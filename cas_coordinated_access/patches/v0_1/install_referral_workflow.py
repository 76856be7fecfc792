"""Sites that had the app before referrals get the CAS Referral workflow, denial reasons and the queue
order once, each only where absent (the same code install runs)."""

from cas_coordinated_access.setup.install import apply_prioritization_defaults, create_denial_reasons
from cas_coordinated_access.setup.workflows import install_workflows


def execute():
	create_denial_reasons()
	apply_prioritization_defaults()
	install_workflows()
