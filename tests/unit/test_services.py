"""Provide Services rules: dates, members, quantities, HUD's record types and the Services.csv rows."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cas_coordinated_access.rules import hmis_csv, hud
from cas_coordinated_access.rules import services as rules
from cas_coordinated_access.rules.violations import RuleViolation

DAY = date(2026, 3, 10)
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
HOUSEHOLD = ("head", "partner", "child")


def test_full_name_joins_category_and_service():
	assert rules.full_name(" Case Management ", "Documentation Assistance") == (
		"Case Management: Documentation Assistance"
	)
	assert rules.full_name("", "Bed night") == "Bed night"
	with pytest.raises(RuleViolation, match="name of the service"):
		rules.full_name("Shelter", "  ")


class TestDates:
	def test_a_single_day_and_a_range_forwards_pass(self):
		rules.check_dates(DAY, None)
		rules.check_dates(DAY, DAY)
		rules.check_dates(DAY, DAY + timedelta(days=3))

	def test_an_end_before_the_start_is_refused(self):
		with pytest.raises(RuleViolation, match="before the start date 2026-03-10") as refused:
			rules.check_dates(DAY, DAY - timedelta(days=1))
		assert refused.value.title == "Invalid end date"

	@given(days, days)
	def test_a_range_is_refused_exactly_when_it_runs_backwards(self, start, end):
		if end < start:
			with pytest.raises(RuleViolation):
				rules.check_dates(start, end)
		else:
			rules.check_dates(start, end)

	@given(days, st.integers(min_value=0, max_value=400))
	def test_nights_cover_each_day_of_the_range_once(self, start, length):
		end = start + timedelta(days=length)
		nights = rules.nights(start, end)
		assert len(nights) == length + 1 == len(set(nights))
		assert (nights[0], nights[-1]) == (start, end)
		assert rules.nights(start, None) == [start]


class TestQuantity:
	@pytest.mark.parametrize("quantity", [0, -1, -0.5, None])
	def test_nothing_or_less_is_refused(self, quantity):
		with pytest.raises(RuleViolation, match="greater than zero"):
			rules.check_quantity(quantity)

	@pytest.mark.parametrize("quantity", [0.25, 1, 3])
	def test_something_passes(self, quantity):
		rules.check_quantity(quantity)

	@given(days, st.integers(min_value=0, max_value=60), st.floats(min_value=0.1, max_value=50))
	def test_a_bed_night_counts_its_nights_and_other_services_keep_what_was_entered(
		self, start, length, entered
	):
		end = start + timedelta(days=length)
		assert rules.quantity_for(rules.BED_NIGHT, start, end, entered) == length + 1
		assert rules.quantity_for(rules.BED_NIGHT, start, None, entered) == 1
		assert rules.quantity_for(None, start, end, entered) == entered
		assert rules.quantity_for(143, start, end, entered) == entered


class TestMembers:
	def test_a_member_of_the_household_passes(self):
		rules.check_member("child", list(HOUSEHOLD))

	def test_someone_else_is_refused_by_id(self):
		with pytest.raises(RuleViolation, match="stranger is not a member of this household"):
			rules.check_member("stranger", list(HOUSEHOLD))
		with pytest.raises(RuleViolation, match="Choose the household member"):
			rules.check_member(None, list(HOUSEHOLD))

	@given(st.lists(st.sampled_from([*HOUSEHOLD, "stranger", "visitor"]), unique=True))
	def test_only_members_of_the_household_pass(self, chosen):
		for member in chosen:
			if member in HOUSEHOLD:
				rules.check_member(member, HOUSEHOLD)
			else:
				with pytest.raises(RuleViolation, match=member):
					rules.check_member(member, HOUSEHOLD)

	def test_batch_size(self):
		rules.check_batch_size(1)
		rules.check_batch_size(rules.MOST_AT_ONCE)
		with pytest.raises(RuleViolation, match="at least one person"):
			rules.check_batch_size(0)
		with pytest.raises(RuleViolation, match="smaller groups"):
			rules.check_batch_size(rules.MOST_AT_ONCE + 1)


def test_a_disabled_type_is_refused_by_name():
	rules.check_type_enabled("Shelter: Bed night", False)
	with pytest.raises(RuleViolation, match="Shelter: Bed night is disabled"):
		rules.check_type_enabled("Shelter: Bed night", True)


class TestHudTypes:
	def test_only_record_types_a_service_can_carry_are_offered(self):
		offered = rules.record_type_labels()
		assert "Bed night" in offered and "PATH service" in offered
		assert {"HOPWA financial assistance", "SSVF financial assistance", "PATH referral"} <= set(offered)
		# Every record type of HUD's list 1.4 can be carried (a file from another HMIS may hold any of them).
		assert set(offered) == set(hud.labels(rules.RECORD_TYPE))
		# Every list the CAS maps a record type to is in the shipped specification.
		for list_id in rules.TYPE_PROVIDED_LISTS.values():
			assert hud.spec()["lists"][list_id]["values"]

	def test_bed_night_codes(self):
		assert rules.type_provided_labels("Bed night") == ["BedNight"]
		assert rules.hud_codes("Bed night", "BedNight") == (200, 200)
		assert rules.hud_codes(None, None) is None
		assert rules.hud_codes("Bed night", "Case management") is None

	def test_the_same_label_under_two_record_types_has_each_ones_code(self):
		assert rules.hud_codes("PATH service", "Case management") == (141, 6)
		assert rules.hud_codes("HOPWA service", "Case management") == (143, 2)
		assert rules.all_type_provided_labels().count("Case management") == 1

	def test_a_record_type_needs_a_type_of_its_own_list(self):
		rules.check_hud_type(None, None)
		rules.check_hud_type("Bed night", "BedNight")
		with pytest.raises(RuleViolation, match="under the HUD record type Bed night: one of BedNight"):
			rules.check_hud_type("Bed night", "Transportation")
		with pytest.raises(RuleViolation, match="Choose the HUD record type"):
			rules.check_hud_type(None, "BedNight")
		with pytest.raises(RuleViolation, match="not a HUD record type a CAS service can carry"):
			rules.check_hud_type("Financial assistance", None)
		rules.check_hud_type("SSVF financial assistance", "Rental assistance")
		assert rules.hud_codes("SSVF financial assistance", "Rental assistance") == (152, 1)
		assert rules.hud_codes("HOPWA financial assistance", "Rental assistance") == (151, 1)
		assert rules.hud_codes("PATH referral", "Temporary housing") == (161, 11)

	@given(st.sampled_from(sorted(rules.TYPE_PROVIDED_LISTS)), st.data())
	def test_every_pair_of_codes_finds_or_makes_its_type(self, record_code, data):
		type_code = data.draw(st.sampled_from(sorted(hud.codes(rules.TYPE_PROVIDED_LISTS[record_code]))))
		values = rules.new_type_for_hud(record_code, type_code)
		assert rules.hud_codes(values["hud_record_type"], values["hud_type_provided"]) == (
			record_code,
			type_code,
		)
		rules.check_hud_type(values["hud_record_type"], values["hud_type_provided"])
		types = [
			("Old", values["hud_record_type"], values["hud_type_provided"], True),
			("Zed", None, None, False),
		]
		assert rules.service_type_for(types, record_code, type_code) == "Old"
		types.append(("New", values["hud_record_type"], values["hud_type_provided"], False))
		assert rules.service_type_for(types, record_code, type_code) == "New"  # enabled first

	def test_a_type_provided_only_fy2026_has_can_be_carried(self):
		# SSVF's Healthcare Navigation (V2.2, 10) came with FY2026: a file of that version may carry it.
		assert rules.type_provided_labels("SSVF service")[-1] == "Healthcare Navigation"
		assert rules.new_type_for_hud(144, 10)["hud_type_provided"] == "Healthcare Navigation"
		assert rules.hud_codes("SSVF service", "Healthcare Navigation") == (144, 10)

	def test_codes_a_service_cannot_carry_make_no_type(self):
		assert rules.new_type_for_hud(152, 6) is None  # 6 is not in list V3.3
		assert rules.new_type_for_hud(153, 1) is None
		assert rules.new_type_for_hud(200, 7) is None
		assert rules.service_type_for([], 200, 200) is None


class TestAssistance:
	def test_an_amount_and_a_period_belong_to_financial_assistance(self):
		rules.check_assistance(152, 1250.0, DAY, DAY + timedelta(days=30), None)
		rules.check_assistance(151, 400.0, None, None, None)
		rules.check_assistance(200, 0.0, None, None, None)  # Frappe's empty Currency
		with pytest.raises(RuleViolation, match="Only financial assistance has an amount"):
			rules.check_assistance(200, 25.0, None, None, None)
		with pytest.raises(RuleViolation, match="cannot be negative"):
			rules.check_assistance(152, -1.0, None, None, None)
		with pytest.raises(RuleViolation, match="Only SSVF financial assistance has a period"):
			rules.check_assistance(151, 400.0, DAY, None, None)
		with pytest.raises(RuleViolation, match="ends on 2026-03-09, before it starts on 2026-03-10"):
			rules.check_assistance(152, 400.0, DAY, DAY - timedelta(days=1), None)

	def test_an_outcome_belongs_to_a_path_referral(self):
		rules.check_assistance(161, None, None, None, "Attained")
		with pytest.raises(RuleViolation, match="Only a PATH referral has an outcome"):
			rules.check_assistance(141, None, None, None, "Attained")
		with pytest.raises(RuleViolation, match="Housed is not a PATH referral outcome"):
			rules.check_assistance(161, None, None, None, "Housed")

	def test_services_csv_carries_them_only_where_hud_asks(self):
		assistance = {"FAAmount": 1250.0, "FAStartDate": DAY, "FAEndDate": DAY, "ReferralOutcome": 1}
		(row,) = rules.hmis_rows("SVC-5", 152, 1, DAY, None, "Rental assistance", assistance)
		assert (row["FAAmount"], row["FAStartDate"], row["FAEndDate"], row.get("ReferralOutcome")) == (
			1250.0,
			DAY,
			DAY,
			None,
		)
		(row,) = rules.hmis_rows("SVC-6", 151, 1, DAY, None, "Rental assistance", assistance)
		assert (row["FAAmount"], row.get("FAStartDate"), row.get("ReferralOutcome")) == (1250.0, None, None)
		(row,) = rules.hmis_rows("SVC-7", 161, 11, DAY, None, "Temporary housing", assistance)
		assert (row.get("FAAmount"), row["ReferralOutcome"]) == (None, 1)
		(row,) = rules.hmis_rows("SVC-8", 152, 1, DAY, None, "Rental assistance", {"FAAmount": 0.0})
		assert "FAAmount" not in row  # an amount not entered is not an amount of $0.00


class TestServicesCsv:
	def test_a_bed_night_range_is_one_row_per_night(self):
		rows = rules.hmis_rows("SVC-00001", 200, 200, DAY, DAY + timedelta(days=2), "Bed night")
		assert [row["DateProvided"] for row in rows] == rules.nights(DAY, DAY + timedelta(days=2))
		assert [row["ServicesID"] for row in rows] == [
			"SVC-00001:20260310",
			"SVC-00001:20260311",
			"SVC-00001:20260312",
		]
		assert {(row["RecordType"], row["TypeProvided"]) for row in rows} == {(200, 200)}

	def test_one_night_and_other_services_are_one_row_under_the_services_name(self):
		assert rules.hmis_rows("SVC-1", 200, 200, DAY, DAY, "Bed night") == [
			{"RecordType": 200, "TypeProvided": 200, "ServicesID": "SVC-1", "DateProvided": DAY}
		]
		rows = rules.hmis_rows("SVC-2", 143, 13, DAY, DAY + timedelta(days=5), "Bus pass")
		assert [(row["ServicesID"], row["DateProvided"]) for row in rows] == [("SVC-2", DAY)]

	def test_other_types_carry_their_text(self):
		(row,) = rules.hmis_rows("SVC-3", 300, 5, DAY, None, "Storage unit")
		assert row["MovingOnOtherType"] == "Storage unit"
		(row,) = rules.hmis_rows("SVC-4", 144, 6, DAY, None, "Legal clinic")
		assert row["OtherTypeProvided"] == "Legal clinic"

	@given(
		st.sampled_from(sorted(rules.TYPE_PROVIDED_LISTS)),
		st.data(),
		days,
		st.integers(min_value=0, max_value=40),
	)
	def test_every_row_passes_the_specifications_checks(self, record_code, data, start, length):
		type_code = data.draw(st.sampled_from(sorted(hud.codes(rules.TYPE_PROVIDED_LISTS[record_code]))))
		metadata = {
			"EnrollmentID": "ENR-00001:CL-00001",
			"PersonalID": "CL-00001",
			"DateCreated": "2026-01-02 09:00:00",
			"DateUpdated": "2026-01-02 09:00:00",
			"UserID": "u1",
			"ExportID": "X1",
		}
		for values in rules.hmis_rows(
			"SVC-99999", record_code, type_code, start, start + timedelta(days=length), "A service"
		):
			cells = hmis_csv.row("Services.csv", {**values, **metadata})
			assert hmis_csv.problems("Services.csv", cells) == []
