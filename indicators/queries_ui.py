"""Reads for the scorecard, indicator and public dashboard pages, built in a few bulk queries.

The pages show many indicators at once (60 indicators x 36 months on a scorecard), so nothing
here queries per indicator: each function reads every value it needs in one or two queries and
groups them in Python.
"""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from core.choices import NeighbourSet
from core.models import LocalAuthority, StatisticalNeighbour

from . import charts
from .choices import Geography, PeriodType, Polarity, Rag, RagBasis, ValueSource
from .models import ENGLAND_CODE, Commentary, Indicator, RagRule, Target, Value

MONTH_TYPES = (PeriodType.MONTH, PeriodType.ROLLING_12)
LOCAL_SOURCES = (ValueSource.COMPUTED, ValueSource.MANUAL, ValueSource.UPLOAD)
RAG_COLOURS = {Rag.RED: "red", Rag.AMBER: "orange", Rag.GREEN: "green"}
UNIT_SYMBOLS = {"percent": "percent", "weeks": "weeks", "count": "count", "rate": "rate", "score": "score"}


# ---- periods ---------------------------------------------------------------------------------

def period_label(period_type: str, start: datetime.date, end: datetime.date) -> str:
    """How a period reads on the page: "March 2025", "2024", "January 2025", "2024/25"."""
    if period_type == PeriodType.MONTH:
        return f"{start:%B %Y}"
    if period_type == PeriodType.ROLLING_12:
        return f"12 months to {end:%B %Y}"
    if period_type == PeriodType.QUARTER:
        return f"{start:%b} to {end:%b %Y}"
    if period_type == PeriodType.CALENDAR_YEAR:
        return str(start.year)
    if period_type == PeriodType.CENSUS:
        return f"January {end.year}" if end.month == 1 else f"{end:%B %Y}"
    if period_type == PeriodType.ACADEMIC_YEAR:
        return f"{start.year}/{str(start.year + 1)[2:]}"
    if period_type == PeriodType.FINANCIAL_YEAR:
        return f"{start.year}-{str(start.year + 1)[2:]}"
    if period_type == PeriodType.TERM:
        term = {9: "Autumn", 10: "Autumn", 1: "Spring", 2: "Spring", 4: "Summer", 5: "Summer"}.get(start.month, "Term")
        return f"{term} {start.year}"
    return f"{start:%d %b %Y} to {end:%d %b %Y}"


def short_period_label(period_type: str, start: datetime.date, end: datetime.date) -> str:
    """A shorter label for chart axes: "Mar 25" for months."""
    if period_type in MONTH_TYPES:
        return f"{end:%b %y}"
    if period_type == PeriodType.CENSUS:
        return f"Jan {end.year}"
    return period_label(period_type, start, end)


@dataclass(frozen=True)
class Point:
    period_type: str
    start: datetime.date
    end: datetime.date
    value: float | None
    symbol: str = ""
    source: str = ""

    @property
    def label(self) -> str:
        return period_label(self.period_type, self.start, self.end)

    @property
    def short_label(self) -> str:
        return short_period_label(self.period_type, self.start, self.end)


# ---- figures and RAG -------------------------------------------------------------------------

def fmt(indicator: Indicator, value: float | None) -> str:
    return charts.format_number(value, unit=indicator.unit, decimals=indicator.decimal_places)


def trajectory_value(target: Target, on: datetime.date) -> float:
    """Where the straight line from baseline to target says the figure should be on a date."""
    if on <= target.baseline_date:
        return target.baseline_value
    if on >= target.target_date:
        return target.target_value
    span = (target.target_date - target.baseline_date).days or 1
    done = (on - target.baseline_date).days / span
    return target.baseline_value + (target.target_value - target.baseline_value) * done


