"""From casework records to the statutory clock's ``CaseFacts``, and a case's stage.

Pure Python: no Django import. The functions read attributes of the records they are given
(cases.models instances, or any object with the same attribute names), so the services, the
queries, the synthetic-data generator (unsaved objects) and tests without a database all use
the same adapter. ``today`` is always passed in.

The denormalised ``Request.stage`` / ``next_deadline_on`` / ``next_deadline_label`` and
``EHCPlan.review_due_on`` / ``last_reviewed_on`` are computed here (docs/decisions/0022).
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from . import statutory_clock as clock

date = datetime.date

_ADVICE_BODY = {
    "ep": clock.AdviceBody.EDUCATIONAL_PSYCHOLOGY,
    "health": clock.AdviceBody.HEALTH,
    "social_care": clock.AdviceBody.SOCIAL_CARE,
    "education": clock.AdviceBody.EDUCATION,
    "other": clock.AdviceBody.OTHER,
}
_ADVICE_EXCEPTION = {
    "exceptional_circumstances": clock.ExceptionReason.PERSONAL_CIRCUMSTANCES,
    "absence_from_area": clock.ExceptionReason.ABSENCE_FROM_AREA,
    "missed_appointment": clock.ExceptionReason.MISSED_APPOINTMENT,
}
_REVIEW_OUTCOME = {
    "M": clock.ReviewOutcome.MAINTAIN,
    "A": clock.ReviewOutcome.AMEND,
    "C": clock.ReviewOutcome.CEASE,
}
_PHASE_KIND = {
    "school": clock.PhaseTransferKind.SCHOOL,
    "post_16": clock.PhaseTransferKind.POST_16,
    "post_16_other": clock.PhaseTransferKind.BETWEEN_POST_16,
}


@dataclass(frozen=True)
class CaseRecords:
    """One case's records, already fetched: a request and what followed it."""

    request: object
    assessment: object | None = None
    advice: Sequence[object] = ()
    drafts: Sequence[object] = ()
    plan: object | None = None
    reviews: Sequence[object] = ()
    phase_transfers: Sequence[object] = ()
    exceptions: Sequence[object] = ()
    mediations: Sequence[object] = ()
    appeals: Sequence[object] = ()
    reassessments: Sequence[object] = ()
    unopposed_appeals: Sequence[object] = ()
    tribunal_orders: Sequence[object] = ()


def latest(items: Iterable[object], attribute: str):
    """The item with the latest value of ``attribute`` (None values last), or None."""
    items = [item for item in items if getattr(item, attribute, None) is not None]
    return max(
        items,
        key=lambda item: (getattr(item, attribute), getattr(item, "pk", 0) or 0),
        default=None,
    )


def stage_of(records: CaseRecords) -> str:
    """Where the case is now: request, assessment, drafting, plan, ceased or closed (choices.Stage)."""
    request, assessment, plan = records.request, records.assessment, records.plan
    if plan is not None:
        return "ceased" if plan.ceased_on is not None else "plan"
    if request.outcome in ("N", "W"):
        return "closed"
    if request.outcome == "A":
        return "request"
    # Y or H: the assessment decides.
    if assessment is None or assessment.outcome == "A":
        return "assessment"
    if assessment.outcome == "Y":
        return "drafting"
    return "closed"  # N, W, or H without a plan


