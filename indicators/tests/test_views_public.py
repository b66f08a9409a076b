"""The public dashboard: open to everyone, published figures only, no cookies, small numbers hidden."""

import pytest
from django.urls import reverse

from indicators import queries
from indicators.models import Indicator, Value
from indicators.tests import ui_fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_caches():
    """Built pages are cached by the newest ids, which repeat between tests after rollbacks."""
    queries.clear_caches()


@pytest.fixture
def figures(authority):
    queries.clear_caches()
    indicator = ui_fixtures.load(authority)
    indicator.is_public = True
    indicator.save(update_fields=["is_public"])
    return indicator


def test_england_overview_opens_without_signing_in_and_may_be_indexed(client, figures):
    response = client.get(reverse("public:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<meta name="robots" content="index, follow">' in html
    assert "England, 2024: <strong>46.4%</strong>" in html
    assert f"<title id=\"chart-{figures.code}-title\">{figures.title}: England</title>" in html


def test_england_overview_lists_every_authority_to_choose_from(client, figures, authority):
    html = client.get(reverse("public:index")).content.decode()
    assert f'<option value="810">{authority.name}</option>'.replace(",", ",") in html
    assert reverse("public:authority", args=["886"]) in html


def test_choosing_an_area_goes_to_its_page(client, figures):
    response = client.get(reverse("public:index") + "?area=886")
    assert response.status_code == 302
    assert response.url == reverse("public:authority", args=["886"])


def test_choosing_an_unknown_area_says_so(client, figures):
    html = client.get(reverse("public:index") + "?area=999").content.decode()
    assert "Select a local area from the list" in html


def test_public_pages_set_no_cookies(client, figures):
    for path in (reverse("public:index"), reverse("public:authority", args=["810"])):
        response = client.get(path)
        assert response.status_code == 200
        assert not response.cookies, f"{path} set {list(response.cookies)}"


def test_authority_page_compares_with_england_region_and_similar_areas(client, figures, authority):
    response = client.get(reverse("public:authority", args=["810"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<meta name="robots" content="index, follow">' in html
    assert f"{authority.name}, 2024: <strong class=\"govuk-!-font-size-36\">70.0%</strong>" in html
    assert f"{ui_fixtures.neighbour_mean(authority, 2024):.1f}%" in html
    assert "48.0%" in html and "46.4%" in html
    assert "For this measure, higher is better." in html
    assert f"{authority.name} is doing better than England and better than similar areas." in html
    assert "Up 10.0 percentage points since 2023." in html


def test_authority_page_shows_published_figures_not_the_authoritys_own_working_figures(client, figures):
    html = client.get(reverse("public:authority", args=["810"])).content.decode()
    assert "63.0%" not in html  # the unpublished 12-month figure
    assert "80.0%" not in html  # the internal target


def test_authority_page_charts_have_titles_and_tables(client, figures, authority):
    html = client.get(reverse("public:authority", args=["810"])).content.decode()
    assert f"<title id=\"trend-{figures.code}-title\">{figures.title}: {authority.name} over time</title>" in html
    assert f"<title id=\"compare-{figures.code}-title\">" in html
    assert f"<caption class=\"govuk-table__caption govuk-table__caption--s\">{figures.title} over time</caption>" in html


def test_local_counts_of_1_to_4_are_shown_as_fewer_than_5(client, authority):
    queries.clear_caches()
    requests = Indicator.objects.get(code="ehcp_requests")
    england, local = 100000.0, 3.0
    for area, value, geography, source in (("E92000001", england, "national", "published"),
                                           ("810", local, "local_authority", "manual")):
        Value.objects.create(indicator=requests, geography=geography, area_code=area, period_type="calendar_year",
                             period_start="2024-01-01", period_end="2024-12-31", value=value, source=source,
                             published=True, local_authority=authority if area == "810" else None)
    html = client.get(reverse("public:authority", args=["810"])).content.decode()
    start = html.index('id="ehcp_requests"')
    section = html[start:html.index("</section>", start)]
    assert "Fewer than 5" in section
    assert ">3<" not in section and "3.0" not in section


def test_an_unknown_authority_is_not_found(client):
    assert client.get(reverse("public:authority", args=["999"])).status_code == 404


def test_public_pages_refuse_post(client):
    assert client.post(reverse("public:index")).status_code == 405
    assert client.post(reverse("public:authority", args=["810"])).status_code == 405


def test_public_pages_are_open_to_signed_in_people_too(client_for, figures):
    assert client_for("caseworker").get(reverse("public:authority", args=["886"])).status_code == 200


def test_public_pages_read_in_a_fixed_number_of_queries(client, figures, django_assert_max_num_queries):
    queries.clear_caches()
    with django_assert_max_num_queries(6):
        assert client.get(reverse("public:authority", args=["810"])).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(reverse("public:index")).status_code == 200


def test_england_chart_of_a_count_has_no_band_of_single_areas_counts(client, authority):
    requests = Indicator.objects.get(code="ehcp_requests")  # a count: England's figure is a total
    rows = [Value(indicator=requests, geography="national", area_code="E92000001", period_type="calendar_year",
                  period_start=f"{year}-01-01", period_end=f"{year}-12-31", value=1000.0 * year, source="published",
                  published=True) for year in (2023, 2024)]
    for index, code in enumerate(["810", "886", "340", "341"]):
        rows += [Value(indicator=requests, area_code=code, period_type="calendar_year", period_start=f"{year}-01-01",
                       period_end=f"{year}-12-31", value=float(100 + index), source="published", published=True)
                 for year in (2023, 2024)]
    Value.objects.bulk_create(rows)
    html = client.get(reverse("public:index")).content.decode()
    start = html.index('id="chart-ehcp_requests"')
    chart = html[start:html.index("</svg>", start)]
    assert "app-chart__band" not in chart
    assert "England, 2024: <strong>2,024,000</strong>" in html
