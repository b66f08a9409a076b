"""The casework index and the caseload pages (my caseload, team caseload)."""

import pytest
from django.test import Client
from django.urls import reverse

from cases.models import Team
from cases.tests.test_views_support import make_case, make_plan_case

pytestmark = pytest.mark.django_db

LIST_PAGES = [
    "cases:caseload", "cases:team_caseload", "cases:officer_caseloads", "cases:early_warning",
    "cases:early_warning_reviews", "cases:backlog", "cases:backlog_reviews", "cases:backlog_amendments",
]


# ---- index ------------------------------------------------------------------------------------


def test_index_sends_a_caseworker_to_their_authoritys_caseload(client_for):
    client = client_for("caseworker")
    response = client.get(reverse("cases:index"))
    assert response.status_code == 302
    assert response.url == reverse("cases:caseload", args=["810"])


def test_index_lets_someone_with_two_authorities_choose(client_for, user_for, other_authority):
    client = client_for("caseworker")
    from core.models import RoleAssignment

    RoleAssignment.objects.create(user=client.user, role="caseworker", local_authority=other_authority)
    response = client.get(reverse("cases:index"))
    assert response.status_code == 200
    assert reverse("cases:caseload", args=["886"]) in response.content.decode()
    assert reverse("cases:caseload", args=["810"]) in response.content.decode()


def test_index_is_not_found_for_someone_without_casework(client_for):
    assert client_for("board_member").get(reverse("cases:index")).status_code == 404


def test_index_asks_an_anonymous_visitor_to_sign_in():
    response = Client().get(reverse("cases:index"))
    assert response.status_code == 302
    assert reverse("core:sign_in") in response.url


# ---- every list page: access ------------------------------------------------------------------


@pytest.mark.parametrize("name", LIST_PAGES)
def test_list_pages_ask_an_anonymous_visitor_to_sign_in(name, authority):
    response = Client().get(reverse(name, args=["810"]))
    assert response.status_code == 302
    assert reverse("core:sign_in") in response.url


@pytest.mark.parametrize("name", LIST_PAGES)
def test_list_pages_of_another_authority_are_not_found(name, client_for):
    assert client_for("send_manager").get(reverse(name, args=["886"])).status_code == 404


@pytest.mark.parametrize("name", LIST_PAGES)
def test_list_pages_of_an_unknown_authority_are_not_found(name, client_for):
    assert client_for("send_manager").get(reverse(name, args=["999"])).status_code == 404


@pytest.mark.parametrize("name", LIST_PAGES)
def test_list_pages_refuse_a_role_without_casework(name, client_for):
    assert client_for("board_member").get(reverse(name, args=["810"])).status_code == 403


@pytest.mark.parametrize("name", LIST_PAGES)
def test_list_pages_answer_only_get(name, client_for):
    assert client_for("caseworker").post(reverse(name, args=["810"])).status_code == 405


@pytest.mark.parametrize("name", LIST_PAGES)
def test_list_pages_are_open_to_a_read_only_practitioner(name, client_for):
    response = client_for("practitioner").get(reverse(name, args=["810"]))
    assert response.status_code == 200
    assert "Record a request" not in response.content.decode()


# ---- my caseload ------------------------------------------------------------------------------


