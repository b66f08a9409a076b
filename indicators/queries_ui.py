"""Reads for the scorecard, indicator and public dashboard pages, built in a few bulk queries.

The pages show many indicators at once (60 indicators x 36 months on a scorecard), so nothing
here queries per indicator: each function reads every value it needs in one or two queries and
groups them in Python.
"""

from __future__ import annotations

import datetime
import statistics
import threading
from collections import OrderedDict, defaultdict
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q

from core.choices import NeighbourSet
from core.models import AuditEvent, LocalAuthority, StatisticalNeighbour

from . import benchmarks as bench_rules
from . import charts, display, periods, queries, suppression
from .choices import Geography, PeriodType, Polarity, Rag, Theme, ValueSource
from .models import ENGLAND_CODE, Commentary, Indicator, RagRule, Target, Value

MONTH_TYPES = (PeriodType.MONTH, PeriodType.ROLLING_12)
LOCAL_SOURCES = (ValueSource.COMPUTED, ValueSource.MANUAL, ValueSource.UPLOAD)
RAG_COLOURS = {Rag.RED: "red", Rag.AMBER: "orange", Rag.GREEN: "green"}
UNIT_SYMBOLS = {"percent": "percent", "weeks": "weeks", "count": "count", "rate": "rate", "score": "score"}


# ---- periods ---------------------------------------------------------------------------------

def period_label(period_type: str, start: datetime.date, end: datetime.date) -> str:
    """How a period reads on the page: "March 2025", "2024", "January 2025", "2024/25"."""
    return periods.Period(period_type, start, end).label


def short_period_label(period_type: str, start: datetime.date, end: datetime.date) -> str:
    """A shorter label for chart axes: "Mar 25" for months."""
    return periods.Period(period_type, start, end).short_label


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


# ---- who compares with whom ------------------------------------------------------------------

def neighbour_codes(authority: LocalAuthority, neighbour_set: str = NeighbourSet.SN_2025) -> list[str]:
    return list(
        StatisticalNeighbour.objects.filter(authority=authority, neighbour_set=neighbour_set)
        .order_by("rank").values_list("neighbour__code", flat=True)
    )


THEME_ORDER = {value: index for index, value in enumerate(Theme.values)}


def catalogue_for(authority: LocalAuthority):
    return (Indicator.objects.filter(is_active=True)
            .filter(Q(local_authority__isnull=True) | Q(local_authority=authority))
            .order_by("theme", "sort_order", "title"))


def in_theme_order(indicators) -> list[Indicator]:
    """Indicators grouped by theme in the order the themes are listed, then by sort order."""
    return sorted(indicators, key=lambda i: (THEME_ORDER.get(i.theme, 99), i.sort_order, i.title))


# ---- the scorecard ---------------------------------------------------------------------------

class ScorecardRow:
    """One scorecard row as the pages, exports and board pack show it.

    Wraps indicators.queries.ScorecardRow (the data engineer's bulk read) with display text and
    a sparkline.
    """

    def __init__(self, data: queries.ScorecardRow):
        self.data = data
        self.indicator = data.indicator
        self.series = [Point(p.type, p.start, p.end, v) for p, v in data.series]
        self.latest = (Point(data.latest_period.type, data.latest_period.start, data.latest_period.end,
                             data.latest_value, data.latest_symbol, data.latest_source)
                       if data.latest_period else None)
        self.target = data.target
        self.rag = data.rag_status
        self.england, self.region, self.neighbours_mean = data.england, data.region, data.neighbours_mean
        self.benchmark_period = data.benchmark_period.label if data.benchmark_period else ""
        self.commentary = data.commentary
        self.needs_exception = data.needs_commentary
        self.sparkline = ""
        known = [i for i, p in enumerate(self.series) if p.value is not None]
        if len(known) > 1:
            labels = [""] * len(self.series)  # the description names only the first and latest periods
            for i in (known[0], known[-1]):
                labels[i] = self.series[i].label
            self.sparkline = charts.sparkline(
                [p.value for p in self.series], chart_id=f"spark-{self.indicator.code}", title=self.indicator.title,
                periods=labels, unit=self.indicator.unit, decimals=self.indicator.decimal_places)

    @property
    def latest_text(self) -> str:
        return self.data.latest_display if self.latest else "No data"

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

    def text(self, value: float | None) -> str:
        return fmt(self.indicator, value)

    def _bench_text(self, value: float | None) -> str:
        return "" if value is None else fmt(self.indicator, value)

    @property
    def england_text(self) -> str:
        return self._bench_text(self.england)

    @property
    def region_text(self) -> str:
        return self._bench_text(self.region)

    @property
    def neighbours_text(self) -> str:
        return self._bench_text(self.neighbours_mean)


