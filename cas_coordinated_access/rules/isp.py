"""The Individualized Support Plan: SMART goals with a timeline, steps tied to goals, at least one housing goal."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from cas_coordinated_access.rules.violations import RuleViolation, _

HOUSING = "Housing"


@dataclass(frozen=True)
class Goal:
	number: int
	category: str
	start_date: date
	timeline_days: int


def target_date(start_date: date, timeline_days: int) -> date:
	"""The day a goal is due: its start plus its timeline in days."""
	return start_date + timedelta(days=timeline_days)


def check_goals(goals: Sequence[Goal]) -> None:
	if not any(goal.category == HOUSING for goal in goals):
		raise RuleViolation(
			_("Write at least one housing goal with the client: the plan leads to stable housing."),
			title=_("Housing goal needed"),
		)
	for goal in goals:
		if goal.timeline_days < 1:
			raise RuleViolation(
				_("Goal {number} needs a timeline of at least one day."),
				title=_("Goal timeline"),
				number=goal.number,
			)


def check_steps(goal_numbers: set[int], step_goal_numbers: Sequence[int]) -> None:
	for number in step_goal_numbers:
		if number not in goal_numbers:
			raise RuleViolation(
				_("An action step belongs to goal {number}, which the plan does not have."),
				title=_("Unknown goal"),
				number=number,
			)
