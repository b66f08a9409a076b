"""One indicator at one authority: benchmarks for a period, its history against England, the
region and similar areas, and the indicator page (charts and tables)."""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Max, Q, QuerySet

from core.models import LocalAuthority

from .. import benchmarks, charts, periods
from ..choices import Geography, PeriodType, Polarity, Rag, ValueSource
from ..models import ENGLAND_CODE, Commentary, Indicator, Target, Value
from .catalogue import DEFAULT_NEIGHBOUR_SET, neighbour_codes
from .scorecard import NOT_PUBLISHED, RAG_COLOURS, SCORECARD_MONTHS, fmt, scorecard

# ---- benchmarks for one period -----------------------------------------------------------------


def latest_published_period(indicator: Indicator) -> periods.Period | None:
    start = (Value.objects.filter(indicator=indicator, period_type=indicator.period_type, is_current=True,
                                  published=True, value__isnull=False)
             .aggregate(latest=Max("period_start"))["latest"])
    return periods.from_start(indicator.period_type, start) if start else None


def benchmark(indicator: Indicator, local_authority: LocalAuthority, period: periods.Period, *,
              neighbour_set: str = DEFAULT_NEIGHBOUR_SET) -> dict:
    """England, region, neighbours (mean, range, each), national rank and quartile, and change since
    the period before, for one authority (three queries): what `sendsight benchmark --json` prints."""
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


# ---- published figures period by period ----------------------------------------------------------


def _published_slots(rows, authority: LocalAuthority) -> dict[datetime.date, dict]:
    """Group published rows ``(area, geography, start, end, value, symbol, note, source)`` by period:
    {start: {"end", "england", "region", "own": (value, symbol, note, source), "las": {code: value}}}.
    ``las`` holds every authority with a figure (None left out)."""
    region_code = authority.region.code
    slots: dict[datetime.date, dict] = defaultdict(lambda: {"las": {}, "own": None})
    for area, geography, start, end, value, symbol, note, source in rows:
        slot = slots[start]
        slot["end"] = end
        if area == ENGLAND_CODE:
            slot["england"] = value
        elif area == region_code:
            slot["region"] = value
        elif geography == Geography.LOCAL_AUTHORITY:
            if area == authority.code:
                slot["own"] = (value, symbol, note, source)
            if value is not None:
                slot["las"][area] = value
    return slots


_PUBLISHED_COLUMNS = ("area_code", "geography", "period_start", "period_end", "value", "symbol", "note", "source")


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
    rows = Value.objects.filter(indicator=indicator, period_type=indicator.period_type, is_current=True,
                                published=True).values_list(*_PUBLISHED_COLUMNS)
    slots = _published_slots(rows, local_authority)
    published = []
    for start in sorted(slots):
        slot = slots[start]
        own = slot["own"] or (None, "", "", "")
        summary = benchmarks.summarise(slot["las"].get(c) for c in codes)
        ranks = benchmarks.ranks(slot["las"], indicator.polarity)
        rank = ranks.get(local_authority.code)
        published.append(HistoryRow(
            periods.from_start(indicator.period_type, start), own[0], own[1], slot.get("england"),
            slot.get("region"), summary.mean, summary.minimum, summary.maximum, rank, len(ranks),
            benchmarks.quartile(rank, len(ranks)), own[2], own[3],
        ))
    local_rows = (Value.objects.filter(indicator=indicator, area_code=local_authority.code, is_current=True,
                                       published=False, period_type=indicator.local_period_type)
                  .order_by("-period_start"))
    local = [HistoryRow(periods.from_start(v.period_type, v.period_start), v.value, v.symbol, None, None, None,
                        None, None, None, 0, None, v.note, v.source)
             for v in reversed(list(local_rows[:months]))]
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


# ---- the indicator page ----------------------------------------------------------------------------


def quartiles(values: list[float]) -> tuple[float, float] | None:
    """Lower and upper quartile (inclusive method, as DfE's LAIT uses)."""
    if len(values) < 4:
        return None
    q = statistics.quantiles(values, n=4, method="inclusive")
    return q[0], q[2]


def rank_of(value: float | None, values: list[float], polarity: str) -> tuple[int | None, int, int | None]:
    """(rank, of, quartile): rank 1 and quartile 1 are best by polarity (indicators/benchmarks.py)."""
    if value is None or not values:
        return None, len(values), None
    keyed = {str(i): v for i, v in enumerate(values)}
    keyed["this"] = value
    if value in values:  # the area's own figure is already among them
        keyed.pop(str(values.index(value)))
    ranking = benchmarks.ranks(keyed, polarity)
    rank, of = ranking["this"], len(ranking)
    return rank, of, (benchmarks.quartile(rank, of) if polarity != Polarity.NEITHER else None)


@dataclass(frozen=True)
class Figure:
    """One figure of the indicator page, with its period, symbol and source."""

    period_type: str
    start: datetime.date
    end: datetime.date
    value: float | None
    symbol: str = ""
    source: str = ""

    @property
    def label(self) -> str:
        return periods.Period(self.period_type, self.start, self.end).label

    @property
    def short_label(self) -> str:
        return periods.Period(self.period_type, self.start, self.end).short_label


