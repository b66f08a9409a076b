import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("path", "heading"), [
    ("/", "See and improve your local SEND system"),
    ("/accessibility/", "Accessibility statement for SENDsight"),
    ("/cookies/", "Cookies"),
    ("/privacy/", "Privacy notice"),
])
def test_public_pages_are_open_to_everyone(client, path, heading):
    response = client.get(path)
    assert response.status_code == 200
    assert heading in response.content.decode()


@pytest.mark.parametrize("path", ["/accessibility/", "/cookies/", "/privacy/"])
def test_public_pages_refuse_posts(client, path):
    assert client.post(path).status_code == 405


def test_the_footer_links_to_the_accessibility_cookies_and_privacy_pages(client):
    content = client.get("/").content.decode()
    for path in ["/accessibility/", "/cookies/", "/privacy/"]:
        assert f'href="{path}"' in content


def test_a_missing_page_gets_the_gov_uk_404_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_server_error_gets_the_gov_uk_500_page():
    from core.views import error_500
    response = error_500(None)
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_a_form_sent_without_its_csrf_token_gets_a_helpful_page(user_for):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/sign-in/", {"email": "a@example.org", "password": "x"})
    assert response.status_code == 403
    assert "your form could not be sent" in response.content.decode()


def test_every_page_carries_the_security_headers(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_no_page_has_an_inline_script(client, user_for):
    from core.choices import Role
    client.force_login(user_for(Role.ADMINISTRATOR))
    for path in ["/", "/home/", "/users/", "/audit/"]:
        content = client.get(path).content.decode()
        assert "<script>" not in content and "<script type=\"module\">" not in content


@override_settings(SECURE_SSL_REDIRECT=True)
def test_with_https_on_plain_http_is_redirected(client):
    response = client.get("/accessibility/")
    assert response.status_code == 301 and response.url.startswith("https://")


def test_the_health_check_answers_ok(client):
    assert client.get("/healthz").content == b"ok"
