"""Provide Services (issue 13) on a real site: a service for one member and for a whole household in one
action, bulk entry for several households, each refusal with its message and nothing half-saved, the
client's history and the Services Provided report, HMIS CSV Services.csv both ways, and the same agency
scoping as every household record (list, document, report, history, bulk entry, and over HTTP)."""

import csv
import io
import json
import zipfile
from datetime import timedelta

import frappe
import pytest
from frappe.utils import add_days, getdate

from cas_coordinated_access.api import provide_services
from cas_coordinated_access.coordinated_access.report.client_history.client_history import (
	execute as client_history,
)
from cas_coordinated_access.coordinated_access.report.services_provided.services_provided import (
	execute as services_provided,
)
from cas_coordinated_access.hmis import importer
from cas_coordinated_access.hmis.export import Export
from cas_coordinated_access.rules import hmis_csv
from cas_coordinated_access.setup import install
from tests.hmis_files import HmisFiles
from tests.integration.factories import make_agency, make_cas_enrollment, make_client
from tests.integration.http import serving, session_for
from tests.integration.world import build_world, committed_world

BED_NIGHT = "Shelter: Bed night"
DOCUMENTS = "Case Management: Documentation Assistance"
BUS_PASS = "Transportation: Bus pass"
CHILD = "Head of household’s child"
PARTNER = "Head of household’s spouse or partner"


def today():
	return getdate()


def services_of(enrollment: str) -> list[frappe._dict]:
	return frappe.get_all(
		"CAS Service",
		filters={"enrollment": enrollment},
		fields=["member", "member_name", "service_type", "quantity", "unit", "service_date", "end_date"],
		order_by="creation",
	)


def new_service(enrollment: str, **values):
	"""One service saved through its form's controller."""
	return frappe.get_doc({"doctype": "CAS Service", "enrollment": enrollment, **values}).insert()


@pytest.fixture
def family():
	"""A household of three (head, partner, child) in the CAS CE program, enrolled ten days ago."""
	partner, child = make_client(age=38), make_client(age=7)
	enrollment = make_cas_enrollment(
		members=[(partner.name, PARTNER), (child.name, CHILD)],
		entry_date=today() - timedelta(days=10),
	)
	return frappe._dict(enrollment=enrollment, head=enrollment.client, partner=partner.name, child=child.name)


def test_the_default_catalogue_is_installed_and_never_overwritten():
	assert frappe.db.get_value(
		"CAS Service Type", BED_NIGHT, ["unit", "hud_record_type", "hud_type_provided"]
	) == (
		"Night",
		"Bed night",
		"BedNight",
	)
	assert frappe.db.exists("CAS Service Type", DOCUMENTS) and frappe.db.exists(
		"CAS Service Type", "Housing Navigation: Unit search"
	)
	frappe.db.set_value("CAS Service Type", BUS_PASS, {"unit": "Ride", "disabled": 1})
	install.create_service_types()
	assert frappe.db.get_value("CAS Service Type", BUS_PASS, ["unit", "disabled"]) == ("Ride", 1)


def test_a_service_type_is_named_by_category_and_name_and_checks_its_hud_codes():
	kind = frappe.get_doc(
		{
			"doctype": "CAS Service Type",
			"service_category": "Health",
			"service_name": "Clinic visit " + frappe.generate_hash(length=4),
		}
	).insert()
	assert kind.name == kind.full_name == f"Health: {kind.service_name}"
	kind.hud_record_type = "Bed night"
	kind.hud_type_provided = "Case management"
	with pytest.raises(frappe.ValidationError, match="one of BedNight"):
		kind.save()


