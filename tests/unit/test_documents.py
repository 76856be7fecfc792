"""Document readiness: which documents a program needs of which member, and when a household is ready."""

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cas_coordinated_access.rules import documents as rules
from cas_coordinated_access.rules import prioritization
from cas_coordinated_access.rules.violations import RuleViolation

PSH = "PH – Permanent Supportive Housing"
RRH = "PH – Rapid Re-Housing"
SHELTER = "Emergency Shelter – Entry Exit"

PHOTO_ID = rules.Requirement("Government Photo ID", rules.EVERY_ADULT, every_program=True)
DISABILITY = rules.Requirement("Disability Verification", rules.HEAD, project_types=frozenset({PSH}))
DD_214 = rules.Requirement("DD-214", rules.VETERANS, veteran_programs=True)
BIRTH = rules.Requirement("Birth Certificate", rules.EVERY_MEMBER, project_types=frozenset({PSH, RRH}))
CATALOGUE = (PHOTO_ID, DISABILITY, DD_214, BIRTH)

HEAD = rules.Member("C1", "head", is_head=True)
CHILD = rules.Member("C2", "member 2", adult=False)
VETERAN = rules.Member("C3", "member 3", veteran=True)


def held(*pairs, status=rules.IN_HAND):
	return {(member.client, requirement.document_type): status for member, requirement in pairs}


class TestWhatAProgramNeeds:
	def test_psh_needs_the_heads_disability_verification(self):
		ready = rules.readiness(rules.Program(PSH), [HEAD], CATALOGUE, held((HEAD, PHOTO_ID), (HEAD, BIRTH)))
		assert ready.missing == (("head", "Disability Verification"),)
		assert ready.summary() == "Missing: Disability Verification (head)"

	def test_a_shelter_needs_only_what_every_program_needs(self):
		ready = rules.readiness(rules.Program(SHELTER), [HEAD, CHILD], CATALOGUE, held((HEAD, PHOTO_ID)))
		assert ready.ready and ready.summary() == "Document ready"

	def test_a_veteran_program_needs_each_veterans_dd_214(self):
		program = rules.Program(RRH, veteran_only=True)
		statuses = held((HEAD, PHOTO_ID), (VETERAN, PHOTO_ID), (HEAD, BIRTH), (VETERAN, BIRTH))
		assert rules.readiness(program, [HEAD, VETERAN], CATALOGUE, statuses).missing == (
			("member 3", "DD-214"),
		)
		assert rules.readiness(rules.Program(RRH), [HEAD, VETERAN], CATALOGUE, statuses).ready

	def test_a_child_is_not_asked_for_an_adults_document(self):
		assert not rules.required(PHOTO_ID, CHILD, rules.ANY_PROGRAM)
		assert rules.required(BIRTH, CHILD, rules.Program(RRH))

	def test_an_unknown_age_is_asked_as_an_adult(self):
		assert rules.is_adult(None) and rules.is_adult(18) and not rules.is_adult(17)

	def test_with_no_program_only_what_every_program_needs_counts(self):
		assert rules.needed_by(PHOTO_ID, rules.ANY_PROGRAM)
		assert not any(rules.needed_by(r, rules.ANY_PROGRAM) for r in (DISABILITY, DD_214, BIRTH))

	def test_not_needed_settles_a_document_like_in_hand(self):
		statuses = held((HEAD, PHOTO_ID), status=rules.NOT_NEEDED)
		assert rules.readiness(rules.ANY_PROGRAM, [HEAD], CATALOGUE, statuses).ready

	def test_a_requested_document_is_still_missing(self):
		statuses = held((HEAD, PHOTO_ID), status=rules.REQUESTED)
		assert not rules.readiness(rules.ANY_PROGRAM, [HEAD], CATALOGUE, statuses).ready

	def test_members_with_a_disability(self):
		requirement = rules.Requirement("Doctor's Letter", rules.DISABLED, every_program=True)
		assert rules.required(requirement, rules.Member("C9", "member 2", disabled=True), rules.ANY_PROGRAM)
		assert not rules.required(requirement, HEAD, rules.ANY_PROGRAM)

	def test_status_is_one_of_the_four(self):
		for status in rules.STATUSES:
			rules.check_status(status)
		with pytest.raises(RuleViolation, match="one of Not Started"):
			rules.check_status("Lost")

	def test_members_are_labelled_without_their_names(self):
		assert rules.member_label(1, True) == "head"
		assert rules.member_label(3, False) == "member 3"


