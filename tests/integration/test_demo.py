"""The demo CoC: one command loads households at every stage, refuses a site with real CAS data, and can
be removed again."""

import frappe
import pytest

from cas_coordinated_access.demo import loader
from tests.integration.factories import make_client


@pytest.fixture
def clean_manifest():
	yield
	import os

	if os.path.exists(loader.manifest_path()):
		os.remove(loader.manifest_path())


def test_loads_every_stage_and_removes_it_again(clean_manifest):
	# The demo goes only into a site without CAS clients: start from one (rolled back after the test).
	frappe.db.delete("CAS Client")
	result = loader.load(households=len(loader.STAGES) * 2, progress=None)
	assert result["households"] == 16 and set(result["users"]) >= {
		"assessor",
		"referral",
		"provider",
		"admin",
	}
	states = set(frappe.get_all("CAS Referral", pluck="workflow_state"))
	assert {"Pending", "Accepted", "Denial Confirmed", "Expired"} <= states
	assert frappe.db.count("CAS Queue Entry", {"status": "Active"}) >= 2
	assert frappe.db.exists("CAS Agency", {"victim_service_provider": 1, "agency_name": ("like", "Demo%")})
	assert frappe.db.count("CAS Agency", {"agency_name": ("like", "Demo%")}) >= 12
	with pytest.raises(frappe.ValidationError, match="already loaded"):
		loader.load(households=1, progress=None)
	loader.remove()
	assert frappe.db.count("CAS Client") == 0 and frappe.db.count("CAS Referral") == 0
	assert not frappe.db.exists("User", "demo.assessor@example.org")


def test_refuses_a_site_with_real_cas_data(clean_manifest):
	make_client(first_name="Real", last_name="Person")
	with pytest.raises(frappe.ValidationError, match="without real CAS data"):
		loader.load(households=1, progress=None)
