"""The demo CoC: one command loads households at every stage, refuses a site with real CAS data, and can
be removed again."""

import frappe
import pytest
from frappe.utils import add_days, getdate

from cas_coordinated_access.demo import loader
from tests.integration.factories import make_cas_enrollment, make_client


@pytest.fixture
def clean_manifest():
	yield
	import os

	if os.path.exists(loader.manifest_path()):
		os.remove(loader.manifest_path())


def test_loads_every_stage_and_removes_it_again(clean_manifest):
	# A test site keeps enrollments other tests committed, their Current Living Situation long overdue;
	# what is said of the demo's households below must not count them.
	for _ in range(30):
		make_cas_enrollment(entry_date=add_days(getdate(), -60))
	# The demo goes only into a site without CAS clients: start from one (rolled back after the test).
	frappe.db.delete("CAS Client")
	result = loader.load(households=len(loader.STAGES) * 4, progress=None)
	assert result["households"] == 32 and set(result["users"]) >= {
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
	# Issue 16: a newcomer meets a CoC at work, not noise: plans written, referrals to several programs,
	# most households seen this month, and people told apart by name.
	assert frappe.db.count("CAS Individualized Support Plan") >= 10
	assert len(set(frappe.get_all("CAS Referral", pluck="program"))) >= 2
	open_enrollments = frappe.get_all(
		"CAS Enrollment",
		filters={"status": "Open", "client": ("in", loader.read_manifest()["CAS Client"])},
		pluck="name",
	)
	overdue_cls = frappe.get_all(
		"CAS Due Item",
		filters={"parent": ("in", open_enrollments), "kind": "Current Living Situation", "overdue": 1},
		pluck="parent",
		distinct=True,
	)
	assert len(overdue_cls) <= len(open_enrollments) * 0.3, (len(overdue_cls), len(open_enrollments))
	names = [frappe.db.get_value("User", user, "full_name") for user in result["users"].values()]
	assert len(set(names)) == len(names)
	assert frappe.db.count("CAS Crisis Assessment", {"docstatus": 1}) >= 3  # CE APR's crisis line
	# Issue 14: papers in hand for some, missing for others, and this week's case conference on its agenda.
	assert frappe.db.count("CAS Client Document", {"status": "In Hand"}) >= 5
	(conference,) = frappe.get_all(
		"CAS Case Conference", filters={"owner": result["users"]["referral"]}, pluck="name"
	)
	assert frappe.db.count("CAS Case Conference Discussion", {"case_conference": conference}) >= 3
	# Staff see the Coordinated Access workspace, not Frappe's Build, Users, Tools and Website.
	from frappe.desk.desktop import get_workspace_sidebar_items

	frappe.set_user(result["users"]["assessor"])
	sidebar = {page.name for page in get_workspace_sidebar_items()["pages"]}
	frappe.set_user("Administrator")
	assert "Coordinated Access" in sidebar and not sidebar & {"Build", "Users", "Tools", "Website"}
	with pytest.raises(frappe.ValidationError, match="already loaded"):
		loader.load(households=1, progress=None)
	loader.remove()
	assert frappe.db.count("CAS Client") == 0 and frappe.db.count("CAS Referral") == 0
	assert not frappe.db.count("CAS Client Document") and not frappe.db.exists(
		"CAS Case Conference", conference
	)
	assert not frappe.db.count("CAS Case Conference Discussion", {"case_conference": conference})
	assert not frappe.db.exists("User", "demo.assessor@example.org")


def test_refuses_a_site_with_real_cas_data(clean_manifest):
	make_client(first_name="Real", last_name="Person")
	with pytest.raises(frappe.ValidationError, match="without real CAS data"):
		loader.load(households=1, progress=None)


def test_demo_users_reach_the_desk_not_the_setup_wizard():
	"""A new site sends everyone but Administrator to its setup wizard; the demo completes it (issue 16).
	Runs first thing in its own transaction: completing the wizard commits."""
	frappe.db.set_single_value("System Settings", "setup_complete", 0)
	frappe.db.commit()
	assert loader.complete_setup_wizard() is True
	assert frappe.db.get_single_value("System Settings", "setup_complete") == 1
	assert loader.complete_setup_wizard() is False  # once only
