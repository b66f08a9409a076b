"""Reads only the plan web pages need, on top of plans/queries.py (which plans-data owns).

Access: a plan is seen by people with ``plan.view`` at the authority that holds it or at one of
its partner authorities; changing it needs the capability at the authority that holds it.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import F, Q, QuerySet
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


def findings_for(plan) -> list[InspectionFinding]:
    """Findings of the inspections this plan answers, and of its authority's other inspections."""
    return list(InspectionFinding.objects.filter(
        Q(inspection__local_authority_id=plan.local_authority_id) | Q(inspection__plans=plan))
        .distinct().select_related("inspection").order_by("inspection__published_on", "kind", "number"))


# ---- light rows: the list pages read plain values, not model instances --------------------
# A plan of 500 actions builds 2,500 model instances through the ORM's prefetching; reading
# values instead keeps the overview and list pages within their time budget (bench/plans_pages.py).


@dataclass(slots=True)
class ActionRow:
    pk: int
    code: str
    title: str
    section_id: int
    parent_id: int | None
    position: int
    start_on: datetime.date | None
    start_precision: str
    due_on: datetime.date | None
    due_precision: str
    last_update_on: datetime.date | None
    status_code: str
    status_label: str
    status_colour: str
    status_meaning: str | None
    status_position: int
    priority_id: int | None = None
    priority_label: str = ""
    leads: list = field(default_factory=list)  # (kind, display, user_id, organisation)
    sources: list = field(default_factory=list)  # display strings
    source_kinds: set = field(default_factory=set)
    finding_ids: set = field(default_factory=set)
    off_trajectory: list = field(default_factory=list)
    flags: list = field(default_factory=list)
    due_update: bool = False
    href: str = ""

    @property
    def flag_tags(self) -> list[tuple[str, str]]:
        """(words, tag colour) for each flag."""
        return [(FLAG_WORDS.get(code, code), FLAG_COLOURS.get(code, "grey")) for code in self.flags]

    @property
    def short_title(self) -> str:
        return self.title if len(self.title) <= 140 else self.title[:139].rstrip() + "…"

    @property
    def start_label(self) -> str:
        return dates.format_plan_date(self.start_on, self.start_precision, style="long") or "Not set"

    @property
    def due_label(self) -> str:
        return dates.format_plan_date(self.due_on, self.due_precision, style="long") or "Not set"

    @property
    def lead_text(self) -> str:
        return ", ".join(display for _kind, display, _user, _org in self.leads)

    @property
    def strategic_leads(self) -> str:
        return ", ".join(display for kind, display, _user, _org in self.leads if kind == "strategic")

    @property
    def is_overdue(self) -> bool:
        return rules.PAST_DUE in self.flags

    def facts(self) -> rules.ActionFacts:
        return rules.ActionFacts(meaning=self.status_meaning, start_on=self.start_on,
                                 start_precision=self.start_precision, due_on=self.due_on,
                                 due_precision=self.due_precision, last_update_on=self.last_update_on,
                                 indicators_off_trajectory=tuple(self.off_trajectory))


ROW_FIELDS = ("pk", "code", "title", "section_id", "parent_id", "position", "start_on", "start_precision",
              "due_on", "due_precision", "last_update_on", "status__code", "status__label", "status__colour",
              "status__meaning", "status__position")


