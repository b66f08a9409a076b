"""Reads the plan pages need: plans a person may see, the plan tree, filtered action lists.

Each function fetches what a page shows in a fixed, small number of queries (related rows
selected or prefetched), so page cost does not grow with the number of actions shown.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse

from core import access

from . import dates, gantt
from . import status as rules
from .choices import COMPLETE_MEANINGS, DatePrecision
from .models import (
    Action,
    ActionLead,
    ActionSource,
    ImprovementPlan,
    InspectionFinding,
    ReportingCycle,
    Section,
    StatusOption,
)

# ---- plans --------------------------------------------------------------------------------


def plans_visible_to(user) -> QuerySet[ImprovementPlan]:
    """Plans held by, or shared with, the authorities where the user may view plans."""
    ids = access.authority_ids_for(user, "plan.view")
    return (ImprovementPlan.objects.filter(Q(local_authority_id__in=ids) | Q(partner_authorities__in=ids))
            .distinct().select_related("local_authority", "owner").order_by("local_authority__name", "title"))


def plan_or_404(user, pk, capability: str = "plan.view") -> ImprovementPlan:
    """A plan the user may act on. Other authorities' plans 404; a role without the capability 403.

    People at a partner authority of a partnership plan may view it; changing it needs the
    capability at the authority that holds it.
    """
    if capability == "plan.view":
        plan = plans_visible_to(user).filter(pk=pk).first()
        if plan is None:
            raise Http404("No such plan")
        return plan
    return access.object_or_404(
        user, capability, ImprovementPlan.objects.select_related("local_authority", "owner"), pk=pk
    )


def record_or_404(user, model, pk, capability: str = "plan.view", *, path: str = "plan"):
    """A record inside a plan (section, action, cycle) that the user may act on."""
    queryset = model.objects.select_related(f"{path}__local_authority") if path else model.objects.all()
    if capability == "plan.view":
        ids = access.authority_ids_for(user, "plan.view")
        found = queryset.filter(
            Q(**{f"{path}__local_authority_id__in": ids}) | Q(**{f"{path}__partner_authorities__in": ids})
        ).distinct().filter(pk=pk).first()
        if found is None:
            raise Http404("No such record")
        return found
    return access.object_or_404(user, capability, queryset, authority_field=f"{path}__local_authority", pk=pk)


# ---- cycles -------------------------------------------------------------------------------


def current_cycle(plan, *, today: datetime.date) -> ReportingCycle | None:
    """The cycle now collecting updates: the earliest whose deadline has not passed, else the latest."""
    cycles = list(plan.cycles.filter(period_start__lte=today).order_by("deadline", "period_start"))
    if not cycles:
        return None
    upcoming = [c for c in cycles if c.deadline >= today]
    return upcoming[0] if upcoming else cycles[-1]


# ---- the tree -----------------------------------------------------------------------------


def facts_for(action: Action) -> rules.ActionFacts:
    return rules.ActionFacts(
        meaning=action.status.meaning if action.status_id else None,
        start_on=action.start_on, start_precision=action.start_precision,
        due_on=action.due_on, due_precision=action.due_precision,
        last_update_on=action.last_update_on,
    )


@dataclass
class Node:
    section: Section
    children: list[Node] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)

    @property
    def action_count(self) -> int:
        return sum(self.counts.values())


def _status_rows(plan, counts: Counter, options: list[StatusOption]) -> list[dict]:
    rows = [{"label": o.label, "colour": o.colour, "count": counts.get(o.meaning, 0), "meaning": o.meaning,
             "code": o.code} for o in options]
    # Two options may share a meaning; count each meaning once, against its first option.
    seen = set()
    for row in rows:
        if row["meaning"] in seen:
            row["count"] = 0
        seen.add(row["meaning"])
    rows.append({"label": "No update yet", "colour": "", "count": counts.get(rules.NO_UPDATE, 0),
                 "meaning": rules.NO_UPDATE, "code": "none"})
    return rows


def plan_tree(plan: ImprovementPlan, *, today: datetime.date) -> dict:
    """Sections nested as in the plan, each action under its section, with status counts per priority."""
    sections = list(plan.sections.select_related("lead_user").order_by("level", "position", "id"))
    actions = list(
        plan.actions.select_related("status").prefetch_related(
            Prefetch("leads", queryset=ActionLead.objects.select_related("user"))
        ).order_by("position", "id")
    )
    options = list(plan.status_options.all())
    nodes = {s.pk: Node(s) for s in sections}
    roots = []
    for section in sections:
        parent = nodes.get(section.parent_id)
        (parent.children if parent else roots).append(nodes[section.pk])
    parent_of = {s.pk: s.parent_id for s in sections}
    pairs = []
    for action in actions:
        node = nodes.get(action.section_id)
        if node is not None:
            node.actions.append(action)
        action.is_past_due = rules.is_past_due(facts_for(action), today=today)
        pairs.append((rules.top_group(action.section_id, parent_of), action.status.meaning if action.status_id else None))
    counts = rules.rollup(pairs)
    for root in roots:
        root.counts = counts.get(root.section.pk, Counter())
        root.status_rows = _status_rows(plan, root.counts, options)
    overall = rules.total(counts)
    return {
        "roots": roots,
        "actions": actions,
        "options": options,
        "overall": overall,
        "overall_rows": _status_rows(plan, overall, options),
        "percent_complete": rules.percent_complete(overall),
        "past_due": sum(1 for a in actions if a.is_past_due),
    }


# ---- action lists -------------------------------------------------------------------------

SORTS = {
    "plan": ("position", "id"),
    "due": ("due_on", "position", "id"),
    "-due": ("-due_on", "position", "id"),
    "status": ("status__position", "position", "id"),
    "updated": ("last_update_on", "position", "id"),
    "code": ("code", "id"),
}


def section_ids_under(plan, section_id: int) -> list[int]:
    parent_of = dict(plan.sections.values_list("pk", "parent_id"))
    return [pk for pk in parent_of if _descends(pk, section_id, parent_of)]


def _descends(pk, ancestor, parent_of) -> bool:
    seen = set()
    while pk is not None and pk not in seen:
        if pk == ancestor:
            return True
        seen.add(pk)
        pk = parent_of.get(pk)
    return False


def past_due_q(today: datetime.date) -> Q:
    """Actions past their due date and not complete, in SQL (matches plans.dates.is_past_due)."""
    first_of_month = today.replace(day=1)
    return (
        (Q(due_precision=DatePrecision.MONTH, due_on__lt=first_of_month)
         | (~Q(due_precision__in=[DatePrecision.MONTH, DatePrecision.TBC]) & Q(due_on__lt=today)))
        & (Q(status__isnull=True) | ~Q(status__meaning__in=list(COMPLETE_MEANINGS)))
    )


def filtered_actions(plan, filters: dict, *, today: datetime.date, sort: str = "plan") -> QuerySet[Action]:
    """The plan's actions matching the list filters (cleaned form data), sorted."""
    actions = plan.actions.all()
    if filters.get("priority"):
        actions = actions.filter(section_id__in=section_ids_under(plan, filters["priority"].pk))
    lead = filters.get("lead") or ""
    if lead.startswith("u"):
        actions = actions.filter(leads__user_id=int(lead[1:]))
    elif lead.startswith("n"):
        actions = actions.filter(leads__user__isnull=True, leads__name=lead[1:])
    if filters.get("organisation"):
        org = filters["organisation"]
        actions = actions.filter(Q(leads__organisation=org) | Q(leads__user__organisation=org, leads__organisation=""))
    status = filters.get("status") or ""
    if status == "none":
        actions = actions.filter(status__isnull=True)
    elif status:
        actions = actions.filter(status__code=status)
    source = filters.get("source") or ""
    if source == "none":
        actions = actions.filter(sources__isnull=True)
    elif source:
        actions = actions.filter(sources__kind=source)
    if filters.get("finding"):
        actions = actions.filter(sources__finding=filters["finding"])
    if filters.get("overdue"):
        actions = actions.filter(past_due_q(today))
    if filters.get("q"):
        actions = actions.filter(Q(title__icontains=filters["q"]) | Q(code__iexact=filters["q"]))
    return (actions.distinct().order_by(*SORTS.get(sort, SORTS["plan"]))
            .select_related("status", "section")
            .prefetch_related(Prefetch("leads", queryset=ActionLead.objects.select_related("user")),
                              Prefetch("sources", queryset=ActionSource.objects.select_related("finding"))))


