"""The board highlight report for a reporting cycle: its content, assembled once.

The web page, the PDF (plans/exporters/pdf.py) and the Word document (plans/exporters/word.py)
all show the ``BoardReport`` built here, so they always say the same thing. The statuses are as
they stood at the cycle's deadline (the newest update on or before it), so an old cycle's report
reads as it did at the time.

Sections: summary of status by priority; exceptions (off track, then some concerns) with the
lead's commentary, next steps, risks and issues; completed since the last report; due in the next
period; linked indicator trends.
"""

import datetime
from dataclasses import dataclass, field

from . import charts, dates, queries
from . import status as rules
from .choices import CycleFrequency, LeadKind
from .models import ImprovementPlan, ReportingCycle


@dataclass
class StatusColumn:
    code: str
    label: str
    colour: str
    meaning: str


@dataclass
class PriorityRollup:
    code: str
    title: str
    counts: list[int]  # one per status column, then "no update yet"
    total: int
    percent_complete: float | None

    @property
    def label(self) -> str:
        return f"{self.code}. {self.title}" if self.code else self.title


@dataclass
class ReportAction:
    code: str
    title: str
    priority: str
    status_label: str
    status_colour: str
    meaning: str
    due: str
    leads: str
    reported_on: datetime.date | None = None
    commentary: str = ""
    next_steps: str = ""
    risks_and_issues: str = ""


UNIT_SUFFIXES = {"percent": "%", "%": "%", "weeks": " weeks", "rate": " per 100"}


def unit_suffix(unit: str) -> str:
    """What to write after a figure in this unit (indicators' Unit values): "%" for percent."""
    return UNIT_SUFFIXES.get((unit or "").lower(), "")


@dataclass
class IndicatorTrend:
    code: str
    title: str
    unit: str
    latest_period: str
    latest_value: float | None
    target: float | None
    rag: str | None
    off_trajectory: bool | None
    trend: list[tuple[str, float | None]]
    actions: list[str]
    chart: charts.Sparkline | None = None

    @property
    def rag_label(self) -> str:
        return {"red": "Red", "amber": "Amber", "green": "Green"}.get(self.rag or "", "No rating")

    @property
    def rag_colour(self) -> str:
        return {"red": "red", "amber": "orange", "green": "green"}.get(self.rag or "", "grey")


@dataclass
class BoardReport:
    plan_title: str
    authority: str
    board: str
    cycle_label: str
    period_start: datetime.date
    period_end: datetime.date
    as_of: datetime.date
    since: datetime.date | None
    next_start: datetime.date
    next_end: datetime.date
    generated_on: datetime.date
    columns: list[StatusColumn]
    summary: list[PriorityRollup]
    totals: list[int]
    total_actions: int
    percent_complete: float | None
    exceptions: list[ReportAction]
    completed: list[ReportAction]
    due_next: list[ReportAction]
    past_due_count: int
    indicators: list[IndicatorTrend] = field(default_factory=list)
    indicators_available: bool = True

    @property
    def title(self) -> str:
        return f"{self.plan_title}: highlight report for the {self.board}, {self.cycle_label}"

    @property
    def column_labels(self) -> list[str]:
        return [column.label for column in self.columns] + ["No update yet"]


def _cycle_label(cycle: ReportingCycle) -> str:
    if cycle.period_start.month == cycle.period_end.month and cycle.period_start.year == cycle.period_end.year:
        return f"{cycle.period_start:%B %Y}"
    return f"{cycle.period_start:%B %Y} to {cycle.period_end:%B %Y}"


def _leads(action) -> str:
    strategic = [lead.display for lead in action.leads.all() if lead.kind == LeadKind.STRATEGIC]
    return "; ".join(strategic or [lead.display for lead in action.leads.all()])


