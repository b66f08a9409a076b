"""Caseload pages at scale: name order, paging on ids, and the filter form rendered once."""

import pytest
from django.http import QueryDict
from django.urls import reverse

from cases import forms, queries_ui
from cases.tests.test_views_support import make_case, make_child

pytestmark = pytest.mark.django_db


def _names(response) -> list[str]:
    return [row.name for row in response.context["rows"]]


def test_children_with_the_same_name_are_listed_in_the_order_they_were_recorded(client_for, authority):
    client = client_for("send_manager")
    first = make_child(authority, by=None, forename="Sam")
    second = make_child(authority, by=None, forename="Sam")
    make_case(authority, by=None, child=second)  # the second child's request is recorded first
    make_case(authority, by=None, child=first)
    make_case(authority, by=None, forename="Abe")
    response = client.get(reverse("cases:team_caseload", args=["810"]), {"sort": "name"})
    rows = response.context["rows"]
    assert [row.name for row in rows] == ["Abe Testchild", "Sam Testchild", "Sam Testchild"]
    first_case, second_case = first.requests.get(), second.requests.get()
    assert [row.pk for row in rows[1:]] == [first_case.pk, second_case.pk]


def test_a_caseload_in_name_order_counts_and_pages_every_matching_case(client_for, authority):
    client = client_for("send_manager")
    for n in range(52):
        make_case(authority, by=None, forename=f"Child{n:02d}", received_days_ago=200)  # all overdue
    make_case(authority, by=None, forename="Recent", received_days_ago=1)
    url = reverse("cases:team_caseload", args=["810"])
    first = client.get(url, {"sort": "name", "overdue": "on"})
    second = client.get(url, {"sort": "name", "overdue": "on", "page": 2})
    assert "52 cases" in first.content.decode() and "Page 1 of 2" in first.content.decode()
    assert _names(first) + _names(second) == [f"Child{n:02d} Testchild" for n in range(52)]


def test_a_caseload_row_shows_the_cases_latest_plan_officer_and_team(client_for, authority):
    from cases.models import Team
    from cases.tests.test_views_support import make_plan_case

    client = client_for("send_manager")
    team = Team.objects.create(local_authority=authority, name="North")
    case = make_plan_case(authority, by=None, officer=client.user, forename="Ola", primary_need="SLCN",
                          setting_name="", setting_urn="100001")
    case.team = team
    case.save(update_fields=["team"])
    row = client.get(reverse("cases:team_caseload", args=["810"])).context["rows"][0]
    assert (row.name, row.reference, row.stage) == ("Ola Testchild", case.reference, "Plan in force")
    assert row.officer == (client.user.full_name or client.user.email) and row.team == "North"
    assert row.need == "Speech, language and communication needs" and row.setting == "URN 100001"


def _form(data=None, officers=(), teams=()):
    return forms.CaseloadFilterForm(QueryDict(data) if data is not None else None, officers=officers, teams=teams)


def test_the_filter_form_is_rendered_once_for_the_same_choices_and_values(user_for):
    officer = user_for("caseworker")
    html = queries_ui.filter_form_html(_form(officers=[officer]))
    assert queries_ui.filter_form_html(_form(officers=[officer])) is html
    assert html == str(_form(officers=[officer]))
    chosen = queries_ui.filter_form_html(_form(f"officer={officer.pk}&stage=plan", officers=[officer]))
    assert chosen is not html and f'<option value="{officer.pk}" selected>' in chosen
    other = user_for("send_manager", full_name="Sam O'Brien")
    assert "Sam O&#x27;Brien" in queries_ui.filter_form_html(_form(officers=[officer, other]))


def test_a_filter_form_with_errors_is_always_rendered_afresh():
    html = queries_ui.filter_form_html(_form("due_within=soon"))
    assert "Enter the number of days as a whole number, like 28" in html
    assert queries_ui.filter_form_html(_form("due_within=soon")) is not html
