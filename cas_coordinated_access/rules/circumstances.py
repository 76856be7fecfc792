"""HUD's data about each household member over time (FY2024 HMIS Data Standards 4.02 to 4.11), recorded
at project start, on updates, at each annual assessment and at exit (5.03 data collection stages), and
what follows from it: total monthly income, the disabling condition (3.08), chronic homelessness and
when the annual assessment is due.

Answers are HUD's labels: "Yes", "No", "Client doesn’t know", "Client prefers not to answer", "Data not
collected". A source is asked as yes or no (a tick)."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from cas_coordinated_access.rules import hud
from cas_coordinated_access.rules.violations import RuleViolation, _

YES, NO = "Yes", "No"
ADULT_AGE = 18
ANNUAL_WINDOW_DAYS = 30  # HUD: within 30 days before or after the anniversary of the head's entry

# 5.03.1 Data Collection Stage: the label an assessor sees and HUD's code.
PROJECT_START, UPDATE, PROJECT_EXIT, ANNUAL = "Project start", "Update", "Project exit", "Annual assessment"
STAGE_CODES = {PROJECT_START: 1, UPDATE: 2, PROJECT_EXIT: 3, ANNUAL: 5}


@dataclass(frozen=True)
class Source:
	field: str  # the tick on the member's row; amounts are `<field>_amount`
	label: str
	hud_column: str  # IncomeBenefits.csv
	hud_amount_column: str | None = None


@dataclass(frozen=True)
class Element:
	"""One "from any source" question and its sources (4.02, 4.03, 4.04)."""

	key: str  # the row's any-source field
	label: str
	hud_column: str
	sources: tuple[Source, ...]
	other_identify: str  # the text field naming an "other" source
	adults_only: bool  # HUD asks heads of household and adults; 4.04 every member


INCOME = Element(
	"income_from_any_source",
	"Income from any source",
	"IncomeFromAnySource",
	tuple(
		Source(f, label, column, amount)
		for f, label, column, amount in (
			("earned", "Earned income", "Earned", "EarnedAmount"),
			("unemployment", "Unemployment insurance", "Unemployment", "UnemploymentAmount"),
			("ssi", "Supplemental Security Income (SSI)", "SSI", "SSIAmount"),
			("ssdi", "Social Security Disability Insurance (SSDI)", "SSDI", "SSDIAmount"),
			(
				"va_disability_service",
				"VA service-connected disability compensation",
				"VADisabilityService",
				"VADisabilityServiceAmount",
			),
			(
				"va_disability_non_service",
				"VA non-service-connected disability pension",
				"VADisabilityNonService",
				"VADisabilityNonServiceAmount",
			),
			(
				"private_disability",
				"Private disability insurance",
				"PrivateDisability",
				"PrivateDisabilityAmount",
			),
			("workers_comp", "Worker’s compensation", "WorkersComp", "WorkersCompAmount"),
			("tanf", "TANF", "TANF", "TANFAmount"),
			("general_assistance", "General Assistance (GA)", "GA", "GAAmount"),
			(
				"retirement",
				"Retirement income from Social Security",
				"SocSecRetirement",
				"SocSecRetirementAmount",
			),
			("pension", "Pension or retirement income from a former job", "Pension", "PensionAmount"),
			("child_support", "Child support", "ChildSupport", "ChildSupportAmount"),
			("alimony", "Alimony and other spousal support", "Alimony", "AlimonyAmount"),
			("other_income", "Other source", "OtherIncomeSource", "OtherIncomeAmount"),
		)
	),
	"other_income_identify",
	adults_only=True,
)
BENEFITS = Element(
	"benefits_from_any_source",
	"Non-cash benefits from any source",
	"BenefitsFromAnySource",
	tuple(
		Source(f, label, column)
		for f, label, column in (
			("snap", "Supplemental Nutrition Assistance Program (SNAP)", "SNAP"),
			("wic", "Special Supplemental Nutrition Program for WIC", "WIC"),
			("tanf_child_care", "TANF child care services", "TANFChildCare"),
			("tanf_transportation", "TANF transportation services", "TANFTransportation"),
			("other_tanf", "Other TANF-funded services", "OtherTANF"),
			("other_benefits", "Other source", "OtherBenefitsSource"),
		)
	),
	"other_benefits_identify",
	adults_only=True,
)
INSURANCE = Element(
	"insurance_from_any_source",
	"Covered by health insurance",
	"InsuranceFromAnySource",
	tuple(
		Source(f, label, column)
		for f, label, column in (
			("medicaid", "Medicaid", "Medicaid"),
			("medicare", "Medicare", "Medicare"),
			("schip", "State Children’s Health Insurance Program", "SCHIP"),
			("vha_services", "Veteran’s Health Administration (VHA)", "VHAServices"),
			("employer_provided", "Employer-provided health insurance", "EmployerProvided"),
			("cobra", "Health insurance obtained through COBRA", "COBRA"),
			("private_pay", "Private pay health insurance", "PrivatePay"),
			("state_health_insurance", "State health insurance for adults", "StateHealthIns"),
			("indian_health_services", "Indian Health Services program", "IndianHealthServices"),
			("other_insurance", "Other", "OtherInsurance"),
		)
	),
	"other_insurance_identify",
	adults_only=False,
)
ELEMENTS = (INCOME, BENEFITS, INSURANCE)


@dataclass(frozen=True)
class Disability:
	key: str  # the row's answer field; `<key>_indefinite` and `<key>_services` beside it
	label: str
	hud_type: int  # list 1.3
	# HUD 3.08: a developmental disability or HIV/AIDS is a disabling condition by itself; the others
	# only when expected to be of long-continued and indefinite duration and substantially impairing.
	disabling_alone: bool = False


DISABILITIES = (
	Disability("physical_disability", "Physical disability", 5),
	Disability("developmental_disability", "Developmental disability", 6, disabling_alone=True),
	Disability("chronic_health_condition", "Chronic health condition", 7),
	Disability("hiv_aids", "HIV/AIDS", 8, disabling_alone=True),
	Disability("mental_health_disorder", "Mental health disorder", 9),
	Disability("substance_use_disorder", "Substance use disorder", 10),
)
# 4.10.2: what a substance use disorder answer is; any of the three is a "yes".
SUBSTANCE_USE_YES = ("Alcohol use disorder", "Drug use disorder", "Both alcohol and drug use disorders")


def is_yes(answer: str | None) -> bool:
	return answer == YES or answer in SUBSTANCE_USE_YES


@dataclass(frozen=True)
class MemberCircumstances:
	"""One member's answers at one stage, by the row's field names."""

	who: str  # how the member is named in messages
	age: int | None
	is_head: bool
	answers: dict = field(default_factory=dict)

	def get(self, key: str, default=None):
		return self.answers.get(key, default)


def is_adult(age: int | None) -> bool:
	# An unknown age is asked as an adult: HUD asks heads of household and adults, and a missing date of
	# birth must not drop a member's income from the record.
	return age is None or age >= ADULT_AGE


def asked(element: Element, member: MemberCircumstances) -> bool:
	"""Whether HUD asks ``element`` of this member: 4.02/4.03 heads of household and adults; 4.04 all."""
	return not element.adults_only or member.is_head or is_adult(member.age)


def dv_asked(member: MemberCircumstances) -> bool:
	"""4.11 is asked of heads of household and adults."""
	return member.is_head or is_adult(member.age)


def order_members(members: Iterable[MemberCircumstances]) -> list[MemberCircumstances]:
	"""The household is filled in one sitting: the head first, adults before children (stable otherwise)."""
	return sorted(members, key=lambda m: (not m.is_head, not is_adult(m.age)))


def total_monthly_income(member: MemberCircumstances) -> float:
	"""4.02.18: the sum of the amounts of the sources ticked; computed, never typed."""
	return round(
		sum(
			float(member.get(f"{source.field}_amount") or 0)
			for source in INCOME.sources
			if member.get(source.field)
		),
		2,
	)


def check_member(member: MemberCircumstances) -> list[RuleViolation]:
	"""Every disagreement in one member's answers, each naming the member and what disagrees."""
	problems = []
	for element in ELEMENTS:
		problems += check_element(element, member)
	problems += check_disabilities(member)
	problems += check_domestic_violence(member)
	return problems


