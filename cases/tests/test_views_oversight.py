"""Early warning, backlog and caseload per officer: what they count, and that they stay cheap.

Access (anonymous, other authority, wrong method, read-only roles) for these pages is tested with
the other list pages in test_views_caseload.py.
"""

import pytest
from django.urls import reverse

from cases import services
from cases.tests.test_views_support import days_ago, make_case, make_plan_case, make_review

pytestmark = pytest.mark.django_db


# ---- early warning ----------------------------------------------------------------------------


def test_early_warning_lists_open_requests_passing_20_weeks_in_the_next_4_weeks(client_for, authority):
    client = client_for("caseworker")
    make_case(authority, by=None, forename="Edge", received_days_ago=140)  # 20 weeks end today
    make_case(authority, by=None, forename="Soon", received_days_ago=115)  # 20 weeks end in 25 days
    make_case(authority, by=None, forename="Later", received_days_ago=100)  # 40 days to go
    make_case(authority, by=None, forename="Past", received_days_ago=141)  # already past 20 weeks
    closed = make_case(authority, by=None, forename="Closed", received_days_ago=120)
    services.withdraw_request(closed, withdrawn_on=days_ago(1), by=None)
    response = client.get(reverse("cases:early_warning", args=["810"]))
    names = [case.child.full_name for case, _ in response.context["rows"]]
    assert names == ["Edge Testchild", "Soon Testchild"]
    body = response.content.decode()
    assert "2 requests nearing 20 weeks" in body


def test_early_warning_leaves_out_a_request_with_an_exception(client_for, authority):
    client = client_for("caseworker")
    make_case(authority, by=None, received_days_ago=120, forename="Plain")
    case = make_case(authority, by=None, received_days_ago=120, forename="Excepted")
    services.record_exception(case, reason="absence_from_area", starts_on=days_ago(100), by=None)
    response = client.get(reverse("cases:early_warning", args=["810"]))
    assert [case.child.full_name for case, _ in response.context["rows"]] == ["Plain Testchild"]


def test_early_warning_lists_review_decisions_due_or_overdue(client_for, authority):
    client = client_for("caseworker")
    overdue = make_plan_case(authority, by=None, forename="Overdue")
    make_review(overdue, by=None, meeting_days_ago=40)
    due = make_plan_case(authority, by=None, forename="Due")
    make_review(due, by=None, meeting_days_ago=5)
    decided = make_plan_case(authority, by=None, forename="Decided")
    review = make_review(decided, by=None, meeting_days_ago=20)
    services.record_review_decision(review, decided_on=days_ago(2), outcome="M", by=None)
    response = client.get(reverse("cases:early_warning_reviews", args=["810"]))
    names = [review.plan.request.child.full_name for review, _ in response.context["rows"]]
    assert names == ["Overdue Testchild", "Due Testchild"]
    body = response.content.decode()
    assert ">Overdue</strong>" in body and ">Due soon</strong>" in body


# ---- backlog ----------------------------------------------------------------------------------


def test_backlog_counts_open_requests_and_assessments_by_age_band(client_for, authority):
    client = client_for("send_manager")
    make_case(authority, by=None, received_days_ago=10)
    make_case(authority, by=None, received_days_ago=42)
    in_assessment = make_case(authority, by=None, received_days_ago=150)
    services.record_decision_to_assess(in_assessment, decided_on=days_ago(120), by=None)
    make_case(authority, by=None, received_days_ago=400)
    make_plan_case(authority, by=None)  # not open: has a plan
    response = client.get(reverse("cases:backlog", args=["810"]))
    bands = {row["band"].key: row for row in response.context["bands"]}
    assert bands["up_to_6_weeks"]["by_stage"] == [2, 0, 0]
    assert bands["20_to_26_weeks"]["by_stage"] == [0, 1, 0]
    assert bands["over_52_weeks"]["total"] == 1
    assert response.context["open_total"] == 4
    body = response.content.decode()
    assert '<svg class="app-chart" role="img"' in body
    assert "Open cases by age band and stage" in body  # the data table beside the chart


def test_backlog_counts_reviews_overdue_and_amendments_waiting(client_for, authority):
    client = client_for("send_manager")
    make_plan_case(authority, by=None, received_days_ago=600)  # plan 490 days old, never reviewed
    make_plan_case(authority, by=None, received_days_ago=200)  # plan 90 days old
    amended = make_plan_case(authority, by=None)
    review = make_review(amended, by=None, meeting_days_ago=20)
    services.record_review_decision(review, decided_on=days_ago(10), outcome="A", by=None)
    response = client.get(reverse("cases:backlog", args=["810"]))
    assert response.context["reviews_overdue"] == 1
    assert response.context["amendments_waiting"] == 1
    overdue = client.get(reverse("cases:backlog_reviews", args=["810"]))
    assert len(overdue.context["page_obj"].object_list) == 1
    assert "1 plan with an overdue review" in overdue.content.decode()
    waiting = client.get(reverse("cases:backlog_amendments", args=["810"]))
    assert [r.plan.request_id for r in waiting.context["page_obj"].object_list] == [amended.pk]
    assert "Not sent" in waiting.content.decode()


# ---- caseload per officer ---------------------------------------------------------------------


def test_caseload_per_officer_counts_each_officers_cases(client_for, authority, user_for):
    client = client_for("send_manager")
    ann = user_for("caseworker", full_name="Ann Officer")
    make_case(authority, by=None, officer=ann, received_days_ago=50)  # overdue decision
    make_case(authority, by=None, officer=ann, received_days_ago=30)  # due in 12 days
    make_plan_case(authority, by=None, officer=ann)
    make_case(authority, by=None, received_days_ago=1)  # unassigned
    response = client.get(reverse("cases:officer_caseloads", args=["810"]))
    rows = {row["name"]: row for row in response.context["rows"]}
    assert rows["Ann Officer"]["open"] == 2
    assert rows["Ann Officer"]["plans"] == 1
    assert rows["Ann Officer"]["overdue"] == 1
    assert rows["Ann Officer"]["due_soon"] == 1
    assert rows["Unassigned"]["total"] == 1 and rows["Unassigned"]["officer_id"] is None
    assert "Not assigned" in response.content.decode()
    assert response.context["totals"]["total"] == 4


# ---- query counts -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", [
    "cases:early_warning", "cases:early_warning_reviews", "cases:backlog", "cases:backlog_reviews",
    "cases:backlog_amendments", "cases:officer_caseloads",
])
def test_oversight_pages_use_a_bounded_number_of_queries(name, client_for, authority, user_for,
                                                         django_assert_max_num_queries):
    client = client_for("send_manager")
    for i in range(4):
        officer = user_for("caseworker")
        make_case(authority, by=None, officer=officer, received_days_ago=120 + i)
        plan_case = make_plan_case(authority, by=None, officer=officer, received_days_ago=600 + i)
        review = make_review(plan_case, by=None, meeting_days_ago=20 + i)
        if i % 2:
            services.record_review_decision(review, decided_on=days_ago(5), outcome="A", by=None)
    # session and user 2, session save 3, authority and roles 2, then at most 5 for the page itself
    with django_assert_max_num_queries(12):
        response = client.get(reverse(name, args=["810"]))
    assert response.status_code == 200