def rag_status(indicator: Indicator, *, value: float | None, basis: str, margin: float,
               target: Target | None, on: datetime.date | None, england: float | None,
               neighbours: float | None) -> str | None:
    """RAG for the latest figure, using the data engineer's rules (indicators/rag.py) if present."""
    if value is None or indicator.polarity == Polarity.NEITHER or basis == RagBasis.NONE:
        return None
    try:
        from . import rag as rag_rules
    except ImportError:  # pragma: no cover - rag.py lands with the data side
        rag_rules = None
    compare_with = None
    if basis == RagBasis.TARGET and target is not None:
        compare_with = target.target_value
    elif basis == RagBasis.TRAJECTORY and target is not None and on is not None:
        compare_with = trajectory_value(target, on)
    elif basis == RagBasis.ENGLAND:
        compare_with = england
    elif basis == RagBasis.NEIGHBOURS:
        compare_with = neighbours
    if compare_with is None:
        return None
    if rag_rules is not None and hasattr(rag_rules, "rag_against"):
        return rag_rules.rag_against(value, compare_with, polarity=indicator.polarity, amber_margin=margin)
    gap = value - compare_with if indicator.polarity == Polarity.HIGHER else compare_with - value
    if gap >= 0:
        return Rag.GREEN
    if gap >= -margin:
        return Rag.AMBER
    return Rag.RED


# ---- who compares with whom ------------------------------------------------------------------

def neighbour_codes(authority: LocalAuthority, neighbour_set: str = NeighbourSet.SN_2025) -> list[str]:
    return list(
        StatisticalNeighbour.objects.filter(authority=authority, neighbour_set=neighbour_set)
        .order_by("rank").values_list("neighbour__code", flat=True)
    )


def catalogue_for(authority: LocalAuthority):
    return (Indicator.objects.filter(is_active=True)
            .filter(Q(local_authority__isnull=True) | Q(local_authority=authority))
            .order_by("theme", "sort_order", "title"))


def _points(rows) -> dict[int, list[Point]]:
    grouped: dict[int, list[Point]] = defaultdict(list)
    for indicator_id, period_type, start, end, value, symbol, source in rows:
        grouped[indicator_id].append(Point(period_type, start, end, value, symbol, source))
    return grouped


VALUE_FIELDS = ("indicator_id", "period_type", "period_start", "period_end", "value", "symbol", "source")


def local_series(points: list[Point], *, months: int = 36) -> list[Point]:
    """The authority's own series for a row: the period type of its newest figure, oldest first."""
    if not points:
        return []
    newest = max(points, key=lambda p: (p.end, p.period_type in MONTH_TYPES))
    series = sorted((p for p in points if p.period_type == newest.period_type), key=lambda p: p.start)
    return series[-months:]


@dataclass
class Benchmarks:
    """England, region and neighbours for one indicator and period type, by period start."""

    england: dict[datetime.date, float | None] = field(default_factory=dict)
    region: dict[datetime.date, float | None] = field(default_factory=dict)
    neighbours: dict[datetime.date, dict[str, float]] = field(default_factory=dict)
    ends: dict[datetime.date, datetime.date] = field(default_factory=dict)

    def latest_period(self) -> datetime.date | None:
        periods = [p for p, v in self.england.items() if v is not None] or list(self.neighbours)
        return max(periods) if periods else None

    def neighbours_mean(self, period: datetime.date | None) -> float | None:
        values = list(self.neighbours.get(period, {}).values()) if period else []
        return statistics.fmean(values) if values else None


def benchmarks_for(indicators: list[Indicator], authority: LocalAuthority,
                   neighbours: list[str]) -> dict[int, Benchmarks]:
    """One query: England, region and neighbour figures for these indicators, every period."""
    by_id = {i.pk: i for i in indicators}
    region_code = authority.region.code
    result: dict[int, Benchmarks] = {i.pk: Benchmarks() for i in indicators}
    rows = (Value.objects.filter(is_current=True, indicator_id__in=list(by_id))
            .filter(area_code__in=[ENGLAND_CODE, region_code, *neighbours])
            .values_list("indicator_id", "area_code", "period_type", "period_start", "period_end", "value"))
    for indicator_id, area, period_type, start, end, value in rows:
        if period_type != by_id[indicator_id].period_type:
            continue
        bench = result[indicator_id]
        bench.ends[start] = end
        if area == ENGLAND_CODE:
            bench.england[start] = value
        elif area == region_code:
            bench.region[start] = value
        elif value is not None:
            bench.neighbours.setdefault(start, {})[area] = value
    return result


