"""The statutory clock: every time limit on one EHC case, from plain facts, with no database.

Contract (stable; other code builds on these names):

* Input: a :class:`CaseFacts` — plain dates and outcomes about one child or young person's case.
  ``cases`` models are turned into ``CaseFacts`` by an adapter on the models side
  (``cases.case_state.case_facts``); SEN2 imports and natively recorded cases give the same
  facts. Every field is optional. Without ``request_received_on`` (a plan transferred in) only
  the plan's own deadlines are worked out.
* Output: a list of :class:`Deadline` — key, plain-English title, due date, the regulation it
  comes from (``source``), a :class:`Status`, the date the duty was met (``met_on``), and, when
  the facts do not add up, a ``problem`` in plain English.
* ``deadlines(facts, *, today)`` lists them all, earliest due date first.
  ``next_deadline(facts, *, today)`` is the earliest pending one (or ``None``).
  ``early_warnings(facts, *, today, horizon_days=28)`` is what needs attention: pending deadlines
  due within the horizon, and overdue ones (missed, still not done, still owed).
  ``fact_problems(facts, *, today=None)`` lists facts out of order as :class:`FactProblem`
  (``field`` is a path such as ``annual_reviews[0].decision_on``; ``message`` is a sentence).
* Helpers: ``weeks_between``, ``age_band`` / ``AGE_BANDS`` (backlog), ``body_name``,
  ``appeal_holiday_adjustment``, ``rule_set_for`` / ``RULE_SETS``.
* Never imports Django, never reads the date (``today`` is passed in), and never raises on bad
  facts. An event out of order (a decision dated before the request, say) still gets its
  deadline and status, computed from the dates as given, and the deadline's ``problem`` says
  what is wrong; ``fact_problems`` lists every such problem for forms and import reports.

Status of a deadline (see :class:`Status`):

* ``pending``: not done, not yet late. ``met``: done on or before the due date.
* ``missed``: the due date has passed and the duty was not done by then. ``met_on`` says when it
  was done late, or is ``None`` while it is still not done (that is an overdue case).
* ``not_applicable``: this duty does not arise (the request was refused or withdrawn, the plan
  ceased, 16 weeks passed with no decision not to issue ...). ``note`` says why.
* ``superseded``: a step of an annual review (report, decision, amendment) that was not done
  before the next review meeting was held. The later review overtook it: it is closed, never
  outstanding or missed (``closed_on`` is the later meeting; ``note`` says so).
* ``switched_off``: a statutory exception (reg 5(4), 8(2), 10(4), 13(3), 27(3)) switches the time
  limit off. Exceptions do not pause the clock: the duty becomes "as soon as practicable" with
  no fixed date, exactly as SEN2's ``<Week20>`` flag. ``due`` still shows the date that would
  have applied, and ``met_on`` when the duty was done.

The periods themselves (6 weeks, 20 weeks, 12 months ...) and the counting convention are rule
data in :mod:`cases.send_regulations_2014` (shapes and date arithmetic in
:mod:`cases.statutory_rules`), chosen by the date that starts each clock, so that a later rule set
can replace them (docs/decisions/0020 and 0021). The working is in
:mod:`cases.statutory_clock_engine` and :mod:`cases.statutory_clock_checks`; import from here.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from cases.send_regulations_2014 import SEND_REGULATIONS_2014
from cases.statutory_rules import RuleSet, appeal_holiday_adjustment, select_rule_set

__all__ = [
    "AGE_BANDS",
    "RULE_SETS",
    "AdviceBody",
    "AdviceRequest",
    "AgeBand",
    "AnnualReview",
    "AssessDecision",
    "CaseFacts",
    "Deadline",
    "ExceptionReason",
    "FactProblem",
    "OrderKind",
    "PhaseTransfer",
    "PhaseTransferKind",
    "Reassessment",
    "ReviewOutcome",
    "Status",
    "TimeLimitException",
    "TribunalOrder",
    "UnopposedAppeal",
    "UnopposedKind",
    "age_band",
    "appeal_holiday_adjustment",
    "body_name",
    "deadlines",
    "early_warnings",
    "fact_problems",
    "next_deadline",
    "rule_set_for",
    "weeks_between",
]

date = datetime.date


# --------------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------------


class AssessDecision(StrEnum):
    """The decision whether to carry out an EHC needs assessment (reg 5)."""

    ASSESS = "assess"  # SEN2 request outcome Y
    NOT_ASSESS = "not_assess"  # SEN2 request outcome N


class AdviceBody(StrEnum):
    """Who was asked for advice during the assessment (reg 6(1))."""

    EDUCATIONAL_PSYCHOLOGY = "educational_psychology"
    HEALTH = "health"
    SOCIAL_CARE = "social_care"
    EDUCATION = "education"  # the school or post-16 institution
    EARLY_YEARS = "early_years"  # a relevant early years provider
    OTHER = "other"


class ReviewOutcome(StrEnum):
    """The local authority's decision after an annual review meeting ("MAC")."""

    MAINTAIN = "maintain"
    AMEND = "amend"
    CEASE = "cease"


