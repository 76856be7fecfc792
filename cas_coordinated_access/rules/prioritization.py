"""The Community Queue's order: data in CAS Settings, not code.

Administrators list the criteria in the order they apply (by default: EVH first, then score, then time
homeless, then date added). A random number given once to each household and kept breaks the remaining
ties, so the order is total, stable and auditable. Every row says why it stands where it stands.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from cas_coordinated_access.rules.violations import RuleViolation, _

EVH = "EVH"
SCORE = "Score"
TIME_HOMELESS = "Time Homeless"
DATE_ADDED = "Date Added"
AGE_65 = "Age 65 or Older"
MEDICAL = "Medical Condition"
VETERAN = "Veteran"
CHRONIC = "Chronically Homeless"
DOCUMENT_READY = "Document Ready"

DEFAULT_ORDER = (EVH, SCORE, TIME_HOMELESS, DATE_ADDED)
# Sacramento's published schema: age 65+, then medical conditions; the longest homeless breaks ties.
SACRAMENTO_ORDER = (AGE_65, MEDICAL, TIME_HOMELESS)


@dataclass(frozen=True)
class QueueRow:
	name: str
	is_evh: bool
	score: int
	days_homeless: int
	date_added: date
	tie_breaker: float
	age_65_or_older: bool = False
	medical_condition: bool = False
	veteran: bool = False
	chronic: bool = False
	document_ready: bool = False


# criterion: (sort key, smaller sorts first; how the row explains it)
_CRITERIA = {
	EVH: (lambda r: not r.is_evh, lambda r: _("EVH") if r.is_evh else _("not EVH")),
	SCORE: (lambda r: -r.score, lambda r: _("score {0}").format(r.score)),
	TIME_HOMELESS: (lambda r: -r.days_homeless, lambda r: _("homeless {0} days").format(r.days_homeless)),
	DATE_ADDED: (lambda r: r.date_added, lambda r: _("added {0}").format(r.date_added.isoformat())),
	AGE_65: (
		lambda r: not r.age_65_or_older,
		lambda r: _("65 or older") if r.age_65_or_older else _("under 65"),
	),
	MEDICAL: (
		lambda r: not r.medical_condition,
		lambda r: _("medical condition") if r.medical_condition else _("no medical condition"),
	),
	VETERAN: (lambda r: not r.veteran, lambda r: _("veteran") if r.veteran else _("not a veteran")),
	CHRONIC: (
		lambda r: not r.chronic,
		lambda r: _("chronically homeless") if r.chronic else _("not chronic"),
	),
	# A household that holds its documents can move in as soon as a unit opens.
	DOCUMENT_READY: (
		lambda r: not r.document_ready,
		lambda r: _("document ready") if r.document_ready else _("documents missing"),
	),
}
CRITERIA = tuple(_CRITERIA)

# criterion: the same order in SQL over a queue entry (``{t}``; ``{today}`` a date literal), so the queue
# is ranked by the database and only a page is read. Readiness is computed from many records by
# rules/documents.py: it has none, and an order that uses it is ranked in Python (:func:`rank`). The
# flags, score and tie-breaker are stored NOT NULL (Check, Int, Float): bare columns sort fastest.
_SQL = {
	EVH: "{t}.`is_evh` desc",
	SCORE: "{t}.`score` desc",
	# Most days homeless first: the earliest date. Stored (see homeless_from) so that the default order
	# reads as an index does (the queue entry's `queue_order` index) instead of sorting every entry.
	TIME_HOMELESS: "{t}.`homeless_from`",
	DATE_ADDED: "{t}.`date_added`",
	AGE_65: "{t}.`age_65_or_older` desc",
	MEDICAL: "{t}.`disability` desc",
	VETERAN: "{t}.`veteran` desc",
	CHRONIC: "{t}.`chronic` desc",
}


def homeless_from(homeless_since: date | None, date_added: date, today: date) -> date:
	"""The date a queue entry's time homeless counts from: the date homeless since (the day added when it
	is not known), a date after ``today`` counting as today (0 days)."""
	return min(homeless_since or date_added, today)


def days_homeless(counted_from: date, today: date) -> int:
	return max((today - counted_from).days, 0)


def check_order(order: Sequence[str]) -> None:
	unknown = [criterion for criterion in order if criterion not in _CRITERIA]
	if unknown:
		raise RuleViolation(
			_("Unknown prioritization criteria: {criteria}."),
			title=_("Prioritization"),
			criteria=", ".join(unknown),
		)
	if len(set(order)) != len(order):
		raise RuleViolation(_("Each prioritization criterion is listed once."), title=_("Prioritization"))


def sort_key(row: QueueRow, order: Sequence[str]) -> tuple:
	return (*(_CRITERIA[criterion][0](row) for criterion in order), row.tie_breaker, row.name)


def order_by_sql(order: Sequence[str], table: str, today: str) -> str | None:
	"""``order`` as a SQL ORDER BY list on the queue entry ``table``, with the same tie-breaks as
	:func:`sort_key`; None when a criterion cannot be ordered in SQL. ``today``: a quoted date literal."""
	check_order(order)
	if any(criterion not in _SQL for criterion in order):
		return None
	terms = [_SQL[criterion].format(t=table, today=f"cast({today} as date)") for criterion in order]
	return ", ".join([*terms, f"{table}.`tie_breaker`", f"{table}.`name`"])


def rank(rows: Sequence[QueueRow], order: Sequence[str] = DEFAULT_ORDER) -> list[tuple[int, QueueRow, str]]:
	"""Rows in queue order as (rank, row, why)."""
	check_order(order)
	ordered = sorted(rows, key=lambda row: sort_key(row, order))
	return [(position, row, explain(row, order)) for position, row in enumerate(ordered, start=1)]


def explain(row: QueueRow, order: Sequence[str]) -> str:
	parts = [_CRITERIA[criterion][1](row) for criterion in order]
	return "; ".join([*parts, _("tie-break {0:.4f}").format(row.tie_breaker)])