def test_my_caseload_lists_only_the_cases_assigned_to_me(client_for, authority, user_for):
    client = client_for("caseworker")
    colleague = user_for("caseworker")
    mine = make_case(authority, by=client.user, officer=client.user, forename="Mina")
    make_case(authority, by=client.user, officer=colleague, forename="Colin")
    response = client.get(reverse("cases:caseload", args=["810"]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Mina Testchild" in body
    assert "Colin Testchild" not in body
    assert reverse("cases:case_detail", args=["810", mine.pk]) in body
    assert "1 case assigned to you" in body


def test_my_caseload_shows_the_next_deadline_and_its_label(client_for, authority):
    client = client_for("caseworker")
    case = make_case(authority, by=client.user, officer=client.user, received_days_ago=10)
    response = client.get(reverse("cases:caseload", args=["810"]))
    body = response.content.decode()
    due = case.received_on.toordinal() + 42
    import datetime

    assert datetime.date.fromordinal(due).strftime("%-d %b %Y") in body
    assert case.next_deadline_label in body


def test_my_caseload_tags_an_overdue_case_in_words(client_for, authority):
    client = client_for("caseworker")
    make_case(authority, by=client.user, officer=client.user, received_days_ago=60)
    body = client.get(reverse("cases:caseload", args=["810"])).content.decode()
    assert "govuk-tag--red" in body
    assert ">Overdue<" in body


# ---- team caseload: filters and sorting -------------------------------------------------------


def _names(response) -> list[str]:
    return [row.name for row in response.context["rows"]]


def test_team_caseload_lists_every_live_case_of_the_authority(client_for, authority, other_authority, user_for):
    client = client_for("send_manager")
    make_case(authority, by=client.user, forename="Ann")
    make_plan_case(authority, by=client.user, forename="Ben")
    make_case(other_authority, by=None, forename="Kentish")
    response = client.get(reverse("cases:team_caseload", args=["810"]))
    assert sorted(_names(response)) == ["Ann Testchild", "Ben Testchild"]


def test_team_caseload_filters_by_stage(client_for, authority):
    client = client_for("send_manager")
    make_case(authority, by=client.user, forename="Ann")
    make_plan_case(authority, by=client.user, forename="Ben")
    response = client.get(reverse("cases:team_caseload", args=["810"]), {"stage": "plan"})
    assert _names(response) == ["Ben Testchild"]
    response = client.get(reverse("cases:team_caseload", args=["810"]), {"stage": "open"})
    assert _names(response) == ["Ann Testchild"]


def test_team_caseload_filters_by_officer_and_by_unassigned(client_for, authority, user_for):
    client = client_for("send_manager")
    officer = user_for("caseworker")
    make_case(authority, by=client.user, forename="Ann", officer=officer)
    make_case(authority, by=client.user, forename="Cal")
    url = reverse("cases:team_caseload", args=["810"])
    assert _names(client.get(url, {"officer": officer.pk})) == ["Ann Testchild"]
    assert _names(client.get(url, {"officer": "none"})) == ["Cal Testchild"]


def test_team_caseload_filters_by_team(client_for, authority):
    client = client_for("send_manager")
    north = Team.objects.create(local_authority=authority, name="North")
    make_case(authority, by=client.user, forename="Ann", team=north)
    make_case(authority, by=client.user, forename="Cal")
    assert _names(client.get(reverse("cases:team_caseload", args=["810"]), {"team": north.pk})) == ["Ann Testchild"]


def test_team_caseload_filters_by_primary_need_and_setting(client_for, authority):
    client = client_for("send_manager")
    make_plan_case(authority, by=client.user, forename="Ann", primary_need="ASD", setting_name="Oak Lane Primary",
                   setting_urn="111111")
    make_plan_case(authority, by=client.user, forename="Ben", primary_need="SEMH", setting_name="Elm Academy",
                   setting_urn="222222")
    url = reverse("cases:team_caseload", args=["810"])
    assert _names(client.get(url, {"need": "SEMH"})) == ["Ben Testchild"]
    assert _names(client.get(url, {"setting": "oak lane"})) == ["Ann Testchild"]
    assert _names(client.get(url, {"setting": "222222"})) == ["Ben Testchild"]


def test_team_caseload_filters_by_overdue_and_due_within_days(client_for, authority):
    client = client_for("send_manager")
    make_case(authority, by=client.user, forename="Late", received_days_ago=50)  # 6 weeks passed
    make_case(authority, by=client.user, forename="Soon", received_days_ago=35)  # due in 7 days
    make_case(authority, by=client.user, forename="Fresh", received_days_ago=1)  # due in 41 days
    url = reverse("cases:team_caseload", args=["810"])
    assert _names(client.get(url, {"overdue": "on"})) == ["Late Testchild"]
    assert _names(client.get(url, {"due_within": "10"})) == ["Soon Testchild"]


def test_team_caseload_sorts_by_deadline_name_and_received_date(client_for, authority):
    client = client_for("send_manager")
    make_case(authority, by=client.user, forename="Bea", received_days_ago=5)
    make_case(authority, by=client.user, forename="Al", received_days_ago=20)
    url = reverse("cases:team_caseload", args=["810"])
    assert _names(client.get(url)) == ["Al Testchild", "Bea Testchild"]
    assert _names(client.get(url, {"sort": "received"})) == ["Bea Testchild", "Al Testchild"]
    assert _names(client.get(url, {"sort": "name"})) == ["Al Testchild", "Bea Testchild"]


def test_team_caseload_finds_a_child_by_name_or_case_reference(client_for, authority):
    client = client_for("send_manager")
    case = make_case(authority, by=client.user, forename="Zed")
    make_case(authority, by=client.user, forename="Yan")
    url = reverse("cases:team_caseload", args=["810"])
    assert _names(client.get(url, {"q": "zed"})) == ["Zed Testchild"]
    assert _names(client.get(url, {"q": case.reference})) == ["Zed Testchild"]


def test_team_caseload_explains_an_invalid_filter_in_an_error_summary(client_for, authority):
    client = client_for("send_manager")
    make_case(authority, by=client.user)
    response = client.get(reverse("cases:team_caseload", args=["810"]), {"due_within": "soon"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert "Enter the number of days as a whole number, like 28" in body
    assert "<title>Error: " in body


def test_team_caseload_paginates_50_cases_a_page(client_for, authority):
    client = client_for("send_manager")
    for _ in range(51):
        make_case(authority, by=None)
    url = reverse("cases:team_caseload", args=["810"])
    first = client.get(url)
    assert len(first.context["rows"]) == 50
    assert "Page 1 of 2" in first.content.decode()
    assert len(client.get(url, {"page": 2}).context["rows"]) == 1


@pytest.mark.parametrize("name", ["cases:caseload", "cases:team_caseload"])
def test_caseloads_use_a_bounded_number_of_queries(name, client_for, authority, django_assert_max_num_queries):
    client = client_for("send_manager")
    for i in range(6):
        make_case(authority, by=None, officer=client.user)
        make_plan_case(authority, by=None, officer=client.user, primary_need="ASD" if i % 2 else "SLCN")
    # session and user 2, session save 3 (once a minute), authority 1, roles 1, officers 1, teams 1,
    # count 1, the page's ids 1, its rows 1, their plans 1: the same for 12 rows as for 50.
    with django_assert_max_num_queries(13):
        response = client.get(reverse(name, args=["810"]), {"sort": "name"})
    assert len(response.context["rows"]) == 12
