from datetime import date, timedelta

from cas_coordinated_access.rules import due

ENTRY = date(2026, 11, 2)  # a Monday
TODAY = date(2026, 11, 10)
SETTINGS = due.DueSettings(cls_stale_after_days=30, isp_due_business_days=1)


def kinds(items):
	return [(item.kind, item.due_on, item.related) for item in items]


def test_first_cls_at_enrollment():
	items = due.due_items(due.EnrollmentFacts(entry_date=ENTRY), SETTINGS, TODAY)
	assert kinds(items) == [(due.CLS, ENTRY, None)]
	assert items[0].overdue


def test_cls_with_every_assessment_and_event():
	facts = due.EnrollmentFacts(
		entry_date=ENTRY,
		cls_dates=(ENTRY,),
		assessments=(due.AssessmentFact("Crisis Assessment", date(2026, 11, 4), "CRA-1"),),
		events=(due.EventFact(date(2026, 11, 5), 7, "EVT-1"),),
	)
	cls_items = [i for i in due.due_items(facts, SETTINGS, TODAY) if i.kind == due.CLS and i.related]
	assert kinds(cls_items) == [(due.CLS, date(2026, 11, 4), "CRA-1"), (due.CLS, date(2026, 11, 5), "EVT-1")]


def test_stale_cls_after_the_period():
	facts = due.EnrollmentFacts(entry_date=ENTRY, cls_dates=(ENTRY, date(2026, 11, 6)))
	items = due.due_items(facts, SETTINGS, TODAY)
	assert kinds(items) == [(due.CLS, date(2026, 12, 6), None)]
	assert not items[0].overdue
	assert due.due_items(facts, SETTINGS, date(2026, 12, 7))[0].overdue


def test_isp_the_next_business_day_after_an_hct_on_friday():
	hct = due.AssessmentFact(due.HCT, date(2026, 11, 6), "HCT-1")
	facts = due.EnrollmentFacts(entry_date=ENTRY, cls_dates=(ENTRY, hct.on), assessments=(hct,))
	isp = [i for i in due.due_items(facts, SETTINGS, TODAY) if i.kind == due.ISP]
	assert kinds(isp) == [(due.ISP, date(2026, 11, 9), "HCT-1")]
	holiday = due.DueSettings(holidays=frozenset({date(2026, 11, 9)}))
	assert [i.due_on for i in due.due_items(facts, holiday, TODAY) if i.kind == due.ISP] == [
		date(2026, 11, 10)
	]


def test_isp_and_event_satisfy_the_hct():
	hct = due.AssessmentFact(due.HCT, date(2026, 11, 6), "HCT-1")
	facts = due.EnrollmentFacts(
		entry_date=ENTRY,
		cls_dates=(ENTRY, hct.on, date(2026, 11, 9)),
		assessments=(hct,),
		isps=(due.ISPFact(date(2026, 11, 9), "HCT-1", "ISP-1"),),
		events=(due.EventFact(date(2026, 11, 9), 7, "EVT-1"),),
	)
	assert [i.kind for i in due.due_items(facts, SETTINGS, TODAY)] == [due.CLS]  # only the next stale CLS


def test_a_ce_event_after_each_hct_and_isp():
	hct = due.AssessmentFact(due.HCT, date(2026, 11, 6), "HCT-1")
	facts = due.EnrollmentFacts(
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
