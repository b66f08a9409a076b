"""Reads for improvement plans: querysets with related data selected, and the plan's flags.

The pages (plans/views.py) and the reports (plans/reports.py) read through here, so each page
costs a fixed number of queries however large the plan.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from . import status as rules
from .choices import FINDING_SOURCE_KINDS, StatusMeaning
from .models import (
    Action,
    ActionLead,
    ActionSource,
    ImprovementPlan,
    IndicatorLink,
    InspectionFinding,
    ReportingCycle,
    Section,
    StatusOption,
    StatusUpdate,
)

# ---- plans ----------------------------------------------------------------------------------


def plans_for(local_authority) -> QuerySet[ImprovementPlan]:
    """An authority's plans (its own and those it is a partner in), with action counts."""
    return (ImprovementPlan.objects
            .filter(Q(local_authority=local_authority) | Q(partner_authorities=local_authority))
            .distinct()
            .select_related("local_authority", "owner")
            .annotate(action_count=Count("actions", filter=Q(actions__removed_at__isnull=True), distinct=True))
            .order_by("title"))


def plan_with_scale(plan_id: int) -> ImprovementPlan:
    return ImprovementPlan.objects.select_related("local_authority", "owner").prefetch_related(
        "status_options").get(pk=plan_id)


def status_scale(plan: ImprovementPlan) -> list[StatusOption]:
    return list(plan.status_options.all())


def uses_of_status(option: StatusOption) -> tuple[int, int]:
    """(status updates that used the option, actions whose current status it is)."""
    return (StatusUpdate.objects.filter(status=option).count(),
            Action.objects.filter(status=option).count())


def current_cycle(plan: ImprovementPlan, today: datetime.date) -> ReportingCycle | None:
    """The cycle whose period includes today (the shortest, if boards overlap), else the last started."""
    open_today = Case(When(period_end__gte=today, then=Value(0)), default=Value(1), output_field=IntegerField())
    return (plan.cycles.filter(period_start__lte=today).annotate(open_today=open_today)
            .order_by("open_today", "-period_start", "deadline").first())


def previous_cycle(cycle: ReportingCycle) -> ReportingCycle | None:
    """The same board's cycle before this one."""
    return (ReportingCycle.objects.filter(plan_id=cycle.plan_id, board=cycle.board,
                                          period_start__lt=cycle.period_start)
            .order_by("-period_start").first())


# ---- actions --------------------------------------------------------------------------------


def in_plan(queryset: QuerySet, on: datetime.date | None = None) -> QuerySet:
    """Actions or sections in the plan now (not removed), or on a past day (not removed by its end)."""
    if on is None:
        return queryset.filter(removed_at__isnull=True)
    return queryset.filter(Q(removed_at__isnull=True) | Q(removed_at__date__gt=on))


def actions_for(plan: ImprovementPlan, *, in_plan_on: datetime.date | None = None,
                with_dependencies: bool = False) -> QuerySet[Action]:
    """The plan's actions (those not removed, or not removed by ``in_plan_on``) with section, status,
    leads, sources and indicator links loaded (and the actions each depends on and is needed by)."""
    actions = (in_plan(Action.objects.filter(plan=plan), in_plan_on)
               .select_related("section", "status", "parent")
               .prefetch_related(
                   Prefetch("leads", queryset=ActionLead.objects.select_related("user")),
                   Prefetch("sources", queryset=ActionSource.objects.select_related("finding")),
                   Prefetch("indicator_links", queryset=IndicatorLink.objects.select_related("indicator")),
               )
               .order_by("position", "id"))
    if with_dependencies:
        linked = Action.objects.live().only("pk", "code", "title", "plan_id", "position").order_by("position", "id")
        actions = actions.prefetch_related(Prefetch("dependencies", queryset=linked),
                                           Prefetch("dependents", queryset=linked))
    return actions


def action_detail(action_id: int) -> Action | None:
    """One action with everything its page shows, including its update history (newest first)."""
    return (Action.objects.select_related("plan__local_authority", "section__parent", "status", "parent",
                                          "removed_by")
            .prefetch_related(
                Prefetch("leads", queryset=ActionLead.objects.select_related("user")),
                Prefetch("sources", queryset=ActionSource.objects.select_related("finding__inspection")),
                Prefetch("indicator_links", queryset=IndicatorLink.objects.select_related("indicator")),
                Prefetch("updates", queryset=StatusUpdate.objects.select_related("status", "submitted_by", "cycle")
                         .prefetch_related("evidence")),
                Prefetch("children", queryset=Action.objects.live().select_related("status")
                         .prefetch_related("leads__user").order_by("position", "id")))
            .filter(pk=action_id).first())


def dependency_links(action: Action) -> tuple[list[Action], list[Action]]:
    """(the actions this one depends on, the actions that depend on it), each in plan order, from
    one query; removed ones included (pages mark them)."""
    links = (Action.dependencies.through.objects
             .filter(Q(from_action_id=action.pk) | Q(to_action_id=action.pk))
             .select_related("from_action__status", "to_action__status"))
    depends_on, needed_by = [], []
    for link in links:
        if link.from_action_id == action.pk:
            depends_on.append(link.to_action)
        if link.to_action_id == action.pk:
            needed_by.append(link.from_action)

    def in_order(actions):
        return sorted(actions, key=lambda a: (a.position, a.pk))

    return in_order(depends_on), in_order(needed_by)


