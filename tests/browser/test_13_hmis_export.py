"""The HMIS administrator's export through the desk: a new CAS HMIS Export of the last two years, saved
from its form, is written by an RQ worker of the bench (the `long` queue, as on a production site) while
the form says it runs in the background; the form then shows it completed and offers the zip, which the
administrator downloads: HUD's sixteen files, with every household of the period in Enrollment.csv and
Client.csv, and none held by the victim service provider (its clients leave only with its own
administrator's export)."""

import csv
import io
import zipfile
from datetime import date, timedelta

from playwright.sync_api import expect

from cas_coordinated_access.rules.hmis_csv import FILES as HUD_FILES
from tests.browser import site as bench_site


def enrollments_of_the_period(world, since: date) -> list[dict]:
	"""Every enrollment open at some time since ``since``, as the site's Administrator reads them."""
	rows = world.admin.get_list(
		"CAS Enrollment",
		fields=("name", "client", "client_agency", "exit_date"),
		filters=[["entry_date", "<=", date.today().isoformat()]],
	)
	return [row for row in rows if not row["exit_date"] or row["exit_date"] >= since.isoformat()]


def victim_service_providers(world) -> set[str]:
	return {row["name"] for row in world.admin.get_list("CAS Agency", filters={"victim_service_provider": 1})}


def read_csv(archive: zipfile.ZipFile, file: str) -> list[dict]:
	return list(csv.DictReader(io.StringIO(archive.read(file).decode("utf-8"))))


def test_the_administrator_exports_the_coc_and_downloads_hud_files(world, desk_for):
	since = date.today() - timedelta(days=730)
	desk = desk_for("admin")

	with desk.step("a new export of the last two years is saved from its form, and waits for a worker"):
		desk.goto("cas-hmis-export/new")
		desk.wait_for_form("CAS HMIS Export", new=True)
		desk.form("frm.set_value('from_date', arg)", since.isoformat())
		desk.page.wait_for_timeout(300)
		desk.save()
		desk.assert_saved("the export")
		assert desk.value("status") == "Queued"
		expect(desk.main.get_by_text("The export runs in the background").first).to_be_visible()

	with desk.step("a worker writes it; the form shows it completed and offers the zip"):
		bench_site.run_queued_jobs("long")
		expect(desk.button("Download")).to_be_visible(timeout=30000)
		assert desk.value("status") == "Completed"
		file_url = desk.value("export_file")
		assert file_url.startswith("/private/files/"), file_url

	with desk.step("the zip downloads, as the administrator, with HUD's files and the CoC's households"):
		response = desk.page.request.get(world.url + file_url)
		assert response.ok, response.status
		archive = zipfile.ZipFile(io.BytesIO(response.body()))
		assert sorted(archive.namelist()) == sorted(HUD_FILES)
		enrolled = {row["PersonalID"] for row in read_csv(archive, "Enrollment.csv")}
		clients = {row["PersonalID"] for row in read_csv(archive, "Client.csv")}
		survivors = victim_service_providers(world)
		period = enrollments_of_the_period(world, since)
		heads = {row["client"] for row in period if row["client_agency"] not in survivors}
		held_by_survivors = {row["client"] for row in period if row["client_agency"] in survivors}
		assert heads and held_by_survivors, "the demo holds households of both kinds"
		assert heads <= enrolled <= clients
		assert not held_by_survivors & clients
		assert read_csv(archive, "Export.csv")[0]["CSVVersion"].startswith("2026")