def build_board_report(plan: ImprovementPlan, cycle: ReportingCycle, *, today: datetime.date) -> BoardReport:
    """Everything the board highlight report for ``cycle`` says, as of the cycle's deadline."""
    as_of = min(cycle.deadline, today)  # a report run before the deadline shows today
    previous = queries.previous_cycle(cycle)
    since = previous.deadline if previous else None
    months = 3 if cycle.frequency == CycleFrequency.QUARTERLY else 1
    next_start = cycle.period_end + datetime.timedelta(days=1)
    next_end = dates.month_end(dates.add_months(next_start, months - 1))

    options = list(plan.status_options.all())
    columns = [StatusColumn(o.code, o.label, o.colour, o.meaning) for o in options]
    column_of = {o.pk: index for index, o in enumerate(options)}
    # Actions removed after the report's date were still in the plan then, so an old report keeps them.
    sections = queries.sections_for(plan, in_plan_on=as_of)
    top = queries.priority_of(sections)
    priorities = [s for s in sections if s.parent_id is None]
    updates = queries.latest_updates(plan, as_of=as_of)
    # "Completed since the last report": complete now, not complete at the last report (or, for a
    # board's first report, at the start of its period).
    before = queries.meanings_as_of(plan, as_of=since or cycle.period_start - datetime.timedelta(days=1))

    counts = {p.pk: [0] * (len(columns) + 1) for p in priorities}
    exceptions, completed, due_next, past_due = [], [], [], 0
    actions = list(queries.actions_for(plan, in_plan_on=as_of))
    for action in actions:
        priority = top[action.section_id]
        update = updates.get(action.pk)
        status = update.status if update else None
        counts[priority.pk][column_of[status.pk] if status else len(columns)] += 1
        meaning = status.meaning if status else None
        facts = queries.facts_for(action, meaning=meaning or "")
        item = ReportAction(
            code=action.code, title=action.title, priority=priority.code or priority.title[:40],
            status_label=status.label if status else "No update yet", status_colour=status.colour if status else "grey",
            meaning=meaning or rules.NO_UPDATE, due=dates.format_plan_date(action.due_on, action.due_precision),
            leads=_leads(action), reported_on=update.reported_on if update else None,
            commentary=update.commentary if update else "", next_steps=update.next_steps if update else "",
            risks_and_issues=update.risks_and_issues if update else "",
        )
        if meaning in rules.EXCEPTIONS:
            exceptions.append((0 if meaning == rules.OFF_TRACK else 1, action.position, item))
        if rules.is_complete(meaning) and not rules.is_complete(before.get(action.pk)):
            completed.append(item)
        if rules.due_in_period(facts, next_start, next_end):
            due_next.append(item)
        if rules.is_past_due(facts, today=as_of):
            past_due += 1

    # A retired status gets a column only if some action still had it on the report's date.
    keep = [index for index, option in enumerate(options)
            if option.retired_at is None or any(row[index] for row in counts.values())] + [len(columns)]
    columns = [columns[index] for index in keep[:-1]]
    counts = {pk: [row[index] for index in keep] for pk, row in counts.items()}
    summary = []
    for priority in priorities:
        row = counts[priority.pk]
        by_meaning = {}
        for column, count in zip(columns, row, strict=False):
            by_meaning[column.meaning] = by_meaning.get(column.meaning, 0) + count
        complete = sum(by_meaning.get(m, 0) for m in rules.COMPLETE)
        total = sum(row)
        summary.append(PriorityRollup(code=priority.code, title=priority.title, counts=row, total=total,
                                      percent_complete=round(100 * complete / total, 1) if total else None))
    totals = [sum(row.counts[i] for row in summary) for i in range(len(columns) + 1)]
    total_actions = sum(totals)
    complete_total = sum(t for t, c in zip(totals, columns, strict=False) if c.meaning in rules.COMPLETE)

    indicators, available = _indicator_trends(plan, actions)
    return BoardReport(
        plan_title=plan.title, authority=plan.local_authority.name, board=cycle.board,
        cycle_label=_cycle_label(cycle), period_start=cycle.period_start, period_end=cycle.period_end,
        as_of=as_of, since=since, next_start=next_start, next_end=next_end, generated_on=today,
        columns=columns, summary=summary, totals=totals, total_actions=total_actions,
        percent_complete=round(100 * complete_total / total_actions, 1) if total_actions else None,
        exceptions=[item for *_key, item in sorted(exceptions, key=lambda e: (e[0], e[1]))],
        completed=completed, due_next=due_next, past_due_count=past_due,
        indicators=indicators, indicators_available=available,
    )