def actions_led_by(user) -> QuerySet[Action]:
    """"My actions": actions the user leads (as a named lead, or as lead of their section)."""
    return (Action.objects.live()
            .filter(Q(leads__user=user) | Q(section__lead_user=user) | Q(section__parent__lead_user=user))
            .distinct()
            .select_related("plan__local_authority", "section", "status")
            .order_by("plan__title", "due_on", "position"))


def sections_for(plan: ImprovementPlan, *, in_plan_on: datetime.date | None = None) -> list[Section]:
    """The plan's sections (those not removed, or not removed by ``in_plan_on``)."""
    return list(in_plan(plan.sections.select_related("lead_user"), in_plan_on).order_by("level", "position", "id"))


def priority_of(sections: list[Section]) -> dict[int, Section]:
    """{section id: its top-level section (the priority or partner working group)}."""
    by_id = {s.pk: s for s in sections}
    parent_of = {s.pk: s.parent_id for s in sections}
    return {s.pk: by_id[rules.top_group(s.pk, parent_of)] for s in sections}


def facts_for(action: Action, *, meaning: str | None = None, off_trajectory: tuple = ()) -> rules.ActionFacts:
    return rules.ActionFacts(
        meaning=meaning if meaning is not None else (action.status.meaning if action.status_id else None),
        start_on=action.start_on, start_precision=action.start_precision,
        due_on=action.due_on, due_precision=action.due_precision,
        last_update_on=action.last_update_on, indicators_off_trajectory=off_trajectory,
    )


# ---- indicators (the contract in docs/developing.md) ----------------------------------------


def indicator_summaries(indicators, local_authority) -> dict[int, dict]:
    """{indicator id: indicators.queries.indicator_summary(...)}; empty if the indicators app cannot say."""
    try:
        from indicators.queries import indicator_summary
    except ImportError:
        return {}
    summaries = {}
    for indicator in indicators:
        if indicator.pk in summaries:
            continue
        summary = indicator_summary(indicator, local_authority)
        if summary is not None:
            summaries[indicator.pk] = summary
    return summaries


@dataclass
class ActionRow:
    """An action for lists and the overview: the record, its priority and its flags."""

    action: Action
    priority: Section
    flags: list[str] = field(default_factory=list)

    @property
    def is_overdue(self) -> bool:
        return rules.PAST_DUE in self.flags


def action_rows(plan: ImprovementPlan, *, today: datetime.date, actions=None,
                cycle: ReportingCycle | None = None) -> list[ActionRow]:
    """Every action (or those given) with its priority and flags, for lists and the overview."""
    sections = sections_for(plan)
    top = priority_of(sections)
    actions = list(actions if actions is not None else actions_for(plan))
    cycle = cycle if cycle is not None else current_cycle(plan, today)
    links = [link for action in actions for link in action.indicator_links.all()]
    summaries = indicator_summaries([link.indicator for link in links], plan.local_authority) if links else {}
    rows = []
    for action in actions:
        off = tuple((summaries.get(link.indicator_id) or {}).get("off_trajectory")
                    for link in action.indicator_links.all())
        facts = facts_for(action, off_trajectory=off)
        rows.append(ActionRow(action=action, priority=top.get(action.section_id, action.section),
                              flags=rules.flags(facts, today=today,
                                                cycle_start=cycle.period_start if cycle else None)))
    return rows


def filter_rows(rows: list[ActionRow], *, priority: int | None = None, lead: str = "", organisation: str = "",
                status: str = "", source: str = "", finding: int | None = None, overdue: bool = False,
                flag: str = "", sort: str = "position") -> list[ActionRow]:
    """Filter and sort action rows as the action list's filters ask.

    ``status`` is a StatusOption code or "none"; ``source`` a SourceKind; ``sort`` one of
    position, due, status, priority, code (prefix "-" for descending).
    """
    result = []
    lead, organisation = lead.strip().lower(), organisation.strip().lower()
    for row in rows:
        action = row.action
        if priority and row.priority.pk != priority:
            continue
        if lead and not any(lead in lead_.display.lower() for lead_ in action.leads.all()):
            continue
        if organisation and not any(organisation in (lead_.organisation or (lead_.user.organisation if lead_.user_id
                                                     else "")).lower() for lead_ in action.leads.all()):
            continue
        if status and (action.status.code if action.status_id else "none") != status:
            continue
        if source and not any(s.kind == source for s in action.sources.all()):
            continue
        if finding and not any(s.finding_id == finding for s in action.sources.all()):
            continue
        if overdue and not row.is_overdue:
            continue
        if flag and flag not in row.flags:
            continue
        result.append(row)
    keys = {
        "position": lambda r: (r.action.position, r.action.pk),
        "due": lambda r: (r.action.due_on is None, r.action.due_on or datetime.date.max, r.action.position),
        "status": lambda r: (r.action.status.position if r.action.status_id else -1, r.action.position),
        "priority": lambda r: (r.priority.position, r.action.position),
        "code": lambda r: (r.action.code, r.action.position),
    }
    descending = sort.startswith("-")
    result.sort(key=keys.get(sort.lstrip("-"), keys["position"]), reverse=descending)
    return result


