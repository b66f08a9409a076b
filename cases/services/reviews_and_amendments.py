"""Services for annual reviews, amendments, phase transfers and re-assessment."""

from __future__ import annotations

import datetime

from django.db import transaction

from core import audit

from .. import casework_rules as rules
from ..choices import (
    PhaseTransferKind,
    ReassessmentCompletion,
    ReassessmentDecision,
    ReassessmentRequester,
    ReviewOutcome,
)
from ..models import (
    AnnualReview,
    EHCPlan,
    PhaseTransfer,
    Reassessment,
)
from ..send_regulations_2014 import SEND_REGULATIONS_2014 as RULES
from ._common import (
    _raise_if,
    _today,
    _update,
    refresh_case,
)

date = datetime.date


@transaction.atomic
def record_annual_review(
    plan: EHCPlan,
    *,
    meeting_on: date,
    report_on: date | None = None,
    phase_transfer: bool = False,
    by,
    today: date | None = None,
) -> AnnualReview:
    """An annual review meeting is held (CFA s.44; reg 20/21). The decision is due 4 weeks later."""
    today = _today(today)
    problems = rules.plan_is_in_force(ceased_on=plan.ceased_on)
    problems += rules.event_date(
        meeting_on,
        today=today,
        field="meeting_on",
        subject="the date of the review meeting",
        after=plan.start_on,
        after_event="the date the plan was issued",
    )
    problems += rules.date_not_before(
        report_on,
        meeting_on,
        field="report_on",
        subject="the date of the review report",
        earlier_event="the date of the meeting",
    )
    problems += rules.date_not_in_future(
        report_on, today=today, field="report_on", subject="the date of the review report"
    )
    if plan.reviews.filter(meeting_on=meeting_on).exists():
        problems.append(
            rules.Problem("meeting_on", "A review meeting on this date is already recorded")
        )
    _raise_if(problems)
    review = AnnualReview.objects.create(
        plan=plan,
        due_on=plan.review_due_on,
        meeting_on=meeting_on,
        report_on=report_on,
        phase_transfer=phase_transfer,
    )
    audit.record_create(review, by=by)
    refresh_case(plan.request, today=today)
    return review


@transaction.atomic
def record_review_report(
    review: AnnualReview, *, report_on: date, by, today: date | None = None
) -> AnnualReview:
    """The review report is sent, due 2 weeks after the meeting (reg 20(7)-(8), 21(7))."""
    today = _today(today)
    _raise_if(
        rules.event_date(
            report_on,
            today=today,
            field="report_on",
            subject="the date of the review report",
            after=review.meeting_on,
            after_event="the date of the meeting",
        )
    )
    _update(review, by=by, fields=["report_on"], report_on=report_on)
    refresh_case(review.plan.request, today=today)
    return review


@transaction.atomic
def record_review_decision(
    review: AnnualReview, *, decided_on: date, outcome: str, by, today: date | None = None
) -> AnnualReview:
    """The authority writes with its decision: maintain, amend or cease, due 4 weeks after the meeting."""
    today = _today(today)
    problems = rules.review_decision_rules(
        outcome=outcome,
        allowed=set(ReviewOutcome.values),
        decision_on_exists=review.decision_on is not None,
    )
    problems += rules.event_date(
        decided_on,
        today=today,
        field="decided_on",
        subject="the date of the decision",
        after=review.meeting_on,
        after_event="the date of the review meeting",
    )
    _raise_if(problems)
    _update(
        review, by=by, fields=["decision_on", "outcome"], decision_on=decided_on, outcome=outcome
    )
    refresh_case(review.plan.request, today=today)
    return review


@transaction.atomic
def issue_amendment_notice(
    review: AnnualReview, *, issued_on: date, by, today: date | None = None
) -> AnnualReview:
    """Send the proposed amendments with the existing plan (reg 22(2); SEN2 ReviewDraft)."""
    today = _today(today)
    problems = rules.amendment_needs_amend_decision(outcome=review.outcome)
    if review.amendment_notice_on is not None:
        problems.append(rules.Problem("__all__", "The amendment notice has already been recorded"))
    problems += rules.event_date(
        issued_on,
        today=today,
        field="issued_on",
        subject="the date the amendment notice was sent",
        after=review.meeting_on,
        after_event="the date of the review meeting",
    )
    _raise_if(problems)
    _update(review, by=by, fields=["amendment_notice_on"], amendment_notice_on=issued_on)
    refresh_case(review.plan.request, today=today)
    return review


