"""The scorecard: one row per indicator, read in a fixed handful of queries however many
indicators and months, with everything the pages, exports, board pack and plans show of it."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from django.db.models import Max, Q

from core.models import LocalAuthority

from .. import benchmarks, charts, periods, rag
from ..choices import CommentaryKind, Geography, PeriodType, Rag
from ..display import format_change, format_value
from ..models import ENGLAND_CODE, Commentary, Indicator, RagRule, Target, Value
from .cache import cached
from .catalogue import (
    DEFAULT_NEIGHBOUR_SET,
    catalogue_for,
    in_theme_order,
    indicators_for,
    neighbour_codes,
)

SCORECARD_MONTHS = 36
MONTH_TYPES = (PeriodType.MONTH, PeriodType.ROLLING_12)
RAG_COLOURS = {Rag.RED: "red", Rag.AMBER: "orange", Rag.GREEN: "green"}
NOT_PUBLISHED = "Not published"


def fmt(indicator: Indicator, value: float | None) -> str:
    """A figure as the pages and charts write it ("46.4%", "1,234"; "no data" for None)."""
    return charts.format_number(value, unit=indicator.unit, decimals=indicator.decimal_places)


class Point(NamedTuple):
    """One figure of a series. Unpacks as ``(period, value)``."""

    period: periods.Period
    value: float | None

    @property
    def period_type(self) -> str:
        return self.period.type

    @property
    def start(self) -> datetime.date:
        return self.period.start

    @property
    def end(self) -> datetime.date:
        return self.period.end

    @property
    def label(self) -> str:
        return self.period.label

    @property
    def short_label(self) -> str:
        return self.period.short_label


@dataclass(eq=False)
class ScorecardRow:
    """One indicator on the authority's scorecard: the figures, and how the pages write them."""

    indicator: Indicator
    latest_period: periods.Period | None = None
    latest_value: float | None = None
    latest_symbol: str = ""
    latest_source: str = ""
    series: list[Point] = field(default_factory=list)
    target: Target | None = None
    trajectory_value: float | None = None
    rag_result: rag.RagResult | None = None
    rag_basis: str = ""
    off_trajectory: bool | None = None
    benchmark_period: periods.Period | None = None
    la_published: float | None = None
    england: float | None = None
    region: float | None = None
    neighbours_mean: float | None = None
    rank: int | None = None
    of: int = 0
    quartile: int | None = None
    change: float | None = None
    commentary: Commentary | None = None
    needs_commentary: bool = False

    # ---- status

    @property
    def rag(self) -> str | None:
        """"red", "amber", "green", or None (no status)."""
        return self.rag_result.status if self.rag_result else None

    rag_status = rag

    @property
    def rag_label(self) -> str:
        return Rag(self.rag).label if self.rag else "No status"

    @property
    def rag_colour(self) -> str:
        return RAG_COLOURS.get(self.rag, "grey")

    # ---- how the figures are written

    @property
    def latest(self) -> Point | None:
        return Point(self.latest_period, self.latest_value) if self.latest_period else None

    @property
    def latest_text(self) -> str:
        return format_value(self.latest_value, unit=self.indicator.unit, places=self.indicator.decimal_places,
                            symbol=self.latest_symbol)

    @property
    def target_text(self) -> str:
        if self.target is None:
            return ""
        return f"{fmt(self.indicator, self.target.target_value)} by {self.target.target_date:%B %Y}"

    @property
    def change_text(self) -> str:
        return format_change(self.change, unit=self.indicator.unit, places=self.indicator.decimal_places)

    @property
    def benchmark_label(self) -> str:
        return self.benchmark_period.label if self.benchmark_period else ""

    def text(self, value: float | None) -> str:
        return fmt(self.indicator, value)

    def _bench_text(self, value: float | None) -> str:
        """A benchmark figure; "Not published" when the published period has none (England and
        regional figures are not in every published file, e.g. absence by SEN status)."""
        if value is not None:
            return fmt(self.indicator, value)
        return NOT_PUBLISHED if self.benchmark_period else ""

    @property
    def england_text(self) -> str:
        return self._bench_text(self.england)

    @property
    def region_text(self) -> str:
        return self._bench_text(self.region)

    @property
    def neighbours_text(self) -> str:
        return "" if self.neighbours_mean is None else fmt(self.indicator, self.neighbours_mean)

    @cached_property
    def sparkline(self) -> str:
        """An SVG sparkline of the series; its description names the first and latest periods."""
        known = [i for i, p in enumerate(self.series) if p.value is not None]
        if len(known) < 2:
            return ""
        labels = [""] * len(self.series)
        for i in (known[0], known[-1]):
            labels[i] = self.series[i].label
        return charts.sparkline(
            [p.value for p in self.series], chart_id=f"spark-{self.indicator.code}", title=self.indicator.title,
            periods=labels, unit=self.indicator.unit, decimals=self.indicator.decimal_places)