def check_element(element: Element, member: MemberCircumstances) -> list[RuleViolation]:
	answer = member.get(element.key)
	ticked = [source for source in element.sources if member.get(source.field)]
	if not asked(element, member):
		# "Data not collected" and its kin are what an HMIS writes for a question not asked.
		if answer in (YES, NO) or ticked:
			return [
				RuleViolation(
					_("{member}: HUD does not ask “{element}” of a child who is not the head of household."),
					member=member.who,
					element=element.label,
				)
			]
		return []
	problems = []
	if answer == YES and not ticked:
		problems.append(
			RuleViolation(
				_("{member}: “{element}” is “Yes”: tick at least one source."),
				member=member.who,
				element=element.label,
			)
		)
	elif answer != YES and ticked:
		problems.append(
			RuleViolation(
				_("{member}: “{element}” is not “Yes”, but “{source}” is ticked: answer “Yes” or untick it."),
				member=member.who,
				element=element.label,
				source=ticked[0].label,
			)
		)
	for source in element.sources:
		amount = member.get(f"{source.field}_amount") if source.hud_amount_column else None
		if amount and float(amount) < 0:
			problems.append(
				RuleViolation(
					_("{member}: the monthly amount of “{source}” cannot be negative."),
					member=member.who,
					source=source.label,
				)
			)
		elif amount and not member.get(source.field):
			problems.append(
				RuleViolation(
					_("{member}: an amount is given for “{source}”, which is not ticked."),
					member=member.who,
					source=source.label,
				)
			)
	if member.get(element.sources[-1].field) and not (member.get(element.other_identify) or "").strip():
		problems.append(
			RuleViolation(
				_("{member}: name the other source of “{element}”."), member=member.who, element=element.label
			)
		)
	return problems


