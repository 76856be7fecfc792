"""HMIS CSV rows from plain values, following HUD's machine-readable specification of each version the CAS
exchanges (shipped as `hmis/hmis_csv_fy2026.json` and `hmis/hmis_csv_fy2024.json`): column order, types,
lengths, code lists, 99 for a required code left unanswered, quoting. The exporter gathers values from the
site; everything about the format is here.

Which version a row follows is the version in use (``using``): FY2024 unless an export or an import says
otherwise, so code that knows nothing of versions keeps reading FY2024 as before."""

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

from cas_coordinated_access.rules import hud
from cas_coordinated_access.rules.violations import RuleViolation, _

FILES = (
	"Export.csv",
	"Organization.csv",
	"User.csv",
	"Project.csv",
	"Client.csv",
	"Enrollment.csv",
	"Exit.csv",
	"CurrentLivingSituation.csv",
	"Assessment.csv",
	"AssessmentQuestions.csv",
	"AssessmentResults.csv",
	"Event.csv",
	"IncomeBenefits.csv",
	"HealthAndDV.csv",
	"Disabilities.csv",
	"Services.csv",
)
DATA_NOT_COLLECTED = "99"
NO_YES = "1.10"
# HUD strips these from strings (FY2026 rule; the safest reading of FY2024), and control characters.
_FORBIDDEN = re.compile(r"[<>\[\]{}\x00-\x08\x0b\x0c\x0e-\x1f]")


FY2024, FY2026 = "FY2024", "FY2026"
VERSIONS = (FY2026, FY2024)  # newest first: what an export offers
DEFAULT_EXPORT_VERSION = FY2026  # HUD's FY2026 standard took effect on 1 October 2025
_SPEC_FOLDER = Path(__file__).resolve().parent.parent / "hmis"
# FY2024 when nobody chose: the forms keep FY2024's labels (rules/hud.py), and a caller unaware of versions
# must see what it always saw.
_VERSION: ContextVar[str] = ContextVar("hmis_csv_version", default=FY2024)


@contextmanager
def using(version: str | None) -> Iterator[str]:
	"""Rows, headers and validation follow ``version`` inside the block (FY2024 when None)."""
	version = version or FY2024
	if version not in VERSIONS:
		raise RuleViolation(
			_("HMIS CSV {version} is not a version the CAS exchanges."), title=_("HMIS CSV"), version=version
		)
	token = _VERSION.set(version)
	try:
		yield version
	finally:
		_VERSION.reset(token)


def version() -> str:
	return _VERSION.get()


def spec(of: str | None = None) -> dict:
	"""The specification of version ``of`` (the version in use when None)."""
	return _spec(of or version())


@cache
def _spec(of: str) -> dict:
	if of == FY2024:
		return hud.spec()  # one copy of FY2024 for the forms and the files
	with (_SPEC_FOLDER / f"hmis_csv_{of.lower()}.json").open(encoding="utf-8") as spec_file:
		return json.load(spec_file)


def csv_version(of: str | None = None) -> str:
	"""Export.csv's CSVVersion, '[year] v[version]' as FY2026 requires (FY2024 wrote the same form)."""
	return spec(of).get("csv_version", "2024 v1.4")


def list_values(list_id: str) -> dict[str, str]:
	"""HUD list ``list_id`` of the version in use, as {code: label}."""
	return spec()["lists"][list_id]["values"]


def columns(file: str) -> list[dict]:
	return spec()["files"][file]


def header(file: str) -> list[str]:
	return [column["name"] for column in columns(file)]


def row(file: str, values: Mapping, unlimited: tuple[str, ...] = ()) -> list[str | None]:
	"""One row of ``file`` in HUD's column order; a column missing from ``values`` is null (or 99 when a
	required coded column allows it). Raises RuleViolation for a value HUD's format cannot hold. The
	``unlimited`` columns are not cut to HUD's length (hashes, in a hashed export: a cut hash is no hash)."""
	return _cells(_layout(version(), file), values, unlimited, quote=False)


def csv_line(file: str, values: Mapping, unlimited: tuple[str, ...] = ()) -> str:
	"""``row`` quoted and joined as one line of the file (without its line break): what an export writes."""
	return ",".join(_cells(_layout(version(), file), values, unlimited, quote=True))


