"""Reads only the plan web pages need, on top of plans/queries.py (which plans-data owns).

Access: a plan is seen by people with ``plan.view`` at the authority that holds it or at one of
its partner authorities; changing it needs the capability at the authority that holds it.
"""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse

from core import access

from . import dates, gantt, queries
from . import status as rules
from .models import ImprovementPlan, InspectionFinding

# ---- access -------------------------------------------------------------------------------


def plans_visible_to(user) -> QuerySet[ImprovementPlan]:
    """Plans held by, or shared with, the authorities where the user may view plans."""
    ids = access.authority_ids_for(user, "plan.view")
    return (ImprovementPlan.objects.filter(Q(local_authority_id__in=ids) | Q(partner_authorities__in=ids))
            .distinct().select_related("local_authority", "owner").order_by("local_authority__name", "title"))


def plan_or_404(user, pk, capability: str = "plan.view") -> ImprovementPlan:
    """A plan the user may act on. Other authorities' plans 404; a role without the capability 403."""
    if capability == "plan.view":
        plan = plans_visible_to(user).filter(pk=pk).first()
        if plan is None:
            raise Http404("No such plan")
        return plan
    return access.object_or_404(
        user, capability, ImprovementPlan.objects.select_related("local_authority", "owner"), pk=pk
    )


def record_or_404(user, model, pk, capability: str = "plan.view", *, path: str = "plan", queryset=None):
    """A record inside a plan (section, action, cycle) that the user may act on."""
    queryset = queryset if queryset is not None else model.objects.select_related(f"{path}__local_authority")
    if capability == "plan.view":
        ids = access.authority_ids_for(user, "plan.view")
        found = queryset.filter(
            Q(**{f"{path}__local_authority_id__in": ids}) | Q(**{f"{path}__partner_authorities__in": ids})
        ).distinct().filter(pk=pk).first()
        if found is None:
            raise Http404("No such record")
        return found
    return access.object_or_404(user, capability, queryset, authority_field=f"{path}__local_authority", pk=pk)


# ---- lists --------------------------------------------------------------------------------


def lead_names(rows) -> list[str]:
    return sorted({lead.display.split(" (")[0] for row in rows for lead in row.action.leads.all()}, key=str.lower)


def organisations(rows) -> list[str]:
    found = set()
    for row in rows:
        for lead in row.action.leads.all():
            organisation = lead.organisation or (lead.user.organisation if lead.user_id else "")
            if organisation:
                found.add(organisation)
    return sorted(found, key=str.lower)


def findings_for(plan) -> list[InspectionFinding]:
    """Findings of the inspections this plan answers, and of its authority's other inspections."""
    return list(InspectionFinding.objects.filter(
        Q(inspection__local_authority_id=plan.local_authority_id) | Q(inspection__plans=plan))
        .distinct().select_related("inspection").order_by("inspection__published_on", "kind", "number"))


def leads(user, action, sections_led: set[int], parent_of: dict) -> bool:
    """Whether ``user`` leads the action, as a named lead or as lead of a section it sits in."""
    if any(lead.user_id == user.pk for lead in action.leads.all()):
        return True
    section_id, seen = action.section_id, set()
    while section_id is not None and section_id not in seen:
        if section_id in sections_led:
            return True
        seen.add(section_id)
        section_id = parent_of.get(section_id)
    return False


def my_action_rows(plan, user, *, today: datetime.date, cycle) -> list:
    """The user's actions in this plan, those due an update this cycle first."""
    sections = queries.sections_for(plan)
    parent_of = {s.pk: s.parent_id for s in sections}
    sections_led = {s.pk for s in sections if s.lead_user_id == user.pk}
    every = queries.action_rows(plan, today=today, cycle=cycle)
    rows = [row for row in every if leads(user, row.action, sections_led, parent_of)]
    # Sub-actions of an action the person leads are theirs too.
    mine = {row.action.pk for row in rows}
    for row in every:
        if row.action.parent_id in mine and row.action.pk not in mine:
            rows.append(row)
            mine.add(row.action.pk)
    for row in rows:
        row.due_update = rules.NOT_UPDATED in row.flags or (
            cycle is None and rules.needs_update(queries.facts_for(row.action), today=today))
    rows.sort(key=lambda r: (not r.due_update, r.action.position, r.action.pk))
    return rows


# ---- the timeline -------------------------------------------------------------------------


def action_dates(action) -> tuple[datetime.date | None, datetime.date | None]:
    """The days a bar runs: from the start (1st of a month-precision month) to the last day due."""
    end = dates.due_by(action.due_on, action.due_precision)
    start = action.start_on or None
    return start, end


def action_row(row, *, level: int) -> gantt.Row:
    action = row.action
    start, end = action_dates(action)
    return gantt.Row(
        code=action.code, title=action.title, start=start, end=end,
        status_label=action.status.label if action.status_id else "No update yet",
        colour=action.status.colour if action.status_id else "grey",
        level=level, group=False, href=reverse("plans:action_detail", args=[action.pk]),
        lead=", ".join(lead.display for lead in action.leads.all()),
        start_label=dates.format_plan_date(action.start_on, action.start_precision, style="long") or "Not set",
        end_label=dates.format_plan_date(action.due_on, action.due_precision, style="long") or "Not set",
        note="past due" if row.is_overdue else "",
    )


def gantt_rows(roots, *, only=None) -> list[gantt.Row]:
    """Priorities, their objectives and actions as timeline rows, in plan order."""
    rows: list[gantt.Row] = []

    def span(node):
        starts, ends = [], []
        stack = [node]
        while stack:
            current = stack.pop()
            stack.extend(current.children)
            for row in current.rows:
                start, end = action_dates(row.action)
                starts += [start] if start else []
                ends += [end] if end else []
        return (min(starts) if starts else None, max(ends) if ends else None)

    def walk(node, depth):
        start, end = span(node)
        rows.append(gantt.Row(
            code=node.section.code, title=node.section.title, start=start, end=end, level=depth, group=True,
            lead=node.section.lead_display, colour="black",
            start_label=gantt.date_label(start, missing="Not set"), end_label=gantt.date_label(end, missing="Not set"),
        ))
        for row in node.rows:
            rows.append(action_row(row, level=depth + 1))
        for child in node.children:
            walk(child, depth + 1)

    for root in roots:
        if only is None or root.section.pk == only.pk:
            walk(root, 0)
    return rows