def light_rows(plan, *, today: datetime.date, cycle, sections=None, with_indicators: bool = True,
               ids: list[int] | None = None) -> list[ActionRow]:
    """Every action of the plan as an ActionRow with its leads, sources, priority and flags.

    Five queries (six with linked indicators, plus what indicators.queries.indicator_summary
    costs for each distinct linked indicator), however many actions the plan has.
    """
    from .models import Action, ActionLead, ActionSource, IndicatorLink

    sections = sections if sections is not None else list(plan.sections.values("pk", "parent_id", "code", "title"))
    by_id = {s["pk"]: s for s in sections}
    parent_of = {s["pk"]: s["parent_id"] for s in sections}
    rows = [ActionRow(pk, code, title, section_id, parent_id, position, start_on, start_precision, due_on,
                      due_precision, last_update_on, status_code or "", status_label or "No update yet",
                      status_colour or "grey", status_meaning, status_position if status_position is not None else -1)
            for (pk, code, title, section_id, parent_id, position, start_on, start_precision, due_on, due_precision,
                 last_update_on, status_code, status_label, status_colour, status_meaning, status_position)
            in _only(Action.objects.filter(plan=plan), "pk", ids).order_by("position", "id").values_list(*ROW_FIELDS)]
    index = {row.pk: row for row in rows}
    if ids is not None:
        order = {pk: n for n, pk in enumerate(ids)}
        rows.sort(key=lambda row: order[row.pk])
    for action_id, kind, name, organisation, user_id, full_name, email, user_org in (
            _only(ActionLead.objects.filter(action__plan=plan), "action_id", ids).order_by("action_id", "kind", "position", "id")
            .values_list("action_id", "kind", "name", "organisation", "user_id", "user__full_name", "user__email",
                         "user__organisation")):
        person = (full_name or email) if user_id else name
        display = f"{person} ({organisation})" if organisation else person
        index[action_id].leads.append((kind, display, user_id, organisation or (user_org if user_id else "")))
    for action_id, kind, reference, finding_id, finding_kind, number in (
            _only(ActionSource.objects.filter(action__plan=plan), "action_id", ids).order_by("action_id", "kind", "id")
            .values_list("action_id", "kind", "reference", "finding_id", "finding__kind", "finding__number")):
        row = index[action_id]
        row.source_kinds.add(kind)
        if finding_id:
            row.finding_ids.add(finding_id)
            row.sources.append(f"{'AFI' if finding_kind == 'afi' else 'PA'}{number}")
        else:
            row.sources.append(reference or SOURCE_LABELS.get(kind, kind))
    if with_indicators:
        links = list(_only(IndicatorLink.objects.filter(action__plan=plan), "action_id", ids)
                     .values_list("action_id", "indicator_id"))
        if links:
            from indicators.models import Indicator

            indicators = list(Indicator.objects.filter(pk__in={i for _a, i in links}))
            summaries = queries.indicator_summaries(indicators, plan.local_authority)
            for action_id, indicator_id in links:
                index[action_id].off_trajectory.append((summaries.get(indicator_id) or {}).get("off_trajectory"))
    cycle_start = cycle.period_start if cycle else None
    href = reverse("plans:action_detail", args=[0]).replace("/0/", "/{}/")
    for row in rows:
        row.href = href.format(row.pk)
        top = rules.top_group(row.section_id, parent_of)
        row.priority_id = top
        priority = by_id.get(top) or {}
        row.priority_label = priority.get("code") or (priority.get("title") or "")[:40]
        row.flags = rules.flags(row.facts(), today=today, cycle_start=cycle_start)
    return rows


def _only(queryset, field_name: str, ids):
    return queryset if ids is None else queryset.filter(**{f"{field_name}__in": ids})


def _flag_words() -> dict:
    from .choices import Flag

    return dict(Flag.choices)


FLAG_WORDS = _flag_words()
FLAG_COLOURS = {rules.PAST_DUE: "red", rules.NOT_UPDATED: "yellow", rules.INDICATOR_OFF_TRAJECTORY: "orange"}


def _source_labels() -> dict:
    from .choices import SourceKind

    return dict(SourceKind.choices)


SOURCE_LABELS = _source_labels()


@dataclass
class TreeNode:
    section: dict
    level: int
    children: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    action_total: int = 0
    status_rows: list = field(default_factory=list)
    lead: str = ""
    direct: int = 0  # actions directly in this section (when rows are not loaded)


def light_tree(plan, rows: list[ActionRow], sections: list[dict]) -> tuple[list[TreeNode], Counter]:
    """Sections nested as in the plan, each holding its action rows, with counts by status meaning
    for the section and everything under it."""
    nodes = {s["pk"]: TreeNode(section=s, level=s["level"], lead=s.get("lead", "")) for s in sections}
    roots = []
    for s in sections:
        parent = nodes.get(s["parent_id"])
        (parent.children if parent else roots).append(nodes[s["pk"]])
    parent_of = {s["pk"]: s["parent_id"] for s in sections}
    for row in rows:
        node = nodes.get(row.section_id)
        if node is None:
            continue
        node.rows.append(row)
        meaning = row.status_meaning or rules.NO_UPDATE
        section_id, seen = row.section_id, set()
        while section_id is not None and section_id not in seen:
            seen.add(section_id)
            nodes[section_id].counts[meaning] += 1
            nodes[section_id].action_total += 1
            section_id = parent_of.get(section_id)
    total = Counter()
    for root in roots:
        total.update(root.counts)
    return roots, total


