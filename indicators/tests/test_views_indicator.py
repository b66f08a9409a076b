"""The indicator page and its CSV download."""

import csv
import io
import re

import pytest
from django.urls import reverse

from core.models import LocalAuthority
from indicators import queries
from indicators.models import Indicator
from indicators.tests import ui_fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_caches():
    """Built pages are cached by the newest ids, which repeat between tests after rollbacks."""
    queries.clear_caches()


@pytest.fixture
def figures(authority):
    return ui_fixtures.load(authority)


def url(name="indicators:indicator_detail", code="810", indicator=ui_fixtures.TIMELY):
    return reverse(name, args=[code, indicator])


def table(html: str, caption_start: str) -> list[list[str]]:
    """The body rows of the table whose caption starts with this text, as lists of cell text."""
    for found in re.findall(r"<table.*?</table>", html, re.S):
        caption = re.search(r"<caption[^>]*>(.*?)</caption>", found, re.S)
        if caption and caption.group(1).strip().startswith(caption_start):
            body = re.search(r"<tbody.*?</tbody>", found, re.S).group(0)
            return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
                    for row in re.findall(r"<tr.*?</tr>", body, re.S)]
    raise AssertionError(f"No table captioned {caption_start!r}")


def test_indicator_page_has_a_chart_with_a_title_and_the_same_figures_in_a_table(client_for, figures, authority):
    response = client_for("board_member").get(url())
    assert response.status_code == 200
    html = response.content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img"' in html
    assert f"<title id=\"chart-{figures.code}-title\">{figures.title}: {authority.name} compared with England" in html
    rows = table(html, f"{figures.title}: {authority.name} compared with")
    assert [r[0] for r in rows] == [str(y) for y in ui_fixtures.YEARS]
    latest = rows[-1]
    assert latest[1] == "70.0%"
    assert latest[2] == "46.4%"
    assert latest[3] == "48.0%"
    assert latest[4] == f"{ui_fixtures.neighbour_mean(authority, 2024):.1f}%"


def test_indicator_page_ranks_the_authority_among_all_english_authorities(client_for, figures, authority):
    html = client_for("board_member").get(url()).content.decode()
    latest = table(html, f"{figures.title}: {authority.name} compared with")[-1]
    of = LocalAuthority.objects.count()
    others = [ui_fixtures.la_value(i, 2024) for i in range(of - 1)]
    rank = 1 + sum(1 for v in others if v > 70.0)
    assert latest[6] == f"{rank} of {of} (quartile {min(4, (rank - 1) * 4 // of + 1)})"


def test_indicator_page_shades_the_middle_half_of_england_as_quartile_bands(client_for, figures, authority):
    import statistics
    html = client_for("board_member").get(url()).content.decode()
    of = LocalAuthority.objects.count()
    values = sorted([ui_fixtures.la_value(i, 2024) for i in range(of - 1)] + [70.0])
    low, _, high = statistics.quantiles(values, n=4, method="inclusive")
    assert table(html, f"{figures.title}: {authority.name} compared with")[-1][5] == f"{low:.1f}% to {high:.1f}%"
    assert 'class="app-chart__band"' in html


def test_indicator_page_shows_the_authoritys_own_monthly_figures_and_target(client_for, figures, authority):
    html = client_for("board_member").get(url()).content.decode()
    rows = table(html, f"{figures.title}: own figures for {authority.name}")
    assert len(rows) == ui_fixtures.MONTHS
    assert rows[-1][:2] == ["12 months to October 2025", "63.0%"]
    assert "80.0% by 31 January 2026, from 28.0% on 31 January 2023" in html
    assert 'class="app-chart__line--target"' in html


def test_indicator_page_shows_definition_source_and_red_status_in_words(client_for, figures):
    html = client_for("board_member").get(url()).content.decode()
    assert figures.definition[:40] in html
    assert figures.source in html
    assert ">Red<" in html


def test_indicator_page_can_compare_with_the_2021_neighbour_set(client_for, figures):
    response = client_for("board_member").get(url() + "?neighbours=2021")
    assert response.status_code == 200
    assert "<strong>DfE statistical neighbours (April 2021)</strong>" in response.content.decode()


def test_indicator_page_shows_commentary_history_newest_first(client_for, figures, authority):
    ui_fixtures.comment(figures, authority, "First look")
    ui_fixtures.comment(figures, authority, "Recovery plan agreed", kind="exception")
    html = client_for("board_member").get(url()).content.decode()
    assert html.index("Recovery plan agreed") < html.index("First look")


def test_indicator_page_for_another_authority_is_not_found(client_for, figures):
    assert client_for("board_member").get(url(code="886")).status_code == 404


def test_another_authoritys_own_indicator_is_not_found(client_for, figures, other_authority):
    Indicator.objects.create(code="kent_only", title="Kent only", local_authority=other_authority)
    assert client_for("board_member").get(url(indicator="kent_only")).status_code == 404


def test_an_unknown_indicator_is_not_found(client_for):
    assert client_for("board_member").get(url(indicator="no_such_thing")).status_code == 404


def test_indicator_page_asks_anonymous_people_to_sign_in(client):
    response = client.get(url())
    assert response.status_code == 302 and "/sign-in/" in response.url


def test_indicator_page_refuses_post(client_for):
    assert client_for("board_member").post(url()).status_code == 405


def test_indicator_page_reads_in_a_fixed_number_of_queries(client_for, figures, django_assert_max_num_queries):
    client = client_for("board_member")
    client.get(url())
    # 4 for the person and authority, 6 for the chart and table, 7 for the scorecard's latest
    # figure and RAG (whatever the number of authorities or periods).
    with django_assert_max_num_queries(16):
        assert client.get(url()).status_code == 200


def test_csv_download_has_a_row_per_period_with_benchmarks(client_for, figures):
    response = client_for("board_member").get(url("indicators:indicator_csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    yearly = [r for r in rows if r["period"] == "2024"]
    assert yearly[0]["value"] == "70.0" and yearly[0]["england"] == "46.4" and yearly[0]["region"] == "48.0"
    monthly = [r for r in rows if r["period"].startswith("12 months to")]
    assert len(monthly) == ui_fixtures.MONTHS
    assert monthly[-1]["period_end"] == "2025-10-31" and monthly[-1]["value"] == "63.0"


def test_csv_download_for_another_authority_is_not_found(client_for, figures):
    assert client_for("board_member").get(url("indicators:indicator_csv", code="886")).status_code == 404
