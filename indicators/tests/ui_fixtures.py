"""Figures for the page and export tests: a small, known set of published and local values.

Written straight to the database (tests may; the service never does), so the page tests do not
depend on the importers. Every figure is chosen so a test can work out what the page must show.
"""

import datetime

from core.models import LocalAuthority, StatisticalNeighbour
from indicators import periods
from indicators.models import ENGLAND_CODE, Commentary, Indicator, Target, Value

TIMELY = "ehcp_issued_20wk_pc"  # % of new plans issued within 20 weeks, higher is better
YEARS = [2019, 2020, 2021, 2022, 2023, 2024]
ENGLAND = {2019: 60.4, 2020: 58.0, 2021: 59.9, 2022: 49.2, 2023: 50.3, 2024: 46.4}
REGION = {2019: 62.0, 2020: 61.0, 2021: 60.0, 2022: 55.0, 2023: 52.0, 2024: 48.0}
LOCAL = {2019: 20.0, 2020: 30.0, 2021: 40.0, 2022: 55.5, 2023: 60.0, 2024: 70.0}
MONTHS = 24
MONTH_END = datetime.date(2025, 10, 31)


def la_value(index: int, year: int) -> float:
    """Every other authority: a spread from 10% to 89% that moves a little each year."""
    return float(10 + (index * 37 + year) % 80)


def published(indicator, area_code, period, value, *, authority=None, region=None, geography="local_authority",
              source="published"):
    return Value(indicator=indicator, geography=geography, area_code=area_code, local_authority=authority,
                 region=region, period_type=period.type, period_start=period.start, period_end=period.end,
                 value=value, source=source, published=source == "published")


def monthly_local(month_index: int) -> float:
    """The authority's own 12-month rolling figure: climbs by 1 point a month from 40%."""
    return 40.0 + month_index


def load(authority: LocalAuthority, *, with_target: bool = True, all_authorities: bool = True) -> Indicator:
    """Published figures for every authority (or just the neighbours), and Hull's own monthly ones."""
    indicator = Indicator.objects.get(code=TIMELY)
    rows = []
    neighbours = set(StatisticalNeighbour.objects.filter(authority=authority, neighbour_set="2025")
                     .values_list("neighbour__code", flat=True))
    others = LocalAuthority.objects.exclude(pk=authority.pk).order_by("code").select_related("region")
    if not all_authorities:
        others = others.filter(code__in=neighbours)
    for year in YEARS:
        period = periods.calendar_year(year)
        rows.append(published(indicator, ENGLAND_CODE, period, ENGLAND[year], geography="national"))
        rows.append(published(indicator, authority.region.code, period, REGION[year], region=authority.region,
                              geography="regional"))
        rows.append(published(indicator, authority.code, period, LOCAL[year], authority=authority,
                              region=authority.region))
        for index, other in enumerate(others):
            rows.append(published(indicator, other.code, period, la_value(index, year), authority=other,
                                  region=other.region))
    for i, period in enumerate(periods.months_ending(MONTH_END, MONTHS)):
        rolling = periods.rolling_12(period.end)
        rows.append(published(indicator, authority.code, rolling, monthly_local(i), authority=authority,
                              region=authority.region, source="computed"))
    Value.objects.bulk_create(rows)
    if with_target:
        Target.objects.create(indicator=indicator, local_authority=authority, baseline_value=28.0,
                              baseline_date=datetime.date(2023, 1, 31), target_value=80.0,
                              target_date=datetime.date(2026, 1, 31))
    return indicator


def neighbour_mean(authority: LocalAuthority, year: int) -> float:
    """The average of the 2025 neighbours' figures, worked out the slow way."""
    others = list(LocalAuthority.objects.exclude(pk=authority.pk).order_by("code").values_list("code", flat=True))
    codes = StatisticalNeighbour.objects.filter(authority=authority, neighbour_set="2025").values_list(
        "neighbour__code", flat=True)
    values = [la_value(others.index(code), year) for code in codes]
    return sum(values) / len(values)


def comment(indicator, authority, text, *, kind="update", author=None):
    return Commentary.objects.create(indicator=indicator, local_authority=authority, text=text, kind=kind,
                                     author=author)