def section_values(plan) -> list[dict]:
    sections = list(plan.sections.order_by("level", "position", "id").values(
        "pk", "parent_id", "level", "code", "title", "lead_name", "lead_user_id", "lead_user__full_name"))
    for s in sections:
        s["lead"] = s["lead_user__full_name"] if s["lead_user_id"] else s["lead_name"]
    return sections


def my_light_rows(rows: list[ActionRow], user, sections: list[dict], *, today: datetime.date, cycle) -> list[ActionRow]:
    """The actions this person leads (as a named lead, or as lead of a section above them, or of an
    action above them), those due an update this cycle first."""
    parent_of = {s["pk"]: s["parent_id"] for s in sections}
    led_sections = {s["pk"] for s in sections if s["lead_user_id"] == user.pk}

    def under_led_section(section_id) -> bool:
        seen = set()
        while section_id is not None and section_id not in seen:
            if section_id in led_sections:
                return True
            seen.add(section_id)
            section_id = parent_of.get(section_id)
        return False

    mine = [row for row in rows if any(lead_user == user.pk for _k, _d, lead_user, _o in row.leads)
            or under_led_section(row.section_id)]
    ids = {row.pk for row in mine}
    added = True
    while added:  # workstreams within an action the person leads are theirs too
        added = False
        for row in rows:
            if row.parent_id in ids and row.pk not in ids:
                mine.append(row)
                ids.add(row.pk)
                added = True
    for row in mine:
        row.due_update = rules.NOT_UPDATED in row.flags or (
            cycle is None and rules.needs_update(row.facts(), today=today))
    mine.sort(key=lambda r: (not r.due_update, r.position, r.pk))
    return mine


# ---- the timeline -------------------------------------------------------------------------


def gantt_row(row: ActionRow, *, level: int) -> gantt.Row:
    return gantt.Row(
        code=row.code, title=row.title, start=row.start_on, end=dates.due_by(row.due_on, row.due_precision),
        status_label=row.status_label, colour=row.status_colour, level=level, group=False,
        href=row.href, lead=row.lead_text,
        start_label=row.start_label, end_label=row.due_label, note="past due" if row.is_overdue else "",
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
            result.append(gantt_row(row, level=depth + 1))
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

    actions = Action.objects.filter(plan=plan)
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
            ActionLead.objects.filter(action__plan=plan).values_list(
                "user_id", "user__full_name", "user__email", "name", "organisation", "user__organisation").distinct()):
        names.add((full_name or email) if user_id else name)
        if organisation or (user_id and user_org):
            organisations.add(organisation or user_org)
    return sorted(filter(None, names), key=str.lower), sorted(organisations, key=str.lower)


def count_tree(plan, sections: list[dict]) -> tuple[list[TreeNode], Counter, int]:
    """The tree of sections with counts by status meaning, from one grouped query (no rows)."""
    from django.db.models import Count

    from .models import Action

    roots, _total = light_tree(plan, [], sections)
    nodes = {}
    stack = list(roots)
    while stack:
        node = stack.pop()
        nodes[node.section["pk"]] = node
        stack.extend(node.children)
    parent_of = {s["pk"]: s["parent_id"] for s in sections}
    total, count = Counter(), 0
    for section_id, meaning, number in (Action.objects.filter(plan=plan).values_list("section_id", "status__meaning")
                                        .annotate(n=Count("id")).order_by()):
        meaning = meaning or rules.NO_UPDATE
        total[meaning] += number
        count += number
        nodes[section_id].direct += number
        current, seen = section_id, set()
        while current is not None and current not in seen:
            seen.add(current)
            nodes[current].counts[meaning] += number
            nodes[current].action_total += number
            current = parent_of.get(current)
    return roots, total, count