class TestOneMember:
	def test_a_service_for_one_member_carries_the_households_facts(self, family):
		service = new_service(
			family.enrollment.name,
			member=family.child,
			service_type=DOCUMENTS,
			service_date=today(),
			agency=make_agency().name,  # forged: the enrollment's agency wins
			member_name="Forged",
		)
		enrollment = family.enrollment
		assert (service.agency, service.client, service.client_name, service.client_agency) == (
			enrollment.agency,
			enrollment.client,
			enrollment.client_name,
			enrollment.client_agency,
		)
		assert service.member_name == frappe.db.get_value("CAS Client", family.child, "display_name")
		assert (service.service_category, service.unit, service.quantity) == ("Case Management", "Hour", 1)
		assert service.provided_by == "Administrator" and service.provided_by_agency

	def test_without_a_member_the_service_goes_to_the_head(self, family):
		service = new_service(family.enrollment.name, service_type=BUS_PASS)
		assert service.member == family.head and service.service_date

	def test_a_bed_night_counts_its_nights(self, family):
		service = new_service(
			family.enrollment.name,
			member=family.head,
			service_type=BED_NIGHT,
			service_date=today() - timedelta(days=3),
			end_date=today() - timedelta(days=1),
			quantity=1,
		)
		assert (service.quantity, service.unit) == (3, "Night")


class TestWholeHousehold:
	def test_one_action_serves_every_member(self, family):
		assert provide_services(DOCUMENTS, str(today()), enrollments=[family.enrollment.name]) == 3
		rows = services_of(family.enrollment.name)
		assert [row.member for row in rows] == [family.head, family.partner, family.child]
		assert {(row.service_type, row.quantity) for row in rows} == {(DOCUMENTS, 1)}

	def test_chosen_members_only_sent_as_the_desk_sends_them(self, family):
		count = provide_services(
			BUS_PASS,
			str(today()),
			enrollments=json.dumps([family.enrollment.name]),
			members=json.dumps([family.child, family.head]),
			quantity="2",
			note="Two passes each",
		)
		assert count == 2
		assert {(row.member, row.quantity) for row in services_of(family.enrollment.name)} == {
			(family.head, 2),
			(family.child, 2),
		}

	def test_bulk_for_several_households_a_bed_night_each(self, family):
		single = make_cas_enrollment(entry_date=today() - timedelta(days=5))
		pair = make_cas_enrollment(
			members=[(make_client(age=30).name, PARTNER)], entry_date=today() - timedelta(days=5)
		)
		count = provide_services(
			BED_NIGHT,
			str(today() - timedelta(days=2)),
			enrollments=[family.enrollment.name, single.name, pair.name],
			end_date=str(today() - timedelta(days=1)),
		)
		assert count == 6
		for name, size in ((family.enrollment.name, 3), (single.name, 1), (pair.name, 2)):
			rows = services_of(name)
			assert len(rows) == size and {row.quantity for row in rows} == {2}


class TestRefusals:
	"""Each refusal says what is wrong, and not one service of the action is saved."""

	def refused(self, family, match, **arguments):
		before = frappe.db.count("CAS Service")
		values = {
			"service_type": DOCUMENTS,
			"service_date": str(today()),
			"enrollments": [family.enrollment.name],
		}
		values.update(arguments)
		with pytest.raises(frappe.ValidationError, match=match):
			provide_services(**values)
		assert frappe.db.count("CAS Service") == before

	def test_a_member_not_in_the_household(self, family):
		outsider = make_client().name
		self.refused(family, f"{outsider} is not a member of this household", members=[family.head, outsider])
		with pytest.raises(frappe.ValidationError, match="not a member of this household"):
			new_service(family.enrollment.name, member=outsider, service_type=DOCUMENTS)

	def test_an_end_before_the_start(self, family):
		self.refused(family, "before the start date", end_date=str(today() - timedelta(days=1)))

	def test_quantity_zero(self, family):
		self.refused(family, "greater than zero", quantity=0)
		with pytest.raises(frappe.ValidationError, match="greater than zero"):
			new_service(family.enrollment.name, service_type=DOCUMENTS, quantity=0)

	def test_a_disabled_service_type(self, family):
		frappe.db.set_value("CAS Service Type", DOCUMENTS, "disabled", 1)
		self.refused(family, "is disabled")

	def test_a_date_outside_one_of_the_households_refuses_them_all(self, family):
		earlier = make_cas_enrollment(entry_date=today() - timedelta(days=30))
		earlier.update({"exit_date": today() - timedelta(days=20), "destination": "Safe Haven"})
		earlier.save()
		self.refused(
			family,
			f"Enrollment {earlier.name}: .* after the client exited",
			enrollments=[family.enrollment.name, earlier.name],
			service_date=str(today() - timedelta(days=5)),
		)

	def test_a_refusal_while_writing_undoes_what_was_written(self, family, monkeypatch):
		from cas_coordinated_access.coordinated_access.doctype.cas_service.cas_service import CASService

		original = CASService.set_provider

		def refuse_the_child(doc):
			if doc.member == family.child:
				frappe.throw("The child's service is refused")
			original(doc)

		monkeypatch.setattr(CASService, "set_provider", refuse_the_child)
		self.refused(family, "child's service is refused")

	def test_nonsense_is_refused_clearly(self, family):
		self.refused(family, "Quantity", quantity="many")
		self.refused(family, "Date provided", service_date="yesterday-ish")
		self.refused(family, "Enrollments", enrollments='{"a": 1}')
		with pytest.raises(frappe.DoesNotExistError):
			provide_services("No: Such type", str(today()), enrollments=[family.enrollment.name])


