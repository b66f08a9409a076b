"""The statutory indicators from case records in the database, and the command that prints them."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cases import statistics
from cases.tests.factories import (
    AnnualReviewFactory,
    AssessmentFactory,
    EHCPlanFactory,
    RequestFactory,
)

D = datetime.date
DAYS = datetime.timedelta

REQUIRED_KEYS = {
    "requests_received", "requests_decided_to_assess", "requests_refused", "requests_withdrawn",
    "requests_awaiting_decision", "requests_decided", "requests_decided_within_6_weeks",
    "pc_requests_decided_within_6_weeks", "assessments", "plans_issued", "plans_issued_within_20_weeks",
    "pc_plans_issued_within_20_weeks", "plans_issued_ex", "plans_issued_within_20_weeks_ex",
    "pc_plans_issued_within_20_weeks_ex", "plans_issued_after_20_within_52_weeks", "plans_issued_after_52_weeks",
    "decisions_not_to_issue", "decisions_not_to_issue_within_16_weeks",
    "pc_decisions_not_to_issue_within_16_weeks", "review_decisions", "review_decisions_within_4_weeks",
    "pc_review_decisions_within_4_weeks", "review_outcomes", "plans_ceased", "plans_ceased_by_reason",
    "plans_in_force", "reviews_expected", "reviews_held", "open_requests_older_than_20_weeks",
}


@pytest.fixture
def cohort(other_authority):
    """A small 2024 cohort at Hull (810) whose answers are worked out below, and noise at Kent."""
    # Requests received in 2024: decided on day 42 (within), day 43 (late), awaiting, withdrawn.
    RequestFactory(received_on=D(2024, 3, 1), outcome="N", outcome_on=D(2024, 3, 1) + DAYS(43))
    RequestFactory(received_on=D(2024, 11, 1), outcome="A")
    RequestFactory(received_on=D(2024, 6, 1), outcome="W", withdrawn_on=D(2024, 6, 20))
    # Plans issued in 2024: on day 140 (within 20 weeks) and on day 141 with a week20 exception.
    on_time = EHCPlanFactory(
        assessment__request__received_on=D(2024, 1, 2), assessment__request__outcome_on=D(2024, 1, 2) + DAYS(42),
        assessment__outcome_on=D(2024, 1, 2) + DAYS(140))
    EHCPlanFactory(assessment__request__received_on=D(2024, 2, 1), assessment__week20=True,
                   assessment__outcome_on=D(2024, 2, 1) + DAYS(141))
    # A decision not to issue on day 112 (within 16 weeks).
    AssessmentFactory(request__received_on=D(2023, 12, 1), outcome="N", outcome_on=D(2023, 12, 1) + DAYS(112))
    # A transferred-in plan (assessment H): in force, not new.
    EHCPlanFactory(assessment__outcome="H", assessment__request__outcome="H", start_on=D(2024, 5, 1),
                   assessment__request__received_on=None)
    # A plan ceased on the census day (16 January 2025) with reason 3: ceased in 2025, not in force.
    EHCPlanFactory(assessment__request__received_on=D(2020, 1, 6), ceased_on=D(2025, 1, 16), cease_reason=3)
    # Reviews held in 2024: decision on day 28 (within), day 29 (late), none yet.
    AnnualReviewFactory(plan=on_time, meeting_on=D(2024, 10, 1), decision_on=D(2024, 10, 29), outcome="A")
    AnnualReviewFactory(plan=on_time, meeting_on=D(2024, 11, 1), decision_on=D(2024, 11, 30), outcome="M")
    AnnualReviewFactory(plan=on_time, meeting_on=D(2024, 12, 1))
    # Kent's records never count for Hull.
    RequestFactory(child__local_authority=other_authority, received_on=D(2024, 3, 1), outcome="N",
                   outcome_on=D(2024, 3, 5))


def test_the_indicators_count_the_hand_built_2024_cohort(authority, cohort):
    result = statistics.statutory_indicators(authority, year=2024)
    # Requests received in 2024: the three above plus the two plans' requests (outcome Y, day 42 / day 35).
    assert result["requests_received"] == 5
    assert (result["requests_decided_to_assess"], result["requests_refused"], result["requests_withdrawn"],
            result["requests_awaiting_decision"]) == (2, 1, 1, 1)
    assert (result["requests_decided"], result["requests_decided_within_6_weeks"]) == (3, 2)
    assert result["pc_requests_decided_within_6_weeks"] == 66.7
    assert (result["plans_issued"], result["plans_issued_within_20_weeks"]) == (2, 1)
    assert result["pc_plans_issued_within_20_weeks"] == 50.0
    assert (result["plans_issued_ex"], result["plans_issued_within_20_weeks_ex"]) == (1, 1)
    assert result["pc_plans_issued_within_20_weeks_ex"] == 100.0
    assert (result["decisions_not_to_issue"], result["decisions_not_to_issue_within_16_weeks"]) == (1, 1)
    assert (result["review_decisions"], result["review_decisions_within_4_weeks"]) == (2, 1)
    assert result["review_outcomes"] == {"maintain": 1, "amend": 1, "cease": 0}
    assert result["reviews_held"] == 3
    assert result["plans_ceased"] == 0
    assert result["plans_in_force"] == 3  # two new plans and the transfer-in, at 16 January 2025


def test_a_plan_ceased_in_2025_is_counted_in_2025_by_reason(authority, cohort):
    result = statistics.statutory_indicators(authority, year=2025)
    assert result["plans_ceased"] == 1
    assert result["plans_ceased_by_reason"]["3"] == 1


def test_the_rolling_indicators_cover_the_12_months_to_the_month_end(authority, cohort):
    result = statistics.statutory_indicators_rolling(authority, month_end=D(2024, 6, 30))
    assert (result["period_start"], result["period_end"]) == ("2023-07-01", "2024-06-30")
    # Received 1 Jul 2023 - 30 Jun 2024: the refusal, the withdrawal, the two plans' requests and the
    # request of 1 December 2023 that ended with no plan (the one awaiting was received in November 2024).
    assert result["requests_received"] == 5
    assert result["decisions_not_to_issue"] == 1  # decided 22 March 2024
    # In force on 30 June 2024: the plan issued 20 May, the late one issued 21 June, the transfer-in
    # (1 May) and the plan of 2020 (it ceases in 2025).
    assert result["plans_in_force"] == 4


def test_the_indicators_have_every_key_the_contract_lists(authority):
    result = statistics.statutory_indicators(authority, year=2024)
    assert REQUIRED_KEYS <= set(result)


def test_the_command_prints_one_json_object_with_integers_and_null_percentages(authority, cohort):
    out = StringIO()
    call_command("statutory_indicators", "--la", "810", "--year", "2024", "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert REQUIRED_KEYS <= set(result)
    assert result["requests_received"] == 5 and isinstance(result["requests_received"], int)
    assert isinstance(result["pc_requests_decided_within_6_weeks"], float)
    assert result["pc_decisions_not_to_issue_within_16_weeks"] == 100.0


def test_the_command_says_which_authority_code_it_does_not_know(db):
    with pytest.raises(CommandError, match="--la 999"):
        call_command("statutory_indicators", "--la", "999", "--year", "2024", "--json")
