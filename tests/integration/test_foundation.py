"""The foundation on a real site: the app installs and migrates, its records and roles exist, and the
core records refuse bad input with clear messages, leaving nothing half-saved."""

from datetime import date, timedelta

import frappe
import pytest
from frappe.utils import getdate

from cas_coordinated_access.rules import household
from cas_coordinated_access.setup import install
from tests.integration.conftest import run_migrate
from tests.integration.factories import make_agency, make_client, make_enrollment, make_program

CORE_DOCTYPES = (
	"CAS Agency",
	"CAS Program",
	"CAS Client",
	"CAS Enrollment",
	"CAS Household Member",
	"CAS Settings",
)
CHILD = "Head of household’s child"
PARTNER = "Head of household’s spouse or partner"
SELF = "Self (Head of Household)"


@pytest.fixture
def program():
	agency = make_agency(is_cas_agency=0)
	return make_program(agency.name)


def test_app_is_installed():
	assert "cas_coordinated_access" in frappe.get_installed_apps()


@pytest.mark.parametrize("doctype", CORE_DOCTYPES)
def test_core_doctypes_exist_in_the_module(doctype):
	assert frappe.db.get_value("DocType", doctype, "module") == "Coordinated Access"


@pytest.mark.parametrize("role", install.CAS_ROLES)
def test_roles_exist_with_desk_access(role):
	assert frappe.db.get_value("Role", role, "desk_access") == 1


def test_workspace_is_there_for_cas_roles():
	workspace = frappe.get_doc("Workspace", "Coordinated Access")
	assert {"CAS Assessor", "CAS Administrator"} <= {row.role for row in workspace.roles}
	assert {"CAS Client", "CAS Enrollment"} <= {shortcut.link_to for shortcut in workspace.shortcuts}
	links = {link.link_to for link in workspace.links}
	assert {"CAS Agency", "CAS Program", "CAS Staff Member", "CAS Settings", "Community Queue"} <= links
	assert {"CAS HMIS Export", "CAS HMIS Import", "CAS HMIS Record ID"} <= links


def test_settings_have_sacramento_defaults():
	settings = frappe.get_single("CAS Settings")
	assert (settings.evh_threshold_individual, settings.evh_threshold_family) == (6, 10)
	assert settings.cls_stale_after_days == 30
	assert settings.isp_due_business_days == 1


def test_settings_defaults_never_overwrite_an_administrators_value():
	frappe.db.set_single_value("CAS Settings", "evh_threshold_family", 12)
	install.apply_settings_defaults()
	assert frappe.db.get_single_value("CAS Settings", "evh_threshold_family", cache=False) == 12


def test_roles_are_not_recreated_over_an_administrators_change():
	frappe.db.set_value("Role", "CAS Provider", "desk_access", 0)
	install.create_roles()
	assert frappe.db.get_value("Role", "CAS Provider", "desk_access") == 0


def test_settings_refuse_a_zero_threshold():
	settings = frappe.get_single("CAS Settings")
	settings.evh_threshold_individual = 0
	with pytest.raises(frappe.ValidationError, match="at least 1"):
		settings.save()


class TestAgency:
	def test_only_one_shared_cas_agency(self):
		existing = frappe.db.get_value("CAS Agency", {"is_cas_agency": 1})
		first = existing or make_agency(is_cas_agency=1).name
		with pytest.raises(frappe.ValidationError, match="already the shared CAS Agency"):
			make_agency(is_cas_agency=1)
		assert frappe.db.count("CAS Agency", {"is_cas_agency": 1}) == 1
		assert frappe.db.get_value("CAS Agency", {"is_cas_agency": 1}) == first


class TestProgram:
	def test_rapid_rehousing_needs_its_subtype(self):
		agency = make_agency()
		with pytest.raises(frappe.ValidationError, match="RRH subtype"):
			make_program(
				agency.name, project_type="PH – Rapid Re-Housing", program_category="Rapid Re-Housing"
			)
		program = make_program(
			agency.name,
			project_type="PH – Rapid Re-Housing",
			program_category="Rapid Re-Housing",
			rrh_sub_type="RRH: Housing with or without services",
		)
		assert program.coc_code == "CA-503"

	def test_bad_coc_code(self):
		with pytest.raises(frappe.ValidationError, match="CA-503"):
			make_program(make_agency().name, coc_code="Sacramento")

	def test_operating_dates_in_order(self):
		with pytest.raises(frappe.ValidationError, match="before the start date"):
			make_program(
				make_agency().name, operating_start_date=date(2024, 5, 1), operating_end_date=date(2024, 4, 1)
			)