def _indicator_trends(plan, actions) -> tuple[list[IndicatorTrend], bool]:
    links = [(action, link) for action in actions for link in action.indicator_links.all()]
    if not links:
        return [], True
    try:
        import indicators.queries  # noqa: F401
    except ImportError:
        available = False
    else:
        available = True
    summaries = queries.indicator_summaries([link.indicator for _, link in links], plan.local_authority)
    trends: dict[int, IndicatorTrend] = {}
    for action, link in links:
        indicator = link.indicator
        trend = trends.get(indicator.pk)
        if trend is None:
            summary = summaries.get(indicator.pk) or {}
            target = link.target if link.target is not None else summary.get("target")
            points = list(summary.get("trend") or [])[-12:]
            trend = IndicatorTrend(
                code=indicator.code, title=indicator.title, unit=unit_suffix(summary.get("unit") or ""),
                latest_period=summary.get("latest_period") or "", latest_value=summary.get("latest_value"),
                target=target, rag=summary.get("rag"), off_trajectory=summary.get("off_trajectory"),
                trend=points, actions=[],
                chart=charts.sparkline([value for _, value in points], target=target),
            )
            trends[indicator.pk] = trend
        if action.code and action.code not in trend.actions:
            trend.actions.append(action.code)
    return sorted(trends.values(), key=lambda t: t.title), available


# ---- the whole plan, as a document (export_plan --format docx|pdf) ---------------------------


@dataclass
class PlanDocumentAction:
    code: str
    title: str
    intended_outcomes: str
    impact_measures: str
    leads: str
    start: str
    due: str
    sources: str
    status_label: str
    status_colour: str
    depends_on: str = ""
    needed_by: str = ""


@dataclass
class PlanDocumentSection:
    heading: str
    level: int
    lead: str
    description: str
    actions: list[PlanDocumentAction]


@dataclass
class PlanDocument:
    title: str
    authority: str
    kind: str
    description: str
    generated_on: datetime.date
    sections: list[PlanDocumentSection]  # in reading order, each with its own actions
    action_count: int


def build_plan_document(plan: ImprovementPlan, *, today: datetime.date) -> PlanDocument:
    """The plan in reading order: each section (priority, then its objectives) with its actions."""
    from .exporters.tabular import _sources, action_names

    sections = queries.sections_for(plan)
    children: dict[int | None, list] = {}
    for section in sections:
        children.setdefault(section.parent_id, []).append(section)
    actions_by_section: dict[int, list] = {}
    actions = list(queries.actions_for(plan, with_dependencies=True))
    for action in actions:
        actions_by_section.setdefault(action.section_id, []).append(action)
    ordered = []

    def walk(parent_id):
        for section in sorted(children.get(parent_id, []), key=lambda s: (s.position, s.pk)):
            ordered.append(section)
            walk(section.pk)

    walk(None)
    document_sections = []
    for section in ordered:
        label = plan.level_label(section.level)
        heading = f"{label} {section.code}: {section.title}" if section.code else f"{label}: {section.title}"
        document_sections.append(PlanDocumentSection(
            heading=heading, level=section.level, lead=section.lead_display, description=section.description,
            actions=[PlanDocumentAction(
                code=a.code, title=a.title, intended_outcomes=a.intended_outcomes, impact_measures=a.impact_measures,
                leads="; ".join(lead.display for lead in a.leads.all()),
                start=dates.format_plan_date(a.start_on, a.start_precision),
                due=dates.format_plan_date(a.due_on, a.due_precision), sources=_sources(a),
                status_label=a.status.label if a.status_id else "No update yet",
                status_colour=a.status.colour if a.status_id else "grey",
                depends_on=action_names(a.dependencies.all()), needed_by=action_names(a.dependents.all()),
            ) for a in actions_by_section.get(section.pk, [])],
        ))
    return PlanDocument(title=plan.title, authority=plan.local_authority.name, kind=plan.get_kind_display(),
                        description=plan.description, generated_on=today, sections=document_sections,
                        action_count=len(actions))


def board_report(cycle: ReportingCycle, *, today: datetime.date) -> BoardReport:
    """The board highlight report for a cycle (the web page's entry point)."""
    plan = ImprovementPlan.objects.select_related("local_authority").get(pk=cycle.plan_id)
    return build_board_report(plan, cycle, today=today)