def _latest_published_starts(indicators: list[Indicator], local_authority: LocalAuthority) -> dict[int, datetime.date]:
    """{indicator id: start of its latest published period with a figure for England or the
    authority} (one query)."""
    rows = (Value.objects.filter(indicator__in=indicators, is_current=True, value__isnull=False, published=True,
                                 area_code__in=[ENGLAND_CODE, local_authority.code])
            .values("indicator_id", "period_type").annotate(latest=Max("period_start")))
    wanted = {i.pk: i.period_type for i in indicators}
    return {r["indicator_id"]: r["latest"] for r in rows if wanted.get(r["indicator_id"]) == r["period_type"]}


def scorecard(local_authority: LocalAuthority, *, months: int = SCORECARD_MONTHS,
              neighbour_set: str = DEFAULT_NEIGHBOUR_SET, theme: str = "", owner: str = "",
              rag_status: str = "", public_only: bool = False,
              indicators: list[Indicator] | None = None) -> list[ScorecardRow]:
    """One row per indicator for the authority, in about eight queries whatever the size.

    ``months`` limits each local series (and the published series) to that many periods.
    Filters: ``theme``, ``owner`` (matches owner or owner role), ``rag_status`` ("red", "amber",
    "green", or "none" for no status), ``public_only``. Rows come in catalogue order, or in the
    order of ``indicators`` when given.
    """
    if indicators is None:
        qs = indicators_for(local_authority)
        if theme:
            qs = qs.filter(theme=theme)
        if owner:
            qs = qs.filter(Q(owner=owner) | Q(owner_role=owner))
        if public_only:
            qs = qs.filter(is_public=True)
        indicators = list(qs)
    if not indicators:
        return []
    codes = neighbour_codes(local_authority, neighbour_set)
    region_code = local_authority.region.code
    latest_starts = _latest_published_starts(indicators, local_authority)

    own = defaultdict(list)  # indicator id -> [(period_type, start, value, symbol, source, published)]
    for row in (Value.objects.filter(area_code=local_authority.code, indicator__in=indicators, is_current=True)
                .values_list("indicator_id", "period_type", "period_start", "value", "symbol", "source",
                             "published")):
        own[row[0]].append(row[1:])

    # Every area for the latest period (ranks, neighbours); the authority alone for the one before.
    groups: dict[tuple[str, datetime.date], list[int]] = defaultdict(list)
    for indicator in indicators:
        if indicator.pk in latest_starts:
            groups[(indicator.period_type, latest_starts[indicator.pk])].append(indicator.pk)
    bench_filter = Q()
    for (period_type, start), ids in groups.items():
        before = periods.previous(periods.from_start(period_type, start)).start
        bench_filter |= Q(indicator_id__in=ids, period_type=period_type, period_start=start)
        bench_filter |= Q(indicator_id__in=ids, period_type=period_type, period_start=before,
                          area_code=local_authority.code)
    bench = defaultdict(lambda: defaultdict(dict))  # indicator id -> period start -> {area: value}
    la_by = defaultdict(dict)  # indicator id -> {la code: value} in the latest period
    if bench_filter:
        for ind_id, start, geography, area, value in (
            Value.objects.filter(bench_filter, is_current=True, published=True)
            .values_list("indicator_id", "period_start", "geography", "area_code", "value")
        ):
            bench[ind_id][start][area] = value
            if geography == Geography.LOCAL_AUTHORITY and start == latest_starts[ind_id]:
                la_by[ind_id][area] = value

    targets = {t.indicator_id: t for t in Target.objects.filter(local_authority=local_authority, is_current=True,
                                                                 indicator__in=indicators)}
    rules = {r.indicator_id: r for r in RagRule.objects.filter(local_authority=local_authority,
                                                               indicator__in=indicators)}
    comments: dict[int, Commentary] = {}
    for comment in (Commentary.objects.filter(local_authority=local_authority, indicator__in=indicators)
                    .select_related("author").order_by("indicator_id", "-created_at", "-id")):
        comments.setdefault(comment.indicator_id, comment)

    result = []
    for indicator in indicators:
        row = ScorecardRow(indicator)
        local_type = indicator.local_period_type
        local = sorted((r for r in own[indicator.pk] if r[0] == local_type and not r[5]), key=lambda r: r[1])
        published_own = sorted((r for r in own[indicator.pk] if r[0] == indicator.period_type and r[5]),
                               key=lambda r: r[1])
        if local_type == indicator.period_type:
            # One kind of period: official figures win; the authority's own fill the gaps (e.g. a
            # year DfE has not published yet).
            merged = {r[1]: r for r in local}
            merged.update({r[1]: r for r in published_own if r[2] is not None or r[1] not in merged})
            series_rows = [merged[start] for start in sorted(merged)]
        else:
            series_rows = local if local else published_own
        series_rows = series_rows[-months:]
        row.series = [Point(periods.from_start(r[0], r[1]), r[2]) for r in series_rows]
        if series_rows:
            last = series_rows[-1]
            row.latest_period, row.latest_value = row.series[-1].period, last[2]
            row.latest_symbol, row.latest_source = last[3], last[4]
        start = latest_starts.get(indicator.pk)
        if start is not None:
            period = periods.from_start(indicator.period_type, start)
            figures = bench[indicator.pk][start]
            before = bench[indicator.pk].get(periods.previous(period).start, {})
            row.benchmark_period = period
            row.la_published = figures.get(local_authority.code)
            row.england = figures.get(ENGLAND_CODE)
            row.region = figures.get(region_code)
            row.neighbours_mean = benchmarks.summarise(la_by[indicator.pk].get(c) for c in codes).mean
            ranks = benchmarks.ranks(la_by[indicator.pk], indicator.polarity)
            row.rank, row.of = ranks.get(local_authority.code), len(ranks)
            row.quartile = benchmarks.quartile(row.rank, row.of)
            row.change = benchmarks.change(row.la_published, before.get(local_authority.code))
        if local and len(local) > 1 and row.change is None:
            row.change = benchmarks.change(local[-1][2], local[-2][2])
        row.target = targets.get(indicator.pk)
        trajectory = _trajectory(row.target)
        rule = rules.get(indicator.pk)
        row.rag_basis = rule.basis if rule else indicator.rag_basis
        margin = rule.amber_margin if rule else indicator.rag_amber_margin
        if row.latest_period is not None:
            on = row.latest_period.end
            row.trajectory_value = trajectory.value_on(on) if trajectory else None
            row.rag_result = rag.status(row.latest_value, polarity=indicator.polarity, basis=row.rag_basis,
                                        amber_margin=margin, on=on, trajectory=trajectory, england=row.england,
                                        neighbours_mean=row.neighbours_mean)
            row.off_trajectory = rag.off_trajectory(row.latest_value, polarity=indicator.polarity,
                                                    trajectory=trajectory, on=on)
        row.commentary = comments.get(indicator.pk)
        row.needs_commentary = rag.needs_exception_commentary(row.rag_result) and not _has_exception_for(
            row.commentary, row.latest_period)
        result.append(row)
    if rag_status:
        wanted = None if rag_status == "none" else rag_status
        result = [r for r in result if r.rag_status == wanted]
    return result


