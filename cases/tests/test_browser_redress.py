"""Re-assessment, appeals not opposed and tribunal orders in a real browser: one journey, and an
axe-core WCAG 2.2 A/AA check of each new page (with and without errors)."""

import datetime

import pytest

from cases import services
from cases.models import Reassessment
from cases.tests.test_browser_cases import fill_date, submit
from cases.tests.test_views_support import days_ago, make_case, make_plan_case

pytestmark = pytest.mark.browser


def test_a_caseworker_records_a_request_to_reassess_and_sees_the_deadlines(page_for, authority, assert_accessible):
    # Given a caseworker with a plan in force
    page = page_for("caseworker")
    case = make_plan_case(authority, by=None, officer=page.user, forename="Rowan", received_days_ago=200)
    # When they record a request to re-assess from the parent, received 3 days ago
    page.goto(f"/cases/810/cases/{case.pk}/")
    page.click("text=Request to re-assess the plan")
    page.check("[name=requested_by][value=parent]")
    fill_date(page, "requested_on", days_ago(3))
    submit(page)
    # Then the case warns that the decision is due 15 days after the request
    due = days_ago(3) + datetime.timedelta(days=15)
    assert "Request to re-assess recorded" in page.locator(".govuk-notification-banner--success").inner_text()
    assert "Tell the family whether the plan will be re-assessed" in page.locator(".govuk-inset-text").inner_text()
    assert f"{due.day} {due:%B %Y}" in page.locator(".govuk-inset-text").inner_text()
    assert_accessible(page)
    # When they record the decision to re-assess, first forgetting to say what was decided
    page.click("text=Decision whether to re-assess")
    fill_date(page, "decided_on", days_ago(1))
    submit(page)
    assert "Select whether the local authority will re-assess" in page.locator(".govuk-error-summary").inner_text()
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    page.check("[name=decision][value=Y]")
    submit(page)
    # Then the new plan is due 14 weeks after the family was told, and the timeline says so
    due = days_ago(1) + datetime.timedelta(weeks=14)
    assert f"{due.day} {due:%B %Y}" in page.locator(".govuk-inset-text").inner_text()
    assert "Decided to re-assess the plan" in page.locator("table", has_text="Timeline").inner_text()
    assert Reassessment.objects.get(plan__request=case).decision == "Y"


def test_the_reassessment_appeal_and_order_pages_pass_axe(page_for, authority, assert_accessible):
    page = page_for("send_manager")
    plan_case = make_plan_case(authority, by=None)
    services.decide_to_reassess(plan_case.plans.get(), decided_on=days_ago(80), by=None)
    appeal = services.record_tribunal_appeal(plan_case, subject="plan_content", registered_on=days_ago(20),
                                             plan=plan_case.plans.get(), by=None)
    refused = make_case(authority, by=None, received_days_ago=60)
    services.record_decision_not_to_assess(refused, decided_on=days_ago(40), by=None)
    services.record_tribunal_appeal(refused, subject="refusal_to_assess", registered_on=days_ago(20), by=None)
    services.record_tribunal_order(plan_case, made_by="tribunal", kind="assess", made_on=days_ago(99), by=None)
    paths = [
        "/cases/810/early-warning/other-duties/",
        f"/cases/810/cases/{plan_case.pk}/",
        f"/cases/810/cases/{plan_case.pk}/record/reassessment-exception/",
        f"/cases/810/cases/{plan_case.pk}/record/reassessment-finished/",
        f"/cases/810/cases/{plan_case.pk}/record/tribunal-order/",
        f"/cases/810/cases/{plan_case.pk}/record/order-complied/",
        f"/cases/810/cases/{refused.pk}/record/appeal-not-opposed/",
    ]
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        assert_accessible(page)
    assert "Overdue" in page.goto("/cases/810/early-warning/other-duties/").text()
    # forms with errors, as a screen reader user meets them
    for path in paths[2:]:
        page.goto(path)
        submit(page)
        assert page.locator(".govuk-error-summary").is_visible(), path
        assert_accessible(page)
    services.record_unopposed_appeal(appeal, notified_on=days_ago(2), by=None)
    page.goto(f"/cases/810/cases/{plan_case.pk}/record/appeal-not-opposed-step/")
    assert_accessible(page)
