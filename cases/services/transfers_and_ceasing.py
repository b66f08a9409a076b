"""Services for ceasing a plan and for plans transferred in or out."""

from __future__ import annotations

import datetime

from django.db import transaction

from core import audit

from .. import casework_rules as rules
from ..choices import (
    AssessmentOutcome,
    CeaseReason,
    NeedType,
    RequestOutcome,
)
from ..models import (
    Assessment,
    Child,
    EHCPlan,
    Request,
)
from ._common import (
    _check_officer,
    _raise_if,
    _setting_problems,
    _today,
    _update,
    refresh_case,
)

date = datetime.date


@transaction.atomic
def cease_plan(
    plan: EHCPlan,
    *,
    ceased_on: date,
    reason: int,
    decided_on: date | None = None,
    by,
    today: date | None = None,
) -> EHCPlan:
    """The plan ends (s.45; reg 31). ``ceased_on`` is the day it ended, not the decision (SEN2 CeaseDate)."""
    today = _today(today)
    try:
        reason = int(reason) if reason not in (None, "") else None
    except (TypeError, ValueError):
        reason = -1
    problems = rules.plan_is_in_force(ceased_on=plan.ceased_on)
    problems += rules.cease_needs_reason(reason, allowed=set(CeaseReason.values))
    problems += rules.event_date(
        ceased_on,
        today=today,
        field="ceased_on",
        subject="the date the plan ended",
        after=plan.start_on,
        after_event="the date the plan was issued",
    )
    problems += rules.date_not_before(
        decided_on,
        plan.start_on,
        field="decided_on",
        subject="the date of the decision to cease",
        earlier_event="the date the plan was issued",
    )
    problems += rules.date_not_in_future(
        decided_on, today=today, field="decided_on", subject="the date of the decision to cease"
    )
    _raise_if(problems)
    _update(
        plan,
        by=by,
        fields=["ceased_on", "cease_reason", "cease_decided_on"],
        note="Plan ceased",
        ceased_on=ceased_on,
        cease_reason=reason,
        cease_decided_on=decided_on,
    )
    refresh_case(plan.request, today=today)
    return plan


@transaction.atomic
def transfer_in(
    *,
    child: Child,
    from_code: str,
    transferred_on: date,
    start_on: date,
    primary_need: str,
    secondary_need: str = "",
    setting_urn: str = "",
    setting_code: str = "",
    setting_name: str = "",
    officer=None,
    team=None,
    by,
    today: date | None = None,
) -> EHCPlan:
    """A child moves in with a plan made by another authority: SEN2 request and assessment H, TransferLA set."""
    today = _today(today)
    authority = child.local_authority
    from_code = (from_code or "").strip()
    problems = rules.la_code_is_valid(from_code, field="from_code", own_code=authority.code)
    problems += rules.event_date(
        transferred_on,
        today=today,
        field="transferred_on",
        subject="the date the plan transferred",
        after=start_on,
        after_event="the date the plan was first issued",
    )
    problems += rules.event_date(
        start_on, today=today, field="start_on", subject="the date the plan was first issued"
    )
    problems += rules.needs_are_given(
        primary_need=primary_need, secondary_need=secondary_need, allowed=set(NeedType.values)
    )
    problems += _setting_problems(setting_urn.strip(), "", setting_code, setting_name)
    problems += _check_officer(authority, officer, team)
    _raise_if(problems)
    request = Request.objects.create(
        local_authority=authority,
        child=child,
        received_on=None,
        outcome=RequestOutcome.HISTORICAL,
        officer=officer,
        team=team,
    )
    assessment = Assessment.objects.create(request=request, outcome=AssessmentOutcome.HISTORICAL)
    plan = EHCPlan.objects.create(
        local_authority=authority,
        request=request,
        assessment=assessment,
        start_on=start_on,
        primary_need=primary_need,
        secondary_need=secondary_need,
        setting_urn=setting_urn.strip(),
        setting_code=setting_code,
        setting_name=setting_name.strip()[:200],
        transferred_in_from=from_code,
        transferred_in_on=transferred_on,
    )
    for obj in (request, assessment, plan):
        audit.record_create(obj, by=by, note=f"Plan transferred in from {from_code}")
    refresh_case(request, today=today)
    return plan


@transaction.atomic
def transfer_out(
    plan: EHCPlan, *, to_code: str, transferred_on: date, by, today: date | None = None
) -> EHCPlan:
    """The child moves to another English authority with the plan: it ceases here with SEN2 reason 5."""
    today = _today(today)
    to_code = (to_code or "").strip()
    problems = rules.plan_is_in_force(ceased_on=plan.ceased_on)
    problems += rules.la_code_is_valid(to_code, field="to_code", own_code=plan.local_authority.code)
    problems += rules.event_date(
        transferred_on,
        today=today,
        field="transferred_on",
        subject="the date the plan transferred",
        after=plan.start_on,
        after_event="the date the plan was issued",
    )
    _raise_if(problems)
    _update(
        plan,
        by=by,
        fields=["transferred_out_to", "ceased_on", "cease_reason"],
        note=f"Plan transferred out to {to_code}",
        transferred_out_to=to_code,
        ceased_on=transferred_on,
        cease_reason=CeaseReason.TRANSFERRED,
    )
    refresh_case(plan.request, today=today)
    return plan
