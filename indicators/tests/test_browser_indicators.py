"""The scorecard, indicator page and public dashboard in a real browser, with axe-core on each page."""

import pytest

from core.choices import Role
from indicators import catalogue, queries
from indicators.models import Indicator
from indicators.tests import ui_fixtures

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def fresh_caches():
    """Built pages are cached by the newest ids, which repeat between tests after rollbacks."""
    queries.clear_caches()
TIMELY = ui_fixtures.TIMELY

STAFF_PAGES = [
    "/indicators/810/",
    "/indicators/810/month-by-month/",
    f"/indicators/810/indicator/{TIMELY}/",
    f"/indicators/810/indicator/{TIMELY}/values/add/",
    f"/indicators/810/indicator/{TIMELY}/target/",
    f"/indicators/810/indicator/{TIMELY}/commentary/add/",
    "/indicators/810/add/",
    "/indicators/810/upload/",
]


@pytest.fixture
def figures(authority):
    queries.clear_caches()
    catalogue.sync(Indicator)  # a browser test's database is flushed after each test
    indicator = ui_fixtures.load(authority, all_authorities=False)
    indicator.is_public = True
    indicator.save(update_fields=["is_public"])
    return indicator


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_every_scorecard_page_meets_wcag_2_2_aa(page_for, figures, path, assert_accessible):
    page = page_for(Role.PERFORMANCE_ANALYST)
    page.goto(path)
    assert page.url.endswith(path)
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/dashboard/", "/dashboard/810/"])
def test_every_public_dashboard_page_meets_wcag_2_2_aa_and_sets_no_cookies(public_page, figures, path,
                                                                           assert_accessible):
    public_page.goto(path)
    assert public_page.locator("svg[role=img] title").count() >= 1
    assert_accessible(public_page)
    assert public_page.context.cookies() == []


def test_an_analyst_corrects_a_mistake_and_sees_the_value_on_the_indicator_page(page_for, figures, assert_accessible):
    page = page_for(Role.PERFORMANCE_ANALYST)
    page.goto(f"/indicators/810/indicator/{TIMELY}/")
    page.get_by_role("link", name="Enter a value").click()
    page.get_by_label("12 months ending").check()
    page.get_by_label("Period").fill("2025-11")
    page.get_by_label("Value", exact=True).fill("lots")
    page.get_by_role("button", name="Save value").click()
    assert page.title().startswith("Error: ")
    assert "Value must be a number, like 46.4" in page.locator(".govuk-error-summary").inner_text()
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert_accessible(page)
    page.get_by_label("Value", exact=True).fill("64.5")
    page.get_by_role("button", name="Save value").click()
    page.wait_for_url(f"**/indicators/810/indicator/{TIMELY}/")
    assert "Value saved" in page.locator(".govuk-notification-banner").inner_text()
    own = page.get_by_role("table", name=f"{figures.title}: own figures for")
    assert "12 months to November 2025" in own.inner_text() and "64.5%" in own.inner_text()


def test_a_parent_finds_their_area_from_the_england_overview(public_page, figures, authority):
    page = public_page
    page.goto("/dashboard/")
    page.get_by_label("Find your local area").select_option(label=authority.name)
    page.get_by_role("button", name="Show figures for this area").click()
    page.wait_for_url("**/dashboard/810/")
    assert authority.name in page.get_by_role("heading", level=1).inner_text()
    assert "What this means" in page.content()


def test_a_public_local_measure_with_a_small_figure_meets_wcag_2_2_aa(public_page, figures, authority,
                                                                      assert_accessible):
    from indicators import periods, services

    waits = Indicator.objects.get(code="adhd_wait_over_52wk")
    for month, value in zip(periods.months_ending(ui_fixtures.MONTH_END, 4), (61, 52, 40, 3), strict=True):
        services.record_value(indicator=waits, local_authority=authority, period=month, value=value, by=None)
    public_page.goto("/dashboard/810/")
    card = public_page.locator(f"section#{waits.code}")
    assert "Fewer than 5" in card.inner_text()
    assert card.get_by_role("table").count() == 1
    assert_accessible(public_page)