def csv_lines_sharing(
	file: str, shared: Mapping, own: tuple[str, ...], unlimited: tuple[str, ...] = ()
) -> Callable[..., str]:
	"""``csv_line`` for rows of ``file`` that share values (an assessment's IDs and stamps on each of its
	answers): the shared ones are formatted once; the line answers each row's values of the ``own``
	columns, given in that order (no dict a row: an export writes millions of them)."""
	layout = _layout(version(), file)
	start = list(layout.empty_quoted)
	_fill(start, layout, shared, unlimited, quote=True)
	own_spots = tuple((*layout.spots[name], name in unlimited) for name in own)

	def line(*values) -> str:
		cells = start.copy()
		for (index, column, format_cell, limit, whole), value in zip(own_spots, values, strict=True):
			if value is not None and value != "":
				cells[index] = _formatted(column, format_cell, limit, value, whole, quote=True)
		if layout.asks:
			_ask_missing(cells, layout)
		return ",".join(cells)

	return line


def cell(column: dict, value, unlimited: bool = False) -> str | None:
	if value in (None, ""):
		return _missing(column)
	format_cell = _FORMAT.get(column["type_code"])
	return format_cell(column, value) if format_cell else _string(column, value, unlimited)


class _Layout(NamedTuple):
	"""What a row of one file needs, worked out once per version and file (an export builds a row for every
	record): where each column goes with its formatter and length limit (a string column has no formatter:
	_formatted cleans and quotes its text), which columns are strings (quoted), and the row of empty cells
	(_ASK where an empty cell is an error only _missing can raise)."""

	spots: dict[str, tuple[int, dict, Callable | None, int | None]]
	strings: tuple[bool, ...]
	empty: tuple
	empty_quoted: tuple
	asks: tuple[tuple[int, dict], ...]


_ASK = object()


@cache
def _layout(of: str, file: str) -> _Layout:
	with using(of):
		file_columns = columns(file)
		empty = tuple(_empty_cell(column) for column in file_columns)
	strings = tuple(column["type_code"] not in _FORMAT for column in file_columns)
	return _Layout(
		spots={
			column["name"]: (index, column, _column_formatter(column), column.get("max_length"))
			for index, column in enumerate(file_columns)
		},
		strings=strings,
		empty=empty,
		empty_quoted=tuple(
			value if value is _ASK else _quote(value, is_string)
			for value, is_string in zip(empty, strings, strict=True)
		),
		asks=tuple((index, file_columns[index]) for index, value in enumerate(empty) if value is _ASK),
	)


def _column_formatter(column: dict) -> Callable | None:
	format_cell = _FORMAT.get(column["type_code"])
	# Codes and dates are few (a list's codes, the days of some years) and an export writes them millions
	# of times: each column remembers its answers.
	return _remembering(format_cell) if column["type_code"] in ("I", "D") else format_cell


def _remembering(format_cell: Callable, most: int = 10_000) -> Callable:
	known = {}

	def remembered(column: dict, value) -> str:
		key = (value.__class__, value)  # 1, True and 1.0 are equal keys, but need not format alike
		text = known.get(key)
		if text is None:
			text = format_cell(column, value)  # raises for a value HUD's format cannot hold: not kept
			if len(known) < most:  # bounded: a column of many values costs memory no more than time
				known[key] = text
		return text

	return remembered


def _cells(layout: _Layout, values: Mapping, unlimited: tuple[str, ...], quote: bool) -> list:
	# Only the values given are formatted: most of a row's columns are empty, and start as their empty cell.
	cells = list(layout.empty_quoted if quote else layout.empty)
	_fill(cells, layout, values, unlimited, quote)
	if layout.asks:  # most files have no such column: no call for their rows
		_ask_missing(cells, layout)
	return cells


def _fill(cells: list, layout: _Layout, values: Mapping, unlimited: tuple[str, ...], quote: bool):
	spots = layout.spots
	for name, value in values.items():
		spot = spots.get(name)
		if spot is None or value is None or value == "":
			continue
		index, column, format_cell, limit = spot
		cells[index] = _formatted(column, format_cell, limit, value, name in unlimited, quote)


def _formatted(column: dict, format_cell, limit: int | None, value, whole: bool, quote: bool) -> str:
	if format_cell is not None:
		return format_cell(column, value)  # never quoted: only strings are
	text = value if value.__class__ is str else str(value)
	return (_clean_quoted if quote else _clean)(text, None if whole else limit)


def _ask_missing(cells: list, layout: _Layout):
	for index, column in layout.asks:
		if cells[index] is _ASK:
			_missing(column)  # raises: a required column without a value HUD allows for "not collected"