def case_facts(records: CaseRecords) -> clock.CaseFacts:
    """The statutory clock's view of one case."""
    request, assessment, plan = records.request, records.assessment, records.plan
    decision = None
    if request.outcome == "Y":
        decision = clock.AssessDecision.ASSESS
    elif request.outcome == "N":
        decision = clock.AssessDecision.NOT_ASSESS
    exceptions = tuple(
        clock.TimeLimitException(
            reason=clock.ExceptionReason(exception.reason),
            starts_on=exception.starts_on,
            ends_on=exception.ends_on,
            # One recorded against a re-assessment switches off that 14-week limit only (reg 27(3)).
            limits=_exception_limits(exception),
            note=exception.note or "",
        )
        for exception in records.exceptions
    )
    if not any(not e.limits for e in exceptions) and assessment is not None and assessment.week20:
        exceptions = (*exceptions, clock.TimeLimitException(reason=clock.ExceptionReason.FLAG_ONLY))
    advice = tuple(
        clock.AdviceRequest(
            body=_ADVICE_BODY.get(item.body, clock.AdviceBody.OTHER),
            received_by_body_on=item.requested_on,
            advice_received_on=item.received_on,
            ref=str(item.pk or index),
            exception=_ADVICE_EXCEPTION.get(item.exception or ""),
        )
        for index, item in enumerate(records.advice, start=1)
    )
    draft = latest(records.drafts, "issued_on")
    not_issue_on = final_on = None
    if assessment is not None and assessment.outcome == "N":
        not_issue_on = assessment.outcome_on
    if assessment is not None and assessment.outcome == "Y":
        final_on = assessment.outcome_on
    reviews = tuple(
        clock.AnnualReview(
            meeting_on=review.meeting_on,
            report_on=review.report_on,
            decision_on=review.decision_on,
            outcome=_REVIEW_OUTCOME.get(review.outcome or ""),
            amendment_notice_on=review.amendment_notice_on,
            final_amended_plan_on=review.final_amended_plan_on,
            decided_not_to_amend_on=review.decided_not_to_amend_on,
            ref=str(review.pk or ""),
        )
        for review in sorted(records.reviews, key=lambda r: (r.meeting_on or date.max, r.pk or 0))
    )
    transfers = tuple(
        clock.PhaseTransfer(
            kind=_PHASE_KIND[transfer.kind],
            transfer_year=transfer.transfer_on.year if transfer.kind != "post_16_other" else None,
            transfer_on=transfer.transfer_on if transfer.kind == "post_16_other" else None,
            amended_plan_on=transfer.final_on,
            ref=str(transfer.pk or ""),
        )
        for transfer in records.phase_transfers
    )
    draft_comments_on = getattr(draft, "comments_received_on", None) if draft else None
    certificate = latest(records.mediations, "certificate_on")
    appeal = latest(records.appeals, "registered_on")
    return clock.CaseFacts(
        request_received_on=request.received_on,
        decision_to_assess_on=request.outcome_on if decision else None,
        decision_to_assess=decision,
        advice_requests=advice,
        decision_not_to_issue_on=not_issue_on,
        draft_plan_issued_on=draft.issued_on if draft else None,
        draft_comments_received_on=draft_comments_on,
        final_plan_issued_on=final_on,
        exceptions=exceptions,
        plan_start_on=plan.start_on if plan is not None else None,
        annual_reviews=reviews,
        phase_transfers=transfers,
        reassessments=tuple(_reassessment(item) for item in records.reassessments),
        unopposed_appeals=tuple(_unopposed(item) for item in records.unopposed_appeals),
        tribunal_orders=tuple(_order(item) for item in records.tribunal_orders),
        appealable_decision_on=appealable_decision_on(records),
        mediation_certificate_on=certificate.certificate_on if certificate else None,
        appeal_registered_on=appeal.registered_on if appeal else None,
        withdrawn_on=request.withdrawn_on,
        ceased_on=plan.ceased_on if plan is not None else None,
    )


def _exception_limits(exception) -> frozenset[str]:
    reassessment_id = getattr(exception, "reassessment_id", None)
    return frozenset({f"reassessment:{reassessment_id}"}) if reassessment_id else frozenset()


def _reassessment(item) -> clock.Reassessment:
    """A Reassessment record (SEN2 has none): decision Y/N/A, completion amended/replacement/no_change."""
    done = item.completed_on
    return clock.Reassessment(
        started_on=item.decided_on if item.decision == "Y" else None,
        completed_on=done if item.completion in ("amended", "replacement") else None,
        ref=str(item.pk or ""),
        requested_on=item.requested_on,
        decided_not_to_reassess_on=item.decided_on if item.decision == "N" else None,
        decided_no_change_on=done if item.completion == "no_change" else None,
    )


def _unopposed(item) -> clock.UnopposedAppeal:
    return clock.UnopposedAppeal(
        kind=clock.UnopposedKind(item.kind),
        notified_on=item.notified_on,
        told_family_on=item.told_family_on,
        no_plan_on=item.no_plan_on,
        plan_issued_on=item.plan_issued_on,
        ref=str(item.pk or ""),
    )


def _order(item) -> clock.TribunalOrder:
    return clock.TribunalOrder(
        kind=clock.OrderKind(item.kind),
        made_on=item.made_on,
        complied_on=item.complied_on,
        by_mediation=item.made_by == "mediation",
        ref=str(item.pk or ""),
    )


def redress_facts(*, plan=None, reassessments: Iterable[object] = (), exceptions: Iterable[object] = (),
                  unopposed_appeals: Iterable[object] = (), tribunal_orders: Iterable[object] = ()) -> clock.CaseFacts:
    """The clock's facts for re-assessments, appeals not opposed and orders alone (early warning):
    the same mapping as ``case_facts``, without the rest of the case."""
    return clock.CaseFacts(
        plan_start_on=plan.start_on if plan is not None else None,
        ceased_on=plan.ceased_on if plan is not None else None,
        exceptions=tuple(
            clock.TimeLimitException(reason=clock.ExceptionReason(e.reason), starts_on=e.starts_on,
                                     ends_on=e.ends_on, limits=_exception_limits(e))
            for e in exceptions
        ),
        reassessments=tuple(_reassessment(item) for item in reassessments),
        unopposed_appeals=tuple(_unopposed(item) for item in unopposed_appeals),
        tribunal_orders=tuple(_order(item) for item in tribunal_orders),
    )


