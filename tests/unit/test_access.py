"""The access decision: unit examples, and proof (with SQLite) that the SQL condition lists exactly the
records the Python check admits, for any viewer and any records."""

import hashlib
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cas_coordinated_access.rules import access

SECRET = "this site's secret"
SHARED = "CAS Agency"
AGENCIES = ("CAS Agency", "River House", "Harbor VSP", "North Shelter")
ROLES = ("CAS Assessor", "CAS Referral Specialist", "CAS Provider", "CAS Administrator", "System Manager")


def viewer(*roles, agencies=(), user="u@example.org", shared=SHARED):
	return access.Viewer(
		user=user, roles=frozenset(roles), agencies=frozenset(agencies), shared_agency=shared
	)


def record(agency, client_agency=None, is_protected=False, receiving_agency=None):
	return {
		"agency": agency,
		"client_agency": client_agency or agency,
		"is_protected": int(is_protected),
		"receiving_agency": receiving_agency,
	}


def sees(v, r):
	return access.matches(access.household_rule(v), r)


class TestHouseholdRule:
	def test_admins_see_everything(self):
		assert sees(viewer("CAS Administrator"), record("North Shelter", is_protected=True))
		assert sees(viewer(user="Administrator"), record("North Shelter"))

	def test_own_agency(self):
		assert sees(viewer("CAS Provider", agencies=["North Shelter"]), record("North Shelter"))
		assert not sees(viewer("CAS Provider", agencies=["North Shelter"]), record("River House"))

	def test_assessor_works_in_shared_agency(self):
		assert sees(viewer("CAS Assessor", agencies=["River House"]), record(SHARED, "North Shelter"))

	def test_provider_alone_does_not_see_shared_agency(self):
		assert not sees(viewer("CAS Provider", agencies=["North Shelter"]), record(SHARED, "North Shelter"))

	def test_protected_household_only_for_holding_agency_or_queue_staff(self):
		protected = record(SHARED, "Harbor VSP", is_protected=True)
		assert not sees(viewer("CAS Assessor", agencies=["River House"]), protected)
		assert sees(viewer("CAS Assessor", agencies=["Harbor VSP"]), protected)
		assert sees(viewer("CAS Referral Specialist", agencies=["River House"]), protected)

	def test_working_in_the_shared_agency_does_not_lift_protection(self):
		protected = record(SHARED, "Harbor VSP", is_protected=True)
		assert not sees(viewer("CAS Assessor", agencies=[SHARED, "River House"]), protected)
		assert not sees(viewer(agencies=[SHARED]), protected)
		assert sees(viewer(agencies=[SHARED]), record(SHARED, "River House"))

	def test_protected_household_held_by_the_shared_agency_is_seen_by_its_staff(self):
		assert sees(viewer("CAS Assessor", agencies=[SHARED]), record(SHARED, SHARED, is_protected=True))

	def test_user_without_agencies_or_roles_sees_nothing(self):
		assert access.household_rule(viewer()) == access.Rule()
		assert not sees(viewer(), record("River House"))

	def test_no_shared_agency_configured(self):
		assert not sees(viewer("CAS Assessor", agencies=["River House"], shared=None), record(SHARED))


class TestReferrals:
	def test_providers_see_referrals_to_their_programs(self):
		rule = access.referral_rule(viewer("CAS Provider", agencies=["North Shelter"]))
		assert access.matches(rule, record(SHARED, "River House", receiving_agency="North Shelter"))
		assert not access.matches(rule, record(SHARED, "River House", receiving_agency="Other Place"))

	def test_referral_rule_contains_the_household_rule(self):
		v = viewer("CAS Assessor", agencies=["River House"])
		assert access.matches(access.referral_rule(v), record(SHARED, "River House"))


class TestProtection:
	def test_pseudonym_is_stable_and_says_nothing(self):
		assert access.pseudonym("CLI-00042", SECRET) == access.pseudonym("CLI-00042", SECRET)
		assert access.pseudonym("CLI-00042", SECRET) != access.pseudonym("CLI-00043", SECRET)
		assert "00042" not in access.pseudonym("CLI-00042", SECRET)

	@given(st.text(min_size=1, max_size=40))
	def test_a_pseudonym_cannot_be_computed_from_the_client_id_alone(self, client_id):
		# A client ID travels in exports, links and URLs: without the site's secret it must not give the label.
		label = access.pseudonym(client_id, SECRET)
		digits = label.rsplit("P-", 1)[1]
		assert digits != hashlib.sha256(client_id.encode()).hexdigest()[: len(digits)].upper()
		assert access.pseudonym(client_id, SECRET) != access.pseudonym(client_id, "another site's secret")

	def test_display_name(self):
		assert access.display_name("CLI-1", "Ana Ruiz", False, SECRET) == "Ana Ruiz"
		assert access.display_name("CLI-1", "Ana Ruiz", True, SECRET).startswith("Protected client P-")

	def test_only_cas_administrators_lift_protection(self):
		assert viewer("CAS Administrator").may_lift_protection
		assert not viewer("CAS Assessor", "CAS Referral Specialist", "System Manager").may_lift_protection


viewers = st.builds(
	lambda roles, agencies, shared, admin_user: viewer(
		*roles, agencies=agencies, shared=shared, user="Administrator" if admin_user else "u@example.org"
	),
	st.sets(st.sampled_from(ROLES), max_size=3),
	st.sets(st.sampled_from(AGENCIES), max_size=3),
	st.sampled_from([SHARED, None]),
	st.booleans(),
)
records = st.lists(
	st.builds(
		record,
		st.sampled_from((*AGENCIES, "O'Brien's Place")),
		st.sampled_from(AGENCIES),
		st.booleans(),
		st.sampled_from((*AGENCIES, None)),
	),
	max_size=25,
)


def sqlite_escape(value: str) -> str:
	return "'" + value.replace("'", "''") + "'"


@settings(max_examples=300, deadline=None)
@given(viewers, records)
def test_sql_lists_exactly_what_the_python_check_admits(v, rows):
	db = sqlite3.connect(":memory:")
	db.execute(
		"create table `tabRecord` (id integer, agency text, client_agency text, is_protected integer,"
		" receiving_agency text)"
	)
	db.executemany(
		"insert into `tabRecord` values (?, ?, ?, ?, ?)",
		[
			(i, r["agency"], r["client_agency"], r["is_protected"], r["receiving_agency"])
			for i, r in enumerate(rows)
		],
	)
	rule = access.referral_rule(v)
	condition = access.to_sql(rule, "`tabRecord`", sqlite_escape)
	listed = {row[0] for row in db.execute(f"select id from `tabRecord` where {condition}")}
	assert listed == {i for i, r in enumerate(rows) if access.matches(rule, r)}


@given(viewers, records)
def test_more_agencies_never_see_less(v, rows):
	wider = access.Viewer(v.user, v.roles, v.agencies | {"North Shelter"}, v.shared_agency)
	for r in rows:
		if sees(v, r):
			assert sees(wider, r)


@pytest.mark.parametrize("agency", ["x') or 1=1 -- ", "O'Brien's Place"])
def test_values_are_escaped(agency):
	sql = access.to_sql(access.household_rule(viewer(agencies=[agency])), "t", sqlite_escape)
	assert sql == "((t.`agency` in (" + sqlite_escape(agency) + ")))"