class ExceptionReason(StrEnum):
    """Why a time limit does not apply. Values are stable codes; labels are for people."""

    # reg 5(4), 10(4), 13(3), 27(3)
    SCHOOL_CLOSURE = "school_closure"  # (a) school/post-16 institution closed 4+ weeks
    EARLY_YEARS_CLOSURE = "early_years_closure"  # (b) early years provider closed 4+ weeks
    PERSONAL_CIRCUMSTANCES = "personal_circumstances"  # (c) exceptional personal circumstances
    ABSENCE_FROM_AREA = "absence_from_area"  # (d) absent from the area 4+ continuous weeks
    CORONAVIRUS = "coronavirus"  # SI 2020/471, 1 May to 25 September 2020 only
    # reg 8(2), for advice only
    MISSED_APPOINTMENT = "missed_appointment"  # (c) did not keep an appointment
    # An exception recorded only as a flag, with no dates or reason (SEN2 <Week20> = true).
    FLAG_ONLY = "flag_only"

    @property
    def label(self) -> str:
        return _EXCEPTION_LABELS[self]


_EXCEPTION_LABELS = {
    ExceptionReason.SCHOOL_CLOSURE: "School or college closed for 4 weeks or more",
    ExceptionReason.EARLY_YEARS_CLOSURE: "Early years provider closed for 4 weeks or more",
    ExceptionReason.PERSONAL_CIRCUMSTANCES: "Exceptional personal circumstances",
    ExceptionReason.ABSENCE_FROM_AREA: "Absent from the area for 4 weeks or more",
    ExceptionReason.CORONAVIRUS: "Coronavirus (1 May to 25 September 2020)",
    ExceptionReason.MISSED_APPOINTMENT: "Did not keep an appointment for an examination or test",
    ExceptionReason.FLAG_ONLY: "Exception recorded without details (SEN2 20-week flag)",
}


@dataclass(frozen=True)
class TimeLimitException:
    """A statutory exception recorded on a case: it switches time limits off (never pauses them).

    ``starts_on``/``ends_on`` are the dates of the circumstance (for a closure: the day the
    setting closed and the day it re-opened; ``ends_on=None`` means still continuing).
    ``limits`` names the deadline keys it is recorded against (``final_plan``,
    ``reassessment:1`` ...), and then it switches those off whatever the dates. Left empty, it
    switches off each time limit that it can apply to (decision to assess, decision not to
    issue, final plan, re-assessment) when the circumstance falls within that limit's period,
    as the regulation reads. ``FLAG_ONLY`` with no ``limits`` is SEN2's ``<Week20>`` flag: it
    switches off the 20-week final plan limit only.
    """

    reason: ExceptionReason
    starts_on: date | None = None
    ends_on: date | None = None
    limits: frozenset[str] = frozenset()
    note: str = ""


@dataclass(frozen=True)
class AdviceRequest:
    """A request for advice sent to one body during the assessment (reg 8).

    ``ref`` is any stable identifier (a database id) so that the deadline key is stable.
    ``exception`` records a reg 8(2) exception for this body's 6 weeks, if one applies.
    """

    body: AdviceBody
    received_by_body_on: date | None  # the day the body received the request: the clock starts
    advice_received_on: date | None = None
    ref: str = ""
    exception: ExceptionReason | None = None


