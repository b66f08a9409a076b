"""The statutory indicators counted from plain rows: small cohorts worked out by hand."""

import datetime

import pytest

from cases import counting
from cases.counting import AssessmentRow, PlanRow, RequestRow, ReviewRow

D = datetime.date
DAYS = datetime.timedelta
Y2024 = counting.calendar_year(2024)


def test_the_2024_period_is_the_calendar_year_with_plans_counted_at_the_january_2025_census():
    assert (Y2024.start, Y2024.end, Y2024.census) == (D(2024, 1, 1), D(2024, 12, 31), D(2025, 1, 16))


@pytest.mark.parametrize(
    ("year", "census"),
    [(2024, D(2024, 1, 18)), (2026, D(2026, 1, 15)), (2027, D(2027, 1, 21)), (2028, D(2028, 1, 20)),
     (2030, D(2030, 1, 17))],
)
def test_census_dates_are_the_published_ones_or_the_third_thursday_of_january(year, census):
    assert counting.census_date(year) == census
    assert census.weekday() == 3


@pytest.mark.parametrize(
    ("month_end", "start"),
    [(D(2025, 6, 30), D(2024, 7, 1)), (D(2025, 12, 31), D(2025, 1, 1)), (D(2024, 2, 29), D(2023, 3, 1))],
)
def test_a_rolling_year_is_the_12_months_ending_on_the_month_end(month_end, start):
    period = counting.rolling_year(month_end)
    assert (period.start, period.end, period.census) == (start, month_end, month_end)


@pytest.mark.parametrize(("n", "d", "expected"), [(1, 3, 33.3), (2, 3, 66.7), (0, 5, 0.0), (3, 0, None)])
def test_percentages_are_rounded_to_one_place_and_null_without_a_denominator(n, d, expected):
    assert counting.pc(n, d) == expected


def request(received, outcome="A", decided_after=None, **fields):
    return RequestRow(received_on=received, outcome=outcome,
                      outcome_on=received + DAYS(decided_after) if decided_after is not None else None, **fields)


def test_requests_are_counted_by_outcome_and_decided_within_6_weeks_means_42_days_or_fewer():
    rows = [
        request(D(2024, 1, 10), "Y", 42),  # day 42: within
        request(D(2024, 2, 10), "N", 43),  # day 43: late
        request(D(2024, 3, 10), "Y", 10),  # within
        request(D(2024, 12, 20), "A"),  # awaiting
        request(D(2024, 5, 1), "W"),  # withdrawn
        request(D(2023, 12, 31), "Y", 5),  # received in 2023: not in the cohort
        request(D(2025, 1, 1), "N", 5),  # received in 2025: not in the cohort
    ]
    counts = counting.request_counts(rows, Y2024)
    assert counts["requests_received"] == 5
    assert (counts["requests_decided_to_assess"], counts["requests_refused"], counts["requests_withdrawn"],
            counts["requests_awaiting_decision"]) == (2, 1, 1, 1)
    assert counts["requests_decided"] == 3
    assert counts["requests_decided_within_6_weeks"] == 2
    assert counts["pc_requests_decided_within_6_weeks"] == 66.7
    assert counts["pc_requests_refused"] == 20.0


def test_assessments_are_decisions_to_assess_made_in_the_year():
    rows = [request(D(2023, 12, 1), "Y", 40), request(D(2024, 11, 30), "Y", 40), request(D(2024, 1, 2), "N", 9)]
    # 1 Dec 2023 + 40 = 10 Jan 2024 (in); 30 Nov 2024 + 40 = 9 Jan 2025 (out).
    assert counting.request_counts(rows, Y2024)["assessments"] == 1


def test_open_requests_older_than_20_weeks_are_counted_at_the_end_of_the_period():
    end = Y2024.end
    rows = [
        request(end - DAYS(140), "A"),  # exactly 20 weeks old: not older
        request(end - DAYS(141), "A"),  # older
        request(end - DAYS(200), "Y", 30, assessment_outcome="A"),  # being assessed: older
        request(end - DAYS(300), "Y", 30, assessment_outcome="Y",
                assessment_outcome_on=end - DAYS(10)),  # plan issued before the end: not open
        request(end - DAYS(300), "Y", 30, assessment_outcome="Y",
                assessment_outcome_on=end + DAYS(10)),  # plan issued after the end: open then
        request(end - DAYS(300), "N", 30),  # refused: not open
        request(end - DAYS(300), "A", withdrawn_on=end - DAYS(1)),  # withdrawn: not open
    ]
    counts = counting.open_request_counts(rows, Y2024)
    assert counts == {"open_requests": 4, "open_requests_older_than_20_weeks": 3}


def test_decisions_not_to_issue_within_16_weeks_means_112_days_or_fewer():
    rows = [
        AssessmentRow(received_on=D(2024, 1, 1), outcome_on=D(2024, 1, 1) + DAYS(112)),  # day 112: within
        AssessmentRow(received_on=D(2024, 2, 1), outcome_on=D(2024, 2, 1) + DAYS(113)),  # day 113: late
        AssessmentRow(received_on=D(2023, 10, 1), outcome_on=D(2023, 12, 31)),  # decided in 2023
    ]
    counts = counting.not_to_issue_counts(rows, Y2024)
    assert counts == {"decisions_not_to_issue": 2, "decisions_not_to_issue_within_16_weeks": 1,
                      "pc_decisions_not_to_issue_within_16_weeks": 50.0}