def _empty_cell(column: dict):
	try:
		return _missing(column)
	except RuleViolation:
		return _ASK


def _date(column: dict, value, unlimited: bool = False) -> str:
	return _as_date(value).isoformat()


def _date_time(column: dict, value, unlimited: bool = False) -> str:
	if isinstance(value, str) and len(value) >= 19 and value[10] == " ":
		datetime.fromisoformat(value)  # refuses what is no date and time
		return value[:19]  # already HUD's form, to the second (the database's text of a DATETIME)
	moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
	return moment.strftime("%Y-%m-%d %H:%M:%S")


def _money(column: dict, value, unlimited: bool = False) -> str:
	return f"{Decimal(str(value)):.2f}"


def _quote(cell: str | None, is_string: bool) -> str:
	if cell is None:
		return ""
	return '"' + cell.replace('"', '""') + '"' if is_string else cell


def _missing(column: dict) -> str | None:
	"""A required code left empty is 'Data not collected' (99); a required yes/no flag (list 1.10, such as
	a race or gender column) is 'No'."""
	list_id = column.get("list")
	if column.get("required") and list_id:
		values = list_values(list_id)
		if DATA_NOT_COLLECTED in values:
			return DATA_NOT_COLLECTED
		if list_id == NO_YES:
			return "0"
	if column.get("required"):
		raise RuleViolation(
			_("{column} is required in HMIS CSV."), title=_("HMIS CSV"), column=column["name"]
		)
	return None


def _as_date(value) -> date:
	if isinstance(value, datetime):
		return value.date()
	if isinstance(value, date):
		return value
	return date.fromisoformat(str(value)[:10])


def _integer(column: dict, value, unlimited: bool = False) -> str:
	number = int(value)
	if number < 0:
		raise RuleViolation(_("{column} cannot be negative."), title=_("HMIS CSV"), column=column["name"])
	list_id = column.get("list")
	if list_id and str(number) not in list_values(list_id):
		raise RuleViolation(
			_("{value} is not a code of HUD list {list_id} ({column})."),
			title=_("HMIS CSV"),
			value=number,
			list_id=list_id,
			column=column["name"],
		)
	return str(number)


def _string(column: dict, value, unlimited: bool = False) -> str:
	return _clean(str(value), None if unlimited else column.get("max_length"))


# Remembered: an export writes the same texts again and again (each assessment's questions, sections and
# answers, programs, places).
@lru_cache(maxsize=4096)
def _clean(text: str, limit: int | None) -> str:
	return _cleaned(text, limit)


@lru_cache(maxsize=4096)
def _clean_quoted(text: str, limit: int | None) -> str:
	return '"' + _cleaned(text, limit).replace('"', '""') + '"'


def _cleaned(text: str, limit: int | None) -> str:
	text = _FORBIDDEN.sub("", text).strip()
	return text[:limit] if limit else text


# Every type but strings (S, and any other): _formatted cleans and quotes those.
_FORMAT = {"D": _date, "T": _date_time, "I": _integer, "M": _money}


def code(list_id: str, label: str | None) -> int | None:
	"""The HUD code of a label stored on a form; None when empty."""
	return hud.code_for(list_id, label)


def to_csv_line(file: str, cells: Iterable[str | None]) -> str:
	return ",".join(quoted(file, cells))


def quoted(file: str, cells: Iterable[str | None]) -> list[str]:
	"""HUD's quoting: strings in double quotes (a quote inside doubled), other types bare, null empty."""
	return [
		_quote(cell, is_string)
		for cell, is_string in zip(cells, _layout(version(), file).strings, strict=True)
	]


def protected_client(values: dict) -> dict:
	"""A protected client leaves no identifying data: names, SSN and DOB blank, their quality 'Data not
	collected' (as a comparable database reports them)."""
	blanked = dict(values)
	for column in ("FirstName", "MiddleName", "LastName", "NameSuffix", "SSN", "DOB"):
		blanked[column] = None
	for column in ("NameDataQuality", "SSNDataQuality", "DOBDataQuality"):
		blanked[column] = int(DATA_NOT_COLLECTED)
	return blanked


def problems(file: str, cells: list[str | None], unlimited: tuple[str, ...] = ()) -> list[str]:
	"""What a validator built from the spec finds wrong in one row (empty: valid)."""
	return problems_in(columns(file), cells, unlimited)


