"""Reads for the indicator pages, exports, commands and other apps.

- ``scorecard(la)``: one row per indicator (latest value, trend, target, RAG, England, region and
  neighbours, rank, commentary) in a fixed handful of queries, however many indicators and months.
- ``indicator_history(indicator, la)``: the authority's series against England, region and
  neighbours, period by period, with rank and quartile.
- ``benchmark(indicator, la, period)``: the object `sendsight benchmark --json` prints.
- ``indicator_summary(indicator, la)``: the contract plans use (docs/developing.md).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Max, Q, QuerySet

from core.choices import NeighbourSet
from core.models import LocalAuthority, StatisticalNeighbour

from . import benchmarks, periods, rag
from .choices import CommentaryKind, Geography, PeriodType, Rag
from .display import format_change, format_value
from .models import ENGLAND_CODE, Commentary, Indicator, RagRule, Target, Value

DEFAULT_NEIGHBOUR_SET = NeighbourSet.SN_2025
SCORECARD_MONTHS = 36


# --- Catalogue ------------------------------------------------------------------------------

def indicators_for(local_authority: LocalAuthority | None = None, *, active_only: bool = True) -> QuerySet[Indicator]:
    """The shared catalogue plus the authority's own indicators, in scorecard order."""
    qs = Indicator.objects.all()
    if local_authority is None:
        qs = qs.filter(local_authority__isnull=True)
    else:
        qs = qs.filter(Q(local_authority__isnull=True) | Q(local_authority=local_authority))
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.order_by("sort_order", "title")


def indicator_for(local_authority: LocalAuthority, code: str) -> Indicator | None:
    """An indicator this authority may see (shared, or its own), or None."""
    return indicators_for(local_authority, active_only=False).filter(code=code).first()


def neighbour_codes(local_authority: LocalAuthority, neighbour_set: str = DEFAULT_NEIGHBOUR_SET) -> list[str]:
    """The authority's DfE statistical neighbours, closest first (DfE codes)."""
    return list(
        StatisticalNeighbour.objects.filter(authority=local_authority, neighbour_set=neighbour_set)
        .order_by("rank").values_list("neighbour__code", flat=True)
    )


def _period(value_row) -> periods.Period:
    return periods.from_start(value_row.period_type, value_row.period_start)


# --- Benchmarks -----------------------------------------------------------------------------

def latest_published_period(indicator: Indicator) -> periods.Period | None:
    start = (Value.objects.filter(indicator=indicator, period_type=indicator.period_type, is_current=True,
                                  published=True, value__isnull=False)
             .aggregate(latest=Max("period_start"))["latest"])
    return periods.from_start(indicator.period_type, start) if start else None


def _figures(indicator: Indicator, period: periods.Period) -> dict[str, float | None]:
    """{area_code: value} for every area with a current value for the period."""
    return dict(Value.objects.filter(indicator=indicator, period_type=period.type, period_start=period.start,
                                     is_current=True, published=True).values_list("area_code", "value"))


def benchmark(indicator: Indicator, local_authority: LocalAuthority, period: periods.Period, *,
              neighbour_set: str = DEFAULT_NEIGHBOUR_SET) -> dict:
    """England, region, neighbours (mean, range, each), national rank and quartile, and change since
    the period before, for one authority (three queries)."""
    before = periods.previous(period)
    rows = Value.objects.filter(
        indicator=indicator, period_type=period.type, period_start__in=[period.start, before.start],
        is_current=True, published=True,
    ).values_list("period_start", "geography", "area_code", "value")
    now: dict[str, float | None] = {}
    la_values: dict[str, float | None] = {}
    previous_value = None
    for start, geography, area, value in rows:
        if start == period.start:
            now[area] = value
            if geography == Geography.LOCAL_AUTHORITY:
                la_values[area] = value
        elif area == local_authority.code:
            previous_value = value
    result = benchmarks.benchmark(
        local_authority.code, la_values=la_values, polarity=indicator.polarity, england=now.get(ENGLAND_CODE),
        region=now.get(local_authority.region.code), neighbour_codes=neighbour_codes(local_authority, neighbour_set),
        previous_value=previous_value, places=indicator.decimal_places,
    )
    return {
        "indicator": indicator.code,
        "title": indicator.title,
        "unit": indicator.unit,
        "period": period.label,
        "period_type": period.type,
        **result,
        "region_code": local_authority.region.code,
        "region_name": local_authority.region.name,
        "neighbour_set": str(neighbour_set),
        "previous_period": before.label,
    }


