"""Caseload, early warning, backlog and per-officer reads: right rows, few queries."""

import datetime

import pytest

from cases import queries, services
from cases.tests.factories import (
    AnnualReviewFactory,
    ChildFactory,
    EHCPlanFactory,
    RequestFactory,
    TeamFactory,
)

D = datetime.date
TODAY = D(2025, 12, 1)


def case(received_on, *, officer=None, team=None, **child):
    return services.record_request(child=ChildFactory(**child), received_on=received_on, officer=officer,
                                   team=team, by=None, today=TODAY)


@pytest.fixture
def officer(user_for):
    return user_for("caseworker")


def test_the_caseload_is_sorted_by_next_deadline_and_filters_by_officer(officer):
    late = case(D(2025, 9, 1), officer=officer)  # decision due 13 October: overdue
    soon = case(D(2025, 11, 1), officer=officer)  # due 13 December
    case(D(2025, 11, 20))  # someone else's
    mine = list(queries.caseload(officer.role_assignments.get().local_authority, today=TODAY, officer=officer))
    assert mine == [late, soon]


def test_overdue_and_due_within_n_days_use_the_next_deadline(authority):
    overdue = case(D(2025, 9, 1))  # due 13 Oct 2025
    soon = case(D(2025, 10, 25))  # due 6 Dec 2025: within 7 days
    later = case(D(2025, 11, 25))  # due 6 Jan 2026
    assert list(queries.caseload(authority, today=TODAY, overdue=True)) == [overdue]
    assert list(queries.caseload(authority, today=TODAY, due_within_days=7)) == [soon]
    assert set(queries.caseload(authority, today=TODAY)) == {overdue, soon, later}


def test_the_caseload_filters_by_stage_need_and_setting(authority):
    open_case = case(D(2025, 11, 1))
    plan = EHCPlanFactory(primary_need="SEMH", setting_urn="117999", setting_name="Riverside Academy")
    services.refresh_case(plan.request, today=TODAY)
    assert list(queries.caseload(authority, today=TODAY, stage="open")) == [open_case]
    assert list(queries.caseload(authority, today=TODAY, stage="plan")) == [plan.request]
    assert list(queries.caseload(authority, today=TODAY, need="SEMH")) == [plan.request]
    assert list(queries.caseload(authority, today=TODAY, need="ASD")) == []
    assert list(queries.caseload(authority, today=TODAY, setting="117999")) == [plan.request]
    assert list(queries.caseload(authority, today=TODAY, setting="riverside")) == [plan.request]


def test_another_authoritys_cases_never_appear(authority, other_authority):
    case(D(2025, 11, 1), local_authority=other_authority)
    assert list(queries.caseload(authority, today=TODAY)) == []


def test_a_caseload_page_of_many_cases_takes_two_queries(authority, officer, django_assert_max_num_queries):
    team = TeamFactory()
    for day in range(1, 21):
        case(D(2025, 10, day), officer=officer, team=team)
    with django_assert_max_num_queries(2):
        rows = list(queries.caseload(authority, today=TODAY)[:25])
        labels = [(r.child.full_name, r.officer.full_name, r.team.name, list(r.plans.all())) for r in rows]
    assert len(labels) == 20


@pytest.mark.parametrize(
    ("received_on", "listed"),
    [
        (TODAY - datetime.timedelta(days=140), True),  # passes 20 weeks today
        (TODAY - datetime.timedelta(days=112), True),  # passes 20 weeks in exactly 4 weeks
        (TODAY - datetime.timedelta(days=111), False),  # in 4 weeks and a day
        (TODAY - datetime.timedelta(days=141), False),  # already past 20 weeks
    ],
)
def test_early_warning_lists_open_cases_passing_20_weeks_in_the_next_4_weeks(authority, received_on, listed):
    request = case(received_on)
    assert (request in queries.passing_20_weeks(authority, today=TODAY)) is listed


def test_early_warning_leaves_out_cases_with_an_exception(authority):
    request = case(TODAY - datetime.timedelta(days=120))
    services.record_exception(request, reason="personal_circumstances", starts_on=TODAY - datetime.timedelta(days=60),
                              by=None, today=TODAY)
    assert list(queries.passing_20_weeks(authority, today=TODAY)) == []


