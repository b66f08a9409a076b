"""Reads only the plan web pages need, on top of plans/queries.py (which plans-data owns).

Access: a plan is seen by people with ``plan.view`` at the authority that holds it or at one of
its partner authorities; changing it needs the capability at the authority that holds it.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.urls import reverse

from core import access

from . import dates, permissions, queries
from . import status as rules
from .models import ImprovementPlan, InspectionFinding

# ---- access -------------------------------------------------------------------------------


def plans_visible_to(user) -> QuerySet[ImprovementPlan]:
    """Plans held by, or shared with, the authorities where the user may view plans."""
    ids = access.authority_ids_for(user, "plan.view")
    return (ImprovementPlan.objects.filter(Q(local_authority_id__in=ids) | Q(partner_authorities__in=ids))
            .distinct().select_related("local_authority", "owner").order_by("local_authority__name", "title"))


def with_partner_flag(queryset: QuerySet[ImprovementPlan]) -> QuerySet[ImprovementPlan]:
    """Plans annotated ``has_partners``, so that reading a plan shared with nobody needs no query
    about partners (plans.permissions.partner_ids)."""
    through = ImprovementPlan.partner_authorities.through.objects.filter(improvementplan_id=OuterRef("pk"))
    return queryset.annotate(has_partners=Exists(through))


def plan_or_404(user, pk, capability: str = "plan.view") -> ImprovementPlan:
    """A plan the user may act on. Other authorities' plans 404; a role without the capability 403.

    Read by its key, then checked: people at the lead authority cost no query about partners.
    """
    if capability == "plan.view":
        plan = with_partner_flag(ImprovementPlan.objects.select_related("local_authority", "owner")).filter(
            pk=pk).first()
        if plan is None or not permissions.can_view_plan(user, plan):
            raise Http404("No such plan")
        return plan
    return access.object_or_404(
        user, capability, with_partner_flag(ImprovementPlan.objects.select_related("local_authority", "owner")), pk=pk
    )


def plan_of(record, path: str):
    """The plan a record belongs to, following ``path`` ("plan", "action__plan" ...)."""
    for part in path.split("__"):
        record = getattr(record, part)
    return record


def record_or_404(user, model, pk, capability: str = "plan.view", *, path: str = "plan", queryset=None):
    """A record inside a plan (section, action, cycle) that the user may act on: people at the
    plan's lead or partner authorities may view it; other capabilities are at the lead authority."""
    queryset = queryset if queryset is not None else model.objects.select_related(f"{path}__local_authority")
    if capability == "plan.view":
        found = queryset.filter(pk=pk).first()
        if found is None or not permissions.can_view_plan(user, plan_of(found, path)):
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
    removed: bool = False
    flags: list = field(default_factory=list)
    due_update: bool = False
    href: str = ""
    depth: int = 0  # 1 for a workstream listed under its parent action, 2 under that ...
    parent_label: str = ""  # the code (or title) of the action it is listed under
    depends_on: list = field(default_factory=list)  # (code or title, href) of actions that must finish first
    needed_by: list = field(default_factory=list)  # (code or title, href) of actions waiting for this one

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

    @property
    def depends_on_text(self) -> str:
        return "; ".join(name for name, _href in self.depends_on)

    @property
    def needed_by_text(self) -> str:
        return "; ".join(name for name, _href in self.needed_by)

    def facts(self) -> rules.ActionFacts:
        return rules.ActionFacts(meaning=self.status_meaning, start_on=self.start_on,
                                 start_precision=self.start_precision, due_on=self.due_on,
                                 due_precision=self.due_precision, last_update_on=self.last_update_on,
                                 indicators_off_trajectory=tuple(self.off_trajectory))


ROW_FIELDS = ("pk", "code", "title", "section_id", "parent_id", "position", "start_on", "start_precision",
              "due_on", "due_precision", "last_update_on", "status__code", "status__label", "status__colour",
              "status__meaning", "status__position", "removed_at")

# Which actions a page lists: those in the plan (the default), those removed, or both.
LIVE, REMOVED, ALL = "", "removed", "all"


def only_shown(queryset, show: str, prefix: str = ""):
    if show == REMOVED:
        return queryset.filter(**{f"{prefix}removed_at__isnull": False})
    if show == ALL:
        return queryset
    return queryset.filter(**{f"{prefix}removed_at__isnull": True})


