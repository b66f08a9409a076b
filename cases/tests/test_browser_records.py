"""Correcting a case's records and organising teams in a real browser, with an axe-core WCAG 2.2
A/AA check of each new page (empty, and with its error summary)."""

import pytest

from cases import services
from cases.models import Request
from cases.tests.test_views_support import days_ago, make_case, make_plan_case

pytestmark = pytest.mark.browser


def submit(page) -> None:
    page.click("main button[type=submit]")


def test_a_caseworker_removes_an_exception_recorded_in_error(page_for, authority, assert_accessible):
    # Given a case with an exception to the time limits
    page = page_for("caseworker")
    case = make_case(authority, by=None, received_days_ago=60)
    services.record_decision_to_assess(case, decided_on=days_ago(40), by=None)
    exception = services.record_exception(case, reason="personal_circumstances", starts_on=days_ago(30), by=None)
    page.goto(f"/cases/810/cases/{case.pk}/")
    # When they remove it, are asked why, and confirm
    page.click(f"a[href$='/exceptions/{exception.pk}/remove/']")
    assert page.locator("h1").inner_text() == "Are you sure you want to remove this exception?"
    assert_accessible(page)
    submit(page)
    assert page.title().startswith("Error: ")
    assert "Enter why the exception no longer applies" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Why does this exception no longer apply?").fill("Recorded on the wrong case")
    submit(page)
    # Then the time limits apply again and the timeline says the exception was removed, and why
    banner = page.locator(".govuk-notification-banner--success").inner_text()
    assert "the 16 and 20-week time limits apply to this case again" in banner
    timeline = page.locator("table", has_text="Timeline").inner_text()
    assert "Exception removed: Exceptional personal circumstances" in timeline
    assert "Recorded on the wrong case" in timeline
    assert not Request.objects.get(pk=case.pk).assessments.get().week20
    assert_accessible(page)


def test_every_new_records_page_passes_axe(page_for, authority, user_for, assert_accessible):
    page = page_for("send_manager")
    officer = user_for("caseworker", full_name="Casey Officer")
    east = services.create_team(local_authority=authority, name="East", by=None)
    case = make_plan_case(authority, by=None, officer=officer)
    make_case(authority, by=None, officer=officer, team=east)
    make_case(authority, by=None, team=east)
    open_case = make_case(authority, by=None, received_days_ago=60)
    services.record_decision_to_assess(open_case, decided_on=days_ago(40), by=None)
    exception = services.record_exception(open_case, reason="personal_circumstances", starts_on=days_ago(30),
                                          by=None)
    pages = {
        f"/cases/810/cases/{case.pk}/child/": lambda: page.fill("[name=forename]", ""),
        f"/cases/810/cases/{case.pk}/plan/setting/": lambda: page.fill("[name=setting_urn]", "12"),
        f"/cases/810/cases/{case.pk}/assign/": lambda: page.select_option("[name=officer]", ""),
        "/cases/810/teams/new/": lambda: None,
        "/cases/810/teams/move-cases/": lambda: None,
    }
    for path, make_invalid in pages.items():
        response = page.goto(path)
        assert response.status == 200, path
        assert_accessible(page)
        make_invalid()
        submit(page)
        assert page.locator(".govuk-error-summary").is_visible(), path
        assert page.title().startswith("Error: "), path
        assert_accessible(page)
    for path in ("/cases/810/teams/", f"/cases/810/cases/{open_case.pk}/",
                 f"/cases/810/cases/{open_case.pk}/exceptions/{exception.pk}/remove/"):
        response = page.goto(path)
        assert response.status == 200, path
        assert_accessible(page)


def test_an_administrator_sees_the_teams_page_without_casework(page_for, authority, user_for, assert_accessible):
    page = page_for("administrator")
    make_case(authority, by=None, officer=user_for("caseworker", full_name="Casey Officer"))
    page.goto("/home/")
    page.locator("main").get_by_role("link", name="Teams", exact=True).click()
    assert page.locator("h1").inner_text() == "Teams"
    assert "Casey Officer" in page.locator("main").inner_text()
    assert_accessible(page)
