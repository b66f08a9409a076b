"""Every local figure on the public dashboard goes through suppression, wherever it is shown.

The strongest check: the public page is exactly the same whichever of 1 to 4 the hidden figure
is, so no text, table, chart, average, rank or change on it can give the figure away.
"""

import re

import pytest
from django.urls import reverse

from indicators import periods, queries, services
from indicators.models import ENGLAND_CODE, Indicator, Value
from indicators.tests import ui_fixtures

pytestmark = pytest.mark.django_db

WAITS = "adhd_wait_over_52wk"  # a public local measure: a monthly count, no published series


@pytest.fixture(autouse=True)
def fresh_caches():
    queries.clear_caches()


def _section(client, code: str, indicator_code: str) -> str:
    html = client.get(reverse("public:authority", args=[code])).content.decode()
    start = html.index(f'id="{indicator_code}"')
    return html[start:html.index("</section>", start)]


def _record(authority, code, month, value, **counts):
    indicator = Indicator.objects.get(code=code)
    services.record_value(indicator=indicator, local_authority=authority, period=month, value=value, by=None,
                          **counts)


def _months(*values, authority, code=WAITS):
    for month, value in zip(periods.months_ending(ui_fixtures.MONTH_END, len(values)), values, strict=True):
        _record(authority, code, month, value)


def test_a_public_local_measure_shows_the_authoritys_own_figures(client, authority):
    _months(61, 52, 40, authority=authority)
    section = _section(client, "810", WAITS)
    assert "October 2025: <strong class=\"govuk-!-font-size-36\">40</strong>" in section
    assert "Down 12 since September 2025." in section
    assert "These are the partnership's own figures." in section
    assert "How Kingston" not in section and "Similar areas" not in section


@pytest.mark.parametrize("position", ["latest", "earlier"])
def test_a_small_local_count_reads_fewer_than_5_and_the_page_is_the_same_for_1_to_4(client, authority, position):
    values = [61, 52, 3, 40] if position == "earlier" else [61, 52, 40, 3]
    _months(*values, authority=authority)
    section = _section(client, "810", WAITS)
    assert "Fewer than 5" in section
    if position == "latest":
        assert "is fewer than 5. We do not show numbers this small" in section
    small_month = periods.months_ending(ui_fixtures.MONTH_END, 4)[values.index(3)]
    for other in (1, 2, 4):
        _record(authority, WAITS, small_month, other)
        queries.clear_caches()
        assert _section(client, "810", WAITS) == section, f"the page differs for {other}"


def test_a_local_rate_worked_out_from_a_small_count_is_suppressed(client, authority):
    confidence = "parent_confidence_pc"
    for quarter, (agree, asked) in zip((1, 2, 3), ((30, 40), (3, 40), (32, 40)), strict=True):
        _record(authority, confidence, periods.quarter(2025, quarter), 100 * agree / asked,
                numerator=agree, denominator=asked)
    section = _section(client, "810", confidence)
    assert "Fewer than 5" in section and "7.5%" not in section
    _record(authority, confidence, periods.quarter(2025, 2), 5.0, numerator=2, denominator=40)
    queries.clear_caches()
    assert _section(client, "810", confidence) == section


def test_a_local_count_marked_published_is_suppressed_the_same_way(client, authority):
    requests = Indicator.objects.get(code="ehcp_requests")
    rows = [Value(indicator=requests, geography="national", area_code=ENGLAND_CODE, period_type="calendar_year",
                  period_start=f"{year}-01-01", period_end=f"{year}-12-31", value=100000.0, source="published",
                  published=True) for year in (2023, 2024)]
    local = [Value(indicator=requests, geography="local_authority", area_code="810", local_authority=authority,
                   period_type="calendar_year", period_start=f"{year}-01-01", period_end=f"{year}-12-31",
                   value=value, source="manual", published=True) for year, value in ((2023, 40.0), (2024, 3.0))]
    Value.objects.bulk_create(rows + local)
    section = _section(client, "810", "ehcp_requests")
    assert "Fewer than 5" in section
    Value.objects.filter(pk=local[1].pk).update(value=1.0)
    queries.clear_caches()
    assert _section(client, "810", "ehcp_requests") == section


def test_another_authoritys_own_figures_never_appear_on_the_page(client, authority, other_authority):
    _months(61, 52, 40, authority=other_authority)
    html = client.get(reverse("public:authority", args=["810"])).content.decode()
    assert f'id="{WAITS}"' not in html


def test_figures_computed_from_casework_for_dfe_measures_are_not_published(client, authority):
    requests = Indicator.objects.get(code="ehcp_requests")  # a DfE measure: only DfE's figures are public
    services.record_value(indicator=requests, local_authority=authority, period=periods.calendar_year(2025),
                          value=1234, by=None)
    html = client.get(reverse("public:authority", args=["810"])).content.decode()
    assert 'id="ehcp_requests"' not in html and "1,234" not in html


def _absence_figures(authority):
    """Published absence figures with local authority rows only, as the shipped file has."""
    absence = Indicator.objects.get(code="ehcp_absence_pc")
    absence.is_public = True
    absence.save(update_fields=["is_public"])
    from core.models import LocalAuthority

    rows = []
    areas = [authority, *LocalAuthority.objects.exclude(pk=authority.pk).order_by("code")[:19]]
    for index, other in enumerate(areas):
        for year in (2023, 2024):
            period = periods.academic_year(year)
            rows.append(ui_fixtures.published(absence, other.code, period, 10.0 + index + year % 2,
                                              authority=other, region=other.region))
    Value.objects.bulk_create(rows)
    return absence


def test_england_and_regional_figures_missing_from_the_source_read_not_published(client, authority):
    _absence_figures(authority)
    section = _section(client, "810", "ehcp_absence_pc")
    assert re.search(r"England</th><td[^>]*>Not published</td>", section)
    assert "England and regional figures are not published in the source we use for this measure" in section
    assert "England (dashed black line)" not in section
    overview = client.get(reverse("public:index")).content.decode()
    start = overview.index('id="heading-ehcp_absence_pc"')
    card = overview[start:overview.index("</section>", start)]
    assert "<strong>Not published</strong>" in card
    assert "England's figure is not published in the source we use for this measure." in card


def test_the_scorecard_says_not_published_where_england_has_no_figure(client_for, authority):
    _absence_figures(authority)
    row = next(r for r in queries.scorecard(authority) if r.indicator.code == "ehcp_absence_pc")
    assert row.benchmark_label == "2024/25" and row.england is None
    assert (row.england_text, row.region_text) == ("Not published", "Not published")
    html = client_for("board_member").get(reverse("indicators:scorecard", args=["810"])).content.decode()
    assert "Not published" in html
