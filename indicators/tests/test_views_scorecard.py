"""The scorecard pages: the scorecard, month by month, and the choose-an-authority index."""

import re

import pytest
from django.urls import reverse

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


def scorecard_url(code="810", **query):
    url = reverse("indicators:scorecard", args=[code])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def row_for(html: str, title: str) -> str:
    """The table row (<tr>...</tr>) whose indicator link has this title."""
    for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", html, re.S):
        if f">{title}</a>" in row:
            return row
    raise AssertionError(f"No scorecard row for {title}")


def test_index_sends_a_one_authority_user_to_their_scorecard(client_for):
    response = client_for("board_member").get(reverse("indicators:index"))
    assert response.status_code == 302
    assert response.url == scorecard_url("810")


def test_index_lets_someone_with_two_authorities_choose(client_for, user_for, other_authority):
    client = client_for("performance_analyst")
    from core.tests.factories import RoleAssignmentFactory
    RoleAssignmentFactory(user=client.user, role="board_member", local_authority=other_authority)
    response = client.get(reverse("indicators:index"))
    assert response.status_code == 200
    assert scorecard_url("886") in response.content.decode()
    assert scorecard_url("810") in response.content.decode()


def test_scorecard_shows_a_row_per_indicator_with_latest_value_target_and_status(client_for, figures):
    response = client_for("board_member").get(scorecard_url())
    assert response.status_code == 200
    html = response.content.decode()
    active = Indicator.objects.filter(is_active=True, local_authority__isnull=True).count()
    assert html.count('<th scope="row" class="govuk-table__header"><a class="govuk-link"') == active
    row = row_for(html, figures.title)
    latest = ui_fixtures.monthly_local(ui_fixtures.MONTHS - 1)  # the newest 12-month figure
    assert f"{latest:.1f}%" in row
    assert "12 months to October 2025" in row
    assert "80.0% by January 2026" in row
    # Rolling 12-month figure 63.0% against the 80% target: more than 5 points short, so red, in words.
    assert "govuk-tag--red" in row and ">Red<" in row
    assert "Exception commentary needed" in row


def test_scorecard_rows_compare_with_england_region_and_neighbours_for_the_latest_published_year(
        client_for, figures, authority):
    row = row_for(client_for("board_member").get(scorecard_url()).content.decode(), figures.title)
    assert f"{ui_fixtures.ENGLAND[2024]:.1f}%" in row
    assert f"{ui_fixtures.REGION[2024]:.1f}%" in row
    assert f"{ui_fixtures.neighbour_mean(authority, 2024):.1f}%" in row
    assert "2024" in row


def test_scorecard_row_has_a_sparkline_that_names_the_trend(client_for, figures):
    row = row_for(client_for("board_member").get(scorecard_url()).content.decode(), figures.title)
    assert 'role="img"' in row
    assert f"<title id=\"spark-{figures.code}-title\">Trend: {figures.title}</title>" in row
    assert "40.0% in 12 months to November 2023, 63.0% in 12 months to October 2025 (up)" in row


def test_scorecard_shows_the_newest_commentary(client_for, figures, authority):
    ui_fixtures.comment(figures, authority, "Older note")
    ui_fixtures.comment(figures, authority, "Caseworkers recruited; backlog falling", kind="exception")
    row = row_for(client_for("board_member").get(scorecard_url()).content.decode(), figures.title)
    assert "Caseworkers recruited; backlog falling" in row
    assert "Older note" not in row
    assert "Exception commentary needed" not in row


@pytest.mark.parametrize(("query", "shown"), [
    ({"rag": "red"}, True), ({"rag": "green"}, False), ({"theme": "ehc_plans"}, True), ({"theme": "health"}, False),
])
def test_scorecard_filters_by_status_and_theme(client_for, figures, query, shown):
    html = client_for("board_member").get(scorecard_url(**query)).content.decode()
    assert (f">{figures.title}</a>" in html) is shown


def test_scorecard_filters_by_owner(client_for, figures):
    html = client_for("board_member").get(scorecard_url(owner="SEND service (local authority)")).content.decode()
    assert f">{figures.title}</a>" in html
    assert ">Children waiting over 18 weeks for speech and language therapy</a>" not in html


def test_an_unknown_filter_value_shows_everything_rather_than_failing(client_for, figures):
    response = client_for("board_member").get(scorecard_url(rag="purple"))
    assert response.status_code == 200
    assert f">{figures.title}</a>" in response.content.decode()


def test_scorecard_of_another_authority_is_not_found(client_for, figures):
    assert client_for("send_manager").get(scorecard_url("886")).status_code == 404


def test_scorecard_of_an_unknown_authority_is_not_found(client_for):
    assert client_for("send_manager").get(scorecard_url("999")).status_code == 404


def test_scorecard_asks_anonymous_people_to_sign_in(client):
    response = client.get(scorecard_url())
    assert response.status_code == 302
    assert "/sign-in/" in response.url


def test_scorecard_refuses_post(client_for):
    assert client_for("board_member").post(scorecard_url()).status_code == 405


def test_scorecard_reads_in_a_fixed_number_of_queries(client_for, figures, django_assert_max_num_queries):
    client = client_for("board_member")
    client.get(scorecard_url())  # the first request renews the session (a write, once a minute)
    with django_assert_max_num_queries(13):
        assert client.get(scorecard_url()).status_code == 200


def test_scorecard_links_to_exports_and_analysts_see_edit_links(client_for, figures):
    analyst = client_for("performance_analyst").get(scorecard_url()).content.decode()
    board = client_for("board_member").get(scorecard_url()).content.decode()
    for html in (analyst, board):
        assert reverse("indicators:scorecard_xlsx", args=["810"]) in html
        assert reverse("indicators:scorecard_pdf", args=["810"]) in html
    assert reverse("indicators:value_upload", args=["810"]) in analyst
    assert reverse("indicators:value_upload", args=["810"]) not in board


def test_month_by_month_shows_each_month_as_a_column(client_for, figures):
    response = client_for("board_member").get(reverse("indicators:scorecard_history", args=["810"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<th scope="col" class="govuk-table__header govuk-table__header--numeric app-nowrap">') == 12
    assert ">Oct 2025</th>" in html and ">Nov 2024</th>" in html and ">Oct 2024</th>" not in html
    row = row_for(html, figures.title)
    assert row.index("52.0%") < row.index("63.0%")  # Nov 2024 (month 12 of 24) then Oct 2025


def test_month_by_month_can_show_36_months(client_for, figures):
    html = client_for("board_member").get(
        reverse("indicators:scorecard_history", args=["810"]) + "?months=36").content.decode()
    assert ">Nov 2023</th>" in html  # all 24 months held


def test_month_by_month_of_another_authority_is_not_found(client_for):
    assert client_for("board_member").get(reverse("indicators:scorecard_history", args=["886"])).status_code == 404


def test_month_by_month_reads_in_a_fixed_number_of_queries(client_for, figures, django_assert_max_num_queries):
    client = client_for("board_member")
    client.get(scorecard_url())
    with django_assert_max_num_queries(13):
        assert client.get(reverse("indicators:scorecard_history", args=["810"]) + "?months=36").status_code == 200