def test_history_and_report_rows(family):
	provide_services(DOCUMENTS, str(today()), enrollments=[family.enrollment.name])
	provide_services(
		BED_NIGHT,
		str(today() - timedelta(days=2)),
		enrollments=[family.enrollment.name],
		members=[family.child],
		end_date=str(today()),
	)
	rows = client_history({"client": family.child})[1]
	services = [row for row in rows if row.category == "Service"]
	assert {row.summary for row in services} == {f"CAS Service: {DOCUMENTS}", f"CAS Service: {BED_NIGHT}"}
	bed_night = next(row for row in services if BED_NIGHT in row.summary)
	assert (bed_night.date, bed_night.end_date) == (today() - timedelta(days=2), today())
	assert bed_night.agency and bed_night.enrollment == family.enrollment.name
	# The head's history lists the head's own services, not the child's.
	head_services = [row for row in client_history({"client": family.head})[1] if row.category == "Service"]
	assert len(head_services) == 1 and DOCUMENTS in head_services[0].summary
	assert client_history({"client": family.child, "category": "Service"})[1] == sorted(
		services, key=lambda row: (row.date, row.record), reverse=True
	)

	_columns, report_rows, _message, chart = services_provided(
		{"from_date": today() - timedelta(days=7), "to_date": today()}
	)
	mine = {row.service_type: row for row in report_rows if row.agency == bed_night.agency}
	assert mine[DOCUMENTS].services >= 3 and mine[DOCUMENTS].people >= 3
	assert mine[BED_NIGHT].quantity >= 3 and mine[BED_NIGHT].unit == "Night"
	assert chart["type"] == "bar" and DOCUMENTS in chart["data"]["labels"]
	filtered = services_provided(
		{"from_date": today() - timedelta(days=7), "to_date": today(), "category": "Shelter"}
	)[1]
	assert {row.service_type for row in filtered} == {BED_NIGHT}


def test_a_member_who_becomes_protected_is_shown_by_pseudonym(family):
	provide_services(DOCUMENTS, str(today()), enrollments=[family.enrollment.name])
	child = frappe.get_doc("CAS Client", family.child)
	child.is_protected = 1
	child.save()
	(row,) = [row for row in services_of(family.enrollment.name) if row.member == family.child]
	assert row.member_name.startswith("Protected client P-") and child.first_name not in row.member_name