def annotate_flags(actions, *, today: datetime.date, cycle: ReportingCycle | None) -> None:
    """Set ``flags`` (words) on each action in a page of results."""
    for action in actions:
        facts = facts_for(action)
        found = rules.flags(facts, today=today, cycle_start=cycle.period_start if cycle else None)
        action.flag_codes = found
        action.is_past_due = rules.PAST_DUE in found


def lead_choices(plan) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for user_id, full_name, email, name in (ActionLead.objects.filter(action__plan=plan)
                                            .values_list("user_id", "user__full_name", "user__email", "name")):
        if user_id:
            seen.setdefault(f"u{user_id}", full_name or email)
        elif name:
            seen.setdefault(f"n{name}", name)
    return sorted(seen.items(), key=lambda item: item[1].lower())


def organisation_choices(plan) -> list[str]:
    orgs = set(ActionLead.objects.filter(action__plan=plan).exclude(organisation="")
               .values_list("organisation", flat=True))
    orgs |= set(ActionLead.objects.filter(action__plan=plan, organisation="", user__isnull=False)
                .exclude(user__organisation="").values_list("user__organisation", flat=True))
    return sorted(orgs, key=str.lower)


def findings_for(plan) -> QuerySet[InspectionFinding]:
    """Findings from this authority's inspections (and any inspections the plan answers)."""
    return (InspectionFinding.objects.filter(
        Q(inspection__local_authority_id=plan.local_authority_id) | Q(inspection__plans=plan))
        .distinct().select_related("inspection").order_by("inspection__published_on", "kind", "number"))