# ---- the scorecard ---------------------------------------------------------------------------

@dataclass
class ScorecardRow:
    indicator: Indicator
    series: list[Point]
    latest: Point | None
    target: Target | None
    rag: str | None
    england: float | None
    region: float | None
    neighbours_mean: float | None
    benchmark_period: str
    commentary: Commentary | None
    sparkline: str = ""

    @property
    def latest_text(self) -> str:
        return fmt(self.indicator, self.latest.value if self.latest else None)

    @property
    def target_text(self) -> str:
        if self.target is None:
            return ""
        return f"{fmt(self.indicator, self.target.target_value)} by {self.target.target_date:%B %Y}"

    @property
    def rag_label(self) -> str:
        return Rag(self.rag).label if self.rag else "No status"

    @property
    def rag_colour(self) -> str:
        return RAG_COLOURS.get(self.rag, "grey")

    @property
    def needs_exception(self) -> bool:
        return self.rag == Rag.RED and (self.commentary is None or self.commentary.kind != "exception")

    def text(self, value: float | None) -> str:
        return fmt(self.indicator, value)


def scorecard(authority: LocalAuthority, *, today: datetime.date, theme: str = "", owner: str = "",
              rag: str = "", months: int = 36) -> list[ScorecardRow]:
    """Every active indicator for this authority with its latest figure, trend, target and RAG."""
    indicators = list(catalogue_for(authority))
    if theme:
        indicators = [i for i in indicators if i.theme == theme]
    if owner:
        indicators = [i for i in indicators if (i.owner or i.get_owner_role_display()) == owner]
    ids = [i.pk for i in indicators]
    local = _points(
        Value.objects.filter(local_authority=authority, is_current=True, indicator_id__in=ids)
        .order_by("period_start").values_list(*VALUE_FIELDS)
    )
    targets = {t.indicator_id: t for t in Target.objects.filter(local_authority=authority, is_current=True,
                                                                  indicator_id__in=ids)}
    rules = {r.indicator_id: r for r in RagRule.objects.filter(local_authority=authority, indicator_id__in=ids)}
    latest_comment: dict[int, Commentary] = {}
    for comment in Commentary.objects.filter(local_authority=authority, indicator_id__in=ids).select_related("author"):
        latest_comment.setdefault(comment.indicator_id, comment)
    benches = benchmarks_for(indicators, authority, neighbour_codes(authority))

    rows = []
    for indicator in indicators:
        series = local_series(local.get(indicator.pk, []), months=months)
        known = [p for p in series if p.value is not None]
        latest = known[-1] if known else (series[-1] if series else None)
        bench = benches[indicator.pk]
        period = bench.latest_period()
        england = bench.england.get(period) if period else None
        region = bench.region.get(period) if period else None
        neighbours = bench.neighbours_mean(period)
        rule = rules.get(indicator.pk)
        status = rag_status(
            indicator, value=latest.value if latest else None,
            basis=rule.basis if rule else indicator.rag_basis,
            margin=rule.amber_margin if rule else indicator.rag_amber_margin,
            target=targets.get(indicator.pk), on=latest.end if latest else today,
            england=england, neighbours=neighbours,
        )
        row = ScorecardRow(
            indicator=indicator, series=series, latest=latest, target=targets.get(indicator.pk), rag=status,
            england=england, region=region, neighbours_mean=neighbours,
            benchmark_period=period_label(indicator.period_type, period, bench.ends[period]) if period else "",
            commentary=latest_comment.get(indicator.pk),
        )
        if len(known) > 1:
            row.sparkline = charts.sparkline(
                [p.value for p in series], chart_id=f"spark-{indicator.code}", title=indicator.title,
                periods=[p.label for p in series], unit=indicator.unit, decimals=indicator.decimal_places)
        rows.append(row)
    if rag:
        rows = [r for r in rows if (r.rag or "none") == rag]
    return rows