class TestClient:
	def test_name_and_missing_data_answers_are_derived(self):
		client = make_client(first_name="Ana", last_name="Ruiz", middle_name="María", age=None)
		assert client.full_name == "Ana María Ruiz"
		assert client.name_data_quality == "Full name reported"
		assert client.dob_data_quality == "Data not collected"
		assert client.ssn_data_quality == "Data not collected"
		assert client.race_none == "Data not collected"
		client.asian = 1
		client.save()
		assert client.race_none is None

	def test_bad_ssn(self):
		with pytest.raises(frappe.ValidationError, match="9 characters"):
			make_client(ssn="12345")

	def test_date_of_birth_in_future(self):
		with pytest.raises(frappe.ValidationError, match="in the future"):
			make_client(age=None, date_of_birth=getdate() + timedelta(days=2))


class TestEnrollment:
	def test_household_with_members(self, program):
		mother = make_client(age=31)
		child = make_client(age=4)
		partner = make_client(age=33)
		enrollment = make_enrollment(
			program.name, mother.name, [(child.name, CHILD), (partner.name, PARTNER)]
		)

		assert enrollment.household_members[0].client == mother.name
		assert enrollment.household_members[0].relationship_to_hoh == SELF
		assert enrollment.household_type == household.FAMILY_WITH_CHILDREN
		assert enrollment.household_size == 3
		assert [m.age_at_entry for m in enrollment.household_members] == [31, 4, 33]
		assert enrollment.status == "Open"
		assert enrollment.agency == program.agency

	def test_individual_adult(self, program):
		enrollment = make_enrollment(program.name, make_client(age=50).name)
		assert enrollment.household_type == household.INDIVIDUAL_ADULT

	def test_agency_sent_by_the_client_is_ignored(self, program):
		other = make_agency()
		enrollment = make_enrollment(program.name, make_client().name, agency=other.name)
		assert enrollment.agency == program.agency
		enrollment.agency = other.name
		enrollment.save()
		assert frappe.db.get_value("CAS Enrollment", enrollment.name, "agency") == program.agency

	def test_second_open_enrollment_in_same_program_is_refused(self, program):
		client = make_client()
		first = make_enrollment(program.name, client.name)
		before = frappe.db.count("CAS Enrollment")
		with pytest.raises(frappe.ValidationError, match="already has an open enrollment") as caught:
			make_enrollment(program.name, client.name)
		assert first.name in str(caught.value)
		assert frappe.db.count("CAS Enrollment") == before

	def test_member_of_an_open_household_cannot_be_enrolled_again(self, program):
		mother, child = make_client(age=30), make_client(age=3)
		make_enrollment(program.name, mother.name, [(child.name, CHILD)])
		with pytest.raises(frappe.ValidationError, match="already has an open enrollment"):
			make_enrollment(program.name, child.name)

	def test_exited_enrollment_allows_a_new_one(self, program):
		client = make_client()
		first = make_enrollment(program.name, client.name, entry_date=getdate() - timedelta(days=90))
		first.exit_date = getdate() - timedelta(days=10)
		first.destination = "Safe Haven"
		first.save()
		assert first.status == "Exited"
		make_enrollment(program.name, client.name)

	def test_exit_before_entry_is_refused_and_nothing_changes(self, program):
		enrollment = make_enrollment(
			program.name, make_client().name, entry_date=getdate() - timedelta(days=5)
		)
		enrollment.exit_date = getdate() - timedelta(days=6)
		enrollment.destination = "Safe Haven"
		with pytest.raises(frappe.ValidationError, match="before the entry date"):
			enrollment.save()
		assert frappe.db.get_value("CAS Enrollment", enrollment.name, "exit_date") is None

	def test_exit_needs_a_destination(self, program):
		enrollment = make_enrollment(program.name, make_client().name)
		enrollment.exit_date = getdate()
		with pytest.raises(frappe.ValidationError, match="destination"):
			enrollment.save()

	def test_two_heads_of_household_are_refused(self, program):
		head, other = make_client(), make_client()
		with pytest.raises(frappe.ValidationError, match="exactly one head of household"):
			make_enrollment(program.name, head.name, [(other.name, SELF)])

	def test_entry_in_the_future_is_refused(self, program):
		with pytest.raises(frappe.ValidationError, match="in the future"):
			make_enrollment(program.name, make_client().name, entry_date=getdate() + timedelta(days=1))

	def test_refused_enrollment_leaves_no_child_rows(self, program):
		head = make_client()
		rows_before = frappe.db.count("CAS Household Member")
		with pytest.raises(frappe.ValidationError):
			make_enrollment(program.name, head.name, [(head.name, CHILD)])
		assert frappe.db.count("CAS Household Member") == rows_before


