"""Small helpers shared by the plan pages (plans/views*.py)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from core.models import User

from . import permissions
from . import status as rules


def people(*authority_ids) -> list[User]:
    """Active people with a role at any of these authorities: the leads and owners a form may choose."""
    return list(User.objects.filter(role_assignments__local_authority_id__in=authority_ids, is_active=True)
                .distinct().order_by("full_name", "email"))


def plan_people(plan) -> list[User]:
    """People at the plan's lead authority and its partners: anyone who may lead its actions."""
    return people(*sorted(permissions.authority_ids(plan)))


def form_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has it."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            target = name if name in form.fields else None
            for item in errors:
                form.add_error(target, item.messages[0] if hasattr(item, "messages") else str(item))
    else:
        for message in error.messages:
            form.add_error(None, message)


def status_rows(options, counts) -> list[dict]:
    """One row per status on the plan's scale (the first option in use of each meaning, else the
    first retired one), then no update."""
    rows, seen = [], set()
    for option in sorted(options, key=lambda o: (o.retired_at is not None, o.position)):
        if option.meaning in seen:
            continue
        seen.add(option.meaning)
        rows.append({"label": option.label, "colour": option.colour, "count": counts.get(option.meaning, 0),
                     "position": option.position})
    rows.sort(key=lambda row: row["position"])
    rows.append({"label": "No update yet", "colour": "", "count": counts.get(rules.NO_UPDATE, 0)})
    return rows


def plan_context(request, plan, **extra) -> dict:
    return {
        "plan": plan,
        "can_manage": permissions.can_manage_plan(request.user, plan),
        "can_update": permissions.can_contribute(request.user, plan),
        "can_configure": permissions.can_configure_plan(request.user, plan),
        **extra,
    }
