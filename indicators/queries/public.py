"""The public dashboard: England's published figures, and each authority's beside England, its
region and similar areas. No sign-in, so every figure from local data goes through suppression.

Two kinds of figure reach these pages:

- published figures (DfE, MoJ) for the public indicators. A row from the authority's own data
  that is marked published (a figure the partnership published itself) is suppressed as local
  data is;
- the authority's own figures for public local measures (not DfE measures) that have no published
  series (waiting times, Local Offer visits, parents' confidence). These are shown for the
  authority alone, never beside other authorities' own figures.

Every local figure is checked by ``_must_suppress`` (counts of 1 to 4, and rates worked out from
such counts, show as "Fewer than 5"); a suppressed figure is left out of every chart, average,
rank and change, so nothing on the page can be subtracted to find it (no page shows parts of a
local total). Built pages are kept by ``cached`` until a figure changes.
"""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass

from core.models import LocalAuthority

from .. import charts, display, periods, suppression
from ..choices import Geography, Polarity, ValueSource
from ..models import ENGLAND_CODE, Indicator, Value
from .cache import cached
from .catalogue import indicators_for, neighbour_codes, public_indicators
from .indicator import quartiles, rank_of
from .scorecard import NOT_PUBLISHED, fmt

LOCAL_SOURCES = (ValueSource.COMPUTED, ValueSource.MANUAL, ValueSource.UPLOAD)
LOCAL_PERIODS = 12  # periods of an authority's own series on its public page
QUARTILE_WORDS = {1: "among the best quarter of areas in England", 2: "better than the middle of areas in England",
                  3: "worse than the middle of areas in England", 4: "among the quarter of areas in England doing least well"}


def period_label(period_type: str, start: datetime.date, end: datetime.date) -> str:
    """How a period reads on the page: "March 2025", "2024", "January 2025", "2024/25"."""
    return periods.Period(period_type, start, end).label


def short_period_label(period_type: str, start: datetime.date, end: datetime.date) -> str:
    """A shorter label for chart axes: "Mar 25" for months."""
    return periods.Period(period_type, start, end).short_label


def _benchmark_text(indicator: Indicator, value: float | None) -> str:
    return NOT_PUBLISHED if value is None else fmt(indicator, value)


# ---- the figures -------------------------------------------------------------------------------

@dataclass
class PublicData:
    indicators: list[Indicator]
    # indicator id -> period start -> {"end": date, "areas": {area: value}, "sources": {area: source},
    # "hidden": {areas whose local figure is suppressed}}
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


def local_figures(authority: LocalAuthority, indicators: list[Indicator]) -> dict[int, list[dict]]:
    """The authority's own figures for public indicators with no published series, oldest first,
    the latest ``LOCAL_PERIODS`` of each, every one checked for suppression (one query):
    {indicator id: [{"period", "value" (None when suppressed), "suppressed"}]}."""
    wanted = {i.pk: i for i in indicators}
    found: dict[int, list] = defaultdict(list)
    if not wanted:
        return {}
    for indicator_id, period_type, start, value, numerator, denominator in (
        Value.objects.filter(indicator_id__in=list(wanted), area_code=authority.code, is_current=True,
                             published=False, value__isnull=False)
        .values_list("indicator_id", "period_type", "period_start", "value", "numerator", "denominator")
    ):
        if period_type == wanted[indicator_id].local_period_type:
            found[indicator_id].append((start, period_type, value, numerator, denominator))
    result = {}
    for indicator_id, rows in found.items():
        indicator = wanted[indicator_id]
        figures = []
        for start, period_type, value, numerator, denominator in sorted(rows)[-LOCAL_PERIODS:]:
            hidden = _must_suppress(indicator, value, numerator, denominator)
            figures.append({"period": periods.from_start(period_type, start), "value": None if hidden else value,
                            "suppressed": hidden})
        result[indicator_id] = figures
    return result


# ---- England ------------------------------------------------------------------------------------

def england_overview(*, years: int = 6) -> list[dict]:
    """For each public indicator with published figures: England's series and the latest regional
    figures (two queries)."""
    indicators = list(indicators_for(None).filter(is_public=True))
    period_types = {i.pk: i.period_type for i in indicators}
    rows = (Value.objects.filter(indicator__in=indicators, is_current=True, published=True,
                                 geography__in=[Geography.NATIONAL, Geography.REGIONAL])
            .select_related("region").order_by("period_start"))
    national = defaultdict(list)
    regional = defaultdict(dict)
    for v in rows:
        if v.period_type != period_types[v.indicator_id]:
            continue
        if v.geography == Geography.NATIONAL:
            national[v.indicator_id].append((periods.from_start(v.period_type, v.period_start), v.value))
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


def england_dashboard(*, today: datetime.date, version: tuple | None = None) -> dict:
    """The public England page: England's published figures for the public indicators, with the
    spread of local areas."""
    return cached("england", (today,), _england_dashboard, version=version)


def _england_dashboard() -> dict:
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
            r["england_text"] = _benchmark_text(indicator, r["england"])
            for key in ("lower", "upper"):
                r[f"{key}_text"] = fmt(indicator, r[key])
        cards.append({"indicator": indicator, "rows": rows, "chart": chart, "latest": rows[-1],
                      "band": indicator.unit != "count",
                      "england_published": any(r["england"] is not None for r in rows)})
    return {"cards": cards}