# --- History of one indicator -----------------------------------------------------------------

@dataclass
class HistoryRow:
    period: periods.Period
    value: float | None
    symbol: str
    england: float | None
    region: float | None
    neighbours_mean: float | None
    neighbours_min: float | None
    neighbours_max: float | None
    rank: int | None
    of: int
    quartile: int | None
    note: str = ""
    source: str = ""


def indicator_history(indicator: Indicator, local_authority: LocalAuthority, *,
                      neighbour_set: str = DEFAULT_NEIGHBOUR_SET, months: int = SCORECARD_MONTHS) -> dict:
    """The authority's published series with benchmarks, and its own local series (oldest first).

    ``published``: list of HistoryRow, one per published period. ``local``: list of HistoryRow for
    the local series (months, 12 months ending, quarters) with benchmarks left blank.
    """
    codes = neighbour_codes(local_authority, neighbour_set)
    region_code = local_authority.region.code
    rows = Value.objects.filter(indicator=indicator, period_type=indicator.period_type, is_current=True,
                                published=True) \
        .values_list("period_start", "geography", "area_code", "value", "symbol", "note", "source")
    by_period: dict[datetime.date, dict] = defaultdict(lambda: {"la": {}, "own": None})
    for start, geography, area, value, symbol, note, source in rows:
        slot = by_period[start]
        if geography == Geography.LOCAL_AUTHORITY:
            slot["la"][area] = value
            if area == local_authority.code:
                slot["own"] = (value, symbol, note, source)
        else:
            slot[area] = value
    published = []
    for start in sorted(by_period):
        slot = by_period[start]
        own = slot["own"] or (None, "", "", "")
        summary = benchmarks.summarise(slot["la"].get(c) for c in codes)
        ranks = benchmarks.ranks(slot["la"], indicator.polarity)
        rank = ranks.get(local_authority.code)
        published.append(HistoryRow(
            periods.from_start(indicator.period_type, start), own[0], own[1], slot.get(ENGLAND_CODE),
            slot.get(region_code), summary.mean, summary.minimum, summary.maximum, rank, len(ranks),
            benchmarks.quartile(rank, len(ranks)), own[2], own[3],
        ))
    local = []
    local_rows = Value.objects.filter(indicator=indicator, area_code=local_authority.code, is_current=True,
                                      published=False, period_type=indicator.local_period_type)
    if local_rows.exists() or indicator.local_period_type != indicator.period_type:
        local_rows = local_rows.order_by("-period_start")
        for v in reversed(list(local_rows[:months])):
            local.append(HistoryRow(_period(v), v.value, v.symbol, None, None, None, None, None, None, 0, None,
                                    v.note, v.source))
    return {"indicator": indicator, "published": published, "local": local, "neighbour_codes": codes,
            "neighbour_set": neighbour_set}


def value_versions(indicator: Indicator, local_authority: LocalAuthority, period: periods.Period) -> QuerySet[Value]:
    """Every version of one value, newest first (corrections keep the old figures)."""
    return (Value.objects.filter(indicator=indicator, area_code=local_authority.code, period_type=period.type,
                                 period_start=period.start, published=False)
            .select_related("entered_by").order_by("-entered_at", "-id"))


def commentary_history(indicator: Indicator, local_authority: LocalAuthority) -> QuerySet[Commentary]:
    return Commentary.objects.filter(indicator=indicator, local_authority=local_authority).select_related("author")


def target_history(indicator: Indicator, local_authority: LocalAuthority) -> QuerySet[Target]:
    return Target.objects.filter(indicator=indicator, local_authority=local_authority).select_related("set_by")


# --- The scorecard --------------------------------------------------------------------------

