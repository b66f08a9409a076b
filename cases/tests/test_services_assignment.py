"""Who may hold a case: only a caseworker or SEND manager of the case's local authority.

assign_case, record_request, transfer_in and move_cases all check the officer the same way
(casework_rules.officer_can_hold_cases); nothing is written when the check fails.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError

from cases import casework_rules, services
from cases.models import Request
from cases.tests.factories import ChildFactory, RequestFactory
from cases.tests.test_views_support import make_case
from core.access import CAPABILITIES
from core.models import AuditEvent

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2025, 12, 1)
READ_ONLY_ROLES = ["practitioner", "performance_analyst", "board_member", "plan_contributor", "administrator"]
NOT_A_CASEWORKER = "Select a caseworker or SEND manager of this local authority"


def errors(excinfo) -> dict:
    return excinfo.value.message_dict


def test_the_roles_that_hold_cases_are_those_that_may_edit_casework():
    # The rule is pure (no Django), so it names the roles itself; the two lists must agree.
    assert casework_rules.CASE_HOLDING_ROLES == CAPABILITIES["case.edit"]


@pytest.mark.parametrize("role", READ_ONLY_ROLES)
def test_a_person_without_a_casework_role_here_cannot_be_assigned_a_case(user_for, role):
    caseworker, other = user_for("caseworker"), user_for(role)
    request = RequestFactory(officer=caseworker)
    with pytest.raises(ValidationError) as excinfo:
        services.assign_case(request, officer=other, by=caseworker)
    assert errors(excinfo) == {"officer": [NOT_A_CASEWORKER]}
    request.refresh_from_db()
    assert request.officer == caseworker
    assert not AuditEvent.objects.filter(object_type="cases.request", action="update").exists()


@pytest.mark.parametrize("role", ["caseworker", "send_manager"])
def test_a_caseworker_or_send_manager_here_can_hold_a_case(user_for, role):
    holder = user_for(role)
    request = RequestFactory()
    services.assign_case(request, officer=holder, by=None)
    request.refresh_from_db()
    assert request.officer == holder


def test_a_casework_role_at_another_authority_does_not_count(user_for, other_authority):
    # A caseworker in Kent who is only a practitioner in Hull cannot hold Hull's cases.
    person = user_for("practitioner")
    person.role_assignments.create(local_authority=other_authority, role="caseworker")
    with pytest.raises(ValidationError) as excinfo:
        services.assign_case(RequestFactory(), officer=person, by=None)
    assert errors(excinfo) == {"officer": [NOT_A_CASEWORKER]}


def test_someone_with_no_role_here_is_told_to_choose_an_officer_of_this_authority(user_for, other_authority):
    stranger = user_for("caseworker", other_authority)
    with pytest.raises(ValidationError) as excinfo:
        services.assign_case(RequestFactory(), officer=stranger, by=None)
    assert errors(excinfo) == {"officer": ["Select an officer who works for this local authority"]}


def test_a_new_request_cannot_be_given_to_a_read_only_person(user_for):
    with pytest.raises(ValidationError) as excinfo:
        services.record_request(child=ChildFactory(), received_on=D(2025, 11, 3), officer=user_for("practitioner"),
                                by=None, today=TODAY)
    assert errors(excinfo) == {"officer": [NOT_A_CASEWORKER]}
    assert not Request.objects.exists()


def test_a_plan_transferred_in_cannot_be_given_to_a_read_only_person(user_for):
    with pytest.raises(ValidationError) as excinfo:
        services.transfer_in(child=ChildFactory(), from_code="886", transferred_on=D(2025, 9, 1),
                             start_on=D(2024, 3, 1), primary_need="SEMH", officer=user_for("performance_analyst"),
                             by=None, today=TODAY)
    assert errors(excinfo) == {"officer": [NOT_A_CASEWORKER]}
    assert not Request.objects.exists()


def test_a_caseload_cannot_move_to_a_read_only_person(authority, user_for):
    ash, analyst = user_for("caseworker"), user_for("performance_analyst")
    case = make_case(authority, by=None, officer=ash)
    with pytest.raises(ValidationError) as excinfo:
        services.move_cases(local_authority=authority, from_officer=ash, to_officer=analyst, by=None)
    assert errors(excinfo) == {"to_officer": [NOT_A_CASEWORKER]}
    case.refresh_from_db()
    assert case.officer == ash


def test_a_caseload_can_move_away_from_someone_who_no_longer_holds_a_casework_role(authority, user_for):
    # Someone who left casework still holds cases: they must be able to move on.
    leaver, bay = user_for("caseworker"), user_for("caseworker")
    case = make_case(authority, by=None, officer=leaver)
    leaver.role_assignments.update(role="practitioner")
    assert services.move_cases(local_authority=authority, from_officer=leaver, to_officer=bay, by=None) == 1
    case.refresh_from_db()
    assert case.officer == bay


def test_a_caseworker_whose_account_is_deactivated_cannot_be_given_a_case(user_for):
    caseworker, leaver = user_for("caseworker"), user_for("caseworker", is_active=False)
    request = RequestFactory(officer=caseworker)
    with pytest.raises(ValidationError) as excinfo:
        services.assign_case(request, officer=leaver, by=caseworker)
    assert errors(excinfo) == {"officer": ["Select an officer whose account is active: this person can no longer sign in"]}
    request.refresh_from_db()
    assert request.officer == caseworker
