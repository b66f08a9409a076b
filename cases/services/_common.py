"""Helpers shared by the casework services: validation errors, audited updates, refreshing a case."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from core import audit, clock

from .. import casework_rules as rules
from ..case_state import case_state
from ..choices import (
    SENSetting,
)
from ..models import (
    Request,
)
from ..queries import case_records

date = datetime.date


def _raise_if(problems: list[rules.Problem]) -> None:
    if problems:
        raise ValidationError(rules.problems_by_field(problems))


def _today(today: date | None) -> date:
    return today or clock.today()


def _update(obj, *, by, fields: list[str], note: str = "", **values):
    """Set ``values`` on ``obj``, save only those fields and audit what changed."""
    before = audit.snapshot(obj, fields)
    for name, value in values.items():
        setattr(obj, name, value)
    obj.save(
        update_fields=[f for f in fields if not f.endswith("_id")]
        + [f[:-3] for f in fields if f.endswith("_id")]
    )
    audit.record_update(obj, by=by, before=before, note=note)
    return obj


def _touch(request: Request) -> None:
    request.updated_at = timezone.now()


def refresh_case(request: Request, *, save: bool = True, today: date | None = None) -> Request:
    """Recompute the case's stage and next deadline (and its plan's review dates). Not audited:
    these are derived from audited records (docs/decisions/0022)."""
    records = case_records(request)
    state = case_state(records, today=_today(today))
    request.stage = state.stage
    request.next_deadline_on = state.next_deadline_on
    request.next_deadline_label = state.next_deadline_label
    _touch(request)
    if save:
        request.save(
            update_fields=["stage", "next_deadline_on", "next_deadline_label", "updated_at"]
        )
        plan = records.plan
        if plan is not None and (plan.review_due_on, plan.last_reviewed_on) != (
            state.review_due_on,
            state.last_reviewed_on,
        ):
            plan.review_due_on, plan.last_reviewed_on = state.review_due_on, state.last_reviewed_on
            plan.save(update_fields=["review_due_on", "last_reviewed_on"])
    return request


def _after_request(
    request: Request, value: date | None, *, field: str, subject: str, today: date
) -> list[rules.Problem]:
    return rules.event_date(
        value,
        today=today,
        field=field,
        subject=subject,
        after=request.received_on,
        after_event="the date the request was received",
    )


def _check_officer(local_authority, officer, team) -> list[rules.Problem]:
    """The officer may hold the authority's cases (a caseworker or SEND manager there) and the
    team is the authority's. One query for the officer's roles."""
    problems = []
    if officer is not None:
        roles_here = set(
            officer.role_assignments.filter(local_authority=local_authority).values_list(
                "role", flat=True
            )
        )
        problems += rules.officer_can_hold_cases(roles_here=roles_here, active=officer.is_active)
    if team is not None and team.local_authority_id != local_authority.pk:
        problems.append(rules.Problem("team", "Select a team of this local authority"))
    return problems


def _setting_problems(urn: str, ukprn: str, code: str, name: str) -> list[rules.Problem]:
    problems = rules.setting_is_identified(urn=urn, ukprn=ukprn, code=code, name=name)
    if code and code not in SENSetting.values:
        problems.append(rules.Problem("setting_code", "Select the type of setting from the list"))
    return problems
