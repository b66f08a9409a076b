"""Teams: the list with each officer's caseload, creating a team, moving an officer's cases."""

import pytest
from django.test import Client
from django.urls import reverse

from cases import services
from cases.models import Team
from cases.tests.test_views_support import make_case, make_plan_case
from core.models import AuditEvent

pytestmark = pytest.mark.django_db


def url(name, code="810"):
    return reverse(f"cases:{name}", args=[code])


# ---- the list ---------------------------------------------------------------------------------


def test_the_team_list_shows_each_officers_live_cases_by_team(client_for, authority, user_for):
    client = client_for("send_manager")
    ash = user_for("caseworker", full_name="Ash Officer")
    bay = user_for("caseworker", full_name="Bay Officer")
    east = services.create_team(local_authority=authority, name="East", by=None)
    services.create_team(local_authority=authority, name="West", by=None)
    make_case(authority, by=None, officer=ash, team=east, received_days_ago=60)  # overdue: decision due day 42
    make_case(authority, by=None, officer=ash, team=east)
    make_plan_case(authority, by=None, officer=ash)  # a plan in force, in no team
    make_case(authority, by=None, officer=bay, team=east)
    make_case(authority, by=None, team=east)  # held by the team alone
    response = client.get(url("team_list"))
    assert response.status_code == 200
    teams = {load.name: load for load in response.context["teams"]}
    assert list(teams) == ["East", "West", "No team"]
    east_rows = {o.name: (o.open, o.plans, o.overdue, o.total) for o in teams["East"].officers}
    assert east_rows == {"Ash Officer": (2, 0, 1, 2), "Bay Officer": (1, 0, 0, 1), "Not assigned": (1, 0, 0, 1)}
    assert [o.name for o in teams["East"].officers][-1] == "Not assigned"
    assert teams["East"].totals["total"] == 4
    assert teams["West"].officers == []
    assert [(o.name, o.plans) for o in teams["No team"].officers] == [("Ash Officer", 1)]
    body = response.content.decode()
    assert "No open cases or plans in force" in body  # West
    assert f'{url("case_move")}?officer={ash.pk}' in body


def test_closed_cases_are_not_counted(client_for, authority, user_for):
    client = client_for("send_manager")
    ash = user_for("caseworker", full_name="Ash Officer")
    case = make_case(authority, by=None, officer=ash, received_days_ago=30)
    services.withdraw_request(case, withdrawn_on=case.received_on, by=None)
    teams = client.get(url("team_list")).context["teams"]
    assert teams == []
    assert "has no teams yet" in client.get(url("team_list")).content.decode()


def test_an_officer_who_has_left_is_shown_as_no_longer_active(client_for, authority, user_for):
    client = client_for("send_manager")
    gone = user_for("caseworker", full_name="Gone Officer")
    make_case(authority, by=None, officer=gone)
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    body = client.get(url("team_list")).content.decode()
    assert "Gone Officer" in body and "No longer active" in body


def test_the_team_list_uses_a_fixed_number_of_queries(client_for, authority, user_for,
                                                       django_assert_max_num_queries):
    client = client_for("send_manager")
    teams = [services.create_team(local_authority=authority, name=f"Team {n}", by=None) for n in range(3)]
    for n in range(6):
        make_case(authority, by=None, officer=user_for("caseworker"), team=teams[n % 3])
    with django_assert_max_num_queries(10):
        assert client.get(url("team_list")).status_code == 200