@transaction.atomic
def issue_final_amended_plan(
    review: AnnualReview, *, issued_on: date, by, today: date | None = None
) -> AnnualReview:
    """Issue the final amended plan, due 8 weeks after the amendment notice (reg 22(3))."""
    today = _today(today)
    problems = rules.final_amended_plan_needs_notice(
        notice_on=review.amendment_notice_on,
        final_on=review.final_amended_plan_on,
        not_amend_on=review.decided_not_to_amend_on,
    )
    problems += rules.event_date(
        issued_on,
        today=today,
        field="issued_on",
        subject="the date the final amended plan was issued",
        after=review.amendment_notice_on,
        after_event="the date of the amendment notice",
    )
    _raise_if(problems)
    _update(review, by=by, fields=["final_amended_plan_on"], final_amended_plan_on=issued_on)
    refresh_case(review.plan.request, today=today)
    return review


@transaction.atomic
def record_decision_not_to_amend(
    review: AnnualReview, *, decided_on: date, by, today: date | None = None
) -> AnnualReview:
    """After representations the authority decides not to amend after all (reg 22(4))."""
    today = _today(today)
    problems = rules.final_amended_plan_needs_notice(
        notice_on=review.amendment_notice_on,
        final_on=review.final_amended_plan_on,
        not_amend_on=review.decided_not_to_amend_on,
    )
    problems += rules.event_date(
        decided_on,
        today=today,
        field="decided_on",
        subject="the date of the decision",
        after=review.amendment_notice_on,
        after_event="the date of the amendment notice",
    )
    _raise_if(problems)
    _update(review, by=by, fields=["decided_not_to_amend_on"], decided_not_to_amend_on=decided_on)
    refresh_case(review.plan.request, today=today)
    return review


def phase_transfer_due_on(kind: str, transfer_on: date) -> date:
    """The last day to amend the plan for a phase transfer (reg 18), from the rule set."""
    if kind == PhaseTransferKind.POST_16_OTHER:
        return RULES.period("phase_transfer_between_post_16").before(transfer_on)
    name = "phase_transfer_school" if kind == PhaseTransferKind.SCHOOL else "phase_transfer_post_16"
    return RULES.calendar_days[name].last_day_before(
        transfer_on.year, strict=RULES.phase_transfer_before_is_strict
    )


@transaction.atomic
def record_phase_transfer(
    plan: EHCPlan, *, kind: str, transfer_on: date, by, today: date | None = None
) -> PhaseTransfer:
    """A move between phases of education is coming: the plan must name the next setting in time (reg 18)."""
    today = _today(today)
    problems = rules.plan_is_in_force(ceased_on=plan.ceased_on)
    problems += rules.choice_is_given(
        kind, allowed=set(PhaseTransferKind.values), field="kind", subject="the kind of transfer"
    )
    problems += rules.date_is_given(
        transfer_on, field="transfer_on", subject="the date of the move"
    )
    problems += rules.date_not_before(
        transfer_on,
        plan.start_on,
        field="transfer_on",
        subject="the date of the move",
        earlier_event="the date the plan was issued",
    )
    _raise_if(problems)
    transfer = PhaseTransfer.objects.create(
        plan=plan,
        kind=kind,
        transfer_on=transfer_on,
        due_on=phase_transfer_due_on(kind, transfer_on),
    )
    audit.record_create(transfer, by=by)
    refresh_case(plan.request, today=today)
    return transfer


@transaction.atomic
def record_phase_transfer_final(
    transfer: PhaseTransfer,
    *,
    final_on: date,
    next_setting_urn: str = "",
    next_setting_name: str = "",
    by,
    today: date | None = None,
) -> PhaseTransfer:
    """The amended plan naming the next setting is issued (SEN2 PhaseTransferFinalDate)."""
    today = _today(today)
    problems = rules.event_date(
        final_on,
        today=today,
        field="final_on",
        subject="the date the amended plan was issued",
        after=transfer.plan.start_on,
        after_event="the date the plan was issued",
    )
    problems += rules.setting_is_identified(
        urn=next_setting_urn.strip(), ukprn="", code="", name=""
    )
    _raise_if(problems)
    _update(
        transfer,
        by=by,
        fields=["final_on", "next_setting_urn", "next_setting_name"],
        final_on=final_on,
        next_setting_urn=next_setting_urn.strip(),
        next_setting_name=next_setting_name.strip()[:200],
    )
    refresh_case(transfer.plan.request, today=today)
    return transfer


def _reassessment_under_way(plan: EHCPlan) -> bool:
    return (
        plan.reassessments.exclude(decision=ReassessmentDecision.NOT_REASSESS)
        .filter(completed_on__isnull=True)
        .exists()
    )


