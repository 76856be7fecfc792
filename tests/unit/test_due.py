from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from cas_coordinated_access.rules import due
from cas_coordinated_access.rules.business_days import is_business_day

ENTRY = date(2026, 11, 2)  # a Monday
TODAY = date(2026, 11, 10)
SETTINGS = due.DueSettings(cls_stale_after_days=30, isp_due_business_days=1)


START = due.StatusFact("Project start", ENTRY)


def kinds(items):
	return [(item.kind, item.due_on, item.related) for item in items]


def Facts(**facts) -> due.EnrollmentFacts:
	"""An enrollment whose project start record is made (HUD's stages are tested at the end)."""
	facts.setdefault("status_records", (START,))
	return due.EnrollmentFacts(**facts)


def test_first_cls_at_enrollment():
	items = due.due_items(Facts(entry_date=ENTRY), SETTINGS, TODAY)
	assert kinds(items) == [(due.CLS, ENTRY, None)]
	assert items[0].overdue


def test_cls_with_every_assessment_and_event():
	facts = Facts(
		entry_date=ENTRY,
		cls_dates=(ENTRY,),
		assessments=(due.AssessmentFact("Crisis Assessment", date(2026, 11, 4), "CRA-1"),),
		events=(due.EventFact(date(2026, 11, 5), 7, "EVT-1"),),
	)
	cls_items = [i for i in due.due_items(facts, SETTINGS, TODAY) if i.kind == due.CLS and i.related]
	assert kinds(cls_items) == [(due.CLS, date(2026, 11, 4), "CRA-1"), (due.CLS, date(2026, 11, 5), "EVT-1")]


def test_stale_cls_after_the_period():
	facts = Facts(entry_date=ENTRY, cls_dates=(ENTRY, date(2026, 11, 6)))
	items = due.due_items(facts, SETTINGS, TODAY)
	assert kinds(items) == [(due.CLS, date(2026, 12, 6), None)]
	assert not items[0].overdue
	assert due.due_items(facts, SETTINGS, date(2026, 12, 7))[0].overdue


def test_isp_the_next_business_day_after_an_hct_on_friday():
	hct = due.AssessmentFact(due.HCT, date(2026, 11, 6), "HCT-1")
	facts = Facts(entry_date=ENTRY, cls_dates=(ENTRY, hct.on), assessments=(hct,))
	isp = [i for i in due.due_items(facts, SETTINGS, TODAY) if i.kind == due.ISP]
	assert kinds(isp) == [(due.ISP, date(2026, 11, 9), "HCT-1")]
	holiday = due.DueSettings(holidays=frozenset({date(2026, 11, 9)}))
	assert [i.due_on for i in due.due_items(facts, holiday, TODAY) if i.kind == due.ISP] == [
		date(2026, 11, 10)
	]


def test_isp_and_event_satisfy_the_hct():
	hct = due.AssessmentFact(due.HCT, date(2026, 11, 6), "HCT-1")
	facts = Facts(
		entry_date=ENTRY,
		cls_dates=(ENTRY, hct.on, date(2026, 11, 9)),
		assessments=(hct,),
		isps=(due.ISPFact(date(2026, 11, 9), "HCT-1", "ISP-1"),),
		events=(due.EventFact(date(2026, 11, 9), 7, "EVT-1"),),
	)
	assert [i.kind for i in due.due_items(facts, SETTINGS, TODAY)] == [due.CLS]  # only the next stale CLS


def test_a_ce_event_after_each_hct_and_isp():
	hct = due.AssessmentFact(due.HCT, date(2026, 11, 6), "HCT-1")
	facts = Facts(
		entry_date=ENTRY,
		cls_dates=(ENTRY, hct.on),
		assessments=(hct,),
		isps=(due.ISPFact(date(2026, 11, 9), "HCT-1", "ISP-1"),),
		events=(due.EventFact(date(2026, 11, 6), 7, "EVT-1"),),
	)
	events = [i for i in due.due_items(facts, SETTINGS, TODAY) if i.kind == due.CE_EVENT]
	assert kinds(events) == [(due.CE_EVENT, date(2026, 11, 9), "ISP-1")]


def test_submit_refused_without_cls_that_day():
	assert due.should_refuse_assessment_submit((ENTRY,), ENTRY + timedelta(days=1))
	assert not due.should_refuse_assessment_submit((ENTRY,), ENTRY)


def hct(day, name="HCT-1"):
	return due.AssessmentFact(due.HCT, day, name)


def isp_items(facts, settings=SETTINGS):
	return [(i.due_on, i.related) for i in due.due_items(facts, settings, TODAY) if i.kind == due.ISP]