@dataclass
class IndicatorView:
    indicator: Indicator
    authority: LocalAuthority
    periods: list[Figure]
    rows: list[dict]
    chart_svg: str
    local_points: list[Figure]
    local_chart_svg: str
    target: Target | None
    rag: str | None
    latest: dict
    commentaries: list[Commentary]

    def _text(self, value: float | None, blank: str = "") -> str:
        return blank if value is None else fmt(self.indicator, value)

    @property
    def latest_text(self) -> str:
        return fmt(self.indicator, self.latest["value"])

    @property
    def latest_period(self) -> periods.Period | None:
        return self.latest["period"]

    @property
    def rag_label(self) -> str:
        return Rag(self.rag).label if self.rag else "No status"

    @property
    def rag_colour(self) -> str:
        return RAG_COLOURS.get(self.rag, "grey")

    @property
    def target_text(self) -> str:
        if self.target is None:
            return ""
        t = self.target
        return (f"{fmt(self.indicator, t.target_value)} by {t.target_date:%-d %B %Y}, from "
                f"{fmt(self.indicator, t.baseline_value)} on {t.baseline_date:%-d %B %Y}")

    @property
    def table_rows(self) -> list[dict]:
        rows = []
        for row in self.rows:
            band = ""
            if row["lower_quartile"] is not None:
                band = f"{self._text(row['lower_quartile'])} to {self._text(row['upper_quartile'])}"
            rows.append({**row, "local_text": self._text(row["local"], "no data"),
                         "england_text": self._text(row["england"], NOT_PUBLISHED),
                         "region_text": self._text(row["region"], NOT_PUBLISHED),
                         "neighbours_text": self._text(row["neighbours_mean"]), "band_text": band})
        return rows

    @property
    def local_rows(self) -> list[dict]:
        return [{"label": p.label, "text": fmt(self.indicator, p.value),
                 "source": ValueSource(p.source).label if p.source in ValueSource.values else p.source}
                for p in self.local_points]


def indicator_view(indicator: Indicator, authority: LocalAuthority, *, today: datetime.date,
                   neighbour_set: str = DEFAULT_NEIGHBOUR_SET, public: bool = False) -> IndicatorView:
    """The chart, table and benchmarks for one indicator at one authority."""
    neighbours = neighbour_codes(authority, neighbour_set)
    region = authority.region
    rows = (Value.objects.filter(indicator=indicator, is_current=True)
            .filter(Q(period_type=indicator.period_type, published=True)
                    | Q(area_code=authority.code, published=False))
            .values_list(*_PUBLISHED_COLUMNS, "period_type", "published"))
    published_rows, local_points = [], []
    for row in rows:
        if row[-1]:
            published_rows.append(row[:-2])
        else:
            area, _, start, end, value, symbol, _, source, period_type, _ = row
            local_points.append(Figure(period_type, start, end, value, symbol, source))
    slots = _published_slots(published_rows, authority)

    table = []
    for start in sorted(slots):
        slot = slots[start]
        local, local_symbol = (slot["own"] or (None, ""))[:2]
        point = Figure(indicator.period_type, start, slot["end"], local, local_symbol)
        near = [slot["las"][c] for c in neighbours if c in slot["las"]]
        bands = quartiles(list(slot["las"].values()))
        rank, of, quartile = rank_of(local, list(slot["las"].values()), indicator.polarity)
        table.append({
            "point": point, "label": point.label, "short": point.short_label,
            "local": local, "england": slot.get("england"), "region": slot.get("region"),
            "neighbours_mean": statistics.fmean(near) if near else None, "neighbours_count": len(near),
            "lower_quartile": bands[0] if bands else None, "upper_quartile": bands[1] if bands else None,
            "rank": rank, "of": of, "quartile": quartile, "symbol": local_symbol,
        })
    table = table[-12:]

    # Latest figure, target and RAG exactly as the scorecard works them out.
    summary = scorecard(authority, indicators=[indicator], neighbour_set=neighbour_set)[0]
    target = summary.target
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
        kind = indicator.local_period_type if any(
            p.period_type == indicator.local_period_type for p in local_points) else local_points[-1].period_type
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

    if summary.latest_period is not None:
        p = summary.latest_period
        latest = {"label": p.label, "value": summary.latest_value, "end": p.end, "period": p}
    else:
        latest = {"label": "", "value": None, "end": today, "period": None}
    commentaries = [] if public else list(
        Commentary.objects.filter(indicator=indicator, local_authority=authority).select_related("author")[:20])
    return IndicatorView(indicator=indicator, authority=authority, periods=[r["point"] for r in table], rows=table,
                         chart_svg=chart_svg, local_points=local_points, local_chart_svg=local_chart_svg,
                         target=target, rag=summary.rag_status, latest=latest, commentaries=commentaries)