def my_actions(plan, user, *, today: datetime.date, cycle: ReportingCycle | None) -> list[Action]:
    """Actions this person leads (as an action lead or section lead) that are due an update."""
    section_ids = set()
    parent_of = dict(plan.sections.values_list("pk", "parent_id"))
    led_sections = set(plan.sections.filter(lead_user=user).values_list("pk", flat=True))
    for pk in parent_of:
        if any(_descends(pk, led, parent_of) for led in led_sections):
            section_ids.add(pk)
    led = plan.actions.filter(Q(leads__user=user) | Q(section_id__in=section_ids)).distinct()
    led_ids = set(led.values_list("pk", flat=True))
    # Sub-actions of an action the person leads are theirs too.
    parent_action = dict(plan.actions.exclude(parent__isnull=True).values_list("pk", "parent_id"))
    led_ids |= {pk for pk in parent_action if any(_descends(pk, lid, parent_action) for lid in led_ids)}
    actions = list(plan.actions.filter(pk__in=led_ids).select_related("status", "section").order_by("position", "id"))
    cycle_start = cycle.period_start if cycle else None
    due = []
    for action in actions:
        facts = facts_for(action)
        action.needs_update = rules.needs_update(facts, today=today)
        action.updated_this_cycle = (cycle_start is not None and action.last_update_on is not None
                                     and action.last_update_on >= cycle_start)
        action.is_past_due = rules.is_past_due(facts, today=today)
        action.flag_codes = rules.flags(facts, today=today, cycle_start=cycle_start)
        due.append(action)
    return due


# ---- the timeline -------------------------------------------------------------------------


def gantt_rows(plan, tree: dict, *, today: datetime.date, top_section: Section | None = None) -> list[gantt.Row]:
    """Priorities and their actions as timeline rows, in plan order."""
    rows: list[gantt.Row] = []

    def span(node) -> tuple[datetime.date | None, datetime.date | None]:
        starts, ends = [], []
        stack = [node]
        while stack:
            current = stack.pop()
            stack.extend(current.children)
            for action in current.actions:
                start, end = action_dates(action)
                if start:
                    starts.append(start)
                if end:
                    ends.append(end)
        return (min(starts) if starts else None, max(ends) if ends else None)

    def walk(node, depth):
        start, end = span(node)
        rows.append(gantt.Row(
            code=node.section.code, title=node.section.title, start=start, end=end, level=depth, group=True,
            lead=node.section.lead_display, colour="black",
            start_label=gantt.date_label(start, missing="Not set"), end_label=gantt.date_label(end, missing="Not set"),
        ))
        for action in node.actions:
            rows.append(action_row(action, level=depth + 1, today=today))
        for child in node.children:
            walk(child, depth + 1)

    for root in tree["roots"]:
        if top_section is None or root.section.pk == top_section.pk:
            walk(root, 0)
    return rows


def action_dates(action: Action) -> tuple[datetime.date | None, datetime.date | None]:
    start = action.start_on
    end = dates.due_by(action.due_on, action.due_precision)
    return start, end


def action_row(action: Action, *, level: int, today: datetime.date) -> gantt.Row:
    start, end = action_dates(action)
    past_due = rules.is_past_due(facts_for(action), today=today)
    return gantt.Row(
        code=action.code, title=action.title, start=start, end=end,
        status_label=action.status.label if action.status_id else "No update yet",
        colour=action.status.colour if action.status_id else "grey",
        level=level, href=reverse("plans:action_detail", args=[action.pk]),
        lead=", ".join(lead.display for lead in action.leads.all()),
        start_label=dates.format_plan_date(action.start_on, action.start_precision, style="long") or "Not set",
        end_label=dates.format_plan_date(action.due_on, action.due_precision, style="long") or "Not set",
        note="past due" if past_due else "",
    )
