import pytest

from core.choices import AuditAction, Role
from core.models import AuditEvent, RoleAssignment, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client_for):
    return client_for(Role.ADMINISTRATOR)


def test_an_administrator_sees_the_people_at_their_authority(admin_client, user_for, other_authority, django_assert_max_num_queries):
    colleague = user_for(Role.CASEWORKER, full_name="Colleague Example")
    stranger = user_for(Role.CASEWORKER, other_authority, full_name="Stranger Example")
    with django_assert_max_num_queries(10):
        content = admin_client.get("/users/").content.decode()
    assert colleague.full_name in content and stranger.full_name not in content


def test_the_user_list_can_be_searched(admin_client, user_for):
    user_for(Role.CASEWORKER, full_name="Findable Person")
    user_for(Role.CASEWORKER, full_name="Other Person")
    content = admin_client.get("/users/?q=findable").content.decode()
    assert "Findable Person" in content and "Other Person" not in content


def test_only_administrators_see_the_user_pages(client_for):
    assert client_for(Role.SEND_MANAGER).get("/users/").status_code == 404
    assert client_for(Role.SEND_MANAGER).get("/users/add/").status_code == 404


def test_anonymous_people_are_sent_to_sign_in(client):
    assert client.get("/users/").url.startswith("/sign-in/")


def test_adding_a_user_creates_the_account_and_role(admin_client, authority):
    response = admin_client.post("/users/add/", {
        "full_name": "Added Person", "email": "added@example.org", "organisation": "Example ICB",
        "job_title": "Designated clinical officer", "role": Role.PLAN_CONTRIBUTOR, "local_authority": authority.pk,
    })
    person = User.objects.get(email="added@example.org")
    assert response.url == f"/users/{person.pk}/"
    assert RoleAssignment.objects.filter(user=person, role=Role.PLAN_CONTRIBUTOR, local_authority=authority).exists()


def test_adding_a_user_with_missing_details_shows_each_error(admin_client):
    content = admin_client.post("/users/add/", {"email": "not-an-email"}).content.decode()
    assert "<title>Error: " in content
    for message in ["Enter the person&#x27;s full name", "Enter an email address in the correct format", "Select a role",
                    "Select a local authority"]:
        assert message in content


def test_an_administrator_cannot_give_a_role_at_an_authority_they_do_not_administer(admin_client, other_authority):
    content = admin_client.post("/users/add/", {
        "full_name": "Sneaky", "email": "sneaky@example.org", "role": Role.SEND_MANAGER, "local_authority": other_authority.pk,
    }).content.decode()
    assert "Select a valid choice" in content or "Select a local authority you administer" in content
    assert not User.objects.filter(email="sneaky@example.org").exists()


def test_two_people_cannot_share_an_email_address(admin_client, user_for, authority):
    existing = user_for(Role.CASEWORKER)
    content = admin_client.post("/users/add/", {
        "full_name": "Duplicate", "email": existing.email.upper(), "role": Role.CASEWORKER, "local_authority": authority.pk,
    }).content.decode()
    assert "Someone already has an account with this email address" in content


def test_another_authoritys_person_answers_404(admin_client, user_for, other_authority):
    stranger = user_for(Role.CASEWORKER, other_authority)
    for path in [f"/users/{stranger.pk}/", f"/users/{stranger.pk}/edit/", f"/users/{stranger.pk}/roles/add/"]:
        assert admin_client.get(path).status_code == 404


def test_editing_a_person_saves_and_audits_the_change(admin_client, user_for):
    person = user_for(Role.CASEWORKER, full_name="Old Name")
    response = admin_client.post(f"/users/{person.pk}/edit/", {"full_name": "New Name", "email": person.email,
                                                               "organisation": "", "job_title": ""})
    assert response.url == f"/users/{person.pk}/"
    person.refresh_from_db()
    assert person.full_name == "New Name"
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(person.pk)).exists()


def test_adding_and_removing_a_role(admin_client, user_for, authority):
    person = user_for(Role.CASEWORKER)
    admin_client.post(f"/users/{person.pk}/roles/add/", {"role": Role.SEND_MANAGER, "local_authority": authority.pk})
    added = RoleAssignment.objects.get(user=person, role=Role.SEND_MANAGER)
    assert admin_client.get(f"/users/{person.pk}/roles/{added.pk}/remove/").status_code == 200
    admin_client.post(f"/users/{person.pk}/roles/{added.pk}/remove/")
    assert not RoleAssignment.objects.filter(pk=added.pk).exists()


def test_adding_a_role_without_choosing_shows_errors(admin_client, user_for):
    person = user_for(Role.CASEWORKER)
    content = admin_client.post(f"/users/{person.pk}/roles/add/", {}).content.decode()
    assert "Select a role" in content and "govuk-error-summary" in content


def test_unlocking_needs_a_post(admin_client, user_for):
    person = user_for(Role.CASEWORKER)
    assert admin_client.get(f"/users/{person.pk}/unlock/").status_code == 405
    assert admin_client.post(f"/users/{person.pk}/unlock/").status_code == 302


def test_deactivating_an_account_stops_sign_in_and_is_audited(admin_client, user_for, password):
    from django.test import Client

    person = user_for(Role.CASEWORKER)
    admin_client.post(f"/users/{person.pk}/active/")
    person.refresh_from_db()
    assert not person.is_active
    assert not Client().login(email=person.email, password=password)
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(person.pk), changes__is_active=[True, False]).exists()
    admin_client.post(f"/users/{person.pk}/active/", {"active": "yes"})
    person.refresh_from_db()
    assert person.is_active


def test_an_administrator_cannot_deactivate_themselves(admin_client):
    admin_client.post(f"/users/{admin_client.user.pk}/active/")
    admin_client.user.refresh_from_db()
    assert admin_client.user.is_active
