"""Casework in a real browser (Debian's Chromium through Playwright): one journey, and an axe-core
WCAG 2.2 A/AA check of every casework page."""

import datetime

import pytest

from cases import services
from cases.models import Request
from cases.tests.test_views_support import days_ago, make_case, make_plan_case, make_review

pytestmark = pytest.mark.browser


def fill_date(page, name: str, day: datetime.date) -> None:
    page.fill(f"[name={name}_day]", str(day.day))
    page.fill(f"[name={name}_month]", str(day.month))
    page.fill(f"[name={name}_year]", str(day.year))


def submit(page) -> None:
    page.click("main button[type=submit]")


def test_a_caseworker_records_a_request_and_a_decision_and_sees_the_deadline(page_for, authority,
                                                                            assert_accessible):
    # Given a caseworker at Hull
    page = page_for("caseworker")
    # When they record a request received 10 days ago
    page.goto("/cases/810/cases/new/")
    page.fill("[name=forename]", "Rowan")
    page.fill("[name=surname]", "Sample")
    fill_date(page, "date_of_birth", datetime.date(2016, 4, 2))
    received = days_ago(10)
    fill_date(page, "received_on", received)
    page.check("[name=source][value='1']")
    submit(page)
    # Then the case page shows the decision whether to assess as the next deadline, 6 weeks on
    assert page.locator("h1").inner_text() == "Rowan Sample"
    due = received + datetime.timedelta(days=42)
    deadline = page.locator(".govuk-inset-text")
    assert f"{due.day} {due:%B %Y}" in deadline.inner_text()
    assert "Decide whether to carry out an EHC needs assessment" in deadline.inner_text() or \
        "assess" in deadline.inner_text()
    assert_accessible(page)
    # When they record the decision to assess, first forgetting the date
    page.click("text=Decision whether to assess")
    page.check("[name=decision][value=assess]")
    submit(page)
    assert "Enter the date of the decision" in page.locator(".govuk-error-summary").inner_text()
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    fill_date(page, "decided_on", days_ago(2))
    submit(page)
    # Then the decision is in the timeline and the deadline has moved on to the assessment
    assert "Decision recorded" in page.locator(".govuk-notification-banner--success").inner_text()
    assert "Decided to assess" in page.locator("table", has_text="Timeline").inner_text()
    case = Request.objects.get(child__forename="Rowan")
    assert case.stage == "assessment" and case.outcome_on == days_ago(2)
    assert case.next_deadline_on != due
    assert f"{case.next_deadline_on.day} {case.next_deadline_on:%B %Y}" in page.locator(".govuk-inset-text").inner_text()


def test_every_casework_page_passes_axe(page_for, authority, user_for, assert_accessible):
    page = page_for("send_manager")
    officer = user_for("caseworker", full_name="Casey Officer")
    open_case = make_case(authority, by=None, officer=page.user, received_days_ago=120)
    services.record_decision_to_assess(open_case, decided_on=days_ago(100), by=None)
    make_case(authority, by=None, officer=officer, received_days_ago=50)
    plan_case = make_plan_case(authority, by=None, officer=page.user, received_days_ago=600)
    review = make_review(plan_case, by=None, meeting_days_ago=40)
    services.record_review_decision(review, decided_on=days_ago(30), outcome="A", by=None)
    make_review(make_plan_case(authority, by=None), by=None, meeting_days_ago=10)
    paths = [
        "/cases/810/caseload/",
        "/cases/810/caseload/team/",
        "/cases/810/caseload/team/?due_within=soon",  # with an error summary
        "/cases/810/caseload/officers/",
        "/cases/810/early-warning/",
        "/cases/810/early-warning/reviews/",
        "/cases/810/backlog/",
        "/cases/810/backlog/reviews-overdue/",
        "/cases/810/backlog/amendments-waiting/",
        f"/cases/810/cases/{open_case.pk}/",
        f"/cases/810/cases/{plan_case.pk}/",
        f"/cases/810/cases/{plan_case.pk}/assign/",
        f"/cases/810/cases/{open_case.pk}/record/advice-requested/",
        f"/cases/810/cases/{plan_case.pk}/record/cease/",
        "/cases/810/cases/new/",
        "/cases/810/cases/transfer-in/",
    ]
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        assert_accessible(page)
    # forms with errors, as a screen reader user meets them
    for path in (f"/cases/810/cases/{plan_case.pk}/record/cease/", "/cases/810/cases/new/",
                 f"/cases/810/cases/{plan_case.pk}/assign/"):
        page.goto(path)
        if "assign" in path:
            page.select_option("[name=officer]", "")
        submit(page)
        assert page.locator(".govuk-error-summary").is_visible(), path
        assert_accessible(page)
