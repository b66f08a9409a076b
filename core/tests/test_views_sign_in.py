import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from core.choices import AuditAction, Role
from core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_the_sign_in_page_shows_a_gov_uk_form(client):
    response = client.get("/sign-in/")
    assert response.status_code == 200
    assert b'class="govuk-input"' in response.content
    assert b"<title>Sign in" in response.content


def test_signing_in_with_the_right_password_goes_home_and_is_audited(client, user_for, password):
    person = user_for(Role.CASEWORKER)
    response = client.post("/sign-in/", {"email": person.email.upper(), "password": password})
    assert response.status_code == 302 and response.url == "/home/"
    assert AuditEvent.objects.filter(action=AuditAction.SIGN_IN, actor=person).exists()


def test_signing_in_returns_to_the_page_asked_for_but_never_to_another_site(client, user_for, password):
    person = user_for(Role.CASEWORKER)
    response = client.post("/sign-in/?next=/users/", {"email": person.email, "password": password, "next": "/users/"})
    assert response.url == "/users/"
    client.logout()
    response = client.post("/sign-in/", {"email": person.email, "password": password, "next": "https://evil.example.com/"})
    assert response.url == "/home/"


def test_a_wrong_password_shows_the_error_summary_and_an_error_title(client, user_for):
    person = user_for(Role.CASEWORKER)
    response = client.post("/sign-in/", {"email": person.email, "password": "wrong password"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "<title>Error: Sign in" in content
    assert "govuk-error-summary" in content and "Enter a correct email address and password" in content


def test_an_empty_form_asks_for_the_email_address_and_password(client):
    content = client.post("/sign-in/", {}).content.decode()
    assert "Enter your email address" in content and "Enter your password" in content
    assert 'href="#id_email"' in content


def test_the_account_locks_after_five_failures_even_with_the_right_password(client, user_for, password):
    person = user_for(Role.CASEWORKER)
    for _ in range(5):
        client.post("/sign-in/", {"email": person.email, "password": "wrong password"})
    response = client.post("/sign-in/", {"email": person.email, "password": password})
    assert response.status_code == 200
    assert "This account is locked" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_signing_out_needs_a_post_and_ends_the_session(client, user_for):
    person = user_for(Role.CASEWORKER)
    client.force_login(person)
    assert client.get("/sign-out/").status_code == 405
    response = client.post("/sign-out/")
    assert response.url == "/signed-out/"
    assert client.get("/home/").status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.SIGN_OUT, actor=person).exists()


def test_pages_need_sign_in(client):
    response = client.get("/home/")
    assert response.status_code == 302 and response.url.startswith("/sign-in/?next=/home/")


def test_the_password_reset_email_lets_the_person_set_a_new_password(client, user_for):
    person = user_for(Role.CASEWORKER)
    response = client.post("/password-reset/", {"email": person.email})
    assert response.url == "/password-reset/sent/"
    assert len(mail.outbox) == 1 and mail.outbox[0].subject == "Reset your SENDsight password"
    link = re.search(r"http://testserver(/password-reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link).url  # Django swaps the token for a session marker
    response = client.post(form_url, {"new_password1": "a brand new passphrase", "new_password2": "a brand new passphrase"})
    assert response.url == "/password-reset/done/"
    assert Client().login(email=person.email, password="a brand new passphrase")


def test_a_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client):
    response = client.post("/password-reset/", {"email": "nobody@example.org"})
    assert response.url == "/password-reset/sent/"
    assert mail.outbox == []


def test_a_used_or_forged_reset_link_says_it_has_expired(client):
    response = client.get("/password-reset/MQ/set-password/")
    assert "This link has expired" in response.content.decode()


def test_a_short_new_password_is_refused_with_a_message(client, user_for):
    person = user_for(Role.CASEWORKER)
    client.post("/password-reset/", {"email": person.email})
    link = re.search(r"http://testserver(/password-reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link).url
    content = client.post(form_url, {"new_password1": "short", "new_password2": "short"}).content.decode()
    assert "govuk-error-summary" in content and "too short" in content


def test_the_session_renews_on_activity_at_most_once_a_minute(client, user_for, settings):
    client.force_login(user_for(Role.CASEWORKER))
    client.get("/home/")
    first = client.session["_renewed_at"]
    client.get("/home/")
    assert client.session["_renewed_at"] == first
    assert settings.SESSION_COOKIE_AGE == 30 * 60


def test_the_home_page_routes_each_role_to_its_work(client_for, django_assert_max_num_queries):
    caseworker = client_for(Role.CASEWORKER)
    caseworker.get("/home/")  # the first request renews the session; measure the steady state
    with django_assert_max_num_queries(3):
        content = caseworker.get("/home/").content.decode()
    assert "Casework" in content and 'href="/cases/810/early-warning/"' in content
    board = client_for(Role.BOARD_MEMBER).get("/home/").content.decode()
    assert "Improvement plans" in board and reverse("cases:index") not in board
    admin = client_for(Role.ADMINISTRATOR).get("/home/").content.decode()
    assert "Users and roles" in admin