def appealable_decision_on(records: CaseRecords) -> date | None:
    """The latest decision on the case that can be appealed (CFA s.51(2)), or None."""
    request, assessment = records.request, records.assessment
    dates = []
    if request.outcome == "N" and request.outcome_on:
        dates.append(request.outcome_on)
    if assessment is not None and assessment.outcome in ("N", "Y") and assessment.outcome_on:
        dates.append(assessment.outcome_on)
    for review in records.reviews:
        if review.outcome in ("M", "C") and review.decision_on:
            dates.append(review.decision_on)
        if review.final_amended_plan_on:
            dates.append(review.final_amended_plan_on)
        if review.decided_not_to_amend_on:
            dates.append(review.decided_not_to_amend_on)
    for item in records.reassessments:  # s.51(2)(c)-(e): refusal, new plan, no change
        if item.decision == "N" and item.decided_on:
            dates.append(item.decided_on)
        if item.completed_on:
            dates.append(item.completed_on)
    for item in records.unopposed_appeals:  # the decision or plan that followed the appeal
        dates.extend(day for day in (item.no_plan_on, item.plan_issued_on) if day)
    return max(dates) if dates else None


REVIEW_STEPS = ("review_report", "review_decision", "amendment_notice", "final_amended_plan",
                "amendment_long_stop")


def outstanding(deadlines: Iterable[clock.Deadline], *, latest_meeting_on: date | None = None) -> list[clock.Deadline]:
    """Deadlines still to be met: pending, or missed and still not done. Earliest first.

    Unlike ``statutory_clock.next_deadline`` this does not depend on today: a missed duty stays
    the case's next deadline until it is done, so "overdue" is ``next_deadline_on < today``.
    Deadlines switched off by an exception have no fixed date and are left out. The steps of a
    review that a later review meeting has overtaken are ``Status.SUPERSEDED`` in the clock, so
    they are never outstanding; ``latest_meeting_on`` also drops them when the clock is given
    only the latest review (``case_state`` does that for speed).
    """
    found = []
    for deadline in deadlines:
        if not (deadline.status is clock.Status.PENDING or deadline.overdue):
            continue
        if (latest_meeting_on is not None and deadline.key.split(":")[0] in REVIEW_STEPS
                and deadline.trigger_on is not None and deadline.trigger_on < latest_meeting_on):
            continue
        found.append(deadline)
    return sorted(found, key=lambda d: (d.due, d.key))


@dataclass(frozen=True)
class CaseState:
    stage: str
    next_deadline_on: date | None
    next_deadline_label: str
    review_due_on: date | None
    last_reviewed_on: date | None


def case_state(records: CaseRecords, *, today: date) -> CaseState:
    """The denormalised state of a case: its stage, next statutory deadline and review dates."""
    stage = stage_of(records)
    next_on, label, review_due = None, "", None
    held = latest(records.reviews, "meeting_on")
    # A refused request can come back through an appeal not opposed or an order: its duties count.
    if stage not in ("closed", "ceased") or records.unopposed_appeals or records.tribunal_orders:
        facts = None
        if len(records.reviews) > 1:
            # Only the latest review bears on what is outstanding (outstanding() drops the steps of
            # earlier reviews), so the clock need not replay the whole history; it is told how
            # many reviews it was not given, so the latest keeps its number ("annual review 3").
            kept = [r for r in records.reviews if r is held or r.meeting_on is None]
            facts = dataclasses.replace(case_facts(dataclasses.replace(records, reviews=kept)),
                                        earlier_reviews=len(records.reviews) - len(kept))
        waiting = outstanding(clock.deadlines(facts or case_facts(records), today=today),
                              latest_meeting_on=held.meeting_on if held else None)
        if waiting:
            next_on, label = waiting[0].due, waiting[0].title[:120]
        reviews = [d for d in waiting if d.key.startswith("annual_review")]
        review_due = reviews[0].due if reviews else None
    return CaseState(
        stage=stage,
        next_deadline_on=next_on,
        next_deadline_label=label,
        review_due_on=review_due,
        last_reviewed_on=held.meeting_on if held else None,
    )


@dataclass(frozen=True)
class Event:
    """One dated event on a case, for its timeline."""

    on: date
    title: str
    detail: str = ""


_REVIEW_WORDS = {"M": "maintain the plan", "A": "amend the plan", "C": "cease the plan"}
_ADVICE_WORDS = {"ep": "educational psychology", "health": "health", "social_care": "social care",
                 "education": "education", "other": "other"}