def light_rows(plan, *, today: datetime.date, cycle, sections=None, with_indicators: bool = True,
               ids: list[int] | None = None, show: str = LIVE, with_dependencies: bool = False) -> list[ActionRow]:
    """The plan's actions (those in the plan, or as ``show`` says) as ActionRows with their leads,
    sources, priority and flags (and, if asked, the actions they depend on and are needed by).

    Five queries (six with linked indicators, plus what indicators.queries.indicator_summary
    costs for each distinct linked indicator; one more with dependencies), however many actions
    the plan has.
    """
    from .models import Action, ActionLead, ActionSource, IndicatorLink

    if sections is None:
        sections = section_values(plan, show=ALL if show != LIVE else LIVE)
    by_id = {s["pk"]: s for s in sections}
    parent_of = {s["pk"]: s["parent_id"] for s in sections}
    rows = [ActionRow(pk, code, title, section_id, parent_id, position, start_on, start_precision, due_on,
                      due_precision, last_update_on, status_code or "", status_label or "No update yet",
                      status_colour or "grey", status_meaning, status_position if status_position is not None else -1,
                      removed=removed_at is not None)
            for (pk, code, title, section_id, parent_id, position, start_on, start_precision, due_on, due_precision,
                 last_update_on, status_code, status_label, status_colour, status_meaning, status_position, removed_at)
            in _only(only_shown(Action.objects.filter(plan=plan), show), "pk", ids).order_by("position", "id")
            .values_list(*ROW_FIELDS)]
    index = {row.pk: row for row in rows}
    if ids is not None:
        order = {pk: n for n, pk in enumerate(ids)}
        rows.sort(key=lambda row: order[row.pk])
    for action_id, kind, name, organisation, user_id, full_name, email, user_org in (
            _of_actions(ActionLead, plan, show, ids).order_by("action_id", "kind", "position", "id")
            .values_list("action_id", "kind", "name", "organisation", "user_id", "user__full_name", "user__email",
                         "user__organisation")):
        person = (full_name or email) if user_id else name
        display = f"{person} ({organisation})" if organisation else person
        index[action_id].leads.append((kind, display, user_id, organisation or (user_org if user_id else "")))
    for action_id, kind, reference, finding_id, finding_kind, number in (
            _of_actions(ActionSource, plan, show, ids).order_by("action_id", "kind", "id")
            .values_list("action_id", "kind", "reference", "finding_id", "finding__kind", "finding__number")):
        row = index[action_id]
        row.source_kinds.add(kind)
        if finding_id:
            row.finding_ids.add(finding_id)
            row.sources.append(f"{'AFI' if finding_kind == 'afi' else 'PA'}{number}")
        else:
            row.sources.append(reference or SOURCE_LABELS.get(kind, kind))
    if with_indicators:
        links = list(_of_actions(IndicatorLink, plan, show, ids).order_by().values_list("action_id", "indicator_id"))
        if links:
            from indicators.models import Indicator

            indicators = list(Indicator.objects.filter(pk__in={i for _a, i in links}))
            summaries = queries.indicator_summaries(indicators, plan.local_authority)
            for action_id, indicator_id in links:
                index[action_id].off_trajectory.append((summaries.get(indicator_id) or {}).get("off_trajectory"))
    href = reverse("plans:action_detail", args=[0]).replace("/0/", "/{}/")
    if with_dependencies:
        _add_dependencies(plan, index, href)
    cycle_start = cycle.period_start if cycle else None
    for row in rows:
        row.href = href.format(row.pk)
        top = rules.top_group(row.section_id, parent_of)
        row.priority_id = top
        priority = by_id.get(top) or {}
        row.priority_label = priority.get("code") or (priority.get("title") or "")[:40]
        row.flags = [] if row.removed else rules.flags(row.facts(), today=today, cycle_start=cycle_start)
    return rows


def _add_dependencies(plan, index: dict, href: str) -> None:
    """Each row's "depends on" and "needed by", between actions that are in the plan (one query)."""
    from .models import Action

    through = Action.dependencies.through.objects.filter(
        from_action__plan_id=plan.pk, from_action__removed_at__isnull=True, to_action__removed_at__isnull=True)
    for from_id, to_id, from_code, from_title, to_code, to_title in through.order_by(
            "to_action__position", "to_action_id").values_list(
            "from_action_id", "to_action_id", "from_action__code", "from_action__title", "to_action__code",
            "to_action__title"):
        if from_id in index:
            index[from_id].depends_on.append((to_code or to_title[:60], href.format(to_id)))
        if to_id in index:
            index[to_id].needed_by.append((from_code or from_title[:60], href.format(from_id)))


def _only(queryset, field_name: str, ids):
    return queryset if ids is None else queryset.filter(**{f"{field_name}__in": ids})


def _of_actions(model, plan, show: str, ids):
    """Leads, sources or links of the plan's actions: of the given actions only, when known (no join)."""
    if ids is not None:
        return model.objects.filter(action_id__in=ids)
    return only_shown(model.objects.filter(action__plan=plan), show, "action__")


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
    level_label: str = ""  # "Priority", "Objective" ...
    edit_href: str = ""
    remove_href: str = ""
    add_href: str = ""  # add an action here
    list_href: str = ""  # this section's actions