def plan(received, days, *, new=True, week20=False, ceased_on=None, cease_reason=None):
    return PlanRow(start_on=received + DAYS(days), ceased_on=ceased_on, cease_reason=cease_reason, new=new,
                   received_on=received, week20=week20)


def test_plans_issued_within_20_weeks_means_140_days_or_fewer_and_exceptions_leave_the_ex_measure():
    rows = [
        plan(D(2024, 1, 1), 140),  # day 140: within
        plan(D(2024, 1, 2), 141),  # day 141: after 20 weeks, within 52
        plan(D(2023, 6, 1), 364),  # day 364: within 52 weeks
        plan(D(2023, 1, 1), 365),  # day 365: after 52 weeks
        plan(D(2024, 2, 1), 200, week20=True),  # exception: in the "including" measure only
        plan(D(2024, 2, 1), 100, new=False),  # transferred in (assessment H): not a new plan
        plan(D(2024, 9, 1), 130),  # issued 9 Jan 2025: not in 2024
    ]
    counts = counting.plan_counts(rows, Y2024)
    assert (counts["plans_issued"], counts["plans_issued_within_20_weeks"]) == (5, 1)
    assert counts["pc_plans_issued_within_20_weeks"] == 20.0
    assert counts["plans_issued_after_20_within_52_weeks"] == 3
    assert counts["plans_issued_after_52_weeks"] == 1
    assert (counts["plans_issued_ex"], counts["plans_issued_within_20_weeks_ex"]) == (4, 1)
    assert counts["pc_plans_issued_within_20_weeks_ex"] == 25.0
    assert counts["plans_issued_after_20_within_52_weeks_ex"] == 2


def test_plans_in_force_are_counted_on_the_census_day_and_a_plan_ceasing_that_day_is_not_in_force():
    census = Y2024.census  # 16 January 2025
    rows = [
        plan(D(2024, 1, 1), 10),
        plan(census - DAYS(140), 140),  # issued on the census day: in force
        plan(census - DAYS(139), 140),  # issued the day after: not yet
        plan(D(2020, 1, 1), 100, ceased_on=census, cease_reason=3),  # ceased on the census day: not
        plan(D(2020, 1, 1), 100, ceased_on=census + DAYS(1), cease_reason=3),  # ceased after: in force
        plan(D(2019, 1, 1), 100, new=False),  # transferred in: in force all the same
    ]
    assert counting.plan_counts(rows, Y2024)["plans_in_force"] == 4


def test_plans_ceased_in_the_year_are_counted_by_sen2_reason():
    rows = [
        plan(D(2020, 1, 1), 100, ceased_on=D(2024, 1, 1), cease_reason=5),
        plan(D(2020, 1, 1), 100, ceased_on=D(2024, 12, 31), cease_reason=5),
        plan(D(2020, 1, 1), 100, ceased_on=D(2024, 6, 1), cease_reason=2),
        plan(D(2020, 1, 1), 100, ceased_on=D(2025, 1, 1), cease_reason=2),  # 2025
    ]
    counts = counting.plan_counts(rows, Y2024)
    assert counts["plans_ceased"] == 3
    assert counts["plans_ceased_by_reason"] == {"1": 0, "2": 1, "3": 0, "4": 0, "5": 2, "6": 0, "7": 0,
                                                "8": 0, "9": 0}


def test_reviews_are_expected_for_plans_in_force_at_the_year_end_whose_12_months_end_in_it():
    rows = [
        plan(D(2024, 1, 1), 0),  # made 1 Jan 2024: its review is due by 31 Dec 2024, expected
        plan(D(2024, 1, 2), 0),  # due 1 Jan 2025: not in 2024
        plan(D(2020, 1, 1), 0, ceased_on=D(2024, 6, 1), cease_reason=6),  # ceased: not expected
    ]
    assert counting.plan_counts(rows, Y2024)["reviews_expected"] == 1


def test_review_decisions_within_4_weeks_means_28_days_or_fewer_after_the_meeting():
    rows = [
        ReviewRow(meeting_on=D(2024, 3, 1), decision_on=D(2024, 3, 29), outcome="A"),  # day 28: within
        ReviewRow(meeting_on=D(2024, 3, 1), decision_on=D(2024, 3, 30), outcome="M"),  # day 29: late
        ReviewRow(meeting_on=D(2024, 12, 20), decision_on=D(2025, 1, 10), outcome="C"),  # meeting in 2024
        ReviewRow(meeting_on=D(2024, 5, 1), decision_on=None, outcome=""),  # no decision yet
        ReviewRow(meeting_on=D(2023, 12, 31), decision_on=D(2024, 1, 5), outcome="A"),  # meeting in 2023
    ]
    counts = counting.review_counts(rows, Y2024)
    assert counts["reviews_held"] == 4
    assert counts["review_decisions"] == 3
    assert counts["review_decisions_within_4_weeks"] == 2
    assert counts["pc_review_decisions_within_4_weeks"] == 66.7
    assert counts["review_outcomes"] == {"maintain": 1, "amend": 1, "cease": 1}
    assert counts["reviews_no_outcome"] == 1


def test_an_empty_authority_has_zero_counts_and_null_percentages():
    counts = counting.indicators(requests=[], assessments=[], plans=[], reviews=[], period=Y2024)
    assert counts["requests_received"] == 0
    assert counts["pc_plans_issued_within_20_weeks"] is None
    assert counts["pc_review_decisions_within_4_weeks"] is None