@dataclass(frozen=True)
class AnnualReview:
    """One review of the plan: the meeting, the report, and the local authority's decision.

    For an amendment: ``amendment_notice_on`` (reg 22(2)), then either ``final_amended_plan_on``
    (reg 22(3)) or ``decided_not_to_amend_on`` (reg 22(4)).
    """

    meeting_on: date | None
    report_on: date | None = None
    decision_on: date | None = None
    outcome: ReviewOutcome | None = None
    amendment_notice_on: date | None = None
    final_amended_plan_on: date | None = None
    decided_not_to_amend_on: date | None = None
    ref: str = ""


class PhaseTransferKind(StrEnum):
    SCHOOL = "school"  # early years to school, infant to junior, primary to secondary ...
    POST_16 = "post_16"  # secondary school to a post-16 institution
    BETWEEN_POST_16 = "between_post_16"  # post-16 institution to another, at any other time


@dataclass(frozen=True)
class PhaseTransfer:
    """A move between phases of education (reg 18).

    ``transfer_year`` is the calendar year in which the child or young person moves (usually
    September): the deadline is in February or March **of that same calendar year**.
    For ``BETWEEN_POST_16`` give ``transfer_on`` (the day of the move) instead.
    ``amended_plan_on`` is the day the amended plan naming the new setting was issued.
    """

    kind: PhaseTransferKind
    transfer_year: int | None = None
    transfer_on: date | None = None
    amended_plan_on: date | None = None
    ref: str = ""


@dataclass(frozen=True)
class Reassessment:
    """A re-assessment of an existing plan (CFA s.44; regs 24-27).

    ``requested_on``: a request from the parent, young person or institution (None: the local
    authority's own decision); the decision whether to re-assess is due 15 days later (reg 25(1),
    unconfirmed). ``started_on``: the day the family was told it would re-assess (reg 25(1)), or
    the authority's own decision (s.44(3)); the amended or replacement plan is due 14 weeks later
    (reg 27(2)). ``decided_not_to_reassess_on`` ends it at the first step;
    ``decided_no_change_on`` after re-assessing (no plan to issue, so no 14 weeks to meet).
    """

    started_on: date | None
    completed_on: date | None = None  # the final amended or replacement plan
    ref: str = ""
    requested_on: date | None = None
    decided_not_to_reassess_on: date | None = None
    decided_no_change_on: date | None = None


class UnopposedKind(StrEnum):
    """What a local authority decided not to oppose (reg 45 as substituted by SI 2015/359)."""

    ASSESSMENT = "assessment"  # refusal to assess or re-assess, s.51(2)(a), (d): reg 45(3), (3A)
    AMENDMENT = "amendment"  # the plan's contents, s.51(2)(c), or a refusal to amend, (e): reg 45(4)


@dataclass(frozen=True)
class UnopposedAppeal:
    """The local authority told the tribunal it will not oppose an appeal (``notified_on``).

    ASSESSMENT: tell the family it will assess (``told_family_on``, 2 weeks), then either tell
    them no plan is needed (``no_plan_on``, 10 weeks) or issue the final plan
    (``plan_issued_on``, 14 weeks). AMENDMENT: issue the amended plan (``plan_issued_on``, 5 weeks).
    """

    kind: UnopposedKind
    notified_on: date | None
    told_family_on: date | None = None
    no_plan_on: date | None = None
    plan_issued_on: date | None = None
    ref: str = ""


class OrderKind(StrEnum):
    """What a tribunal order, or a mediation agreement treated as one (reg 42(2)), requires."""

    ASSESS = "assess"  # carry out an EHC needs assessment: reg 44(2), 14 weeks (unconfirmed)
    NOT_APPEALABLE = "not_appealable"  # mediation agreement on other matters: reg 42(3), 2 weeks
    OTHER = "other"  # any other order: reg 44's other limits are not verified, so no deadline


@dataclass(frozen=True)
class TribunalOrder:
    """An order of the First-tier Tribunal, or a written mediation agreement (``by_mediation``),
    made on ``made_on`` and complied with on ``complied_on``."""

    kind: OrderKind
    made_on: date | None
    complied_on: date | None = None
    by_mediation: bool = False
    ref: str = ""


