"""Services for mediation, tribunal appeals, appeals not opposed and orders."""

from __future__ import annotations

import datetime

from django.db import transaction

from core import audit

from .. import casework_rules as rules
from ..choices import (
    DisputeSubject,
    MediationOutcome,
    OrderKind,
    OrderMadeBy,
    TribunalOutcome,
    UnopposedAppealKind,
)
from ..models import (
    EHCPlan,
    Mediation,
    Request,
    TribunalAppeal,
    TribunalOrder,
    UnopposedAppeal,
)
from ._common import (
    _after_request,
    _raise_if,
    _today,
    _update,
    refresh_case,
)

date = datetime.date


def _dispute_flags(request: Request, subject: str, plan: EHCPlan | None, *, kind: str, by) -> None:
    """Set the SEN2 mediation/tribunal flags (items 2.5-2.6, 3.3-3.6) that the dispute implies."""
    if subject == DisputeSubject.REFUSAL_TO_ASSESS:
        if not getattr(request, kind):
            _update(request, by=by, fields=[kind], **{kind: True})
        return
    assessment = (
        plan.assessment if plan is not None else request.assessments.order_by("-pk").first()
    )
    if assessment is None:
        return
    field = kind if subject == DisputeSubject.DECISION_NOT_TO_ISSUE else f"other_{kind}"
    if not getattr(assessment, field):
        _update(assessment, by=by, fields=[field], **{field: True})


def _check_dispute(
    request, subject, plan, decision_on, *, date_field, date_value, date_subject, today
):
    problems = rules.choice_is_given(
        subject, allowed=set(DisputeSubject.values), field="subject", subject="what it is about"
    )
    problems += (
        _after_request(request, date_value, field=date_field, subject=date_subject, today=today)
        if request.received_on
        else rules.event_date(date_value, today=today, field=date_field, subject=date_subject)
    )
    problems += rules.date_not_in_future(
        decision_on, today=today, field="decision_on", subject="the date of the decision letter"
    )
    problems += rules.date_not_before(
        date_value,
        decision_on,
        field=date_field,
        subject=date_subject,
        earlier_event="the date of the decision letter",
    )
    if plan is not None and plan.request_id != request.pk:
        problems.append(rules.Problem("plan", "Select a plan on this case"))
    return problems


def _open_dispute(model, request, *, kind, subject, plan, decision_on, date_field, date_value, date_subject, by, today):
    """Record a mediation or an appeal on a decision: checked alike, audited, its SEN2 flags set."""
    today = _today(today)
    _raise_if(
        _check_dispute(
            request,
            subject,
            plan,
            decision_on,
            date_field=date_field,
            date_value=date_value,
            date_subject=date_subject,
            today=today,
        )
    )
    dispute = model.objects.create(
        request=request, plan=plan, subject=subject, decision_on=decision_on, **{date_field: date_value}
    )
    audit.record_create(dispute, by=by)
    _dispute_flags(request, subject, plan, kind=kind, by=by)
    refresh_case(request, today=today)
    return dispute


@transaction.atomic
def record_mediation(
    request: Request,
    *,
    subject: str,
    adviser_contacted_on: date,
    decision_on: date | None = None,
    plan: EHCPlan | None = None,
    by,
    today: date | None = None,
) -> Mediation:
    """The family contacts the mediation adviser about a decision (reg 33: within 2 months)."""
    return _open_dispute(
        Mediation, request, kind="mediation", subject=subject, plan=plan, decision_on=decision_on,
        date_field="adviser_contacted_on", date_value=adviser_contacted_on,
        date_subject="the date the adviser was contacted", by=by, today=today,
    )


@transaction.atomic
def record_mediation_outcome(
    mediation: Mediation,
    *,
    outcome: str,
    mediation_on: date | None = None,
    certificate_on: date | None = None,
    by,
    today: date | None = None,
) -> Mediation:
    """Mediation ends: held (or not), a certificate issued, agreement or not."""
    today = _today(today)
    allowed = set(MediationOutcome.values) - {MediationOutcome.ONGOING}
    problems = rules.choice_is_given(
        outcome, allowed=allowed, field="outcome", subject="the outcome"
    )
    for field, value, subject in (
        ("mediation_on", mediation_on, "the date of the mediation"),
        ("certificate_on", certificate_on, "the date of the certificate"),
    ):
        problems += rules.date_not_in_future(value, today=today, field=field, subject=subject)
        problems += rules.date_not_before(
            value,
            mediation.adviser_contacted_on,
            field=field,
            subject=subject,
            earlier_event="the date the adviser was contacted",
        )
    _raise_if(problems)
    _update(
        mediation,
        by=by,
        fields=["outcome", "mediation_on", "certificate_on"],
        outcome=outcome,
        mediation_on=mediation_on,
        certificate_on=certificate_on,
    )
    refresh_case(mediation.request, today=today)
    return mediation


