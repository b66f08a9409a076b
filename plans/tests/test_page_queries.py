"""Query budgets for the busiest plan pages (bench/plans_pages.py measures their speed): each costs
a fixed number of queries however large the plan, so PostgreSQL's per-query round trip stays small.

The budgets include the three queries every signed-in page makes (session, user, roles)."""

import datetime

import pytest
from django.urls import reverse

from plans import services

from .ui_helpers import TODAY, add_actions, build_plan


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr("plans.views.today", lambda: TODAY)
    monkeypatch.setattr("plans.views_cycles.today", lambda: TODAY)


@pytest.fixture
def big(authority):
    built = build_plan(authority)
    add_actions(built, 25)
    services.add_dependency(built.a22, depends_on=built.a21, by=None)
    services.add_action(built.plan, section=built.p2, parent=built.a21, code="2.1a", title="Pilot", by=None)
    for number in range(3):
        services.submit_status_update(built.a21, status=built.on_track, by=None,
                                      reported_on=datetime.date(2025, 1, 3 + number))
    return built


def queries_for(client, url, django_assert_max_num_queries, budget):
    client.get(url)  # the session is written on a first visit; measure a later one
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert response.status_code == 200
    return response


def test_the_overview_listing_every_action_costs_twelve_queries(client_for, big, django_assert_max_num_queries):
    queries_for(client_for("board_member"), reverse("plans:plan_detail", args=[big.plan.pk]),
                django_assert_max_num_queries, 12)


def test_the_overview_of_a_large_plan_costs_eight_queries(client_for, big, django_assert_max_num_queries,
                                                          monkeypatch):
    monkeypatch.setattr("plans.views.OVERVIEW_ACTION_LIMIT", 10)
    response = queries_for(client_for("board_member"), reverse("plans:plan_detail", args=[big.plan.pk]),
                           django_assert_max_num_queries, 8)
    assert "See the 28 actions in 2" in response.text


def test_the_action_list_costs_fifteen_queries(client_for, big, django_assert_max_num_queries):
    queries_for(client_for("board_member"), reverse("plans:action_list", args=[big.plan.pk]),
                django_assert_max_num_queries, 15)


def test_the_action_page_with_workstreams_costs_thirteen_queries(client_for, big, django_assert_max_num_queries):
    response = queries_for(client_for("board_member"), reverse("plans:action_detail", args=[big.a21.pk]),
                           django_assert_max_num_queries, 13)
    assert "Needed by" in response.text and "2.1a Pilot" in response.text


def test_a_partner_authoritys_reader_costs_one_query_more(client_for, big, other_authority,
                                                          django_assert_max_num_queries):
    services.add_partner_authority(big.plan, local_authority=other_authority, by=None)
    queries_for(client_for("board_member", other_authority), reverse("plans:action_detail", args=[big.a21.pk]),
                django_assert_max_num_queries, 14)