def test_a_cls_before_the_entry_date_does_not_count_for_the_first():
	facts = Facts(entry_date=ENTRY, cls_dates=(ENTRY - timedelta(days=1),))
	assert (due.CLS, ENTRY, None) in kinds(due.due_items(facts, SETTINGS, TODAY))


def test_an_assessment_or_event_with_its_cls_needs_nothing_more():
	day = date(2026, 11, 4)
	facts = Facts(
		entry_date=ENTRY,
		cls_dates=(ENTRY, day),
		assessments=(due.AssessmentFact("Crisis Assessment", day, "CRA-1"),),
		events=(due.EventFact(day, 7, "EVT-1"),),
	)
	assert [i.related for i in due.due_items(facts, SETTINGS, TODAY)] == [None]  # the stale CLS only


def test_only_the_newest_stale_cls_however_long_ago():
	facts = Facts(entry_date=ENTRY, cls_dates=(ENTRY, date(2026, 11, 5)))
	items = due.due_items(facts, SETTINGS, date(2027, 6, 1))
	assert kinds(items) == [(due.CLS, date(2026, 12, 5), None)]
	assert items[0].overdue


def test_a_crisis_assessment_asks_for_no_isp():
	crisis = due.AssessmentFact("Crisis Assessment", date(2026, 11, 6), "CRA-1")
	facts = Facts(entry_date=ENTRY, cls_dates=(ENTRY, crisis.on), assessments=(crisis,))
	assert [i.kind for i in due.due_items(facts, SETTINGS, TODAY)] == [due.CLS]


def test_isp_same_day_setting_moves_a_saturday_hct_to_monday():
	facts = Facts(entry_date=ENTRY, assessments=(hct(date(2026, 11, 7)),))
	same_day = due.DueSettings(isp_due_business_days=0)
	assert isp_items(facts, same_day) == [(date(2026, 11, 9), "HCT-1")]


def test_isp_days_skip_weekends_and_holidays():
	facts = Facts(entry_date=ENTRY, assessments=(hct(date(2026, 11, 25)),))
	thanksgiving = frozenset({date(2026, 11, 26), date(2026, 11, 27)})
	two_days = due.DueSettings(isp_due_business_days=2, holidays=thanksgiving)
	assert isp_items(facts, two_days) == [(date(2026, 12, 1), "HCT-1")]


def test_a_later_isp_satisfies_every_earlier_hct_but_an_earlier_one_does_not():
	first, second = hct(date(2026, 11, 3), "HCT-1"), hct(date(2026, 11, 9), "HCT-2")
	later = Facts(
		entry_date=ENTRY, assessments=(first, second), isps=(due.ISPFact(second.on, "HCT-2", "ISP-1"),)
	)
	assert isp_items(later) == []
	earlier = Facts(
		entry_date=ENTRY, assessments=(first, second), isps=(due.ISPFact(first.on, "HCT-1", "ISP-1"),)
	)
	assert isp_items(earlier) == [(date(2026, 11, 10), "HCT-2")]


def test_a_ce_event_before_the_hct_does_not_count():
	facts = Facts(
		entry_date=ENTRY, assessments=(hct(date(2026, 11, 6)),), events=(due.EventFact(ENTRY, 7, "EVT-1"),)
	)
	events = [i for i in due.due_items(facts, SETTINGS, TODAY) if i.kind == due.CE_EVENT]
	assert kinds(events) == [(due.CE_EVENT, date(2026, 11, 6), "HCT-1")]


def test_due_today_is_not_overdue():
	items = due.due_items(Facts(entry_date=TODAY), SETTINGS, TODAY)
	assert kinds(items) == [(due.CLS, TODAY, None)] and not items[0].overdue


days = st.dates(min_value=date(2026, 11, 2), max_value=date(2027, 3, 1))
facts_strategy = st.builds(
	due.EnrollmentFacts,
	entry_date=st.just(ENTRY),
	cls_dates=st.lists(days, max_size=4).map(tuple),
	assessments=st.lists(
		st.builds(
			due.AssessmentFact, st.sampled_from([due.HCT, "Crisis Assessment"]), days, st.uuids().map(str)
		),
		max_size=4,
	).map(tuple),
	isps=st.lists(st.builds(due.ISPFact, days, st.none(), st.uuids().map(str)), max_size=3).map(tuple),
	events=st.lists(st.builds(due.EventFact, days, st.just(7), st.uuids().map(str)), max_size=3).map(tuple),
)