def test_migrate_twice_is_clean_and_keeps_administrators_changes():
	"""Migrate runs in a separate process, so the administrator's changes are committed first and restored
	after: a setting, a question of the default HCT set, and a program type they deleted."""
	original = frappe.db.get_single_value("CAS Settings", "cls_stale_after_days", cache=False)
	frappe.db.set_single_value("CAS Settings", "cls_stale_after_days", 45)
	question = frappe.db.get_value(
		"CAS Question",
		{"parenttype": "CAS Question Set", "code": "HCT-01"},
		["name", "question"],
		as_dict=True,
	)
	frappe.db.set_value(
		"CAS Question", question.name, "question", "Where did you spend last night? (our wording)"
	)
	deleted_type = frappe.get_doc("CAS Program Type", "Rapid Exit").as_dict()
	frappe.delete_doc("CAS Program Type", "Rapid Exit")
	frappe.db.commit()
	try:
		for _ in range(2):
			run_migrate()
		assert frappe.db.get_single_value("CAS Settings", "cls_stale_after_days", cache=False) == 45
		assert frappe.db.get_value("CAS Question", question.name, "question").endswith("(our wording)")
		assert not frappe.db.exists("CAS Program Type", "Rapid Exit")
	finally:
		frappe.db.set_single_value("CAS Settings", "cls_stale_after_days", original)
		frappe.db.set_value("CAS Question", question.name, "question", question.question)
		if not frappe.db.exists("CAS Program Type", "Rapid Exit"):
			frappe.get_doc({**deleted_type, "doctype": "CAS Program Type"}).insert()
		frappe.db.commit()


def test_every_report_is_linked_and_every_chart_is_shown_to_cas_staff():
	"""Issue 16: reports reachable from the workspace; charts readable by the staff who see the workspace
	(a custom chart without a DocType was shown to System Managers alone)."""
	from tests.integration.factories import make_user

	workspace = frappe.get_doc("Workspace", "Coordinated Access")
	reports = set(frappe.get_all("Report", filters={"module": "Coordinated Access"}, pluck="name"))
	assert reports <= {link.link_to for link in workspace.links if link.link_type == "Report"}
	assessor = make_user(f"charts.{frappe.generate_hash(length=5)}@example.org", "CAS Assessor")
	frappe.set_user(assessor)
	for chart in workspace.charts:
		assert frappe.get_doc("Dashboard Chart", chart.chart_name).has_permission("read"), chart.chart_name


@pytest.mark.parametrize(
	"doctype", ["CAS Housing Conversation Tool", "CAS Crisis Assessment", "CAS Status Assessment"]
)
def test_an_administrator_can_customize_the_assessments_in_the_desk(doctype):
	"""Customize Form saves the DocType as the site holds it: a field defined twice by the app stopped it
	("Fieldname amended_from appears multiple times")."""
	form = frappe.get_doc("Customize Form")
	form.doc_type = doctype
	form.fetch_to_customize()
	row = next(field for field in form.fields if field.fieldtype == "Date")
	row.label = f"{row.label} (as this CoC calls it)"
	form.save_customization()
	assert frappe.get_meta(doctype).get_field(row.fieldname).label == row.label
