"""What is due next in a CAS enrollment: the one module the forms, the ToDos and the daily job ask.

From Sacramento's job aids: a Current Living Situation at first enrollment, with every CAS assessment and
every CE Event, and whenever the last one is older than the CoC's period (30 days); an ISP the same or
the next business day after each HCT; a CE Event after each HCT and each ISP. From HUD's data collection
stages: the project start record at enrollment, an annual assessment around each anniversary of the head's
entry, and the exit record once the enrollment is exited.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from cas_coordinated_access.rules import circumstances
from cas_coordinated_access.rules.business_days import add_business_days
from cas_coordinated_access.rules.violations import _

CLS = "Current Living Situation"
ISP = "Individualized Support Plan"
CE_EVENT = "CE Event"
SEND_TO_QUEUE = "Send to Community Queue"
HCT = "Housing Conversation Tool"
PROJECT_START_RECORD = "Project Start Record"
ANNUAL_ASSESSMENT = "Annual Assessment"
EXIT_RECORD = "Exit Record"


@dataclass(frozen=True)
class AssessmentFact:
	kind: str  # "Crisis Assessment" or "Housing Conversation Tool"
	on: date
	name: str
	queued: bool = True  # sent to the Community Queue


@dataclass(frozen=True)
class ISPFact:
	on: date
	hct: str | None
	name: str


@dataclass(frozen=True)
class EventFact:
	on: date
	code: int
	name: str


@dataclass(frozen=True)
class StatusFact:
	"""A submitted status assessment: its data collection stage (rules/circumstances.py) and date."""

	stage: str
	on: date


@dataclass(frozen=True)
class EnrollmentFacts:
	entry_date: date
	cls_dates: tuple[date, ...] = ()
	assessments: tuple[AssessmentFact, ...] = ()
	isps: tuple[ISPFact, ...] = ()
	events: tuple[EventFact, ...] = ()
	status_records: tuple[StatusFact, ...] = ()
	exit_date: date | None = None


@dataclass(frozen=True)
class DueSettings:
	cls_stale_after_days: int = 30
	isp_due_business_days: int = 1
	holidays: frozenset[date] = field(default_factory=frozenset)


@dataclass(frozen=True)
class DueItem:
	kind: str
	due_on: date
	reason: str
	related: str | None
	overdue: bool


def due_items(
	facts: EnrollmentFacts,
	settings: DueSettings,
	today: date,
	format_date: Callable[[date], str] = date.isoformat,
) -> list[DueItem]:
	"""What is due, sorted by date; ``format_date`` writes dates in the reasons as the site shows dates."""
	items = [
		*first_cls(facts),
		*cls_with_each_contact(facts),
		*stale_cls(facts, settings, format_date),
		*isp_after_each_hct(facts, settings),
		*event_after_each_hct_and_isp(facts),
		*send_to_queue(facts),
		*project_start_record(facts),
		*annual_assessments(facts, today, format_date),
	]
	return as_due_items(items, today)


def exit_items(facts: EnrollmentFacts, today: date) -> list[DueItem]:
	"""What is still due once the enrollment is exited: its exit record."""
	items = []
	if facts.exit_date and not any(r.stage == circumstances.PROJECT_EXIT for r in facts.status_records):
		items.append(
			(EXIT_RECORD, facts.exit_date, _("An exit record is made when the enrollment is exited."), None)
		)
	return as_due_items(items, today)


def as_due_items(items, today: date) -> list[DueItem]:
	return sorted(
		(DueItem(kind, due_on, reason, related, due_on < today) for kind, due_on, reason, related in items),
		key=lambda item: (item.due_on, item.kind, item.related or ""),
	)


def project_start_record(facts: EnrollmentFacts):
	if not any(r.stage == circumstances.PROJECT_START for r in facts.status_records):
		yield (
			PROJECT_START_RECORD,
			facts.entry_date,
			_(
				"Income, benefits, insurance, disabilities and domestic violence are recorded at project start."
			),
			None,
		)


def annual_assessments(facts: EnrollmentFacts, today: date, format_date: Callable[[date], str]):
	"""HUD: an annual assessment within 30 days before or after each anniversary of the head's entry;
	due by the window's last day."""
	recorded = [r.on for r in facts.status_records if r.stage == circumstances.ANNUAL]
	for window in circumstances.annual_assessments_due(facts.entry_date, today, recorded):
		if not window.done:
			yield (
				ANNUAL_ASSESSMENT,
				window.closes,
				_("Annual assessment between {0} and {1}.").format(
					format_date(window.opens), format_date(window.closes)
				),
				None,
			)


def first_cls(facts: EnrollmentFacts):
	if not any(day >= facts.entry_date for day in facts.cls_dates):
		yield CLS, facts.entry_date, _("A CLS is recorded when the client is enrolled."), None


def cls_with_each_contact(facts: EnrollmentFacts):
	"""A CLS on the day of each contact; one recorded later still closes it (late, but done)."""

	def recorded_since(day: date) -> bool:
		return any(cls_on >= day for cls_on in facts.cls_dates)

	for assessment in facts.assessments:
		if not recorded_since(assessment.on):
			yield CLS, assessment.on, _("A CLS goes with every CAS assessment."), assessment.name
	for event in facts.events:
		if not recorded_since(event.on):
			yield CLS, event.on, _("A CLS goes with every CE Event."), event.name


def stale_cls(facts: EnrollmentFacts, settings: DueSettings, format_date: Callable[[date], str]):
	if not facts.cls_dates:
		return
	last = max(facts.cls_dates)
	yield (
		CLS,
		last + timedelta(days=settings.cls_stale_after_days),
		_("The last CLS ({date}) becomes older than {days} days.").format(
			date=format_date(last), days=settings.cls_stale_after_days
		),
		None,
	)


def isp_after_each_hct(facts: EnrollmentFacts, settings: DueSettings):
	"""One ISP answers every HCT before it: only the newest HCT without an ISP since asks for one."""
	hcts = _hcts(facts)
	if not hcts:
		return
	hct = max(hcts, key=lambda assessment: (assessment.on, assessment.name))
	if not any(isp.on >= hct.on for isp in facts.isps):
		yield (
			ISP,
			add_business_days(hct.on, settings.isp_due_business_days, settings.holidays),
			_("An ISP is made or updated the same or the next business day after an HCT."),
			hct.name,
		)


def event_after_each_hct_and_isp(facts: EnrollmentFacts):
	"""One CE Event answers every HCT and ISP before it: only the newest one without an event since asks."""
	milestones = [(hct.on, hct.name) for hct in _hcts(facts)] + [(isp.on, isp.name) for isp in facts.isps]
	if not milestones:
		return
	on, name = max(milestones)
	if not any(event.on >= on for event in facts.events):
		yield CE_EVENT, on, _("A CE Event is logged after each HCT and each ISP."), name


def send_to_queue(facts: EnrollmentFacts):
	"""An assessment not sent to the Community Queue the day it is made is not considered: remind the assessor."""
	for assessment in facts.assessments:
		if not assessment.queued:
			yield (
				SEND_TO_QUEUE,
				assessment.on,
				_("Send the household to the Community Queue after the assessment."),
				assessment.name,
			)


def _hcts(facts: EnrollmentFacts):
	return [assessment for assessment in facts.assessments if assessment.kind == HCT]


def should_refuse_assessment_submit(cls_dates: tuple[date, ...], assessment_date: date) -> bool:
	"""An assessment is submitted only with a CLS recorded the same day."""
	return assessment_date not in set(cls_dates)