@transaction.atomic
def request_reassessment(
    plan: EHCPlan, *, requested_by: str, requested_on: date, by, today: date | None = None
) -> Reassessment:
    """The parent, young person or institution asks for the plan to be re-assessed: the decision
    is due within 15 days (reg 25(1); the figure is unconfirmed)."""
    today = _today(today)
    allowed = set(ReassessmentRequester.values) - {ReassessmentRequester.LOCAL_AUTHORITY}
    problems = rules.plan_is_in_force(ceased_on=plan.ceased_on)
    problems += rules.choice_is_given(
        requested_by,
        allowed=allowed,
        field="requested_by",
        subject="who asked for the re-assessment",
    )
    problems += rules.event_date(
        requested_on,
        today=today,
        field="requested_on",
        subject="the date the request was received",
        after=plan.start_on,
        after_event="the date the plan was issued",
    )
    problems += rules.no_reassessment_under_way(under_way=_reassessment_under_way(plan))
    _raise_if(problems)
    reassessment = Reassessment.objects.create(
        plan=plan, requested_by=requested_by, requested_on=requested_on
    )
    audit.record_create(reassessment, by=by)
    refresh_case(plan.request, today=today)
    return reassessment


@transaction.atomic
def record_reassessment_decision(
    reassessment: Reassessment, *, decision: str, decided_on: date, by, today: date | None = None
) -> Reassessment:
    """The authority tells the family whether it will re-assess (reg 25(1)). A decision to
    re-assess starts 14 weeks for the new plan (reg 27(2)); a refusal can be appealed (s.51(2)(d))."""
    today = _today(today)
    problems = rules.reassessment_awaiting_decision(reassessment.decision)
    problems += rules.choice_is_given(
        decision,
        allowed={ReassessmentDecision.REASSESS, ReassessmentDecision.NOT_REASSESS},
        field="decision",
        subject="whether the local authority will re-assess",
    )
    problems += rules.event_date(
        decided_on,
        today=today,
        field="decided_on",
        subject="the date the family was told",
        after=reassessment.requested_on,
        after_event="the date the request was received",
    )
    _raise_if(problems)
    _update(
        reassessment,
        by=by,
        fields=["decision", "decided_on"],
        decision=decision,
        decided_on=decided_on,
    )
    refresh_case(reassessment.plan.request, today=today)
    return reassessment


@transaction.atomic
def decide_to_reassess(
    plan: EHCPlan, *, decided_on: date, by, today: date | None = None
) -> Reassessment:
    """The authority decides on its own to re-assess the plan (CFA s.44(3)): the amended or
    replacement plan is due within 14 weeks (reg 27(2))."""
    today = _today(today)
    problems = rules.plan_is_in_force(ceased_on=plan.ceased_on)
    problems += rules.event_date(
        decided_on,
        today=today,
        field="decided_on",
        subject="the date of the decision",
        after=plan.start_on,
        after_event="the date the plan was issued",
    )
    problems += rules.no_reassessment_under_way(under_way=_reassessment_under_way(plan))
    _raise_if(problems)
    reassessment = Reassessment.objects.create(
        plan=plan,
        requested_by=ReassessmentRequester.LOCAL_AUTHORITY,
        decision=ReassessmentDecision.REASSESS,
        decided_on=decided_on,
    )
    audit.record_create(reassessment, by=by)
    refresh_case(plan.request, today=today)
    return reassessment


@transaction.atomic
def finish_reassessment(
    reassessment: Reassessment,
    *,
    completed_on: date,
    completion: str,
    by,
    today: date | None = None,
) -> Reassessment:
    """The re-assessment ends: a final amended or replacement plan (reg 27(2): within 14 weeks),
    or a decision not to amend or replace the plan (appealable, s.51(2)(e))."""
    today = _today(today)
    problems = rules.reassessment_under_way(
        decision=reassessment.decision, completed_on=reassessment.completed_on
    )
    problems += rules.choice_is_given(
        completion,
        allowed=set(ReassessmentCompletion.values),
        field="completion",
        subject="how the re-assessment ended",
    )
    problems += rules.event_date(
        completed_on,
        today=today,
        field="completed_on",
        subject="the date the re-assessment ended",
        after=reassessment.decided_on,
        after_event="the date of the decision to re-assess",
    )
    _raise_if(problems)
    _update(
        reassessment,
        by=by,
        fields=["completed_on", "completion"],
        completed_on=completed_on,
        completion=completion,
    )
    refresh_case(reassessment.plan.request, today=today)
    return reassessment