@given(facts_strategy, st.frozensets(days, max_size=10), days)
def test_items_are_sorted_flagged_and_isps_land_on_business_days(facts, holidays, today):
	settings = due.DueSettings(holidays=holidays)
	items = due.due_items(facts, settings, today)
	assert [i.due_on for i in items] == sorted(i.due_on for i in items)
	assert all(i.overdue == (i.due_on < today) for i in items)
	assert sum(1 for i in items if i.kind == due.CLS and i.related is None and i.due_on > ENTRY) <= 1
	for item in items:
		if item.kind == due.ISP:
			hct_on = next(a.on for a in facts.assessments if a.name == item.related)
			assert is_business_day(item.due_on, holidays) and item.due_on > hct_on
			assert not any(isp.on >= hct_on for isp in facts.isps)


# Issue 16: Next Steps must not disagree with themselves.


def test_a_cls_recorded_the_day_after_a_ce_event_closes_it():
	event = due.EventFact(date(2026, 11, 5), 7, "EVT-1")
	facts = Facts(entry_date=ENTRY, cls_dates=(ENTRY, date(2026, 11, 6)), events=(event,))
	assert [i for i in due.due_items(facts, SETTINGS, TODAY) if i.related == "EVT-1"] == []


def test_one_isp_is_due_however_many_hcts_wait_for_it():
	facts = Facts(
		entry_date=ENTRY,
		assessments=(hct(date(2026, 11, 3), "HCT-1"), hct(date(2026, 11, 6), "HCT-2")),
	)
	assert isp_items(facts) == [(date(2026, 11, 9), "HCT-2")]


def test_one_ce_event_is_due_for_the_newest_hct_or_isp_without_one():
	first = hct(date(2026, 11, 3), "HCT-1")
	facts = Facts(
		entry_date=ENTRY, assessments=(first,), isps=(due.ISPFact(date(2026, 11, 4), "HCT-1", "ISP-1"),)
	)
	events = [i for i in due.due_items(facts, SETTINGS, TODAY) if i.kind == due.CE_EVENT]
	assert kinds(events) == [(due.CE_EVENT, date(2026, 11, 4), "ISP-1")]


def test_dates_in_the_reasons_read_as_the_site_writes_dates():
	"""Issue 16: "The last CLS (2026-11-06)" beside a grid showing 11-06-2026 reads as two systems."""
	facts = Facts(entry_date=ENTRY, cls_dates=(ENTRY, date(2026, 11, 6)))
	items = due.due_items(facts, SETTINGS, TODAY, format_date=lambda day: day.strftime("%m-%d-%Y"))
	assert "The last CLS (11-06-2026)" in items[0].reason


def test_project_start_record_is_due_at_entry_until_recorded():
	items = due.due_items(due.EnrollmentFacts(entry_date=ENTRY, cls_dates=(ENTRY,)), SETTINGS, TODAY)
	assert [(i.kind, i.due_on) for i in items if i.kind != due.CLS] == [(due.PROJECT_START_RECORD, ENTRY)]
	recorded = due.EnrollmentFacts(entry_date=ENTRY, cls_dates=(ENTRY,), status_records=(START,))
	assert [i.kind for i in due.due_items(recorded, SETTINGS, TODAY)] == [due.CLS]  # the stale CLS only


def test_annual_assessment_is_due_by_the_end_of_each_window_until_recorded_inside_it():
	facts = due.EnrollmentFacts(entry_date=ENTRY, cls_dates=(date(2027, 11, 1),), status_records=(START,))
	annual = [i for i in due.due_items(facts, SETTINGS, date(2027, 11, 1)) if i.kind == due.ANNUAL_ASSESSMENT]
	assert [(i.due_on, i.overdue) for i in annual] == [(date(2027, 12, 2), False)]
	late = due.StatusFact("Annual assessment", date(2027, 12, 20))  # outside the window: does not count
	inside = due.StatusFact("Annual assessment", date(2027, 10, 10))
	for record, still_due in ((late, True), (inside, False)):
		facts = due.EnrollmentFacts(
			entry_date=ENTRY, cls_dates=(date(2027, 12, 20),), status_records=(START, record)
		)
		items = [
			i for i in due.due_items(facts, SETTINGS, date(2027, 12, 20)) if i.kind == due.ANNUAL_ASSESSMENT
		]
		assert bool(items) == still_due
		assert all(i.overdue for i in items)


def test_exit_record_is_due_once_exited():
	exited = due.EnrollmentFacts(entry_date=ENTRY, exit_date=TODAY, status_records=(START,))
	assert [(i.kind, i.due_on) for i in due.exit_items(exited, TODAY)] == [(due.EXIT_RECORD, TODAY)]
	done = due.EnrollmentFacts(
		entry_date=ENTRY, exit_date=TODAY, status_records=(START, due.StatusFact("Project exit", TODAY))
	)
	assert due.exit_items(done, TODAY) == []
