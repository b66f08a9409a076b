"""Services for a request, the decision whether to assess, exceptions and the assessment."""

from __future__ import annotations

import datetime

from django.db import transaction

from core import audit

from .. import casework_rules as rules
from ..choices import (
    AdviceBody,
    AdviceException,
    AssessmentOutcome,
    ExceptionReason,
    RequestOutcome,
    RequestSource,
)
from ..models import (
    AdviceRequest,
    Assessment,
    Child,
    Reassessment,
    Request,
    TimeLimitException,
)
from ._common import (
    _after_request,
    _check_officer,
    _raise_if,
    _today,
    _update,
    refresh_case,
)

date = datetime.date

ADVICE_WEEKS = 6  # SEND Regs 2014 reg 8(1)


@transaction.atomic
def record_request(
    *,
    child: Child,
    received_on: date,
    source: int | None = None,
    rya: bool = False,
    officer=None,
    team=None,
    native_id: str = "",
    by,
    today: date | None = None,
) -> Request:
    """A request for an EHC needs assessment is received: the 6-, 16- and 20-week clocks start."""
    today = _today(today)
    problems = rules.event_date(
        received_on, today=today, field="received_on", subject="the date the request was received"
    )
    if source not in (None, "") and int(source) not in RequestSource.values:
        problems.append(rules.Problem("source", "Select who made the request from the list"))
    problems += _check_officer(child.local_authority, officer, team)
    _raise_if(problems)
    request = Request.objects.create(
        local_authority_id=child.local_authority_id,
        child=child,
        received_on=received_on,
        source=int(source) if source not in (None, "") else None,
        rya=rya,
        officer=officer,
        team=team,
        native_id=native_id,
    )
    refresh_case(request, today=today)
    audit.record_create(request, by=by)
    return request


@transaction.atomic
def withdraw_request(
    request: Request, *, withdrawn_on: date, reason: str = "", by, today: date | None = None
) -> Request:
    """The request is withdrawn (or the child moves away) before a decision or a plan: SEN2 outcome W."""
    today = _today(today)
    problems = rules.request_can_be_withdrawn(stage=request.stage)
    problems += _after_request(
        request,
        withdrawn_on,
        field="withdrawn_on",
        subject="the date the request was withdrawn",
        today=today,
    )
    _raise_if(problems)
    values = dict(withdrawn_on=withdrawn_on, withdrawn_reason=reason.strip()[:200])
    fields = ["withdrawn_on", "withdrawn_reason"]
    if request.outcome == RequestOutcome.AWAITING:
        values["outcome"] = RequestOutcome.WITHDRAWN
        fields.append("outcome")
    else:
        assessment = request.assessments.order_by("-pk").first()
        if assessment is not None and (
            assessment.outcome == AssessmentOutcome.AWAITING
            or (assessment.outcome == AssessmentOutcome.ISSUE and assessment.outcome_on is None)
        ):
            _update(assessment, by=by, fields=["outcome"], outcome=AssessmentOutcome.WITHDRAWN)
    _update(request, by=by, fields=fields, note="Request withdrawn", **values)
    return refresh_case(request, today=today)


@transaction.atomic
def record_decision_to_assess(
    request: Request, *, decided_on: date, by, today: date | None = None
) -> Assessment:
    """The authority decides to carry out an EHC needs assessment (reg 5: within 6 weeks)."""
    today = _today(today)
    problems = rules.request_awaiting_decision(request.outcome)
    problems += _after_request(
        request, decided_on, field="decided_on", subject="the date of the decision", today=today
    )
    _raise_if(problems)
    _update(
        request,
        by=by,
        fields=["outcome", "outcome_on"],
        note="Decided to assess",
        outcome=RequestOutcome.ASSESS,
        outcome_on=decided_on,
    )
    assessment = Assessment.objects.create(request=request, started_on=decided_on)
    audit.record_create(assessment, by=by)
    refresh_case(request, today=today)
    return assessment


@transaction.atomic
def record_decision_not_to_assess(
    request: Request, *, decided_on: date, by, today: date | None = None
) -> Request:
    """The authority decides not to assess (reg 5; appealable, s.51(2)(a))."""
    today = _today(today)
    problems = rules.request_awaiting_decision(request.outcome)
    problems += _after_request(
        request, decided_on, field="decided_on", subject="the date of the decision", today=today
    )
    _raise_if(problems)
    _update(
        request,
        by=by,
        fields=["outcome", "outcome_on"],
        note="Decided not to assess",
        outcome=RequestOutcome.NOT_ASSESS,
        outcome_on=decided_on,
    )
    return refresh_case(request, today=today)