def _trajectory(target: Target | None) -> rag.Trajectory | None:
    if target is None:
        return None
    return rag.Trajectory(target.baseline_value, target.baseline_date, target.target_value, target.target_date)


def _has_exception_for(commentary: Commentary | None, period: periods.Period | None) -> bool:
    """Is the newest commentary an exception commentary about the latest period (or undated)?"""
    if commentary is None or commentary.kind != CommentaryKind.EXCEPTION:
        return False
    return commentary.period_start is None or period is None or commentary.period_start >= period.start


# ---- the scorecard as the pages show it ------------------------------------------------------

def scorecard_rows(authority: LocalAuthority, *, today: datetime.date, theme: str = "", owner: str = "",
                   rag: str = "", months: int = SCORECARD_MONTHS, catalogue: list[Indicator] | None = None,
                   version: tuple | None = None) -> list[ScorecardRow]:
    """Every active indicator for this authority, grouped by theme, as the scorecard page, its
    exports and the board pack show it; built once and reused until a figure changes.

    ``owner`` is the owner as the filter lists it (the owner, or else the owner's role).
    """
    indicators = in_theme_order(catalogue if catalogue is not None else catalogue_for(authority))
    if theme:
        indicators = [i for i in indicators if i.theme == theme]
    if owner:
        indicators = [i for i in indicators if (i.owner or i.get_owner_role_display()) == owner]
    if not indicators:
        return []

    def build():
        return scorecard(authority, months=months, rag_status=rag, indicators=indicators)

    return cached("scorecard", (authority.pk, rag, months, today, tuple(i.pk for i in indicators)), build,
                  version=version)