# ---- a small in-process cache for the heaviest pages -------------------------------------------
#
# Figures change only through the services (every write audited; values and targets are never
# changed in place, a correction is a new row), so the newest ids of those tables say whether
# anything has changed. Reading them is one indexed query; a page built for the same ids is reused.

_CACHE: OrderedDict = OrderedDict()
_CACHE_SIZE = 256
_CACHE_LOCK = threading.Lock()
_BUILDING: dict[tuple, threading.Lock] = {}


VERSION_MODELS = (Value, Target, Commentary, RagRule, Indicator, AuditEvent)


def data_version() -> tuple:
    """The newest ids of everything a scorecard or dashboard is built from (one indexed query)."""
    quote = connection.ops.quote_name
    columns = ", ".join(f"(SELECT MAX({quote(m._meta.pk.column)}) FROM {quote(m._meta.db_table)})"
                        for m in VERSION_MODELS)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}")  # noqa: S608 - table names from the models, no user input
        return tuple(cursor.fetchone())


def cached(kind: str, key: tuple, build):
    """``build()``'s result for this key, reused until any figure, target or commentary changes."""
    full_key = (kind, key, data_version())
    with _CACHE_LOCK:
        if full_key in _CACHE:
            _CACHE.move_to_end(full_key)
            return _CACHE[full_key]
        building = _BUILDING.setdefault((kind, key), threading.Lock())
    with building:  # one thread builds a page; the others wait for it rather than build it too
        with _CACHE_LOCK:
            if full_key in _CACHE:
                return _CACHE[full_key]
        result = build()
        with _CACHE_LOCK:
            _CACHE[full_key] = result
            while len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
            if len(_BUILDING) > 4 * _CACHE_SIZE:
                _BUILDING.clear()
    return result


def clear_caches() -> None:
    with _CACHE_LOCK:
        _CACHE.clear()


def scorecard(authority: LocalAuthority, *, today: datetime.date, theme: str = "", owner: str = "",
              rag: str = "", months: int = 36, catalogue: list[Indicator] | None = None) -> list[ScorecardRow]:
    """Every active indicator for this authority with its latest figure, trend, target and RAG."""
    indicators = in_theme_order(catalogue if catalogue is not None else catalogue_for(authority))
    if theme:
        indicators = [i for i in indicators if i.theme == theme]
    if owner:
        indicators = [i for i in indicators if (i.owner or i.get_owner_role_display()) == owner]
    if not indicators:
        return []

    def build():
        rows = queries.scorecard(authority, months=months, rag_status=rag, indicators=indicators)
        return [ScorecardRow(row) for row in rows]

    return cached("scorecard", (authority.pk, rag, months, today, tuple(i.pk for i in indicators)), build)