def check_disabilities(member: MemberCircumstances) -> list[RuleViolation]:
	return [
		RuleViolation(
			_("{member}: “{disability}” is long-continued and impairing, but not answered “Yes”."),
			member=member.who,
			disability=disability.label,
		)
		for disability in DISABILITIES
		if member.get(f"{disability.key}_indefinite") == YES and not is_yes(member.get(disability.key))
	]


def check_domestic_violence(member: MemberCircumstances) -> list[RuleViolation]:
	survivor = member.get("domestic_violence_survivor")
	follow_ups = [key for key in ("dv_when_occurred", "currently_fleeing") if member.get(key)]
	if not dv_asked(member) and (survivor in (YES, NO) or follow_ups):
		return [
			RuleViolation(
				_("{member}: HUD asks about domestic violence of heads of household and adults only."),
				member=member.who,
			)
		]
	if survivor != YES and follow_ups:
		return [
			RuleViolation(
				_("{member}: when it occurred and whether they are fleeing are asked only of a survivor."),
				member=member.who,
			)
		]
	return []


def disabling_condition(member: MemberCircumstances) -> str | None:
	"""3.08 as it follows from 4.05-4.10: "Yes" when a disability makes it so; ``None`` when the
	answers do not decide it (the assessor's own answer stands)."""
	for disability in DISABILITIES:
		if not is_yes(member.get(disability.key)):
			continue
		if disability.disabling_alone or member.get(f"{disability.key}_indefinite") == YES:
			return YES
	return None


def check_disabling_condition(recorded: str | None, member: MemberCircumstances) -> list[RuleViolation]:
	"""An assessor can no longer record "No" beside a disability that is indefinite and impairing."""
	if recorded == NO and disabling_condition(member) == YES:
		return [
			RuleViolation(
				_("{member} has a disability that is a disabling condition (HUD 3.08): it cannot be “No”."),
				member=member.who,
			)
		]
	return []


# 3.917 living situations that are literal homelessness (place not meant for habitation, emergency
# shelter, safe haven), by HUD's code.
LITERALLY_HOMELESS_CODES = frozenset({116, 101, 118})


@dataclass(frozen=True)
class Chronicity:
	is_chronic: bool
	reasons: tuple[str, ...]


