"""The statutory clock's inputs: plain facts about one EHC case (part of :mod:`cases.statutory_clock`).

What happened and when: the request, the decision whether to assess, advice, the draft and
final plan, exceptions to the time limits, annual reviews, phase transfers, re-assessments,
appeals not opposed and tribunal orders, gathered in :class:`CaseFacts`. Dates only; no names,
no database. Import these names from :mod:`cases.statutory_clock`, which re-exports them.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

date = datetime.date


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
    Reviews: ``annual_reviews`` in any order; ``earlier_reviews`` counts the reviews held before
    them that are left out (a caller that needs only what is outstanding may give the latest
    review alone, as ``case_state`` does), so that the reviews given keep their numbers ("annual
    review 3"). The first review given is then counted from the plan's start, not from the review
    left out before it. Redress: the appeal window runs from ``appealable_decision_on`` and
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
    earlier_reviews: int = 0
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