@transaction.atomic
def record_tribunal_appeal(
    request: Request,
    *,
    subject: str,
    registered_on: date,
    decision_on: date | None = None,
    plan: EHCPlan | None = None,
    by,
    today: date | None = None,
) -> TribunalAppeal:
    """An appeal to the First-tier Tribunal (SEND) is registered (CFA s.51)."""
    return _open_dispute(
        TribunalAppeal, request, kind="tribunal", subject=subject, plan=plan, decision_on=decision_on,
        date_field="registered_on", date_value=registered_on,
        date_subject="the date the appeal was registered", by=by, today=today,
    )


@transaction.atomic
def record_tribunal_outcome(
    appeal: TribunalAppeal,
    *,
    outcome: str,
    outcome_on: date,
    hearing_on: date | None = None,
    by,
    today: date | None = None,
) -> TribunalAppeal:
    """The appeal ends: conceded, withdrawn, upheld or dismissed."""
    today = _today(today)
    allowed = set(TribunalOutcome.values) - {TribunalOutcome.ONGOING}
    problems = rules.choice_is_given(
        outcome, allowed=allowed, field="outcome", subject="the outcome"
    )
    problems += rules.event_date(
        outcome_on,
        today=today,
        field="outcome_on",
        subject="the date of the outcome",
        after=appeal.registered_on,
        after_event="the date the appeal was registered",
    )
    problems += rules.date_not_before(
        hearing_on,
        appeal.registered_on,
        field="hearing_on",
        subject="the date of the hearing",
        earlier_event="the date the appeal was registered",
    )
    _raise_if(problems)
    _update(
        appeal,
        by=by,
        fields=["outcome", "outcome_on", "hearing_on"],
        outcome=outcome,
        outcome_on=outcome_on,
        hearing_on=hearing_on,
    )
    return appeal


UNOPPOSED_KINDS = {
    DisputeSubject.REFUSAL_TO_ASSESS: UnopposedAppealKind.ASSESSMENT,  # s.51(2)(a): reg 45(3)
    DisputeSubject.REFUSAL_TO_REASSESS: UnopposedAppealKind.ASSESSMENT,  # s.51(2)(d): reg 45(3)
    DisputeSubject.PLAN_CONTENT: UnopposedAppealKind.AMENDMENT,  # s.51(2)(c): reg 45(4)
    DisputeSubject.PLACEMENT: UnopposedAppealKind.AMENDMENT,  # s.51(2)(c): reg 45(4)
    DisputeSubject.REFUSAL_TO_AMEND: UnopposedAppealKind.AMENDMENT,  # s.51(2)(e): reg 45(4)
}
"""Which reg 45 time limits follow when an appeal on each subject is not opposed."""


UNOPPOSED_STEPS = {
    "told_family": "told_family_on",  # reg 45(3): 2 weeks
    "no_plan": "no_plan_on",  # reg 45(3A)(a): 10 weeks
    "plan_issued": "plan_issued_on",  # reg 45(3A)(b): 14 weeks; reg 45(4): 5 weeks
}