class TestAnotherAgency:
	@pytest.fixture
	def world(self):
		frappe.set_user("Administrator")
		world = build_world(frappe.generate_hash(length=6))
		for key in ("nora_shelter", "vera_cas"):
			provide_services(
				BED_NIGHT, "2026-01-06", enrollments=[world.enrollments[key]], end_date="2026-01-07"
			)
		return world

	def test_the_shelters_own_staff_record_tonights_bed_nights(self, world):
		frappe.set_user(world.users["north_provider"])
		assert provide_services(BED_NIGHT, str(today()), enrollments=[world.enrollments["nora_shelter"]]) == 1

	def test_a_user_of_another_agency_sees_none_of_it(self, world):
		nora = world.enrollments["nora_shelter"]
		hidden = frappe.get_all("CAS Service", filters={"enrollment": nora}, pluck="name")
		frappe.set_user(world.users["river_assessor"])
		assert not set(frappe.get_list("CAS Service", pluck="name", limit=0)) & set(hidden)
		assert not frappe.has_permission("CAS Service", "read", doc=frappe.get_doc("CAS Service", hidden[0]))
		assert all(
			row.agency != world.north
			for row in services_provided({"from_date": "2026-01-01", "to_date": today()})[1]
		)
		assert client_history({"client": world.clients["nora"]})[1] == []
		before = frappe.db.count("CAS Service")
		with pytest.raises(frappe.PermissionError) as refused:
			provide_services(BED_NIGHT, str(today()), enrollments=[nora])
		first_name = frappe.db.get_value("CAS Client", world.clients["nora"], "first_name")
		assert first_name not in str(refused.value) and frappe.db.count("CAS Service") == before

	def test_referral_staff_see_a_protected_household_by_pseudonym_only(self, world):
		frappe.set_user(world.users["referral"])
		rows = frappe.get_list(
			"CAS Service", filters={"enrollment": world.enrollments["vera_cas"]}, fields=["member_name"]
		)
		first_name = frappe.db.get_value("CAS Client", world.clients["vera"], "first_name")
		assert rows and all(row.member_name.startswith("Protected client P-") for row in rows)
		assert all(first_name not in row.member_name for row in rows)


def exported_services(enrollment: str | None = None) -> list[dict]:
	buffer = io.BytesIO()
	Export(add_days(getdate(), -400), getdate(), user="Administrator").write(buffer)
	with zipfile.ZipFile(buffer) as archive:
		rows = list(csv.DictReader(io.StringIO(archive.read("Services.csv").decode("utf-8"))))
	return [row for row in rows if not enrollment or row["EnrollmentID"].startswith(f"{enrollment}:")]


def test_services_csv_exports_bed_nights_night_by_night(family):
	provide_services(
		BED_NIGHT,
		str(today() - timedelta(days=3)),
		enrollments=[family.enrollment.name],
		members=[family.child],
		end_date=str(today() - timedelta(days=1)),
	)
	provide_services(DOCUMENTS, str(today()), enrollments=[family.enrollment.name])  # no HUD record type
	rows = exported_services(family.enrollment.name)
	assert sorted(row["DateProvided"] for row in rows) == [
		str(today() - timedelta(days=offset)) for offset in (3, 2, 1)
	]
	assert {(row["RecordType"], row["TypeProvided"], row["PersonalID"]) for row in rows} == {
		("200", "200", family.child)
	}
	assert {row["EnrollmentID"] for row in rows} == {f"{family.enrollment.name}:{family.child}"}
	assert len({row["ServicesID"] for row in rows}) == 3
	for row in rows:
		cells = [value if value != "" else None for value in row.values()]
		assert hmis_csv.problems("Services.csv", cells) == []


def test_services_csv_imports_under_the_type_carrying_its_codes():
	frappe.set_user("Administrator")
	agency = make_agency().name
	files = HmisFiles(implementation=f"clarity-{frappe.generate_hash(length=6)}")
	files.household("H1", "C1", entry="2026-02-01")
	files.service("B1", "H1E", "C1", date="2026-02-01")
	files.service("B2", "H1E", "C1", date="2026-02-02")
	files.service("M1", "H1E", "C1", date="2026-02-03", record_type=300, type_provided=4)

	def run():
		return importer.Importer(importer.read_zip(files.zip_bytes()), agency, dry_run=False).run()

	result = run()
	outcomes = {h.household_id: h for h in result.households}
	assert outcomes["H1"].outcome == "Created", outcomes["H1"].messages
	services = frappe.get_all(
		"CAS Service",
		filters={"enrollment": outcomes["H1"].enrollment},
		fields=["service_type", "service_date", "quantity"],
		order_by="service_date",
	)
	moving_on = "Moving On assistance provided: Housing referral/placement"
	assert [(row.service_type, str(row.service_date)) for row in services] == [
		(BED_NIGHT, "2026-02-01"),
		(BED_NIGHT, "2026-02-02"),
		(moving_on, "2026-02-03"),
	]
	assert result.records["Created CAS Service Type"] == 1  # no type carried Moving On's codes
	again = run()
	assert {h.household_id: h.outcome for h in again.households}["H1"] == "Unchanged"
	assert frappe.db.count("CAS Service", {"enrollment": outcomes["H1"].enrollment}) == 3


