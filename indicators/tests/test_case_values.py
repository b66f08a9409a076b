"""The seam to the casework app, against its real statistics (skipped if that app is not there)."""

import datetime

import pytest

from indicators import periods, services, sources
from indicators.models import Indicator, Value

pytestmark = pytest.mark.django_db
synthetic = pytest.importorskip("cases.synthetic")
statistics = pytest.importorskip("cases.statistics")
END = datetime.date(2025, 6, 30)


def test_values_computed_from_case_records_equal_the_casework_statistics(authority):
    synthetic.generate(authority, plans=60, years=2, seed=7, end=END)
    assert sources.available() and sources.has_case_records(authority)
    created = services.compute_case_values(local_authority=authority, years=[2024],
                                           month_ends=[datetime.date(2025, 5, 31)])
    assert created > 0
    year = statistics.statutory_indicators(authority, year=2024)
    rolling = statistics.statutory_indicators_rolling(authority, month_end=datetime.date(2025, 5, 31))
    compared = 0
    for indicator in Indicator.objects.exclude(case_statistic=""):
        expected = sources.lookup(year, indicator.case_statistic)
        stored = Value.objects.filter(indicator=indicator, local_authority=authority, source="computed",
                                      period_type=indicator.period_type, is_current=True).first()
        if indicator.period_type in ("calendar_year", "census") and expected is not None:
            assert stored is not None and stored.value == expected, indicator.code
            compared += 1
        expected = sources.lookup(rolling, indicator.case_statistic)
        if expected is not None:
            period = (periods.rolling_12(datetime.date(2025, 5, 31)) if indicator.local_period_type == "rolling_12"
                      else periods.month(2025, 5))
            stored = Value.objects.get(indicator=indicator, local_authority=authority, source="computed",
                                       period_type=period.type, period_start=period.start, is_current=True)
            assert stored.value == expected, indicator.code
            compared += 1
    assert compared >= 20  # every catalogue key the casework app provides, for the year and the month


def test_an_authority_without_case_records_gets_no_computed_zeros(other_authority):
    assert services.compute_case_values(local_authority=other_authority, years=[2024]) == 0
    assert not Value.objects.exists()
