"""Reads for the timeline and the action list, on top of plans/queries_ui.py: timeline rows from
the tree of sections, and the action list's filters and sorting done in SQL before rows are built."""

from __future__ import annotations

import datetime

from django.db.models import F, Q

from . import dates, gantt
from .queries_ui import LIVE, ActionRow, TreeNode, only_shown

# ---- the timeline -------------------------------------------------------------------------


def gantt_row(row: ActionRow, *, level: int) -> gantt.Row:
    return gantt.Row(
        code=row.code, title=row.title, start=row.start_on, end=dates.due_by(row.due_on, row.due_precision),
        status_label=row.status_label, colour=row.status_colour, level=level, group=False,
        href=row.href, lead=row.lead_text,
        start_label=row.start_label, end_label=row.due_label,
        note="removed" if row.removed else ("past due" if row.is_overdue else ""),
        depends_on=row.depends_on_text, needed_by=row.needed_by_text,
    )


def gantt_rows(roots: list[TreeNode], *, only=None) -> list[gantt.Row]:
    """Priorities, their objectives and actions as timeline rows, in plan order."""
    result: list[gantt.Row] = []

    def span(node):
        starts, ends = [], []
        stack = [node]
        while stack:
            current = stack.pop()
            stack.extend(current.children)
            for row in current.rows:
                end = dates.due_by(row.due_on, row.due_precision)
                if row.start_on:
                    starts.append(row.start_on)
                if end:
                    ends.append(end)
        return (min(starts) if starts else None, max(ends) if ends else None)

    def walk(node, depth):
        start, end = span(node)
        result.append(gantt.Row(
            code=node.section["code"], title=node.section["title"], start=start, end=end, level=depth, group=True,
            lead=node.lead, colour="black", start_label=gantt.date_label(start, missing="Not set"),
            end_label=gantt.date_label(end, missing="Not set"),
        ))
        for row in node.rows:
            result.append(gantt_row(row, level=depth + 1 + row.depth))
        for child in node.children:
            walk(child, depth + 1)

    for root in roots:
        if only is None or root.section["pk"] == only:
            walk(root, 0)
    return result


def section_ids_under(sections: list[dict], section_id: int) -> list[int]:
    """The section and every section below it."""
    parent_of = {s["pk"]: s["parent_id"] for s in sections}
    found = []
    for pk in parent_of:
        current, seen = pk, set()
        while current is not None and current not in seen:
            if current == section_id:
                found.append(pk)
                break
            seen.add(current)
            current = parent_of.get(current)
    return found


# ---- the action list in SQL: filter, sort and page before building rows -------------------

SQL_SORTS = {
    "plan": ("position", "id"),
    "due": (F("due_on").asc(nulls_last=True), "position", "id"),
    "-due": (F("due_on").desc(nulls_last=True), "position", "id"),
    "status": (F("status__position").asc(nulls_last=True), "position", "id"),
    "updated": (F("last_update_on").asc(nulls_first=True), "position", "id"),
    "code": ("code", "position", "id"),
}


def past_due_q(today: datetime.date) -> Q:
    """Past due and not complete, in SQL (as plans.dates.is_past_due: a month is due by its end)."""
    from .choices import COMPLETE_MEANINGS

    return ((Q(due_precision=dates.MONTH, due_on__lt=today.replace(day=1))
             | (~Q(due_precision__in=[dates.MONTH, dates.TBC]) & Q(due_on__lt=today)))
            & (Q(status__isnull=True) | ~Q(status__meaning__in=list(COMPLETE_MEANINGS))))


def filtered_action_ids(plan, data: dict, *, sections: list[dict], today: datetime.date, part=None):
    """The ids of the actions the list's filters (cleaned ActionFilterForm data) choose, sorted."""
    from .models import Action

    actions = only_shown(Action.objects.filter(plan=plan), data.get("show") or LIVE)
    if part is not None:
        actions = actions.filter(section_id__in=section_ids_under(sections, part["pk"]))
    if data.get("priority") is not None:
        actions = actions.filter(section_id__in=section_ids_under(sections, data["priority"].pk))
    if lead := (data.get("lead") or "").strip():
        actions = actions.filter(Q(leads__user__full_name__iexact=lead)
                                 | Q(leads__user__isnull=True, leads__name__iexact=lead))
    if organisation := (data.get("organisation") or "").strip():
        actions = actions.filter(Q(leads__organisation__iexact=organisation)
                                 | Q(leads__organisation="", leads__user__organisation__iexact=organisation))
    status = data.get("status") or ""
    if status == "none":
        actions = actions.filter(status__isnull=True)
    elif status:
        actions = actions.filter(status__code=status)
    source = data.get("source") or ""
    if source == "none":
        actions = actions.filter(sources__isnull=True)
    elif source:
        actions = actions.filter(sources__kind=source)
    if data.get("finding") is not None:
        actions = actions.filter(sources__finding=data["finding"])
    if data.get("overdue"):
        actions = actions.filter(past_due_q(today))
    if words := (data.get("q") or "").strip():
        actions = actions.filter(Q(title__icontains=words) | Q(code__iexact=words))
    joined = bool(lead or organisation or (source and source != "none") or data.get("finding") is not None)
    if joined:  # a filter through leads or sources can match an action more than once
        actions = actions.distinct()
    return actions.order_by(*SQL_SORTS.get(data.get("sort") or "plan", SQL_SORTS["plan"])).values_list("pk", flat=True)


def lead_and_organisation_choices(plan) -> tuple[list[str], list[str]]:
    from .models import ActionLead

    names, organisations = set(), set()
    for user_id, full_name, email, name, organisation, user_org in (
            ActionLead.objects.filter(action__plan=plan, action__removed_at__isnull=True).order_by().values_list(
                "user_id", "user__full_name", "user__email", "name", "organisation", "user__organisation").distinct()):
        names.add((full_name or email) if user_id else name)
        if organisation or (user_id and user_org):
            organisations.add(organisation or user_org)
    return sorted(filter(None, names), key=str.lower), sorted(organisations, key=str.lower)