@dataclass(frozen=True)
class CaseFacts:
    """Everything the clock needs to know about one case. Dates only; no names, no database.

    Assessment: ``request_received_on`` starts the 6-, 16- and 20-week clocks (or the day the
    local authority became responsible, s.24). Plan: ``plan_start_on`` is the day the plan was
    first made (normally ``final_plan_issued_on``; set it alone for a plan transferred in).
    Redress: the appeal window runs from ``appealable_decision_on`` and
    ``mediation_certificate_on``.
    """

    request_received_on: date | None = None
    decision_to_assess_on: date | None = None
    decision_to_assess: AssessDecision | None = None
    advice_requests: Sequence[AdviceRequest] = ()
    decision_not_to_issue_on: date | None = None
    draft_plan_issued_on: date | None = None
    draft_comments_received_on: date | None = None
    final_plan_issued_on: date | None = None
    exceptions: Sequence[TimeLimitException] = ()
    plan_start_on: date | None = None
    annual_reviews: Sequence[AnnualReview] = ()
    phase_transfers: Sequence[PhaseTransfer] = ()
    reassessments: Sequence[Reassessment] = ()
    unopposed_appeals: Sequence[UnopposedAppeal] = ()
    tribunal_orders: Sequence[TribunalOrder] = ()
    appealable_decision_on: date | None = None
    mediation_certificate_on: date | None = None
    appeal_registered_on: date | None = None
    withdrawn_on: date | None = None
    ceased_on: date | None = None

    @property
    def plan_made_on(self) -> date | None:
        """The day the plan was first made: the start date, else the final plan's issue date."""
        return self.plan_start_on or self.final_plan_issued_on


_BODY_NAMES = {
    AdviceBody.EDUCATIONAL_PSYCHOLOGY: "educational psychology",
    AdviceBody.HEALTH: "health",
    AdviceBody.SOCIAL_CARE: "social care",
    AdviceBody.EDUCATION: "the school or college",
    AdviceBody.EARLY_YEARS: "the early years provider",
    AdviceBody.OTHER: "another body",
}


def body_name(body: AdviceBody | str) -> str:
    """The body asked for advice, in words: "educational psychology", "health" ..."""
    return _BODY_NAMES.get(body, str(body).replace("_", " "))  # type: ignore[call-overload]


# --------------------------------------------------------------------------------------------
# Outputs
# --------------------------------------------------------------------------------------------


class Status(StrEnum):
    PENDING = "pending"
    MET = "met"
    MISSED = "missed"
    NOT_APPLICABLE = "not_applicable"
    SWITCHED_OFF = "switched_off"
    SUPERSEDED = "superseded"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    Status.PENDING: "Due",
    Status.MET: "Met",
    Status.MISSED: "Missed",
    Status.NOT_APPLICABLE: "Not applicable",
    Status.SWITCHED_OFF: "Time limit does not apply (exception)",
    Status.SUPERSEDED: "Superseded by a later review",
}


@dataclass(frozen=True)
class Deadline:
    """One statutory time limit on a case.

    ``key`` is stable and machine-readable: ``decision_to_assess``, ``advice:<ref>``,
    ``decision_not_to_issue``, ``draft_comments``, ``final_plan``, ``annual_review:<n>``,
    ``review_report:<n>``, ``review_decision:<n>``, ``amendment_notice:<n>``,
    ``final_amended_plan:<n>``, ``amendment_long_stop:<n>``, ``phase_transfer:<n>``,
    ``reassessment_decision:<n>``, ``reassessment:<n>``, ``unopposed_notice:<n>``,
    ``unopposed_no_plan:<n>``, ``unopposed_final_plan:<n>``, ``unopposed_amended_plan:<n>``,
    ``order_to_assess:<n>``, ``mediation_agreement:<n>``, ``appeal_window``.
    ``<n>`` is the record's ``ref`` or, without one,
    its number counting from 1 (reviews in date order); the review still to be held is
    ``annual_review:next``. Titles number reviews in date order ("annual review 2").
    ``title`` is a plain-English sentence for people; ``source`` cites the regulation.
    ``trigger_on`` is the day the clock started. ``exception`` is the reason a time limit is
    switched off. ``problem`` describes facts out of order; ``note`` explains the status.
    ``closed_on`` is the day the request was withdrawn or the plan ceased, when that ended the
    duty, or the day of the later review meeting that superseded a review's step.
    """

    key: str
    title: str
    due: date
    source: str
    status: Status
    met_on: date | None = None
    trigger_on: date | None = None
    exception: ExceptionReason | None = None
    problem: str = ""
    note: str = ""
    closed_on: date | None = None

    @property
    def overdue(self) -> bool:
        """Missed, still not done, and still owed (the case was not withdrawn or ceased)."""
        return self.status is Status.MISSED and self.met_on is None and self.closed_on is None

    def days_left(self, today: date) -> int:
        """Days from ``today`` to the due date (negative once it has passed)."""
        return (self.due - today).days


