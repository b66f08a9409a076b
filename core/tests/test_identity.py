"""The per-request reads of session, user and roles: the same objects as the ORM's, never stale."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core import access, identity
from core.backends import AccountBackend
from core.choices import Role
from core.models import RoleAssignment, User
from core.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_the_user_read_for_a_request_equals_the_orms_in_every_field_and_type(user_for):
    person = user_for(Role.CASEWORKER, full_name="Ada Example")
    User.objects.filter(pk=person.pk).update(
        last_login=timezone.now(), locked_until=timezone.now() + timedelta(minutes=5), failed_sign_ins=2)
    expected = User.objects.get(pk=person.pk)

    found = identity.user_by_id(User, person.pk)

    for field in User._meta.concrete_fields:
        assert getattr(found, field.attname) == getattr(expected, field.attname), field.attname
        assert type(getattr(found, field.attname)) is type(getattr(expected, field.attname)), field.attname
    assert found._state.adding is False


def test_no_user_is_found_for_an_unknown_or_malformed_id(db):
    assert identity.user_by_id(User, 987654) is None
    assert identity.user_by_id(User, "not-a-number") is None


def test_a_deactivated_account_is_signed_out_on_its_next_request(client_for):
    client = client_for(Role.CASEWORKER)
    assert client.get(reverse("core:home")).status_code == 200

    User.objects.filter(pk=client.user.pk).update(is_active=False)

    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert AccountBackend().get_user(client.user.pk) is None


def test_role_assignments_come_with_their_authorities_exactly_as_the_orm_gives_them(user_for, authority, other_authority):
    person = user_for(Role.CASEWORKER)
    RoleAssignment.objects.create(user=person, role=Role.BOARD_MEMBER, local_authority=other_authority)
    expected = list(person.role_assignments.select_related("local_authority").order_by("id"))

    found = identity.role_assignments(person)

    assert [(a.pk, a.role, a.local_authority_id, a.created_at) for a in found] == [
        (a.pk, a.role, a.local_authority_id, a.created_at) for a in expected]
    assert [a.local_authority.name for a in found] == [a.local_authority.name for a in expected]
    assert [a.local_authority.region_id for a in found] == [a.local_authority.region_id for a in expected]


def test_a_session_is_read_back_and_an_expired_one_is_nobodys(db):
    store = SessionStore()
    store["colour"] = "green"
    store.create()
    assert SessionStore(store.session_key).load() == {"colour": "green"}

    Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() - timedelta(seconds=1))

    stale = SessionStore(store.session_key)
    assert stale.load() == {}
    assert stale.session_key is None


def test_signing_out_ends_the_session_for_every_copy_of_the_cookie(client_for):
    client = client_for(Role.CASEWORKER)
    twin = Client()
    twin.cookies = client.cookies.__class__(client.cookies)
    assert twin.get(reverse("core:home")).status_code == 200

    client.post(reverse("core:sign_out"))

    assert twin.get(reverse("core:home")).status_code == 302


def test_a_role_removed_while_signed_in_takes_effect_on_the_next_request(client_for, authority):
    client = client_for(Role.SEND_MANAGER)
    assert "Casework" in client.get(reverse("core:home")).content.decode()

    RoleAssignment.objects.filter(user=client.user).update(role=Role.BOARD_MEMBER)

    page = client.get(reverse("core:home")).content.decode()
    assert "Casework" not in page
    assert "board member for" in page
    assert not access.can(User.objects.get(pk=client.user.pk), "case.view", authority)


def test_the_home_page_greets_a_renamed_person_by_their_new_name(client_for):
    client = client_for(Role.CASEWORKER, full_name="Ada Example")
    assert "Hello, Ada" in client.get(reverse("core:home")).content.decode()

    User.objects.filter(pk=client.user.pk).update(full_name="Grace Sample")

    assert "Hello, Grace" in client.get(reverse("core:home")).content.decode()


def test_the_home_page_names_roles_as_they_read_in_a_sentence(client_for):
    page = client_for(Role.SEND_MANAGER).get(reverse("core:home")).content.decode()
    assert "You are signed in as\nSEND manager for" in page