# ---- one authority --------------------------------------------------------------------------------

def what_this_means(indicator: Indicator, name: str, value: float | None, england: float | None,
                    neighbours: float | None, quartile: int | None, *, suppressed: bool = False) -> str:
    """A plain-English reading of the figure for parents and carers."""
    if suppressed:
        return (f"The number for {name} is fewer than 5. We do not show numbers this small, so that no child "
                "can be identified.")
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


def authority_dashboard(authority: LocalAuthority, *, today: datetime.date, version: tuple | None = None) -> dict:
    """The public page for one authority: its published figures beside England, region and similar areas."""
    return cached("public", (authority.pk, today), lambda: _authority_dashboard(authority), version=version)


def _authority_dashboard(authority: LocalAuthority) -> dict:
    data = public_data()
    neighbours = neighbour_codes(authority)
    region = authority.region
    local_measures = [i for i in data.indicators if not i.is_statutory and not data.figures[i.pk]]
    own = local_figures(authority, local_measures)
    cards = []
    for indicator in data.indicators:
        if indicator in local_measures:
            card = _local_card(indicator, authority, own.get(indicator.pk, []))
        else:
            card = _published_card(indicator, authority, data.figures[indicator.pk], neighbours)
        if card:
            cards.append(card)
    return {"authority": authority, "region": region, "cards": cards, "neighbour_count": len(neighbours)}


def _published_card(indicator: Indicator, authority: LocalAuthority, by_period: dict, neighbours: list[str]):
    region = authority.region
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
        return None
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
        r["local_text"] = fmt(indicator, r["local"])
        r["neighbours_text"] = fmt(indicator, r["neighbours"])
        r["england_text"] = _benchmark_text(indicator, r["england"])
        r["region_text"] = _benchmark_text(indicator, r["region"])
        if r["local_suppressed"]:
            r["local_text"] = suppression.display(suppression.SUPPRESSED)
    code = indicator.code
    # Counts for England and the region are totals, not comparable with one area's count.
    totals = indicator.unit != "count"
    # Some published files have local authority rows only (absence, suspensions by SEN status).
    england_published = any(r["england"] is not None for r in rows)
    series = [charts.Series(authority.name, "local", [r["local"] for r in rows])]
    if totals and england_published:
        series.append(charts.Series("England", "england", [r["england"] for r in rows]))
    series.append(charts.Series("Similar areas (average)", "neighbours", [r["neighbours"] for r in rows]))
    trend = charts.line_chart(
        chart_id=f"trend-{code}", title=f"{indicator.title}: {authority.name} over time",
        periods=[r["short"] for r in rows], series=series, unit=indicator.unit,
        decimals=indicator.decimal_places,
    )
    bars = [(authority.name, latest["local"], "local"), ("Similar areas (average)", latest["neighbours"], "neighbours")]
    if totals and england_published:
        bars += [(region.name, latest["region"], "region"), ("England", latest["england"], "england")]
    compare = charts.bar_comparison(
        chart_id=f"compare-{code}", title=f"{indicator.title}, {latest['label']}: how {authority.name} compares",
        bars=bars, unit=indicator.unit, decimals=indicator.decimal_places,
    )
    return {
        "indicator": indicator, "rows": rows, "latest": latest, "trend": trend, "compare": compare,
        "totals": totals, "local_only": False, "england_published": england_published,
        "rank": rank, "of": of, "quartile": quartile,
        "change_text": None if change is None else display.format_change(
            change, unit=indicator.unit, places=indicator.decimal_places),
        "previous_label": earlier[-1]["label"] if earlier else "",
        "meaning": what_this_means(indicator, authority.name, latest["local"], latest["england"],
                                   latest["neighbours"], quartile, suppressed=latest["local_suppressed"]),
    }


def _local_card(indicator: Indicator, authority: LocalAuthority, figures: list[dict]):
    """A public local measure: the authority's own figures only, each suppressed if small."""
    if not figures:
        return None
    rows = [{"start": f["period"].start, "label": f["period"].label, "short": f["period"].short_label,
             "local": f["value"], "local_suppressed": f["suppressed"],
             "local_text": suppression.display(suppression.SUPPRESSED) if f["suppressed"] else fmt(indicator, f["value"])}
            for f in figures]
    latest = rows[-1]
    earlier = [r for r in rows[:-1] if r["local"] is not None]
    change = None
    if earlier and latest["local"] is not None:
        change = latest["local"] - earlier[-1]["local"]
    trend = charts.line_chart(
        chart_id=f"trend-{indicator.code}", title=f"{indicator.title}: {authority.name} over time",
        periods=[r["short"] for r in rows], series=[charts.Series(authority.name, "local", [r["local"] for r in rows])],
        unit=indicator.unit, decimals=indicator.decimal_places,
    )
    return {
        "indicator": indicator, "rows": rows, "latest": latest, "trend": trend, "compare": "",
        "totals": False, "local_only": True, "england_published": False, "rank": None, "of": 0, "quartile": None,
        "change_text": None if change is None else display.format_change(
            change, unit=indicator.unit, places=indicator.decimal_places),
        "previous_label": earlier[-1]["label"] if earlier else "",
        "meaning": what_this_means(indicator, authority.name, latest["local"], None, None, None,
                                   suppressed=latest["local_suppressed"]),
    }