@dataclass(frozen=True)
class FactProblem:
    """A fact that does not fit the others, in words a caseworker can act on."""

    field: str
    message: str


@dataclass(frozen=True)
class AgeBand:
    """A band of ages of an open request, in whole days since it was received (inclusive)."""

    key: str
    label: str
    min_days: int
    max_days: int | None  # None: no upper end

    def contains(self, days: int) -> bool:
        return days >= self.min_days and (self.max_days is None or days <= self.max_days)


# "Up to 6 weeks" means on or before received + 42 days, as every "within N weeks" in this code.
AGE_BANDS: tuple[AgeBand, ...] = (
    AgeBand("up_to_6_weeks", "Up to 6 weeks", 0, 42),
    AgeBand("6_to_16_weeks", "Over 6 weeks, up to 16 weeks", 43, 112),
    AgeBand("16_to_20_weeks", "Over 16 weeks, up to 20 weeks", 113, 140),
    AgeBand("20_to_26_weeks", "Over 20 weeks, up to 26 weeks", 141, 182),
    AgeBand("26_to_52_weeks", "Over 26 weeks, up to 52 weeks", 183, 364),
    AgeBand("over_52_weeks", "Over 52 weeks", 365, None),
)


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def weeks_between(start: date, end: date) -> int:
    """Whole weeks from ``start`` to ``end`` (rounded down; negative if ``end`` is earlier)."""
    return (end - start).days // 7


def age_band(received: date, today: date) -> AgeBand:
    """The backlog age band of a request received on ``received``, as at ``today``.

    A received date after ``today`` (a data error) counts as age 0: the first band.
    """
    days = max((today - received).days, 0)
    for band in AGE_BANDS:
        if band.contains(days):
            return band
    return AGE_BANDS[-1]  # pragma: no cover - the last band has no upper end


# --------------------------------------------------------------------------------------------
# Rule sets
# --------------------------------------------------------------------------------------------

RULE_SETS: tuple[RuleSet, ...] = (SEND_REGULATIONS_2014,)


def rule_set_for(on: datetime.date, rule_sets: Sequence[RuleSet] = RULE_SETS) -> RuleSet:
    """The rule set in force on ``on``, the day a clock starts (raises ``LookupError`` if none)."""
    return select_rule_set(rule_sets, on)


# --------------------------------------------------------------------------------------------
# The clock (worked out in cases.statutory_clock_engine; facts checked in
# cases.statutory_clock_checks)
# --------------------------------------------------------------------------------------------


def fact_problems(facts: CaseFacts, *, today: date | None = None) -> list[FactProblem]:
    """Facts out of order, in plain English. An empty list means the facts are consistent.

    Given ``today``, dates after it are reported too.
    """
    from cases.statutory_clock_checks import find_problems

    return find_problems(facts, today=today)


def deadlines(
    facts: CaseFacts, *, today: date, rule_sets: Sequence[RuleSet] = RULE_SETS
) -> list[Deadline]:
    """Every statutory deadline on the case, earliest due date first. Never raises on bad facts."""
    from cases.statutory_clock_engine import Clock

    return Clock(facts, today, rule_sets).run()


def next_deadline(
    facts: CaseFacts, *, today: date, rule_sets: Sequence[RuleSet] = RULE_SETS
) -> Deadline | None:
    """The earliest pending deadline, or ``None`` if nothing is pending."""
    found = deadlines(facts, today=today, rule_sets=rule_sets)
    pending = [d for d in found if d.status is Status.PENDING]
    return pending[0] if pending else None


def early_warnings(
    facts: CaseFacts,
    *,
    today: date,
    horizon_days: int = 28,
    rule_sets: Sequence[RuleSet] = RULE_SETS,
) -> list[Deadline]:
    """Pending deadlines due within ``horizon_days`` of ``today``, and overdue ones (missed, not
    done, and still owed), earliest due date first."""
    horizon = today + datetime.timedelta(days=horizon_days)
    return [
        d
        for d in deadlines(facts, today=today, rule_sets=rule_sets)
        if d.overdue or (d.status is Status.PENDING and d.due <= horizon)
    ]