def history_columns(rows: list[ScorecardRow], months: int) -> list[tuple[datetime.date, str]]:
    """The month columns for the month-by-month view: the newest ``months`` months with figures."""
    ends = sorted({p.end.replace(day=1) for r in rows for p in r.series if p.period_type in MONTH_TYPES})
    return [(d, f"{d:%b %Y}") for d in ends[-months:]]


def history_grid(rows: list[ScorecardRow], columns) -> list[tuple[ScorecardRow, list[str]]]:
    """Each row's figures written under the month columns ("" where there is none)."""
    grid = []
    for row in rows:
        by_month = {p.end.replace(day=1): p.value for p in row.series if p.period_type in MONTH_TYPES}
        cells = [row.text(by_month[d]) if d in by_month else "" for d, _ in columns]
        grid.append((row, cells))
    return grid


def scorecard_months(local_authority: LocalAuthority, rows: list[ScorecardRow], *,
                     months: int = SCORECARD_MONTHS, end: datetime.date | None = None) -> list[periods.Period]:
    """The month periods up to the latest local monthly value (or ``end``): ``months`` of them."""
    if end is None:
        ends = [r.latest_period.end for r in rows
                if r.latest_period and r.latest_period.type in (PeriodType.MONTH, PeriodType.ROLLING_12)]
        if not ends:
            return []
        end = max(ends)
    return periods.months_ending(end, months)


def month_grid(rows: list[ScorecardRow], months: list[periods.Period]) -> list[tuple[ScorecardRow, list]]:
    """Each row's values laid out under the month periods (None where there is none)."""
    grid = []
    for row in rows:
        by_month = {(p.end.year, p.end.month): v for p, v in row.series
                    if p.type in (PeriodType.MONTH, PeriodType.ROLLING_12, PeriodType.QUARTER)}
        grid.append((row, [by_month.get((m.end.year, m.end.month)) for m in months]))
    return grid


# ---- contract for other apps -----------------------------------------------------------------

def indicator_summary(indicator: Indicator, local_authority: LocalAuthority) -> dict | None:
    """Latest value, target, RAG, trajectory flag and trend for one indicator and authority.

    Contract (docs/developing.md): keys ``latest_period``, ``latest_value``, ``unit``, ``target``,
    ``rag`` ("red" | "amber" | "green" | None), ``off_trajectory``, ``trend`` (list of
    (period label, value), oldest first). None when the authority has no value for it.
    """
    rows = scorecard(local_authority, indicators=[indicator])
    if not rows or rows[0].latest_period is None:
        return None
    row = rows[0]
    return {
        "latest_period": row.latest_period.label,
        "latest_value": row.latest_value,
        "unit": indicator.unit,
        "target": row.target.target_value if row.target else None,
        "rag": row.rag_status if row.rag_status in Rag.values else None,
        "off_trajectory": row.off_trajectory,
        "trend": [(p.label, v) for p, v in row.series],
    }