def _section_links(plan) -> dict[str, str]:
    """URL patterns for each section's links, reversed once per page rather than once per section."""
    def pattern(name):
        return reverse(f"plans:{name}", args=[0]).replace("/0/", "/{}/")

    return {
        "edit": pattern("section_edit"), "remove": pattern("section_remove"),
        "add": reverse("plans:action_create", args=[plan.pk]) + "?section={}",
        "list": reverse("plans:action_list", args=[plan.pk]) + "?section={}",
    }


def light_tree(plan, rows: list[ActionRow], sections: list[dict]) -> tuple[list[TreeNode], Counter]:
    """Sections nested as in the plan, each holding its action rows, with counts by status meaning
    for the section and everything under it."""
    links = _section_links(plan)
    nodes = {s["pk"]: TreeNode(section=s, level=s["level"], lead=s.get("lead", ""),
                               level_label=plan.level_label(s["level"]), edit_href=links["edit"].format(s["pk"]),
                               remove_href=links["remove"].format(s["pk"]), add_href=links["add"].format(s["pk"]),
                               list_href=links["list"].format(s["pk"]))
             for s in sections}
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
    _nest_workstreams(rows, nodes)
    total = Counter()
    for root in roots:
        total.update(root.counts)
    return roots, total


def _nest_workstreams(rows: list[ActionRow], nodes: dict) -> None:
    """List each workstream straight after the action it sits within (in that action's section),
    with ``depth`` saying how far in; counts stay with the workstream's own section."""
    listed = {row.pk for node in nodes.values() for row in node.rows}
    children: dict[int, list[ActionRow]] = {}
    for row in rows:
        if row.parent_id in listed and row.pk in listed:
            children.setdefault(row.parent_id, []).append(row)
    if not children:
        return

    def with_children(row, depth, seen):
        row.depth = depth
        ordered = [row]
        for child in children.get(row.pk, []):
            if child.pk not in seen:
                seen.add(child.pk)
                child.parent_label = row.code or row.short_title[:40]
                ordered.extend(with_children(child, depth + 1, seen))
        return ordered

    nested = {child.pk for group in children.values() for child in group}
    for node in nodes.values():
        ordered, seen = [], set()
        for row in node.rows:
            if row.pk not in nested:
                seen.add(row.pk)
                ordered.extend(with_children(row, 0, seen))
        node.rows = ordered
    # A loop of parents (which the services never make) would leave rows out: put them back.
    shown = {row.pk for node in nodes.values() for row in node.rows}
    for row in rows:
        if row.pk in listed and row.pk not in shown:
            nodes[row.section_id].rows.append(row)


def section_values(plan, *, show: str = LIVE) -> list[dict]:
    """The plan's sections as plain values, top level first; ``removed`` says which are removed."""
    sections = list(only_shown(plan.sections.all(), show).order_by("level", "position", "id").values(
        "pk", "parent_id", "level", "code", "title", "lead_name", "lead_user_id", "lead_user__full_name",
        "removed_at"))
    for s in sections:
        s["lead"] = s["lead_user__full_name"] if s["lead_user_id"] else s["lead_name"]
        s["removed"] = s["removed_at"] is not None
    return sections


def partners_of(plan) -> list:
    """The plan's partner authorities by name (and, as they are read, its partner ids)."""
    if getattr(plan, "has_partners", True) is False:
        plan._partner_ids = set()
        return []
    partners = list(plan.partner_authorities.order_by("name"))
    plan._partner_ids = {partner.pk for partner in partners}
    return partners


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


def count_tree(plan, sections: list[dict]) -> tuple[list[TreeNode], Counter, int, int]:
    """The tree of sections with counts by status meaning, the plan's total, its number of actions
    and of removed actions, from one grouped query (no rows)."""
    from django.db.models import BooleanField, Count, ExpressionWrapper

    from .models import Action

    roots, _total = light_tree(plan, [], sections)
    nodes = {}
    stack = list(roots)
    while stack:
        node = stack.pop()
        nodes[node.section["pk"]] = node
        stack.extend(node.children)
    parent_of = {s["pk"]: s["parent_id"] for s in sections}
    total, count, removed = Counter(), 0, 0
    is_removed = ExpressionWrapper(Q(removed_at__isnull=False), output_field=BooleanField())
    for section_id, meaning, gone, number in (
            Action.objects.filter(plan=plan).annotate(gone=is_removed)
            .values_list("section_id", "status__meaning", "gone").annotate(n=Count("id")).order_by()):
        if gone:
            removed += number
            continue
        if section_id not in nodes:  # a live action in a removed section (the services never leave one)
            continue
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
    return roots, total, count, removed