def owners(catalogue: list[Indicator]) -> list[str]:
    names = {i.owner or i.get_owner_role_display() for i in catalogue}
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
    """(rank, of, quartile): rank 1 and quartile 1 are best by polarity (indicators/benchmarks.py)."""
    if value is None or not values:
        return None, len(values), None
    keyed = {str(i): v for i, v in enumerate(values)}
    keyed["this"] = value
    if value in values:  # the area's own figure is already among them
        keyed.pop(str(values.index(value)))
    ranking = bench_rules.ranks(keyed, polarity)
    rank, of = ranking["this"], len(ranking)
    return rank, of, (bench_rules.quartile(rank, of) if polarity != Polarity.NEITHER else None)


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
                         "england_text": self._text(row["england"]), "region_text": self._text(row["region"]),
                         "neighbours_text": self._text(row["neighbours_mean"]), "band_text": band})
        return rows

    @property
    def local_rows(self) -> list[dict]:
        return [{"label": p.label, "text": fmt(self.indicator, p.value),
                 "source": ValueSource(p.source).label if p.source in ValueSource.values else p.source}
                for p in self.local_points]


def indicator_view(indicator: Indicator, authority: LocalAuthority, *, today: datetime.date,
                   neighbour_set: str = NeighbourSet.SN_2025, public: bool = False) -> IndicatorView:
    """The chart, table and benchmarks for one indicator at one authority."""
    neighbours = neighbour_codes(authority, neighbour_set)
    region = authority.region
    rows = (Value.objects.filter(indicator=indicator, is_current=True)
            .filter(Q(period_type=indicator.period_type, published=True)
                    | Q(area_code=authority.code, published=False))
            .values_list("area_code", "geography", "period_type", "period_start", "period_end", "value",
                         "symbol", "source", "published"))
    published: dict[datetime.date, dict] = defaultdict(lambda: {"las": {}})
    local_points: list[Point] = []
    for area, geography, period_type, start, end, value, symbol, source, is_published in rows:
        if not is_published:
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

    # Latest figure, target and RAG exactly as the scorecard works them out.
    summary = queries.scorecard(authority, indicators=[indicator], neighbour_set=neighbour_set)[0]
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
    rag = summary.rag_status
    commentaries = [] if public else list(
        Commentary.objects.filter(indicator=indicator, local_authority=authority).select_related("author")[:20])
    return IndicatorView(indicator=indicator, authority=authority, periods=[r["point"] for r in table], rows=table,
                         chart_svg=chart_svg, local_points=local_points, local_chart_svg=local_chart_svg,
                         target=target, rag=rag, latest=latest, commentaries=commentaries)


# ---- the public dashboard --------------------------------------------------------------------
#
# Built pages are kept by ``cached`` until a figure changes (see data_version).

QUARTILE_WORDS = {1: "among the best quarter of areas in England", 2: "better than the middle of areas in England",
                  3: "worse than the middle of areas in England", 4: "among the quarter of areas in England doing least well"}


def public_indicators() -> list[Indicator]:
    return in_theme_order(Indicator.objects.filter(is_active=True, is_public=True, local_authority__isnull=True))


@dataclass
class PublicData:
    indicators: list[Indicator]
    # indicator id -> period start -> {"end": date, "areas": {area_code: value}, "sources": {area_code: source}}
    figures: dict[int, dict[datetime.date, dict]]


def public_data() -> PublicData:
    """Every published figure for the public indicators (England, regions, authorities), grouped."""
    indicators = public_indicators()
    by_id = {i.pk: i for i in indicators}
    figures: dict[int, dict[datetime.date, dict]] = {i.pk: {} for i in indicators}
    rows = (Value.objects.filter(is_current=True, published=True, indicator_id__in=list(by_id))
            .values_list("indicator_id", "area_code", "period_type", "period_start", "period_end", "value", "source",
                         "numerator", "denominator"))
    for indicator_id, area, period_type, start, end, value, source, numerator, denominator in rows:
        if period_type != by_id[indicator_id].period_type or value is None:
            continue
        slot = figures[indicator_id].setdefault(start, {"end": end, "areas": {}, "sources": {}, "hidden": set()})
        slot["areas"][area] = value
        slot["sources"][area] = source
        if source in LOCAL_SOURCES and _must_suppress(by_id[indicator_id], value, numerator, denominator):
            slot["hidden"].add(area)
    return PublicData(indicators, figures)