@transaction.atomic
def record_exception(
    request: Request,
    *,
    reason: str,
    starts_on: date,
    ends_on: date | None = None,
    note: str = "",
    reassessment: Reassessment | None = None,
    by,
    today: date | None = None,
) -> TimeLimitException:
    """Record a reg 10(4) exception: it switches the 16- and 20-week limits off (SEN2 Week20 = 1).

    Against a ``reassessment`` under way it switches off that re-assessment's 14 weeks only
    (reg 27(3), the same four limbs) and leaves the 20-week flag alone.
    """
    today = _today(today)
    problems = rules.choice_is_given(
        reason,
        allowed=set(ExceptionReason.values),
        field="reason",
        subject="the reason for the exception",
    )
    problems += rules.date_is_given(
        starts_on, field="starts_on", subject="the date the exception started"
    )
    problems += rules.date_not_in_future(
        starts_on, today=today, field="starts_on", subject="the date the exception started"
    )
    problems += rules.date_not_before(
        ends_on,
        starts_on,
        field="ends_on",
        subject="the date the exception ended",
        earlier_event="the date it started",
    )
    if reassessment is not None:
        if reassessment.plan.request_id != request.pk:
            problems.append(rules.Problem("__all__", "Select a re-assessment of this case"))
        problems += rules.reassessment_under_way(
            decision=reassessment.decision, completed_on=reassessment.completed_on
        )
    _raise_if(problems)
    exception = TimeLimitException.objects.create(
        request=request,
        reassessment=reassessment,
        reason=reason,
        starts_on=starts_on,
        ends_on=ends_on,
        note=note.strip()[:300],
    )
    audit.record_create(exception, by=by)
    _sync_week20(request, by=by)
    refresh_case(request, today=today)
    return exception


@transaction.atomic
def remove_exception(exception: TimeLimitException, *, note: str, by) -> None:
    """Remove an exception recorded in error. ``note`` says why it no longer applies: its audit
    event keeps it, and the case timeline shows it (cases.queries_records.removed_exceptions)."""
    note = (note or "").strip()
    _raise_if(rules.exception_removal_is_explained(note))
    request = exception.request
    audit.record_delete(exception, by=by, note=note)
    exception.delete()
    _sync_week20(request, by=by)
    refresh_case(request)


def _sync_week20(request: Request, *, by) -> None:
    """Assessment.week20 follows the recorded exceptions (derivation in docs/decisions/0024)."""
    has = request.exceptions.filter(reassessment__isnull=True).exists()
    for assessment in request.assessments.exclude(week20=has):
        _update(assessment, by=by, fields=["week20"], week20=has)


@transaction.atomic
def request_advice(
    assessment: Assessment,
    *,
    body: str,
    requested_on: date,
    body_name: str = "",
    by,
    today: date | None = None,
) -> AdviceRequest:
    """Ask a body for advice (reg 6); it is due 6 weeks after they receive the request (reg 8(1))."""
    today = _today(today)
    request = assessment.request
    problems = rules.choice_is_given(
        body, allowed=set(AdviceBody.values), field="body", subject="who was asked for advice"
    )
    problems += rules.event_date(
        requested_on,
        today=today,
        field="requested_on",
        subject="the date the request for advice was received",
        after=assessment.started_on or request.received_on,
        after_event="the date of the decision to assess",
    )
    if assessment.outcome != AssessmentOutcome.AWAITING:
        problems.append(
            rules.Problem(
                "__all__", "Advice can be asked for only while the assessment is under way"
            )
        )
    _raise_if(problems)
    advice = AdviceRequest.objects.create(
        assessment=assessment,
        body=body,
        body_name=body_name.strip()[:150],
        requested_on=requested_on,
        due_on=requested_on + datetime.timedelta(weeks=ADVICE_WEEKS),
    )
    audit.record_create(advice, by=by)
    refresh_case(request, today=today)
    return advice


@transaction.atomic
def record_advice_received(
    advice: AdviceRequest, *, received_on: date, exception: str = "", by, today: date | None = None
) -> AdviceRequest:
    """Advice arrives from a body (optionally noting a reg 8(2) exception to its 6 weeks)."""
    today = _today(today)
    problems = rules.event_date(
        received_on,
        today=today,
        field="received_on",
        subject="the date the advice was received",
        after=advice.requested_on,
        after_event="the date it was requested",
    )
    if exception and exception not in AdviceException.values:
        problems.append(rules.Problem("exception", "Select the exception from the list"))
    _raise_if(problems)
    _update(
        advice,
        by=by,
        fields=["received_on", "exception"],
        received_on=received_on,
        exception=exception,
    )
    refresh_case(advice.assessment.request, today=today)
    return advice


@transaction.atomic
def record_decision_to_issue(
    assessment: Assessment, *, decided_on: date, by, today: date | None = None
) -> Assessment:
    """After the assessment the authority decides to issue a plan (SEN2 outcome Y, date blank until issued)."""
    today = _today(today)
    problems = rules.assessment_awaiting_decision(assessment.outcome)
    problems += _after_request(
        assessment.request,
        decided_on,
        field="decided_on",
        subject="the date of the decision",
        today=today,
    )
    _raise_if(problems)
    _update(
        assessment,
        by=by,
        fields=["outcome", "decided_to_issue_on"],
        note="Decided to issue a plan",
        outcome=AssessmentOutcome.ISSUE,
        decided_to_issue_on=decided_on,
    )
    refresh_case(assessment.request, today=today)
    return assessment


@transaction.atomic
def decide_not_to_issue(
    assessment: Assessment, *, decided_on: date, by, today: date | None = None
) -> Assessment:
    """After the assessment the authority decides not to issue a plan (reg 10: within 16 weeks)."""
    today = _today(today)
    problems = rules.assessment_awaiting_decision(assessment.outcome)
    problems += _after_request(
        assessment.request,
        decided_on,
        field="decided_on",
        subject="the date the family was told",
        today=today,
    )
    _raise_if(problems)
    _update(
        assessment,
        by=by,
        fields=["outcome", "outcome_on"],
        note="Decided not to issue a plan",
        outcome=AssessmentOutcome.NOT_ISSUE,
        outcome_on=decided_on,
    )
    refresh_case(assessment.request, today=today)
    return assessment