@transaction.atomic
def record_unopposed_appeal(
    appeal: TribunalAppeal, *, notified_on: date, by, today: date | None = None
) -> UnopposedAppeal:
    """The authority tells the tribunal it will not oppose the appeal (reg 45 as substituted by
    SI 2015/359): the appeal is conceded and the reg 45 time limits run from ``notified_on``."""
    today = _today(today)
    kind = UNOPPOSED_KINDS.get(appeal.subject)
    problems = rules.appeal_can_be_unopposed(
        kind=kind,
        outcome=appeal.outcome,
        already=UnopposedAppeal.objects.filter(appeal=appeal).exists(),
    )
    problems += rules.event_date(
        notified_on,
        today=today,
        field="notified_on",
        subject="the date the tribunal was told",
        after=appeal.registered_on,
        after_event="the date the appeal was registered",
    )
    _raise_if(problems)
    unopposed = UnopposedAppeal.objects.create(
        request_id=appeal.request_id, appeal=appeal, kind=kind, notified_on=notified_on
    )
    audit.record_create(unopposed, by=by)
    if appeal.outcome == TribunalOutcome.ONGOING:
        _update(
            appeal,
            by=by,
            fields=["outcome", "outcome_on"],
            note="Appeal not opposed",
            outcome=TribunalOutcome.CONCEDED,
            outcome_on=notified_on,
        )
    refresh_case(appeal.request, today=today)
    return unopposed


@transaction.atomic
def record_unopposed_appeal_step(
    unopposed: UnopposedAppeal, *, step: str, done_on: date, by, today: date | None = None
) -> UnopposedAppeal:
    """A step after an appeal not opposed: the family told the assessment will go ahead
    (``told_family``, 2 weeks), a decision that no plan is needed (``no_plan``, 10 weeks), or the
    plan issued (``plan_issued``: the final plan in 14 weeks, or the amended plan in 5)."""
    today = _today(today)
    problems = rules.choice_is_given(
        step, allowed=set(UNOPPOSED_STEPS), field="step", subject="what was done"
    )
    if not problems:
        problems += rules.unopposed_step_allowed(
            kind=unopposed.kind,
            step=step,
            told_family_on=unopposed.told_family_on,
            no_plan_on=unopposed.no_plan_on,
            plan_issued_on=unopposed.plan_issued_on,
        )
    problems += rules.event_date(
        done_on,
        today=today,
        field="done_on",
        subject="the date it was done",
        after=unopposed.notified_on,
        after_event="the date the tribunal was told",
    )
    _raise_if(problems)
    field = UNOPPOSED_STEPS[step]
    _update(unopposed, by=by, fields=[field], **{field: done_on})
    refresh_case(unopposed.request, today=today)
    return unopposed


@transaction.atomic
def record_tribunal_order(
    request: Request,
    *,
    made_by: str,
    kind: str,
    made_on: date,
    detail: str = "",
    by,
    today: date | None = None,
) -> TribunalOrder:
    """An order of the tribunal, or a mediation agreement the authority must carry out as one
    (reg 42(2)). An order to assess is due within 14 weeks (reg 44(2), unconfirmed); an agreement
    on matters that cannot be appealed within 2 weeks (reg 42(3)); other orders have no
    computed deadline."""
    today = _today(today)
    problems = rules.choice_is_given(
        made_by, allowed=set(OrderMadeBy.values), field="made_by", subject="who made it"
    )
    problems += rules.choice_is_given(
        kind, allowed=set(OrderKind.values), field="kind", subject="what it requires"
    )
    if not problems:
        problems += rules.order_rules(
            made_by=made_by,
            kind=kind,
            has_appeal=request.tribunal_appeals.exists(),
            has_mediation=request.mediations.exists(),
        )
    problems += (
        _after_request(
            request, made_on, field="made_on", subject="the date of the order", today=today
        )
        if request.received_on
        else rules.event_date(
            made_on, today=today, field="made_on", subject="the date of the order"
        )
    )
    _raise_if(problems)
    order = TribunalOrder.objects.create(
        request=request, made_by=made_by, kind=kind, made_on=made_on, detail=detail.strip()[:300]
    )
    audit.record_create(order, by=by)
    refresh_case(request, today=today)
    return order


@transaction.atomic
def record_order_complied(
    order: TribunalOrder, *, complied_on: date, by, today: date | None = None
) -> TribunalOrder:
    """The authority has done what the order or mediation agreement requires."""
    today = _today(today)
    problems = rules.order_not_yet_complied(order.complied_on)
    problems += rules.event_date(
        complied_on,
        today=today,
        field="complied_on",
        subject="the date it was carried out",
        after=order.made_on,
        after_event="the date of the order",
    )
    _raise_if(problems)
    _update(order, by=by, fields=["complied_on"], complied_on=complied_on)
    refresh_case(order.request, today=today)
    return order