def timeline(records: CaseRecords) -> list[Event]:
    """What happened on the case, oldest first (events without a date are left out)."""
    request, assessment, plan = records.request, records.assessment, records.plan
    events: list[Event] = []

    def add(day, title, detail=""):
        if day is not None:
            events.append(Event(day, title, detail))

    add(request.received_on, "Request for an EHC needs assessment received")
    if request.outcome == "Y":
        add(request.outcome_on, "Decided to carry out an assessment")
    elif request.outcome == "N":
        add(request.outcome_on, "Decided not to carry out an assessment")
    add(request.withdrawn_on, "Request withdrawn", request.withdrawn_reason or "")
    for exception in records.exceptions:
        add(exception.starts_on, "Exception to the time limits recorded", exception.note or "")
    for advice in records.advice:
        body = _ADVICE_WORDS.get(advice.body, advice.body)
        add(advice.requested_on, f"Advice requested: {body}")
        add(advice.received_on, f"Advice received: {body}")
    if assessment is not None:
        add(assessment.decided_to_issue_on, "Decided to issue an EHC plan")
        if assessment.outcome == "N":
            add(assessment.outcome_on, "Decided not to issue an EHC plan")
    for draft in records.drafts:
        add(draft.issued_on, "Draft plan issued")
        add(draft.comments_received_on, "Comments on the draft plan received")
    if plan is not None:
        if plan.transferred_in_from:
            add(plan.transferred_in_on, f"Plan transferred in from local authority {plan.transferred_in_from}")
        else:
            add(plan.start_on, "Final EHC plan issued")
        for review in records.reviews:
            add(review.meeting_on, "Annual review meeting held")
            add(review.report_on, "Review report sent")
            add(review.decision_on, f"Decided to {_REVIEW_WORDS.get(review.outcome, 'act')} after the review")
            add(review.amendment_notice_on, "Amendment notice sent")
            add(review.final_amended_plan_on, "Final amended plan issued")
            add(review.decided_not_to_amend_on, "Decided not to amend the plan")
        for transfer in records.phase_transfers:
            add(transfer.final_on, "Plan amended for the phase transfer")
        if plan.transferred_out_to:
            add(plan.ceased_on, f"Plan transferred out to local authority {plan.transferred_out_to}")
        else:
            add(plan.ceased_on, "Plan ceased")
    for mediation in records.mediations:
        add(mediation.adviser_contacted_on, "Mediation adviser contacted")
        add(mediation.mediation_on, "Mediation held")
        add(mediation.certificate_on, "Mediation certificate issued")
    for appeal in records.appeals:
        add(appeal.registered_on, "Appeal registered with the tribunal")
        add(appeal.outcome_on, "Tribunal appeal concluded")
    events.extend(redress_events(records))
    return sorted(events, key=lambda event: event.on)


_REQUESTERS = {"parent": "the parent", "young_person": "the young person",
               "institution": "the school or college"}
_COMPLETIONS = {"amended": "Final amended plan issued after the re-assessment",
                "replacement": "Replacement plan issued after the re-assessment",
                "no_change": "Decided not to amend or replace the plan after the re-assessment"}
_ORDER_WORDS = {"assess": "to carry out an EHC needs assessment",
                "not_appealable": "on matters that cannot be appealed", "other": ""}


def redress_events(records: CaseRecords) -> list[Event]:
    """The timeline entries of re-assessments, unopposed appeals and tribunal orders."""
    events: list[Event] = []

    def add(day, title, detail=""):
        if day is not None:
            events.append(Event(day, title, detail))

    for item in records.reassessments:
        if item.requested_on:
            add(item.requested_on, "Request to re-assess the plan received",
                f"From {_REQUESTERS.get(item.requested_by, 'the family')}")
            if item.decision == "Y":
                add(item.decided_on, "Decided to re-assess the plan")
        elif item.decision == "Y":
            add(item.decided_on, "Local authority decided to re-assess the plan")
        if item.decision == "N":
            add(item.decided_on, "Decided not to re-assess the plan")
        add(item.completed_on, _COMPLETIONS.get(item.completion, "Re-assessment finished"))
    for item in records.unopposed_appeals:
        add(item.notified_on, "Told the tribunal the appeal is not opposed")
        add(item.told_family_on, "Told the family the assessment will go ahead")
        add(item.no_plan_on, "Decided that no plan is needed after the appeal")
        add(item.plan_issued_on, "Plan issued after the appeal")
    for item in records.tribunal_orders:
        made_by = "Mediation agreement" if item.made_by == "mediation" else "Tribunal order"
        words = _ORDER_WORDS.get(item.kind, "")
        add(item.made_on, f"{made_by} {words}".strip(), item.detail or "")
        add(item.complied_on, f"{made_by} complied with")
    return events