# ---- the overview: tree and roll-up ---------------------------------------------------------


@dataclass
class SectionNode:
    section: Section
    children: list["SectionNode"] = field(default_factory=list)
    rows: list[ActionRow] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)  # by status meaning, this section and below


def plan_tree(plan: ImprovementPlan, *, today: datetime.date) -> tuple[list[SectionNode], Counter]:
    """The plan as a tree of sections with their actions and roll-up counts, and the plan's total.

    Counts are by status meaning (``plans.choices.StatusMeaning`` values, plus ``"no_update"``).
    """
    sections = sections_for(plan)
    rows = action_rows(plan, today=today)
    nodes = {s.pk: SectionNode(section=s) for s in sections}
    roots = []
    for section in sections:
        parent = nodes.get(section.parent_id)
        (parent.children if parent else roots).append(nodes[section.pk])
    parent_of = {s.pk: s.parent_id for s in sections}
    for row in rows:
        nodes[row.action.section_id].rows.append(row)
        meaning = row.action.status.meaning if row.action.status_id else rules.NO_UPDATE
        section_id, seen = row.action.section_id, set()
        while section_id is not None and section_id not in seen:
            seen.add(section_id)
            nodes[section_id].counts[meaning] += 1
            section_id = parent_of.get(section_id)
    total = Counter()
    for root in roots:
        total.update(root.counts)
    return roots, total


def rollup_by_priority(plan: ImprovementPlan) -> list[tuple[Section, Counter]]:
    """[(priority, Counter by status meaning)] in plan order, priorities with no actions included."""
    sections = sections_for(plan)
    top = priority_of(sections)
    meanings = Action.objects.live().filter(plan=plan).order_by().values_list("section_id", "status__meaning")
    counts = rules.rollup((top[section_id].pk, meaning) for section_id, meaning in meanings)
    return [(s, counts.get(s.pk, Counter())) for s in sections if s.parent_id is None]


# ---- coverage of inspection findings --------------------------------------------------------


@dataclass
class Coverage:
    findings: list[tuple[InspectionFinding, list[Action]]]  # each finding with the actions addressing it
    uncovered_findings: list[InspectionFinding]
    actions_without_source: list[Action]


def coverage(plan: ImprovementPlan) -> Coverage:
    """Which inspection findings the plan addresses, which it does not, and actions with no source."""
    findings = list(InspectionFinding.objects.filter(inspection__plans=plan)
                    .select_related("inspection").order_by("inspection__published_on", "kind", "number"))
    sources = (ActionSource.objects.filter(action__plan=plan, action__removed_at__isnull=True,
                                           kind__in=FINDING_SOURCE_KINDS, finding__isnull=False)
               .select_related("action").order_by("action__position"))
    by_finding: dict[int, list[Action]] = {}
    for source in sources:
        by_finding.setdefault(source.finding_id, []).append(source.action)
    without = list(Action.objects.live().filter(plan=plan, sources__isnull=True).select_related("section")
                   .order_by("position", "id"))
    pairs = [(finding, by_finding.get(finding.pk, [])) for finding in findings]
    return Coverage(findings=pairs, uncovered_findings=[f for f, actions in pairs if not actions],
                    actions_without_source=without)


# ---- status as at a date (history, for reports) ---------------------------------------------


def latest_updates(plan: ImprovementPlan, *, as_of: datetime.date) -> dict[int, StatusUpdate]:
    """{action id: its newest update on or before ``as_of``}: what the plan looked like that day."""
    newest = (StatusUpdate.objects.filter(action=OuterRef("pk"), reported_on__lte=as_of)
              .order_by("-reported_on", "-id").values("id")[:1])
    ids = Action.objects.filter(plan=plan).order_by().annotate(u=Subquery(newest)).values("u")
    updates = StatusUpdate.objects.filter(pk__in=Subquery(ids)).select_related("status", "submitted_by")
    return {update.action_id: update for update in updates}


def meanings_as_of(plan: ImprovementPlan, *, as_of: datetime.date) -> dict[int, str]:
    """{action id: status meaning on ``as_of``} for actions reported on by then."""
    newest = (StatusUpdate.objects.filter(action=OuterRef("pk"), reported_on__lte=as_of)
              .order_by("-reported_on", "-id").values("status__meaning")[:1])
    return {pk: meaning for pk, meaning in
            Action.objects.filter(plan=plan).order_by().annotate(m=Subquery(newest)).values_list("pk", "m") if meaning}


STATUS_MEANINGS = StatusMeaning  # re-exported for templates that group by meaning
