"""services.move_cases: an officer's live cases move to another officer, each change audited."""

import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import services
from cases.models import Request
from cases.tests.test_views_support import make_case
from core.models import AuditEvent

pytestmark = pytest.mark.django_db


def errors(excinfo) -> dict:
    return excinfo.value.message_dict


def test_an_officers_live_cases_move_and_each_is_audited(authority, user_for):
    ash, bay, manager = user_for("caseworker"), user_for("caseworker"), user_for("send_manager")
    cases = [make_case(authority, by=None, officer=ash) for _ in range(3)]
    moved = services.move_cases(local_authority=authority, from_officer=ash, to_officer=bay, by=manager)
    assert moved == 3
    assert set(Request.objects.filter(officer=bay)) == set(cases)
    events = AuditEvent.objects.filter(object_type="cases.request", action="update", note__startswith="Case assigned")
    assert sorted(int(e.object_id) for e in events) == sorted(c.pk for c in cases)
    assert {e.local_authority_id for e in events} == {authority.pk}
    assert all(e.actor == manager and e.object_label.startswith("Request R") for e in events)


def test_moving_to_the_same_officer_is_refused(authority, user_for):
    ash = user_for("caseworker")
    make_case(authority, by=None, officer=ash)
    with pytest.raises(ValidationError) as excinfo:
        services.move_cases(local_authority=authority, from_officer=ash, to_officer=ash, by=None)
    assert "to_officer" in errors(excinfo)


def test_an_officer_of_another_authority_cannot_receive_the_cases(authority, other_authority, user_for):
    ash, outsider = user_for("caseworker"), user_for("caseworker", other_authority)
    case = make_case(authority, by=None, officer=ash)
    with pytest.raises(ValidationError) as excinfo:
        services.move_cases(local_authority=authority, from_officer=ash, to_officer=outsider, by=None)
    assert errors(excinfo)["to_officer"] == ["Select an officer who works for this local authority"]
    case.refresh_from_db()
    assert case.officer == ash


def test_another_authoritys_team_is_refused(authority, other_authority, user_for):
    ash, bay = user_for("caseworker"), user_for("caseworker")
    make_case(authority, by=None, officer=ash)
    theirs = services.create_team(local_authority=other_authority, name="Kent East", by=None)
    with pytest.raises(ValidationError) as excinfo:
        services.move_cases(local_authority=authority, from_officer=ash, to_officer=bay, team=theirs,
                            keep_team=False, by=None)
    assert "team" in errors(excinfo)


def test_an_officer_with_no_live_cases_has_nothing_to_move(authority, user_for):
    ash, bay = user_for("caseworker"), user_for("caseworker")
    with pytest.raises(ValidationError) as excinfo:
        services.move_cases(local_authority=authority, from_officer=ash, to_officer=bay, by=None)
    assert errors(excinfo)["from_officer"] == ["Select an officer who holds open cases or plans"]


def test_only_this_authoritys_cases_move(authority, other_authority, user_for):
    ash = user_for("caseworker")
    ash.role_assignments.create(local_authority=other_authority, role="caseworker")
    bay = user_for("caseworker")
    kentish = make_case(other_authority, by=None, officer=ash)
    make_case(authority, by=None, officer=ash)
    assert services.move_cases(local_authority=authority, from_officer=ash, to_officer=bay, by=None) == 1
    kentish.refresh_from_db()
    assert kentish.officer == ash


def test_a_large_caseload_moves_in_a_few_queries_per_case(authority, user_for):
    ash, bay = user_for("caseworker"), user_for("caseworker")
    for _ in range(60):
        make_case(authority, by=None, officer=ash)
    started = time.process_time()
    with CaptureQueriesContext(connection) as queries:
        assert services.move_cases(local_authority=authority, from_officer=ash, to_officer=bay, by=None) == 60
    cpu = time.process_time() - started
    # a fixed handful however many cases: the checks, the read, one UPDATE and one audit INSERT per 500
    assert len(queries) <= 8
    assert cpu < 2.0


def test_each_moved_case_keeps_its_own_audit_event_with_the_officer_and_team_before_and_after(
        authority, user_for):
    ash, bay, manager = user_for("caseworker"), user_for("caseworker"), user_for("send_manager")
    north = services.create_team(local_authority=authority, name="North", by=None)
    south = services.create_team(local_authority=authority, name="South", by=None)
    in_north = make_case(authority, by=None, officer=ash, team=north)
    in_south = make_case(authority, by=None, officer=ash, team=south)
    services.move_cases(local_authority=authority, from_officer=ash, to_officer=bay, team=south,
                        keep_team=False, by=manager)
    events = {int(e.object_id): e for e in AuditEvent.objects.filter(
        object_type="cases.request", action="update", note="Case assigned: caseload moved")}
    assert set(events) == {in_north.pk, in_south.pk}
    assert events[in_north.pk].changes == {"officer_id": [ash.pk, bay.pk], "team_id": [north.pk, south.pk]}
    assert events[in_south.pk].changes == {"officer_id": [ash.pk, bay.pk]}  # its team did not change
    for case in (in_north, in_south):
        event = events[case.pk]
        assert (event.actor, event.actor_label) == (manager, manager.email)
        assert (event.local_authority, event.object_label) == (authority, f"Request {case.reference}")