def owners(authority: LocalAuthority) -> list[str]:
    names = {i.owner or i.get_owner_role_display() for i in catalogue_for(authority)}
    return sorted(n for n in names if n)


def history_columns(rows: list[ScorecardRow], months: int) -> list[tuple[datetime.date, str]]:
    """The month columns for the month-by-month view: the newest ``months`` months with figures."""
    ends = sorted({p.end.replace(day=1) for r in rows for p in r.series if p.period_type in MONTH_TYPES})
    return [(d, f"{d:%b %Y}") for d in ends[-months:]]


def history_grid(rows: list[ScorecardRow], columns) -> list[tuple[ScorecardRow, list[str]]]:
    grid = []
    for row in rows:
        by_month = {p.end.replace(day=1): p.value for p in row.series if p.period_type in MONTH_TYPES}
        cells = [row.text(by_month[d]) if d in by_month else "" for d, _ in columns]
        grid.append((row, cells))
    return grid


# ---- one indicator ---------------------------------------------------------------------------

def quartiles(values: list[float]) -> tuple[float, float] | None:
    """Lower and upper quartile (inclusive method, as DfE's LAIT uses)."""
    if len(values) < 4:
        return None
    q = statistics.quantiles(values, n=4, method="inclusive")
    return q[0], q[2]