def chronic_homelessness(
	disabling: str | None,
	living_situation_code: int | None,
	homeless_since: date | None,
	on: date,
	times_homeless_3_years: int | None = None,
	months_homeless_3_years: int | None = None,
) -> Chronicity:
	"""HUD's definition (24 CFR 578.3, as the FY2024 data standards derive it from 3.08 and 3.917): a
	disabling condition, and living in a place not meant for habitation, a safe haven or an emergency
	shelter, either continuously for at least 12 months or on at least four occasions in the last three
	years adding up to at least 12 months. Reasons say why, either way."""
	reasons = []
	if disabling != YES:
		reasons.append(_("No disabling condition is recorded."))
	if living_situation_code not in LITERALLY_HOMELESS_CODES:
		reasons.append(_("Not living on the street, in a shelter or a safe haven at entry."))
	continuous = homeless_since is not None and (on - homeless_since).days >= 365
	occasions = (times_homeless_3_years or 0) >= 4 and (months_homeless_3_years or 0) >= 12
	if not (continuous or occasions):
		reasons.append(
			_("Homeless less than 12 months in a row, and not 4 times adding up to 12 months in 3 years.")
		)
	if reasons:
		return Chronicity(False, tuple(reasons))
	if continuous:
		return Chronicity(True, (_("Homeless 12 months or more in a row, with a disabling condition."),))
	return Chronicity(
		True,
		(_("Homeless 4 or more times in 3 years, 12 months or more in all, with a disabling condition."),),
	)


def anniversary(entry: date, year: int) -> date:
	"""The entry date's anniversary in ``year``; an entry on 29 February has its anniversary on the 28th
	in common years."""
	try:
		return entry.replace(year=year)
	except ValueError:
		return date(year, 2, 28)


@dataclass(frozen=True)
class AnnualDue:
	anniversary: date
	opens: date
	closes: date
	done: bool


def annual_assessments_due(entry: date, today: date, recorded: Iterable[date]) -> list[AnnualDue]:
	"""Each anniversary of the head's entry that has arrived (its window opened) by ``today``, with HUD's
	window of 30 days either side, and whether an annual assessment was recorded inside it."""
	recorded = sorted(recorded)
	due = []
	year = entry.year + 1
	while True:
		day = anniversary(entry, year)
		opens, closes = day - timedelta(days=ANNUAL_WINDOW_DAYS), day + timedelta(days=ANNUAL_WINDOW_DAYS)
		if opens > today:
			return due
		due.append(AnnualDue(day, opens, closes, any(opens <= on <= closes for on in recorded)))
		year += 1


# HMIS CSV: IncomeBenefits.csv, HealthAndDV.csv and Disabilities.csv rows of one member at one stage, and
# back. Forms keep HUD's labels; files carry HUD's codes.
YES_NO_REASONS = "1.8"
YES_NO_MISSING = "1.7"
SUBSTANCE_USE = "4.10.2"
WHEN_OCCURRED = "4.11.A"


HUD_OTHER_IDENTIFY = {
	"other_income_identify": "OtherIncomeSourceIdentify",
	"other_benefits_identify": "OtherBenefitsSourceIdentify",
	"other_insurance_identify": "OtherInsuranceIdentify",
}


def income_benefits_values(answers: dict) -> dict:
	values = {"TotalMonthlyIncome": None}
	for element in ELEMENTS:
		answer = answers.get(element.key)
		values[element.hud_column] = hud.code_for(YES_NO_REASONS, answer)
		for source in element.sources:
			ticked = bool(answers.get(source.field))
			# A source is 1 or 0 once the question is answered yes or no; otherwise it was not asked.
			values[source.hud_column] = int(ticked) if answer in (YES, NO) else None
			if source.hud_amount_column:
				values[source.hud_amount_column] = answers.get(f"{source.field}_amount") if ticked else None
		values[HUD_OTHER_IDENTIFY[element.other_identify]] = answers.get(element.other_identify)
	if answers.get(INCOME.key) in (YES, NO):
		values["TotalMonthlyIncome"] = answers.get("total_monthly_income") or 0
	return values