def _is_authority(code: str) -> bool:
    return len(code) == 3 and code.isdigit()


def _must_suppress(indicator: Indicator, value: float, numerator: float | None, denominator: float | None) -> bool:
    """Local counts of 1 to 4, and rates worked out from them, are not published (DfE practice)."""
    if indicator.unit == "count":
        return suppression.suppress_count(value) == suppression.SUPPRESSED
    return suppression.suppress_rate(value, numerator=numerator, denominator=denominator) == suppression.SUPPRESSED


def _public_value(indicator: Indicator, slot: dict, area: str) -> float | None:
    """A figure safe to publish, or None when there is none or it is suppressed."""
    if area in slot["hidden"]:
        return None
    return slot["areas"].get(area)


def england_overview(*, today: datetime.date) -> dict:
    """England's published figures for the public indicators, with the spread of local areas."""
    return cached("england", (today,), _england_overview)


def _england_overview() -> dict:
    data = public_data()
    cards = []
    for indicator in data.indicators:
        periods_ = sorted(data.figures[indicator.pk])[-10:]
        rows = []
        for start in periods_:
            slot = data.figures[indicator.pk][start]
            las = [v for a, v in slot["areas"].items() if _is_authority(a) and slot["sources"][a] not in LOCAL_SOURCES]
            bands = quartiles(las)
            rows.append({"label": period_label(indicator.period_type, start, slot["end"]),
                         "short": short_period_label(indicator.period_type, start, slot["end"]),
                         "england": slot["areas"].get(ENGLAND_CODE),
                         "lower": bands[0] if bands else None, "upper": bands[1] if bands else None})
        rows = [r for r in rows if r["england"] is not None or r["lower"] is not None]
        if not rows:
            continue
        chart = charts.line_chart(
            chart_id=f"chart-{indicator.code}", title=f"{indicator.title}: England",
            periods=[r["short"] for r in rows],
            series=[charts.Series("England", "england", [r["england"] for r in rows])],
            # A count for England is a total: a band of single areas' counts would sit at the bottom.
            band=None if indicator.unit == "count" else charts.Band(
                "the middle half of local areas (lower to upper quartile)",
                [r["lower"] for r in rows], [r["upper"] for r in rows]),
            unit=indicator.unit, decimals=indicator.decimal_places,
        )
        for r in rows:
            for key in ("england", "lower", "upper"):
                r[f"{key}_text"] = fmt(indicator, r[key])
        cards.append({"indicator": indicator, "rows": rows, "chart": chart, "latest": rows[-1],
                      "band": indicator.unit != "count"})
    return {"cards": cards}


def what_this_means(indicator: Indicator, name: str, value: float | None, england: float | None,
                    neighbours: float | None, quartile: int | None) -> str:
    """A plain-English reading of the figure for parents and carers."""
    if value is None:
        return f"There is no published figure for {name} for this period."
    if indicator.polarity == Polarity.NEITHER:
        parts = [f"This figure shows how much is happening in {name}. A higher or lower number is not "
                 "in itself better or worse: it depends on how many children and young people need support."]
        if england is not None and indicator.unit != "count":
            side = "higher than" if value > england else "lower than" if value < england else "the same as"
            parts.append(f"It is {side} England's figure.")
        return " ".join(parts)
    better_when = "higher" if indicator.polarity == Polarity.HIGHER else "lower"
    parts = [f"For this measure, {better_when} is better."]

    def compare(other: float | None, whom: str) -> str | None:
        if other is None:
            return None
        if round(value, indicator.decimal_places) == round(other, indicator.decimal_places):
            return f"the same as {whom}"
        is_better = (value > other) == (indicator.polarity == Polarity.HIGHER)
        return f"{'better' if is_better else 'worse'} than {whom}"

    comparisons = [c for c in (compare(england, "England"), compare(neighbours, "similar areas")) if c]
    if comparisons:
        parts.append(f"{name} is doing {' and '.join(comparisons)}.")
    if quartile:
        parts.append(f"That puts it {QUARTILE_WORDS[quartile]}.")
    return " ".join(parts)


