"""Services for teams, children and young people, and who holds each case."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core import audit
from core.choices import AuditAction

from .. import casework_rules as rules
from ..choices import (
    OPEN_STAGES,
    Sex,
    Stage,
    UPNUnknown,
)
from ..models import (
    Child,
    Request,
    Team,
)
from ._common import (
    _check_officer,
    _raise_if,
    _today,
    _touch,
    _update,
)

date = datetime.date


@transaction.atomic
def create_team(*, local_authority, name: str, by) -> Team:
    name = name.strip()
    if not name:
        raise ValidationError({"name": ["Enter the name of the team"]})
    if Team.objects.filter(local_authority=local_authority, name__iexact=name).exists():
        raise ValidationError({"name": ["A team with this name already exists"]})
    team = Team.objects.create(local_authority=local_authority, name=name)
    audit.record_create(team, by=by)
    return team


CHILD_FIELDS = [
    "forename",
    "surname",
    "date_of_birth",
    "sex",
    "ethnicity",
    "postcode",
    "upn",
    "uln",
    "upn_unknown",
    "native_id",
]


def _clean_child(values: dict, *, today: date) -> dict:
    values = dict(values)
    for key in ("forename", "surname", "native_id"):
        if key in values:
            values[key] = (values[key] or "").strip()
    for key in ("postcode", "upn", "ethnicity"):
        if key in values:
            values[key] = (values[key] or "").strip().upper()
    if "uln" in values:
        values["uln"] = (values["uln"] or "").strip()
    problems = []
    if "forename" in values or "surname" in values:
        problems += rules.child_names(
            forename=values.get("forename", "x"), surname=values.get("surname", "x")
        )
    if "date_of_birth" in values:
        problems += rules.date_is_given(
            values["date_of_birth"], field="date_of_birth", subject="the date of birth"
        )
        problems += rules.date_not_in_future(
            values["date_of_birth"], today=today, field="date_of_birth", subject="the date of birth"
        )
    problems += rules.child_identifiers(
        upn=values.get("upn", ""), uln=values.get("uln", ""), postcode=values.get("postcode", "")
    )
    if values.get("sex") and values["sex"] not in Sex.values:
        problems.append(rules.Problem("sex", "Select the sex from the list"))
    if values.get("upn_unknown") and values["upn_unknown"] not in UPNUnknown.values:
        problems.append(
            rules.Problem("upn_unknown", "Select why the UPN is not known from the list")
        )
    if values.get("ethnicity") and len(values["ethnicity"]) != 4:
        problems.append(rules.Problem("ethnicity", "Select the ethnicity from the list"))
    _raise_if(problems)
    return values


@transaction.atomic
def record_child(
    *,
    local_authority,
    forename: str,
    surname: str,
    date_of_birth: date,
    sex: str = "",
    ethnicity: str = "",
    postcode: str = "",
    upn: str = "",
    uln: str = "",
    upn_unknown: str = "",
    native_id: str = "",
    by,
    today: date | None = None,
) -> Child:
    """Record a child or young person (special-category data: only what the work needs)."""
    values = _clean_child(
        dict(
            forename=forename,
            surname=surname,
            date_of_birth=date_of_birth,
            sex=sex,
            ethnicity=ethnicity,
            postcode=postcode,
            upn=upn,
            uln=uln,
            upn_unknown=upn_unknown,
            native_id=native_id,
        ),
        today=_today(today),
    )
    if (
        values["upn"]
        and Child.objects.filter(local_authority=local_authority, upn=values["upn"]).exists()
    ):
        raise ValidationError(
            {"upn": ["A child or young person with this UPN is already recorded"]}
        )
    child = Child.objects.create(local_authority=local_authority, **values)
    audit.record_create(child, by=by)
    return child


@transaction.atomic
def update_child(child: Child, *, by, today: date | None = None, **fields) -> Child:
    """Correct a child's details. Only the fields in CHILD_FIELDS may change."""
    unknown = set(fields) - set(CHILD_FIELDS)
    if unknown:
        raise TypeError(f"update_child() cannot change {', '.join(sorted(unknown))}")
    values = _clean_child(fields, today=_today(today))
    if (
        values.get("upn")
        and Child.objects.filter(local_authority_id=child.local_authority_id, upn=values["upn"])
        .exclude(pk=child.pk)
        .exists()
    ):
        raise ValidationError(
            {"upn": ["A child or young person with this UPN is already recorded"]}
        )
    return _update(child, by=by, fields=list(values), **values)


@transaction.atomic
def assign_case(request: Request, *, officer, team=None, by) -> Request:
    """Assign (or reassign) a case to an officer and team. The audit trail keeps who had it before."""
    _raise_if(_check_officer(request.local_authority, officer, team))
    _touch(request)
    return _update(
        request,
        by=by,
        fields=["officer_id", "team_id", "updated_at"],
        note="Case assigned",
        officer_id=officer.pk if officer else None,
        team_id=team.pk if team else None,
    )


@transaction.atomic
def move_cases(
    *, local_authority, from_officer, to_officer, team=None, keep_team: bool = True, by
) -> int:
    """Move every live case an officer holds (open, or a plan in force) to another officer.

    For someone leaving or a caseload being rebalanced. Closed and ceased cases keep the officer
    who held them. With ``keep_team`` each case stays in its team; otherwise all go to ``team``
    (None: no team). Each case's reassignment is audited as assign_case audits it (its own event,
    officer and team before and after), the events written and the cases changed 500 to a
    statement. Returns how many cases moved.
    """
    problems = []
    if to_officer is None:
        problems.append(rules.Problem("to_officer", "Select the officer to move the cases to"))
    elif from_officer is not None and to_officer.pk == from_officer.pk:
        problems.append(
            rules.Problem("to_officer", "Select a different officer from the one who holds them")
        )
    else:
        checked = _check_officer(local_authority, to_officer, None if keep_team else team)
        problems += [
            rules.Problem("to_officer" if p.field == "officer" else p.field, p.message)
            for p in checked
        ]
    cases = []
    if from_officer is not None:
        cases = list(
            Request.objects.select_for_update()
            .filter(
                local_authority=local_authority,
                officer=from_officer,
                stage__in=(*OPEN_STAGES, Stage.PLAN),
            )
            .only("pk", "officer_id", "team_id")
            .order_by("pk")
        )
    if not cases:
        problems.append(
            rules.Problem("from_officer", "Select an officer who holds open cases or plans")
        )
    _raise_if(problems)
    team_id = None if keep_team or team is None else team.pk
    audit.record_many(
        dict(
            action=AuditAction.UPDATE,
            by=by,
            obj=case,
            local_authority=local_authority,
            changes={
                "officer_id": [case.officer_id, to_officer.pk],
                **({"team_id": [case.team_id, team_id]} if not keep_team and case.team_id != team_id else {}),
            },
            note="Case assigned: caseload moved",
        )
        for case in cases
    )
    values = {"officer_id": to_officer.pk, "updated_at": timezone.now()}
    if not keep_team:
        values["team_id"] = team_id
    ids = [case.pk for case in cases]
    for start in range(0, len(ids), 500):
        Request.objects.filter(pk__in=ids[start : start + 500]).update(**values)
    return len(ids)