def rank_of(value: float | None, values: list[float], polarity: str) -> tuple[int | None, int, int | None]:
    """(rank, of, quartile) where rank 1 and quartile 1 are best by polarity; ties share a rank."""
    if value is None or not values or polarity == Polarity.NEITHER:
        return None, len(values), None
    if polarity == Polarity.HIGHER:
        better = sum(1 for v in values if v > value)
    else:
        better = sum(1 for v in values if v < value)
    rank = better + 1
    quartile = min(4, 1 + (rank - 1) * 4 // len(values))
    return rank, len(values), quartile


@dataclass
class IndicatorView:
    indicator: Indicator
    authority: LocalAuthority
    periods: list[Point]
    rows: list[dict]
    chart_svg: str
    local_points: list[Point]
    local_chart_svg: str
    target: Target | None
    rag: str | None
    latest: dict
    commentaries: list[Commentary]


def indicator_view(indicator: Indicator, authority: LocalAuthority, *, today: datetime.date,
                   neighbour_set: str = NeighbourSet.SN_2025, public: bool = False) -> IndicatorView:
    """The chart, table and benchmarks for one indicator at one authority."""
    neighbours = neighbour_codes(authority, neighbour_set)
    region = authority.region
    rows = (Value.objects.filter(indicator=indicator, is_current=True)
            .filter(Q(period_type=indicator.period_type) | Q(local_authority=authority))
            .values_list("area_code", "geography", "period_type", "period_start", "period_end", "value",
                         "symbol", "source"))
    published: dict[datetime.date, dict] = defaultdict(lambda: {"las": {}})
    local_points: list[Point] = []
    for area, geography, period_type, start, end, value, symbol, source in rows:
        if period_type != indicator.period_type:
            if area == authority.code:
                local_points.append(Point(period_type, start, end, value, symbol, source))
            continue
        slot = published[start]
        slot["end"] = end
        if area == ENGLAND_CODE:
            slot["england"] = value
        elif area == region.code:
            slot["region"] = value
        elif geography == Geography.LOCAL_AUTHORITY:
            if area == authority.code:
                slot["local"] = value
                slot["local_symbol"] = symbol
                slot["local_source"] = source
            if value is not None:
                slot["las"][area] = value

    table = []
    for start in sorted(published):
        slot = published[start]
        point = Point(indicator.period_type, start, slot["end"], slot.get("local"), slot.get("local_symbol", ""))
        near = [slot["las"][c] for c in neighbours if c in slot["las"]]
        bands = quartiles(list(slot["las"].values()))
        rank, of, quartile = rank_of(slot.get("local"), list(slot["las"].values()), indicator.polarity)
        table.append({
            "point": point, "label": point.label, "short": point.short_label,
            "local": slot.get("local"), "england": slot.get("england"), "region": slot.get("region"),
            "neighbours_mean": statistics.fmean(near) if near else None, "neighbours_count": len(near),
            "lower_quartile": bands[0] if bands else None, "upper_quartile": bands[1] if bands else None,
            "rank": rank, "of": of, "quartile": quartile, "symbol": slot.get("local_symbol", ""),
        })
    table = table[-12:]

    target = Target.objects.filter(indicator=indicator, local_authority=authority, is_current=True).first()
    series_title = f"{indicator.title}: {authority.name} compared with England, {region.name} and similar areas"
    chart_svg = ""
    if table:
        chart_svg = charts.line_chart(
            chart_id=f"chart-{indicator.code}", title=series_title,
            periods=[r["short"] for r in table],
            series=[
                charts.Series(authority.name, "local", [r["local"] for r in table]),
                charts.Series("England", "england", [r["england"] for r in table]),
                charts.Series(region.name, "region", [r["region"] for r in table]),
                charts.Series("Similar areas (average)", "neighbours", [r["neighbours_mean"] for r in table]),
            ],
            band=charts.Band("the middle half of English authorities (lower to upper quartile)",
                             [r["lower_quartile"] for r in table], [r["upper_quartile"] for r in table]),
            target=None if public or target is None else target.target_value,
            unit=indicator.unit, decimals=indicator.decimal_places,
        )
    local_points.sort(key=lambda p: p.start)
    if local_points:
        kind = local_points[-1].period_type
        local_points = [p for p in local_points if p.period_type == kind][-36:]
    local_chart_svg = ""
    if local_points and not public:
        local_chart_svg = charts.line_chart(
            chart_id=f"chart-{indicator.code}-local",
            title=f"{indicator.title}: {authority.name}, {PeriodType(local_points[-1].period_type).label.lower()}",
            periods=[p.short_label for p in local_points],
            series=[charts.Series(authority.name, "local", [p.value for p in local_points])],
            target=target.target_value if target else None,
            unit=indicator.unit, decimals=indicator.decimal_places,
        )

    latest_row = next((r for r in reversed(table) if r["local"] is not None), table[-1] if table else None)
    latest_local = next((p for p in reversed(local_points) if p.value is not None), None)
    if latest_local is not None and (latest_row is None or latest_local.end > latest_row["point"].end):
        latest = {"label": latest_local.label, "value": latest_local.value, "end": latest_local.end}
    elif latest_row is not None:
        latest = {"label": latest_row["label"], "value": latest_row["local"], "end": latest_row["point"].end}
    else:
        latest = {"label": "", "value": None, "end": today}
    rule = RagRule.objects.filter(indicator=indicator, local_authority=authority).first()
    rag = rag_status(
        indicator, value=latest["value"], basis=rule.basis if rule else indicator.rag_basis,
        margin=rule.amber_margin if rule else indicator.rag_amber_margin, target=target, on=latest["end"],
        england=latest_row["england"] if latest_row else None,
        neighbours=latest_row["neighbours_mean"] if latest_row else None,
    )
    commentaries = [] if public else list(
        Commentary.objects.filter(indicator=indicator, local_authority=authority).select_related("author")[:20])
    return IndicatorView(indicator=indicator, authority=authority, periods=[r["point"] for r in table], rows=table,
                         chart_svg=chart_svg, local_points=local_points, local_chart_svg=local_chart_svg,
                         target=target, rag=rag, latest=latest, commentaries=commentaries)