def authority_dashboard(authority: LocalAuthority, *, today: datetime.date) -> dict:
    """The public page for one authority: its published figures beside England, region and similar areas."""
    return cached("public", (authority.pk, today), lambda: _authority_dashboard(authority))


def _authority_dashboard(authority: LocalAuthority) -> dict:
    data = public_data()
    neighbours = neighbour_codes(authority)
    region = authority.region
    cards = []
    for indicator in data.indicators:
        by_period = data.figures[indicator.pk]
        rows = []
        for start in sorted(by_period)[-10:]:
            slot = by_period[start]
            near = [v for c in neighbours if (v := _public_value(indicator, slot, c)) is not None]
            rows.append({
                "start": start,
                "label": period_label(indicator.period_type, start, slot["end"]),
                "short": short_period_label(indicator.period_type, start, slot["end"]),
                "local": _public_value(indicator, slot, authority.code),
                "local_suppressed": authority.code in slot["hidden"],
                "england": slot["areas"].get(ENGLAND_CODE), "region": slot["areas"].get(region.code),
                "neighbours": statistics.fmean(near) if near else None,
                "slot": slot,
            })
        rows = [r for r in rows if r["local"] is not None or r["england"] is not None]
        if not rows:
            continue
        latest = next((r for r in reversed(rows) if r["local"] is not None or r["local_suppressed"]), rows[-1])
        slot = latest["slot"]
        las = [v for a in slot["areas"] if _is_authority(a) and (v := _public_value(indicator, slot, a)) is not None]
        rank, of, quartile = rank_of(latest["local"], las, indicator.polarity)
        earlier = [r for r in rows if r["start"] < latest["start"] and r["local"] is not None]
        change = None
        if earlier and latest["local"] is not None:
            change = latest["local"] - earlier[-1]["local"]
        for r in rows:
            del r["slot"]
            for key in ("local", "england", "region", "neighbours"):
                r[f"{key}_text"] = fmt(indicator, r[key])
            if r["local_suppressed"]:
                r["local_text"] = suppression.display(suppression.SUPPRESSED)
        code = indicator.code
        # Counts for England and the region are totals, not comparable with one area's count.
        totals = indicator.unit != "count"
        series = [charts.Series(authority.name, "local", [r["local"] for r in rows])]
        if totals:
            series.append(charts.Series("England", "england", [r["england"] for r in rows]))
        series.append(charts.Series("Similar areas (average)", "neighbours", [r["neighbours"] for r in rows]))
        trend = charts.line_chart(
            chart_id=f"trend-{code}", title=f"{indicator.title}: {authority.name} over time",
            periods=[r["short"] for r in rows], series=series, unit=indicator.unit,
            decimals=indicator.decimal_places,
        )
        bars = [(authority.name, latest["local"], "local"), ("Similar areas (average)", latest["neighbours"], "neighbours")]
        if totals:
            bars += [(region.name, latest["region"], "region"), ("England", latest["england"], "england")]
        compare = charts.bar_comparison(
            chart_id=f"compare-{code}", title=f"{indicator.title}, {latest['label']}: how {authority.name} compares",
            bars=bars, unit=indicator.unit, decimals=indicator.decimal_places,
        )
        cards.append({
            "indicator": indicator, "rows": rows, "latest": latest, "trend": trend, "compare": compare,
            "totals": totals,
            "rank": rank, "of": of, "quartile": quartile,
            "change_text": None if change is None else display.format_change(
                change, unit=indicator.unit, places=indicator.decimal_places),
            "previous_label": earlier[-1]["label"] if earlier else "",
            "meaning": what_this_means(indicator, authority.name, latest["local"], latest["england"],
                                       latest["neighbours"], quartile),
        })
    return {"authority": authority, "region": region, "cards": cards, "neighbour_count": len(neighbours)}
