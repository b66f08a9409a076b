import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from core import access
from core.choices import Role
from core.models import RoleAssignment

pytestmark = pytest.mark.django_db


def test_a_caseworker_may_edit_cases_at_their_own_authority_only(user_for, authority, other_authority):
    caseworker = user_for(Role.CASEWORKER)
    assert access.can(caseworker, "case.edit", authority)
    assert not access.can(caseworker, "case.edit", other_authority)


def test_a_board_member_reads_plans_but_never_sees_childrens_records(user_for, authority):
    board = user_for(Role.BOARD_MEMBER)
    assert access.can(board, "plan.view", authority)
    assert not access.can(board, "case.view", authority)
    assert not access.can(board, "plan.update", authority)


def test_an_administrator_manages_users_but_does_not_see_childrens_records(user_for, authority):
    admin = user_for(Role.ADMINISTRATOR)
    assert access.can(admin, "users.manage", authority)
    assert not access.can(admin, "case.view", authority)


def test_another_authoritys_record_answers_404_not_403(user_for, other_authority):
    caseworker = user_for(Role.CASEWORKER)
    with pytest.raises(Http404):
        access.check(caseworker, "case.view", other_authority)


def test_a_role_without_the_capability_at_ones_own_authority_answers_403(user_for, authority):
    board = user_for(Role.BOARD_MEMBER)
    with pytest.raises(PermissionDenied):
        access.check(board, "case.view", authority)


def test_authority_or_404_finds_the_authority_by_its_dfe_code(user_for, authority):
    manager = user_for(Role.SEND_MANAGER)
    assert access.authority_or_404(manager, "810", "case.view") == authority
    with pytest.raises(Http404):
        access.authority_or_404(manager, "999", "case.view")


def test_object_or_404_hides_other_authorities_records(user_for, authority, other_authority):
    admin = user_for(Role.ADMINISTRATOR)
    own = RoleAssignment.objects.get(user=admin)
    theirs = RoleAssignment.objects.get(user=user_for(Role.CASEWORKER, other_authority))
    assert access.object_or_404(admin, "users.manage", RoleAssignment, pk=own.pk) == own
    with pytest.raises(Http404):
        access.object_or_404(admin, "users.manage", RoleAssignment, pk=theirs.pk)


def test_a_person_with_roles_at_two_authorities_acts_for_both(user_for, authority, other_authority):
    analyst = user_for(Role.PERFORMANCE_ANALYST)
    RoleAssignment.objects.create(user=analyst, role=Role.PERFORMANCE_ANALYST, local_authority=other_authority)
    analyst = type(analyst).objects.get(pk=analyst.pk)  # fresh object: no cached roles
    assert list(access.authorities_for(analyst, "indicator.edit")) == sorted([authority, other_authority], key=lambda la: la.name)


def test_a_deactivated_person_can_do_nothing(user_for, authority):
    manager = user_for(Role.SEND_MANAGER, is_active=False)
    assert not access.can(manager, "case.view", authority)


def test_an_unknown_capability_is_a_programming_error(user_for, authority):
    with pytest.raises(KeyError):
        access.can(user_for(Role.SEND_MANAGER), "case.teleport", authority)


def test_every_role_can_see_the_scorecard_and_plans():
    for role in Role:
        assert role in access.CAPABILITIES["indicator.view"]
        assert role in access.CAPABILITIES["plan.view"]