@dataclass
class ScorecardRow:
    indicator: Indicator
    latest_period: periods.Period | None = None
    latest_value: float | None = None
    latest_symbol: str = ""
    latest_source: str = ""
    series: list[tuple[periods.Period, float | None]] = field(default_factory=list)
    target: Target | None = None
    trajectory_value: float | None = None
    rag: rag.RagResult | None = None
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

    def _fmt(self, value):
        return format_value(value, unit=self.indicator.unit, places=self.indicator.decimal_places)

    @property
    def latest_display(self) -> str:
        return format_value(self.latest_value, unit=self.indicator.unit, places=self.indicator.decimal_places,
                            symbol=self.latest_symbol)

    @property
    def target_display(self) -> str:
        return self._fmt(self.target.target_value) if self.target else ""

    @property
    def england_display(self) -> str:
        return self._fmt(self.england)

    @property
    def region_display(self) -> str:
        return self._fmt(self.region)

    @property
    def neighbours_display(self) -> str:
        return self._fmt(self.neighbours_mean)

    @property
    def change_display(self) -> str:
        return format_change(self.change, unit=self.indicator.unit, places=self.indicator.decimal_places)

    @property
    def rag_status(self) -> str | None:
        return self.rag.status if self.rag else None


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
    "green", or "none" for no status), ``public_only``.
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
        row.series = [(periods.from_start(r[0], r[1]), r[2]) for r in series_rows]
        if series_rows:
            last = series_rows[-1]
            row.latest_period, row.latest_value = periods.from_start(last[0], last[1]), last[2]
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
            row.rag = rag.status(row.latest_value, polarity=indicator.polarity, basis=row.rag_basis,
                                 amber_margin=margin, on=on, trajectory=trajectory, england=row.england,
                                 neighbours_mean=row.neighbours_mean)
            row.off_trajectory = rag.off_trajectory(row.latest_value, polarity=indicator.polarity,
                                                    trajectory=trajectory, on=on)
        row.commentary = comments.get(indicator.pk)
        row.needs_commentary = rag.needs_exception_commentary(row.rag) and not _has_exception_for(
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


def scorecard_months(local_authority: LocalAuthority, rows: list[ScorecardRow], *,
                     months: int = SCORECARD_MONTHS, end: datetime.date | None = None) -> list[periods.Period]:
    """The month columns for the month-by-month history: the ``months`` months up to the latest
    local value (or ``end``)."""
    if end is None:
        ends = [r.latest_period.end for r in rows
                if r.latest_period and r.latest_period.type in (PeriodType.MONTH, PeriodType.ROLLING_12)]
        if not ends:
            return []
        end = max(ends)
    return periods.months_ending(end, months)


def month_grid(rows: list[ScorecardRow], months: list[periods.Period]) -> list[tuple[ScorecardRow, list]]:
    """Each row's values laid out under the month columns (None where there is none)."""
    grid = []
    for row in rows:
        by_month = {(p.end.year, p.end.month): v for p, v in row.series
                    if p.type in (PeriodType.MONTH, PeriodType.ROLLING_12, PeriodType.QUARTER)}
        grid.append((row, [by_month.get((m.end.year, m.end.month)) for m in months]))
    return grid


# --- Contract for other apps ----------------------------------------------------------------

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


# --- England overview (public) ---------------------------------------------------------------

def england_overview(*, years: int = 6) -> list[dict]:
    """For each public indicator with published figures: England's series and the latest regional
    figures (two queries)."""
    indicators = list(indicators_for(None).filter(is_public=True))
    rows = (Value.objects.filter(indicator__in=indicators, is_current=True, published=True,
                                 geography__in=[Geography.NATIONAL, Geography.REGIONAL])
            .select_related("region").order_by("period_start"))
    national = defaultdict(list)
    regional = defaultdict(dict)
    for v in rows:
        if v.period_type != next(i.period_type for i in indicators if i.pk == v.indicator_id):
            continue
        if v.geography == Geography.NATIONAL:
            national[v.indicator_id].append((_period(v), v.value))
        else:
            regional[v.indicator_id].setdefault(v.period_start, []).append((v.region.name, v.value))
    result = []
    for indicator in indicators:
        series = national.get(indicator.pk, [])[-years:]
        if not series:
            continue
        latest_period = series[-1][0]
        result.append({
            "indicator": indicator,
            "series": series,
            "latest_period": latest_period,
            "latest_value": series[-1][1],
            "regions": sorted(regional[indicator.pk].get(latest_period.start, []), key=lambda r: r[0]),
        })
    return result