# Households and catalogues of any shape.
project_types = st.sampled_from([PSH, RRH, SHELTER, "Transitional Housing"])
programs = st.builds(rules.Program, st.one_of(st.none(), project_types), st.booleans())
requirements = st.lists(
	st.builds(
		rules.Requirement,
		st.sampled_from(["ID", "SSN", "Birth", "Income", "DD-214", "Disability"]),
		st.sampled_from(rules.APPLIES_TO),
		st.booleans(),
		st.frozensets(project_types),
		st.booleans(),
	),
	max_size=6,
	unique_by=lambda requirement: requirement.document_type,
)


@st.composite
def households(draw):
	size = draw(st.integers(min_value=1, max_value=5))
	return [
		rules.Member(
			f"C{position}",
			rules.member_label(position, position == 1),
			is_head=position == 1,
			adult=draw(st.booleans()),
			veteran=draw(st.booleans()),
			disabled=draw(st.booleans()),
		)
		for position in range(1, size + 1)
	]


@st.composite
def situations(draw):
	members, catalogue = draw(households()), draw(requirements)
	pairs = [(m.client, r.document_type) for m in members for r in catalogue]
	statuses = {pair: draw(st.sampled_from(rules.STATUSES)) for pair in pairs if draw(st.booleans())}
	return draw(programs), members, catalogue, statuses


@given(situations())
def test_ready_exactly_when_no_required_document_is_outstanding(situation):
	program, members, catalogue, statuses = situation
	outstanding = [
		(m, r)
		for m in members
		for r in catalogue
		if rules.required(r, m, program)
		and statuses.get((m.client, r.document_type), rules.NOT_STARTED) not in rules.SETTLED
	]
	result = rules.readiness(program, members, catalogue, statuses)
	assert result.ready == (not outstanding)
	assert result.missing == tuple((m.label, r.document_type) for m, r in outstanding)
	assert (result.summary() == "Document ready") == result.ready


@given(situations(), st.sampled_from(sorted(rules.SETTLED)), st.data())
def test_settling_a_missing_document_never_makes_readiness_worse(situation, settled, data):
	program, members, catalogue, statuses = situation
	before = rules.readiness(program, members, catalogue, statuses)
	if before.ready:
		return
	label, document = data.draw(st.sampled_from(before.missing))
	client = next(m.client for m in members if m.label == label)
	after = rules.readiness(program, members, catalogue, {**statuses, (client, document): settled})
	assert set(after.missing) == set(before.missing) - {(label, document)}


@given(situations())
def test_what_no_program_needs_is_needed_by_every_program(situation):
	"""Ready for a chosen program implies ready with no program chosen: the queue's default is the least any
	program asks."""
	program, members, catalogue, statuses = situation
	if rules.readiness(program, members, catalogue, statuses).ready:
		assert rules.readiness(rules.ANY_PROGRAM, members, catalogue, statuses).ready


# The DocTypes and the default set agree with the rule.
DOCTYPES = Path(__file__).resolve().parents[2] / "cas_coordinated_access" / "coordinated_access" / "doctype"
DATA = DOCTYPES.parent / "data" / "document_types.json"


def options(doctype: str, fieldname: str) -> list[str]:
	folder = doctype.lower().replace(" ", "_")
	meta = json.loads((DOCTYPES / folder / f"{folder}.json").read_text(encoding="utf-8"))
	field = next(f for f in meta["fields"] if f["fieldname"] == fieldname)
	return [option for option in field["options"].split("\n") if option]


def test_the_doctypes_offer_the_rules_statuses_kinds_and_criteria():
	assert options("CAS Client Document", "status") == list(rules.STATUSES)
	assert options("CAS Document Type", "applies_to") == list(rules.APPLIES_TO)
	assert options("CAS Document Program Type", "project_type") == options("CAS Program", "project_type")
	assert options("CAS Prioritization Criterion", "criterion") == list(prioritization.CRITERIA)


def test_the_default_set_names_real_project_types_and_kinds():
	project_types = set(options("CAS Program", "project_type"))
	defaults = json.loads(DATA.read_text(encoding="utf-8"))
	for values in defaults:
		assert values["applies_to"] in rules.APPLIES_TO
		assert set(values.get("program_types", [])) <= project_types, values["document_type_name"]
	by_name = {values["document_type_name"]: values for values in defaults}
	assert by_name["Disability Verification"]["program_types"] == [PSH]
	assert by_name["DD-214"]["required_for_veteran_programs"] == 1