def test_financial_assistance_and_path_referrals_come_in_and_go_out_as_they_came():
	"""SSVF and HOPWA financial assistance with the amount paid (and SSVF's period), and a PATH referral with
	its outcome: HUD-valid rows another HMIS sends, refused whole before."""
	frappe.set_user("Administrator")
	agency = make_agency().name
	files = HmisFiles(implementation=f"clarity-{frappe.generate_hash(length=6)}")
	files.household("H2", "C2", entry="2026-02-01")
	assistance = {
		"F1": files.service(
			"F1",
			"H2E",
			"C2",
			date="2026-02-03",
			record_type=152,
			type_provided=1,
			FAAmount="1250.00",
			FAStartDate="2026-02-01",
			FAEndDate="2026-02-28",
		),
		"F2": files.service(
			"F2", "H2E", "C2", date="2026-02-04", record_type=151, type_provided=7, FAAmount="310.50"
		),
		"F3": files.service(
			"F3", "H2E", "C2", date="2026-02-05", record_type=161, type_provided=11, ReferralOutcome=1
		),
	}

	def run():
		return importer.Importer(importer.read_zip(files.zip_bytes()), agency, dry_run=False).run()

	(household,) = run().households
	assert household.outcome == "Created", household.messages
	stored = {
		row.service_type: row
		for row in frappe.get_all(
			"CAS Service",
			filters={"enrollment": household.enrollment},
			fields=[
				"service_type",
				"financial_assistance_amount",
				"financial_assistance_start",
				"financial_assistance_end",
				"referral_outcome",
			],
		)
	}
	rent = stored["SSVF financial assistance: Rental assistance"]
	assert (rent.financial_assistance_amount, str(rent.financial_assistance_start)) == (1250, "2026-02-01")
	assert stored["HOPWA financial assistance: Mortgage assistance"].financial_assistance_amount == 310.5
	assert stored["PATH referral: Temporary housing"].referral_outcome == "Attained"

	(again,) = run().households
	assert again.outcome == "Unchanged", again.messages
	# Sent back out under the IDs they came with.
	sent = {row["ServicesID"]: row for row in exported_services() if row["ServicesID"] in assistance}
	assert set(sent) == set(assistance)
	columns = ("RecordType", "TypeProvided", "FAAmount", "FAStartDate", "FAEndDate", "ReferralOutcome")
	assert sorted(tuple(row[c] for c in columns) for row in sent.values()) == sorted(
		tuple(str(assistance[key].get(c, "")) for c in columns) for key in assistance
	)
	for row in sent.values():
		cells = [value if value != "" else None for value in row.values()]
		assert hmis_csv.problems("Services.csv", cells) == []


def test_a_type_provided_fy2026_added_comes_in_and_goes_out_only_in_fy2026():
	frappe.set_user("Administrator")
	files = HmisFiles(implementation=f"clarity-{frappe.generate_hash(length=6)}", version="FY2026")
	files.household("H3", "C3", entry="2026-02-01")
	files.service("N1", "H3E", "C3", date="2026-02-03", record_type=144, type_provided=10)
	result = importer.Importer(importer.read_zip(files.zip_bytes()), make_agency().name, dry_run=False).run()
	assert [household.outcome for household in result.households] == ["Created"], result.summary()

	def sent(version: str) -> tuple[list[dict], dict]:
		buffer = io.BytesIO()
		export = Export(add_days(getdate(), -400), getdate(), user="Administrator", version=version)
		export.write(buffer)
		with zipfile.ZipFile(buffer) as archive:
			rows = csv.DictReader(io.StringIO(archive.read("Services.csv").decode("utf-8")))
			return [row for row in rows if row["ServicesID"] == "N1"], dict(export.left_out)

	rows, _left_out = sent("FY2026")
	assert [(row["RecordType"], row["TypeProvided"]) for row in rows] == [("144", "10")]
	rows, left_out = sent("FY2024")
	assert rows == [] and left_out["Services.csv: SSVF service: Healthcare Navigation"] >= 1