def test_an_administrator_manages_teams_without_the_casework_menu(client_for, authority):
    client = client_for("administrator")
    response = client.get(url("team_list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert url("team_caseload") not in body  # they cannot see caseloads, so no links to them
    assert url("team_create") in body


def test_the_casework_menu_links_to_teams_for_managers_only(client_for, authority):
    assert url("team_list") in client_for("send_manager").get(url("caseload")).content.decode()
    assert url("team_list") not in client_for("caseworker").get(url("caseload")).content.decode()


def test_team_pages_access(client_for, authority, other_authority):
    for name in ("team_list", "team_create", "case_move"):
        assert client_for("caseworker").get(url(name)).status_code == 403, name
        assert client_for("performance_analyst").get(url(name)).status_code == 403, name
        assert client_for("send_manager", other_authority).get(url(name)).status_code == 404, name
        response = Client().get(url(name))
        assert response.status_code == 302 and reverse("core:sign_in") in response.url, name
    assert client_for("send_manager").post(url("team_list")).status_code == 405
    assert client_for("send_manager").put(url("team_create")).status_code == 405
    assert client_for("send_manager").delete(url("case_move")).status_code == 405


# ---- creating a team --------------------------------------------------------------------------


def test_a_manager_creates_a_team_and_it_is_audited(client_for, authority):
    client = client_for("send_manager")
    assert client.get(url("team_create")).status_code == 200
    response = client.post(url("team_create"), {"name": "  North  "}, follow=True)
    assert response.redirect_chain[-1][0] == url("team_list")
    assert "Team North created" in response.content.decode()
    team = Team.objects.get(local_authority=authority)
    assert team.name == "North"
    event = AuditEvent.objects.get(object_type="cases.team", object_id=str(team.pk), action="create")
    assert event.actor == client.user and event.local_authority == authority


@pytest.mark.parametrize(("name", "message"), [
    ("", "Enter the name of the team"),
    ("   ", "Enter the name of the team"),
    ("x" * 101, "The name of the team must be 100 characters or fewer"),
    ("north", "A team with this name already exists"),
])
def test_an_invalid_team_name_shows_the_error_summary(client_for, authority, name, message):
    client = client_for("send_manager")
    services.create_team(local_authority=authority, name="North", by=None)
    response = client.post(url("team_create"), {"name": name})
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body and message in body and "<title>Error: " in body
    assert Team.objects.filter(local_authority=authority).count() == 1


def test_the_same_team_name_may_be_used_by_another_authority(client_for, authority, other_authority):
    services.create_team(local_authority=other_authority, name="North", by=None)
    assert client_for("send_manager").post(url("team_create"), {"name": "North"}).status_code == 302


# ---- moving an officer's cases ----------------------------------------------------------------


def test_the_move_form_offers_the_officers_holding_cases_with_their_counts(client_for, authority, user_for):
    client = client_for("send_manager")
    ash = user_for("caseworker", full_name="Ash Officer")
    make_case(authority, by=None, officer=ash)
    make_case(authority, by=None, officer=ash)
    response = client.get(f"{url('case_move')}?officer={ash.pk}")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Ash Officer: 2 cases" in body
    assert f'<option value="{ash.pk}" selected>' in body


def test_moving_an_officers_cases_moves_the_live_ones_and_audits_each(client_for, authority, user_for):
    client = client_for("send_manager")
    ash, bay = user_for("caseworker", full_name="Ash Officer"), user_for("caseworker", full_name="Bay Officer")
    east = services.create_team(local_authority=authority, name="East", by=None)
    live = [make_case(authority, by=None, officer=ash, team=east), make_plan_case(authority, by=None, officer=ash)]
    closed = make_case(authority, by=None, officer=ash, received_days_ago=30)
    services.withdraw_request(closed, withdrawn_on=closed.received_on, by=None)
    response = client.post(url("case_move"), {"from_officer": str(ash.pk), "to_officer": str(bay.pk),
                                              "team": "keep"}, follow=True)
    assert response.redirect_chain[-1][0] == url("team_list")
    assert "2 cases moved from Ash Officer to Bay Officer" in response.content.decode()
    for case in live:
        case.refresh_from_db()
        assert case.officer == bay
        event = AuditEvent.objects.get(object_type="cases.request", object_id=str(case.pk), action="update",
                                       note__startswith="Case assigned")
        assert event.changes == {"officer_id": [ash.pk, bay.pk]} and event.actor == client.user
    assert live[0].team == east  # kept its team
    closed.refresh_from_db()
    assert closed.officer == ash  # a closed case keeps the officer who held it


def test_moving_cases_can_put_them_all_in_one_team(client_for, authority, user_for):
    client = client_for("send_manager")
    ash, bay = user_for("caseworker"), user_for("caseworker")
    east = services.create_team(local_authority=authority, name="East", by=None)
    west = services.create_team(local_authority=authority, name="West", by=None)
    cases = [make_case(authority, by=None, officer=ash, team=east), make_case(authority, by=None, officer=ash)]
    client.post(url("case_move"), {"from_officer": str(ash.pk), "to_officer": str(bay.pk), "team": str(west.pk)})
    for case in cases:
        case.refresh_from_db()
        assert (case.officer, case.team) == (bay, west)
    event = AuditEvent.objects.get(object_type="cases.request", object_id=str(cases[1].pk), action="update",
                                   note__startswith="Case assigned")
    assert event.changes["team_id"] == [None, west.pk]


def test_the_cases_of_an_officer_who_has_left_can_be_moved(client_for, authority, user_for):
    client = client_for("send_manager")
    gone, bay = user_for("caseworker", full_name="Gone Officer"), user_for("caseworker")
    case = make_case(authority, by=None, officer=gone)
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    assert "Gone Officer (no longer active): 1 case" in client.get(url("case_move")).content.decode()
    client.post(url("case_move"), {"from_officer": str(gone.pk), "to_officer": str(bay.pk), "team": "keep"})
    case.refresh_from_db()
    assert case.officer == bay


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"to_officer": "ash"}, "to_officer", "Select a different officer from the one who holds them"),
    ({"from_officer": ""}, "from_officer", "Select the officer whose cases are moving"),
    ({"to_officer": ""}, "to_officer", "Select the officer to move the cases to"),
    ({"to_officer": "outsider"}, "to_officer", "Select the officer to move the cases to from the list"),
    ({"team": "999999"}, "team", "Select a team from the list"),
])
def test_an_invalid_move_shows_the_error_summary_and_moves_nothing(client_for, authority, user_for,
                                                                   other_authority, data, field, message):
    client = client_for("send_manager")
    people = {"ash": user_for("caseworker"), "bay": user_for("caseworker"),
              "outsider": user_for("caseworker", other_authority)}
    case = make_case(authority, by=None, officer=people["ash"])
    post = {"from_officer": "ash", "to_officer": "bay", "team": "keep", **data}
    post = {key: str(people[value].pk) if value in people else value for key, value in post.items()}
    response = client.post(url("case_move"), post)
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body and message in body and f'href="#id_{field}' in body
    case.refresh_from_db()
    assert case.officer == people["ash"]
    assert not AuditEvent.objects.filter(note__startswith="Case assigned").exists()


def test_an_administrator_moves_the_cases_of_someone_leaving(client_for, authority, user_for):
    client = client_for("administrator")
    ash, bay = user_for("caseworker"), user_for("caseworker")
    case = make_case(authority, by=None, officer=ash)
    response = client.post(url("case_move"), {"from_officer": str(ash.pk), "to_officer": str(bay.pk), "team": "keep"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.officer == bay


def test_the_move_page_says_when_nobody_holds_cases(client_for, authority):
    body = client_for("send_manager").get(url("case_move")).content.decode()
    assert "No officer holds an open case or a plan in force" in body