def review(meeting_on, **fields):
    """A review that is its plan's latest, as the services leave it."""
    return AnnualReviewFactory(meeting_on=meeting_on, plan__last_reviewed_on=meeting_on, **fields)


def test_reviews_awaiting_a_decision_are_listed_with_the_date_it_is_due(authority):
    waiting = review(D(2025, 11, 20))
    review(D(2025, 11, 10), decision_on=D(2025, 11, 20), outcome="M")  # decided
    review(D(2025, 11, 25), plan__ceased_on=D(2025, 11, 28), plan__cease_reason=6)  # plan ceased
    overtaken = review(D(2025, 11, 1))
    AnnualReviewFactory(plan=overtaken.plan, meeting_on=D(2024, 11, 1))  # an earlier review never decided
    [latest_of_other_plan, row] = queries.reviews_awaiting_decision(authority, today=TODAY)
    assert latest_of_other_plan == overtaken  # listed once: its own older review is not
    assert row == waiting
    assert row.decision_due_on == D(2025, 12, 18)


def test_the_backlog_counts_open_cases_by_stage_and_age_band(authority):
    case(TODAY - datetime.timedelta(days=42))  # up to 6 weeks
    case(TODAY - datetime.timedelta(days=43))  # over 6 weeks
    assessed = case(TODAY - datetime.timedelta(days=200))
    services.record_decision_to_assess(assessed, decided_on=TODAY - datetime.timedelta(days=160), by=None,
                                       today=TODAY)
    rows = {row.band.key: row for row in queries.backlog_by_age(authority, today=TODAY)}
    assert (rows["up_to_6_weeks"].request, rows["6_to_16_weeks"].request) == (1, 1)
    assert rows["26_to_52_weeks"].assessment == 1
    assert sum(row.total for row in rows.values()) == 3


def test_the_backlog_takes_one_query(authority, django_assert_max_num_queries):
    case(TODAY - datetime.timedelta(days=10))
    with django_assert_max_num_queries(1):
        queries.backlog_by_age(authority, today=TODAY)


def test_overdue_reviews_and_waiting_amendments_are_listed(authority):
    overdue = EHCPlanFactory(review_due_on=D(2025, 11, 30))
    EHCPlanFactory(review_due_on=D(2025, 12, 1))  # due today: not overdue
    waiting = review(D(2025, 10, 1), decision_on=D(2025, 10, 20), outcome="A", amendment_notice_on=D(2025, 10, 20))
    review(D(2025, 9, 1), decision_on=D(2025, 9, 20), outcome="A", amendment_notice_on=D(2025, 9, 20),
           final_amended_plan_on=D(2025, 11, 1))
    assert list(queries.reviews_overdue(authority, today=TODAY)) == [overdue]
    [row] = queries.amendments_waiting(authority)
    assert (row, row.final_due_on) == (waiting, D(2025, 12, 15))


def test_caseload_per_officer_counts_open_overdue_and_due_soon_in_one_query(authority, officer,
                                                                            django_assert_max_num_queries):
    case(D(2025, 9, 1), officer=officer)  # overdue
    case(D(2025, 11, 1), officer=officer)  # due 13 December: soon
    case(D(2025, 11, 1))  # unassigned
    with django_assert_max_num_queries(1):
        rows = queries.caseload_per_officer(authority, today=TODAY)
    mine = next(r for r in rows if r["officer_id"] == officer.pk)
    assert (mine["open"], mine["overdue"], mine["due_soon"], mine["total"]) == (2, 1, 1, 2)
    assert next(r for r in rows if r["officer_id"] is None)["name"] == "Unassigned"


def test_a_case_page_has_its_deadlines_timeline_and_next_deadline(authority):
    request = case(D(2025, 11, 3))
    records = queries.case_records(request)
    next_due = queries.case_next_deadline(records, today=TODAY)
    assert next_due.due == D(2025, 12, 15)
    assert next_due.key == "decision_to_assess"
    assert any(d.key == "final_plan" for d in queries.case_deadlines(records, today=TODAY))


def test_stage_counts_cover_every_stage(authority):
    RequestFactory()
    counts = queries.stage_counts(authority)
    assert counts["request"] == 1 and counts["plan"] == 0