def test_an_amount_on_a_service_that_pays_nothing_is_refused(family):
	before = frappe.db.count("CAS Service")
	with pytest.raises(frappe.ValidationError, match="Only financial assistance has an amount"):
		new_service(
			family.enrollment.name,
			service_type=BUS_PASS,
			service_date=str(today()),
			financial_assistance_amount=25,
		)
	assert frappe.db.count("CAS Service") == before


def test_services_recorded_before_this_version_learn_their_record_type(family):
	from cas_coordinated_access.patches.v0_5 import services_know_their_hud_record_type

	provide_services(BED_NIGHT, str(today()), enrollments=[family.enrollment.name])
	frappe.db.sql(
		"update `tabCAS Service` set `hud_record_type` = null where `enrollment` = %s", family.enrollment.name
	)
	services_know_their_hud_record_type.execute()
	stored = frappe.get_all(
		"CAS Service", filters={"enrollment": family.enrollment.name}, pluck="hud_record_type"
	)
	assert len(stored) == 3 and set(stored) == {"Bed night"}


# Over HTTP, as a user of another agency logs in and asks.


@pytest.fixture(scope="module")
def committed(site):
	for world in committed_world("S"):
		frappe.set_user("Administrator")
		provide_services(BED_NIGHT, "2026-01-06", enrollments=[world.enrollments["nora_shelter"]])
		world.created += [
			("CAS Service", name)
			for name in frappe.get_all(
				"CAS Service", filters={"enrollment": world.enrollments["nora_shelter"]}, pluck="name"
			)
		]
		frappe.db.commit()
		yield world


@pytest.fixture(scope="module")
def server(committed):
	with serving("cas-services-server.log") as url:
		yield url


def test_over_http_another_agency_gets_nothing(server, committed):
	world = committed
	river = session_for(server, world.users["river_assessor"])
	hidden = frappe.get_all(
		"CAS Service", filters={"enrollment": world.enrollments["nora_shelter"]}, pluck="name"
	)
	first_name = frappe.db.get_value("CAS Client", world.clients["nora"], "first_name")
	listed = river.get(
		f"{server}/api/resource/CAS Service",
		params={"fields": json.dumps(["name", "member_name"]), "limit_page_length": 0},
		timeout=30,
	)
	assert listed.ok, listed.text
	assert not {row["name"] for row in listed.json()["data"]} & set(hidden)
	one = river.get(f"{server}/api/resource/CAS Service/{hidden[0]}", timeout=30)
	assert one.status_code in (403, 404) and first_name not in one.text
	report = river.post(
		f"{server}/api/method/frappe.desk.query_report.run",
		data={"report_name": "Services Provided", "filters": json.dumps({"from_date": "2026-01-01"})},
		timeout=30,
	)
	assert report.ok, report.text
	assert world.north not in report.text
	bulk = river.post(
		f"{server}/api/method/cas_coordinated_access.api.provide_services",
		data={
			"service_type": BED_NIGHT,
			"service_date": "2026-01-06",
			"enrollments": json.dumps([world.enrollments["nora_shelter"]]),
		},
		timeout=30,
	)
	assert bulk.status_code == 403 and first_name not in bulk.text
	frappe.db.rollback()
	assert frappe.db.count("CAS Service", {"enrollment": world.enrollments["nora_shelter"]}) == len(hidden)
	garbage = river.post(
		f"{server}/api/method/cas_coordinated_access.api.provide_services",
		data={"service_type": BED_NIGHT, "service_date": "2026-01-06", "quantity": "lots"},
		timeout=30,
	)
	assert garbage.status_code == 417, garbage.text
