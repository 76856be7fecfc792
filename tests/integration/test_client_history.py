"""The client's global history: complete across programs and agencies, newest first, and only what the
user may see."""

from datetime import timedelta

import frappe
from frappe.utils import getdate

from cas_coordinated_access.coordinated_access.report.client_history.client_history import execute
from tests.integration.factories import (
	make_cls,
	make_enrollment,
	make_event,
)
from tests.integration.world import build_world


def history(client, **filters):
	return execute({"client": client, **filters})[1]


def test_history_gathers_every_program_and_respects_who_asks():
	frappe.set_user("Administrator")
	world = build_world(frappe.generate_hash(length=6))
	ana = world.clients["ana"]
	# Ana also stays in North Shelter's program, and gets a CE Event in her CAS enrollment.
	shelter = make_enrollment(world.programs["North ES"], ana, entry_date=getdate() - timedelta(days=3))
	make_cls(shelter.name, information_date=getdate() - timedelta(days=2))
	make_event(world.enrollments["ana_cas"], "Referral to Housing Navigation project or services")

	rows = history(ana)
	records = {row.record for row in rows}
	assert {world.enrollments["ana_cas"], shelter.name} <= records
	assert {row.category for row in rows} >= {"Enrollment", "Current Living Situation", "CE Event"}
	assert [row.date for row in rows] == sorted((row.date for row in rows), reverse=True)
	assert {row.record for row in history(ana, category="CE Event")} <= {
		r.record for r in rows if r.category == "CE Event"
	}

	# River House's assessor sees Ana's CAS work, not what North Shelter recorded; through the desk's own
	# report runner too (it checks the report's columns against the user's permissions).
	from frappe.desk.query_report import run

	frappe.set_user(world.users["river_assessor"])
	seen = {row.record for row in history(ana)}
	assert {row["record"] for row in run("Client History", filters={"client": ana})["result"]} == seen
	assert world.enrollments["ana_cas"] in seen and shelter.name not in seen
	# North Shelter's provider sees its own stay only.
	frappe.set_user(world.users["north_provider"])
	assert {row.enrollment for row in history(ana)} == {shelter.name}
	# A protected client's history is empty outside the agencies that may see the household.
	frappe.set_user(world.users["river_assessor"])
	assert history(world.clients["vera"]) == []
