"""Signing in and out in a real browser, and axe-core on every core page."""

import pytest

from core.choices import Role

pytestmark = pytest.mark.browser

PUBLIC_PAGES = ["/", "/sign-in/", "/password-reset/", "/accessibility/", "/cookies/", "/privacy/", "/no-such-page/"]


def test_a_caseworker_signs_in_with_email_and_password_and_signs_out(public_page, user_for, password, assert_accessible):
    user = user_for(Role.CASEWORKER, full_name="Casey Example")
    page = public_page
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/home/")
    assert page.get_by_role("heading", level=1).inner_text() == "Hello, Casey"
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/signed-out/")
    assert "You have signed out" in page.get_by_role("heading", level=1).inner_text()
    page.goto("/home/")
    assert "/sign-in/" in page.url


def test_a_wrong_password_shows_the_error_summary_and_keeps_focus_on_it(public_page, user_for, assert_accessible):
    user = user_for(Role.CASEWORKER)
    page = public_page
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    assert page.title().startswith("Error: ")
    summary = page.locator(".govuk-error-summary")
    assert "Enter a correct email address and password" in summary.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert_accessible(page)


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_public_core_page_meets_wcag_2_2_aa(public_page, path, assert_accessible):
    public_page.goto(path)
    assert_accessible(public_page)


@pytest.mark.parametrize("path", ["/home/", "/users/", "/users/add/", "/audit/"])
def test_every_administration_page_meets_wcag_2_2_aa(page_for, path, assert_accessible):
    page = page_for(Role.ADMINISTRATOR)
    page.goto(path)
    assert page.url.endswith(path)
    assert_accessible(page)


def test_the_add_user_form_shows_each_error_beside_its_field(page_for, assert_accessible):
    page = page_for(Role.ADMINISTRATOR)
    page.goto("/users/add/")
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Enter the person's full name" in summary
    assert "Select a role" in summary
    assert page.locator("#id_full_name-error").is_visible()
    assert_accessible(page)


def test_the_accessibility_check_fails_on_a_page_with_an_unlabelled_input(public_page):
    from conftest import axe_violations

    public_page.set_content('<html lang="en"><head><title>Broken</title></head><body><main>'
                            '<h1>Broken</h1><input type="text"><img src="x.png"></main></body></html>')
    rules = {violation["id"] for violation in axe_violations(public_page)}
    assert {"label", "image-alt"} <= rules