def answers_from_income_benefits(row: dict) -> dict:
	answers = {}
	for element in ELEMENTS:
		answers[element.key] = hud.label_for(YES_NO_REASONS, row.get(element.hud_column))
		for source in element.sources:
			answers[source.field] = int(str(row.get(source.hud_column) or "") == "1")
			if source.hud_amount_column:
				amount = row.get(source.hud_amount_column)
				answers[f"{source.field}_amount"] = float(amount) if amount not in (None, "") else None
		answers[element.other_identify] = row.get(HUD_OTHER_IDENTIFY[element.other_identify]) or None
	return answers


def health_and_dv_values(answers: dict) -> dict:
	return {
		"DomesticViolenceSurvivor": hud.code_for(YES_NO_REASONS, answers.get("domestic_violence_survivor")),
		"WhenOccurred": hud.code_for(WHEN_OCCURRED, answers.get("dv_when_occurred")),
		"CurrentlyFleeing": hud.code_for(YES_NO_REASONS, answers.get("currently_fleeing")),
	}


def answers_from_health_and_dv(row: dict) -> dict:
	return {
		"domestic_violence_survivor": hud.label_for(YES_NO_REASONS, row.get("DomesticViolenceSurvivor")),
		"dv_when_occurred": hud.label_for(WHEN_OCCURRED, row.get("WhenOccurred")),
		"currently_fleeing": hud.label_for(YES_NO_REASONS, row.get("CurrentlyFleeing")),
	}


def response_list(disability: Disability) -> str:
	return SUBSTANCE_USE if disability.hud_type == 10 else YES_NO_REASONS


def disability_values(answers: dict) -> list[dict]:
	"""One Disabilities.csv row per disability answered."""
	rows = []
	for disability in DISABILITIES:
		answer = answers.get(disability.key)
		if not answer:
			continue
		rows.append(
			{
				"DisabilityType": disability.hud_type,
				"DisabilityResponse": hud.code_for(response_list(disability), answer),
				"IndefiniteAndImpairs": hud.code_for(
					YES_NO_REASONS, answers.get(f"{disability.key}_indefinite")
				),
			}
		)
	return rows


def answers_from_disability(row: dict) -> dict:
	disability = next((d for d in DISABILITIES if str(d.hud_type) == str(row.get("DisabilityType"))), None)
	if disability is None:
		return {}
	answers = {disability.key: hud.label_for(response_list(disability), row.get("DisabilityResponse"))}
	if not disability.disabling_alone:
		answers[f"{disability.key}_indefinite"] = hud.label_for(
			YES_NO_REASONS, row.get("IndefiniteAndImpairs")
		)
	return answers


def stage_from_code(code) -> str | None:
	return next((stage for stage, value in STAGE_CODES.items() if str(value) == str(code)), None)


# What an assessment's answers report (a question "reports on" Income or Disability), against the head's
# answers in the household's last status record: a change offers the assessor a Status Update.
INCOME_CHANGE, DISABILITY_CHANGE = "Income", "Disability"


def changes_reported(reported: Iterable[tuple[str, str | None]], last_head: dict | None) -> list[str]:
	"""Which of Income and Disability the answers (``(reports_on, answer)`` pairs) say differently from
	``last_head``; none when there is no record to differ from or the answer is neither yes nor no."""
	if not last_head:
		return []
	recorded = {
		INCOME_CHANGE: {YES: True, NO: False}.get(last_head.get(INCOME.key)),
		DISABILITY_CHANGE: disabilities_recorded(last_head),
	}
	changed = []
	for reports_on, answer in reported:
		said = {YES: True, NO: False}.get(answer)
		before = recorded.get(reports_on)
		if said is not None and before is not None and said != before and reports_on not in changed:
			changed.append(reports_on)
	return changed


def disabilities_recorded(answers: dict) -> bool | None:
	"""Whether any disability is answered yes; None when none is answered at all."""
	answered = [answers.get(d.key) for d in DISABILITIES if answers.get(d.key)]
	if not answered:
		return None
	return any(is_yes(answer) for answer in answered)