def problems_in(
	row_columns: list[dict], cells: list[str | None], unlimited: tuple[str, ...] = ()
) -> list[str]:
	"""The same checks for the columns a file carries (an imported file may leave optional ones out); the
	``unlimited`` columns may be longer than HUD's limit (hashes, in a hashed export)."""
	found = []
	for column, value in zip(row_columns, cells, strict=True):
		name = column["name"]
		if value in (None, ""):
			if column.get("required"):
				found.append(f"{name}: required")
			continue
		kind = column["type_code"]
		if (
			kind == "S"
			and column.get("max_length")
			and len(value) > column["max_length"]
			and name not in unlimited
		):
			found.append(f"{name}: longer than {column['max_length']}")
		elif kind == "I" and (
			not value.isdigit() or (column.get("list") and value not in list_values(column["list"]))
		):
			found.append(f"{name}: {value} is not a valid code")
		elif kind == "D" and not _is_date(value):
			found.append(f"{name}: {value} is not a date")
		elif kind == "T" and not _is_date_time(value):
			found.append(f"{name}: {value} is not a date and time")
		elif kind == "M" and not re.fullmatch(r"-?\d+\.\d{2}", value):
			found.append(f"{name}: {value} is not money")
	return found


def _is_date(value: str) -> bool:
	try:
		return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)) and bool(date.fromisoformat(value))
	except ValueError:
		return False


def _is_date_time(value: str) -> bool:
	try:
		return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", value)) and bool(
			datetime.fromisoformat(value)
		)
	except ValueError:
		return False


def is_hud_date(value: str, kind: str) -> bool:
	"""``value`` is a date ("D") or a date and time ("T") in HUD's format."""
	return _is_date(value) if kind == "D" else _is_date_time(value)


# Dates as HMIS exports write them in practice, besides HUD's: (pattern, how it is read, its name in the
# import report). Month before day: the US HMIS vendors' order; two-digit years are too ambiguous to read.
_DATE_FORMATS = (
	(re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), "ymd", "YYYY-MM-DD"),
	(re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})"), "mdy", "MM/DD/YYYY"),
	(re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"), "ymd", "YYYY/MM/DD"),
	(re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})"), "mdy", "MM-DD-YYYY"),
)
_TIME = re.compile(
	r"(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*([AaPp][Mm])?)?(?:Z|[+-]\d{2}:?\d{2})?"
)


# Amounts as HMIS exports write them in practice, besides HUD's two decimals: whole dollars, one decimal.
_AMOUNT = re.compile(r"(-?\d+)(?:\.(\d{1,2}))?")


def read_money(value: str) -> tuple[str, str | None]:
	"""An amount of an imported file in HUD's format (two decimals), and the format it was found in when that
	is not HUD's (None when it is HUD's, or when it is no amount: the validator then reports it)."""
	text = value.strip()
	found = _AMOUNT.fullmatch(text)
	if not found:
		return value, None
	cents = found.group(2) or ""
	normal = f"{found.group(1)}.{cents.ljust(2, '0')}"
	if normal == text:
		return normal, None
	return normal, "whole dollars" if not cents else "one decimal"


def read_date(value: str, kind: str) -> tuple[str, str | None]:
	"""A date (``kind`` "D") or date and time ("T") of an imported file in HUD's format, and the format it
	was found in when that is not HUD's (None when it is HUD's, or when it cannot be read: the validator
	then reports the value as it is)."""
	text = value.strip()
	for pattern, order, name in _DATE_FORMATS:
		found = pattern.match(text)
		if not found:
			continue
		time = _TIME.fullmatch(text, found.end())
		if time is None:
			return value, None
		first, second, third = (int(part) for part in found.groups())
		year, month, day = (first, second, third) if order == "ymd" else (third, first, second)
		hour, minute, second_ = (int(time.group(i) or 0) for i in (1, 2, 3))
		if time.group(4):
			if not 1 <= hour <= 12:
				return value, None
			hour = hour % 12 + (12 if time.group(4).lower() == "pm" else 0)
		try:
			moment = datetime(year, month, day, hour, minute, second_)
		except ValueError:
			return value, None
		if kind == "D":
			normal = moment.date().isoformat()
		else:
			normal = moment.strftime("%Y-%m-%d %H:%M:%S")
		if normal == text:
			return normal, None
		has_time = bool(time.group(1))
		return normal, name + (" hh:mm" + (":ss" if time.group(3) else "") if has_time else "")
	return value, None
