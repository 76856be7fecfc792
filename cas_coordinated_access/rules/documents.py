"""Document readiness: whether a household holds the documents a program needs before it can be housed.

Each document type the CoC keeps (a :class:`Requirement`) says whom in a household it is asked of (the
head, every adult, every member, veterans, members with a disability) and which programs need it (every
program, programs of some HUD project types, veteran programs). A household is **document ready** for a
program when every document that program needs of each of its members is *In Hand* or *Not Needed* for
that member.

With no program chosen (a Community Queue row before a program filter is set), a household is measured
against :data:`ANY_PROGRAM`: the documents every program needs (those marked *required for every
program*), since those are needed whichever program the household is offered.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from cas_coordinated_access.rules.violations import RuleViolation, _

NOT_STARTED = "Not Started"
REQUESTED = "Requested"
IN_HAND = "In Hand"
NOT_NEEDED = "Not Needed"
STATUSES = (NOT_STARTED, REQUESTED, IN_HAND, NOT_NEEDED)
# A document in one of these states no longer holds a household back.
SETTLED = frozenset({IN_HAND, NOT_NEEDED})

HEAD = "Head of Household"
EVERY_ADULT = "Every Adult"
EVERY_MEMBER = "Every Member"
VETERANS = "Veterans"
DISABLED = "Members with a Disability"
APPLIES_TO = (HEAD, EVERY_ADULT, EVERY_MEMBER, VETERANS, DISABLED)

ADULT_AGE = 18


@dataclass(frozen=True)
class Member:
	"""A member of a household as the rule needs them. ``label`` is how the member is named in what is
	missing ("head", "member 2"): never a name, since readiness is shown to providers and on the queue."""

	client: str
	label: str
	is_head: bool = False
	adult: bool = True  # an unknown age is asked as an adult would be
	veteran: bool = False
	disabled: bool = False


@dataclass(frozen=True)
class Requirement:
	"""A document type: whom it is asked of and which programs need it."""

	document_type: str
	applies_to: str = EVERY_MEMBER
	every_program: bool = False
	project_types: frozenset[str] = frozenset()
	veteran_programs: bool = False


@dataclass(frozen=True)
class Program:
	"""What readiness reads of a program: its HUD project type and whether it serves veterans only."""

	project_type: str | None = None
	veteran_only: bool = False


# No program chosen: only what every program needs.
ANY_PROGRAM = Program()


@dataclass(frozen=True)
class Readiness:
	ready: bool
	missing: tuple[tuple[str, str], ...] = ()  # (member label, document type), in household order

	def summary(self, translate: Callable[[str], str] = _) -> str:
		"""What the queue and the referral show: "Document ready", or what is missing ("Missing: Photo ID
		(head), Birth Certificate (member 2)").
		``translate`` is the caller's translation (Frappe's ``_``); the labels come translated already."""
		if self.ready:
			return translate(_("Document ready"))
		return translate(_("Missing: {0}")).format(
			", ".join(f"{document} ({label})" for label, document in self.missing)
		)


def check_status(status: str | None) -> None:
	if status not in STATUSES:
		raise RuleViolation(
			_("A document's status is one of {statuses}."),
			title=_("Invalid status"),
			statuses=", ".join(STATUSES),
		)


def is_adult(age: int | None) -> bool:
	return age is None or age >= ADULT_AGE


def applies(requirement: Requirement, member: Member) -> bool:
	"""Whether the document is asked of this member at all (whatever the program)."""
	return {
		HEAD: member.is_head,
		EVERY_ADULT: member.adult,
		EVERY_MEMBER: True,
		VETERANS: member.veteran,
		DISABLED: member.disabled,
	}.get(requirement.applies_to, False)


def needed_by(requirement: Requirement, program: Program) -> bool:
	"""Whether the program needs the document (of the members it applies to)."""
	return (
		requirement.every_program
		or (program.project_type is not None and program.project_type in requirement.project_types)
		or (requirement.veteran_programs and program.veteran_only)
	)


def required(requirement: Requirement, member: Member, program: Program) -> bool:
	return applies(requirement, member) and needed_by(requirement, program)


def readiness(
	program: Program,
	members: Sequence[Member],
	requirements: Iterable[Requirement],
	statuses: Mapping[tuple[str, str], str],
) -> Readiness:
	"""Ready when every (member, document) the program needs is settled in ``statuses`` (keyed by
	(client, document type); a pair never recorded is Not Started)."""
	requirements = tuple(requirements)
	missing = tuple(
		(member.label, requirement.document_type)
		for member in members
		for requirement in requirements
		if required(requirement, member, program)
		and statuses.get((member.client, requirement.document_type), NOT_STARTED) not in SETTLED
	)
	return Readiness(ready=not missing, missing=missing)


def member_label(position: int, is_head: bool, translate: Callable[[str], str] = _) -> str:
	"""How a member is named in what is missing: the head, or their place in the household (1 is the head)."""
	return translate(_("head")) if is_head else translate(_("member {0}")).format(position)
