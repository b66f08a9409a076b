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
from cases.statutory_clock_facts import (
    AdviceBody,
    AdviceRequest,
    AnnualReview,
    AssessDecision,
    CaseFacts,
    ExceptionReason,
    OrderKind,
    PhaseTransfer,
    PhaseTransferKind,
    Reassessment,
    ReviewOutcome,
    TimeLimitException,
    TribunalOrder,
    UnopposedAppeal,
    UnopposedKind,
    body_name,
)
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
