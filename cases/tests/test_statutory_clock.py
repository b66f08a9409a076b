"""The statutory clock: deadlines, statuses, exceptions, facts out of order. Pure: no database.

Expected dates are worked out by hand ("+42" = 42 calendar days after the trigger).
"""

import dataclasses
import random
import re
from datetime import date, timedelta

import pytest

from cases.send_regulations_2014 import SEND_REGULATIONS_2014
from cases.statutory_clock import (
    AGE_BANDS,
    AdviceBody,
    AdviceRequest,
    AnnualReview,
    AssessDecision,
    CaseFacts,
    Deadline,
    ExceptionReason,
    PhaseTransfer,
    PhaseTransferKind,
    Reassessment,
    ReviewOutcome,
    Status,
    TimeLimitException,
    age_band,
    deadlines,
    early_warnings,
    fact_problems,
    next_deadline,
    weeks_between,
)
from cases.statutory_rules import ReviewAnchor, WeekCounting

ASSESS = AssessDecision.ASSESS
FAR_FUTURE = date(2040, 1, 1)


def by_key(facts: CaseFacts, *, today: date = FAR_FUTURE, **kwargs) -> dict[str, Deadline]:
    found = deadlines(facts, today=today, **kwargs)
    keys = [d.key for d in found]
    assert len(keys) == len(set(keys)), f"duplicate keys: {keys}"
    return {d.key: d for d in found}


def assessed(request: date, **changes) -> CaseFacts:
    """A request that the local authority decided to assess, one week after it arrived."""
    facts = CaseFacts(
        request_received_on=request,
        decision_to_assess_on=request + timedelta(weeks=1),
        decision_to_assess=ASSESS,
    )
    return dataclasses.replace(facts, **changes)


# --- the assessment deadlines --------------------------------------------------------------


@pytest.mark.parametrize(
    ("request_on", "six_weeks", "sixteen_weeks", "twenty_weeks"),
    [
        # 29 Feb + 42: 1 Mar is +1, 11 Apr is +42; +112 is 20 Jun; +140 is 18 Jul
        (date(2024, 2, 29), date(2024, 4, 11), date(2024, 6, 20), date(2024, 7, 18)),
        # across the new year and through a leap February
        (date(2023, 12, 29), date(2024, 2, 9), date(2024, 4, 19), date(2024, 5, 17)),
        # from a month end
        (date(2024, 1, 31), date(2024, 3, 13), date(2024, 5, 22), date(2024, 6, 19)),
        (date(2023, 2, 28), date(2023, 4, 11), date(2023, 6, 20), date(2023, 7, 18)),
        # six weeks lands on New Year's Day: no holiday adjustment for statutory weeks
        (date(2025, 11, 20), date(2026, 1, 1), date(2026, 3, 12), date(2026, 4, 9)),
        # the 20 weeks end in the next year
        (date(2024, 10, 15), date(2024, 11, 26), date(2025, 2, 4), date(2025, 3, 4)),
    ],
)
def test_assessment_deadlines_count_calendar_weeks_from_the_request(
    request_on, six_weeks, sixteen_weeks, twenty_weeks
):
    found = by_key(CaseFacts(request_received_on=request_on), today=request_on)
    assert found["decision_to_assess"].due == six_weeks
    assert found["decision_not_to_issue"].due == sixteen_weeks
    assert found["final_plan"].due == twenty_weeks
    assert {d.trigger_on for d in found.values()} == {request_on}


@pytest.mark.parametrize(
    ("decided_on", "status"),
    [
        (date(2024, 2, 19), Status.MET),  # +42: "within 6 weeks" includes the last day
        (date(2024, 2, 20), Status.MISSED),  # +43
        (date(2024, 1, 8), Status.MET),  # the same day
    ],
)
def test_the_decision_whether_to_assess_is_due_on_or_before_6_weeks(decided_on, status):
    facts = CaseFacts(
        request_received_on=date(2024, 1, 8),
        decision_to_assess_on=decided_on,
        decision_to_assess=ASSESS,
    )
    deadline = by_key(facts)["decision_to_assess"]
    assert deadline.due == date(2024, 2, 19)
    assert deadline.status is status
    assert deadline.met_on == decided_on


@pytest.mark.parametrize(
    ("issued_on", "today", "status", "overdue"),
    [
        (date(2024, 5, 27), date(2024, 6, 1), Status.MET, False),  # on the last day (+140)
        (date(2024, 5, 1), date(2024, 6, 1), Status.MET, False),
        (date(2024, 5, 28), date(2024, 6, 1), Status.MISSED, False),  # late, but done
        (None, date(2024, 5, 27), Status.PENDING, False),  # still within 20 weeks today
        (None, date(2024, 5, 28), Status.MISSED, True),  # late and not done
    ],
)
def test_the_final_plan_is_due_20_weeks_after_the_request(issued_on, today, status, overdue):
    facts = assessed(date(2024, 1, 8), final_plan_issued_on=issued_on)
    deadline = by_key(facts, today=today)["final_plan"]
    assert deadline.due == date(2024, 5, 27)
    assert (deadline.status, deadline.overdue, deadline.met_on) == (status, overdue, issued_on)
    assert deadline.source == "SEND Regs 2014 reg 13(2)"


def test_a_plan_start_date_counts_as_the_final_plan_when_the_issue_date_is_missing():
    facts = assessed(date(2024, 1, 8), plan_start_on=date(2024, 5, 20))
    assert by_key(facts)["final_plan"].met_on == date(2024, 5, 20)


@pytest.mark.parametrize(
    ("received_by_body", "advice_on", "due", "status"),
    [
        (date(2024, 1, 15), date(2024, 2, 26), date(2024, 2, 26), Status.MET),
        (date(2024, 1, 15), date(2024, 2, 27), date(2024, 2, 26), Status.MISSED),
        (date(2024, 2, 29), None, date(2024, 4, 11), Status.PENDING),
        (date(2023, 12, 20), None, date(2024, 1, 31), Status.MISSED),
    ],
)
def test_advice_is_due_6_weeks_after_the_body_received_the_request_not_the_request_itself(
    received_by_body, advice_on, due, status
):
    advice = AdviceRequest(AdviceBody.HEALTH, received_by_body, advice_on, ref="41")
    facts = assessed(date(2023, 12, 1), advice_requests=(advice,))
    deadline = by_key(facts, today=date(2024, 3, 1))["advice:41"]
    assert (deadline.due, deadline.status) == (due, status)
    assert deadline.title == "Advice from health"
    assert deadline.source == "SEND Regs 2014 reg 8(1)"


def test_each_body_asked_for_advice_gets_its_own_deadline():
    facts = assessed(
        date(2024, 1, 8),
        advice_requests=(
            AdviceRequest(AdviceBody.EDUCATIONAL_PSYCHOLOGY, date(2024, 1, 20)),
            AdviceRequest(AdviceBody.SOCIAL_CARE, date(2024, 1, 22)),
        ),
    )
    found = by_key(facts)
    assert found["advice:1"].due == date(2024, 3, 2)
    assert found["advice:2"].due == date(2024, 3, 4)
    assert found["advice:2"].title == "Advice from social care"


@pytest.mark.parametrize(
    "reason",
    [
        ExceptionReason.PERSONAL_CIRCUMSTANCES,
        ExceptionReason.ABSENCE_FROM_AREA,
        ExceptionReason.MISSED_APPOINTMENT,
    ],
)
def test_a_reg_8_2_exception_switches_off_that_bodys_6_weeks_only(reason):
    facts = assessed(
        date(2024, 1, 8),
        advice_requests=(
            AdviceRequest(AdviceBody.HEALTH, date(2024, 1, 15), date(2024, 4, 1), exception=reason),
            AdviceRequest(AdviceBody.SOCIAL_CARE, date(2024, 1, 15), date(2024, 4, 1)),
        ),
    )
    found = by_key(facts)
    assert found["advice:1"].status is Status.SWITCHED_OFF
    assert found["advice:1"].met_on == date(2024, 4, 1)
    assert found["advice:1"].exception is reason
    assert found["advice:2"].status is Status.MISSED


def test_an_exception_recorded_against_one_advice_deadline_switches_off_only_that_one():
    facts = assessed(
        date(2024, 1, 8),
        advice_requests=(
            AdviceRequest(AdviceBody.HEALTH, date(2024, 1, 15), ref="7"),
            AdviceRequest(AdviceBody.SOCIAL_CARE, date(2024, 1, 15), ref="8"),
        ),
        exceptions=(
            TimeLimitException(
                ExceptionReason.PERSONAL_CIRCUMSTANCES, limits=frozenset({"advice:7"})
            ),
        ),
    )
    found = by_key(facts, today=date(2024, 3, 1))
    assert found["advice:7"].status is Status.SWITCHED_OFF
    assert found["advice:8"].status is Status.MISSED
    assert found["final_plan"].status is Status.PENDING  # recorded against advice only


@pytest.mark.parametrize(
    ("decided_on", "today", "status"),
    [
        (date(2024, 4, 29), FAR_FUTURE, Status.MET),  # +112
        (date(2024, 4, 30), FAR_FUTURE, Status.MISSED),  # +113
        (None, date(2024, 4, 29), Status.PENDING),
        # 16 weeks passed with no decision not to issue: nothing to breach unless one is made
        (None, date(2024, 4, 30), Status.NOT_APPLICABLE),
    ],
)
def test_a_decision_not_to_issue_is_due_16_weeks_after_the_request(decided_on, today, status):
    facts = assessed(date(2024, 1, 8), decision_not_to_issue_on=decided_on)
    deadline = by_key(facts, today=today)["decision_not_to_issue"]
    assert (deadline.due, deadline.status) == (date(2024, 4, 29), status)
    if status is Status.NOT_APPLICABLE:
        assert "would be late" in deadline.note


def test_after_a_decision_not_to_issue_the_final_plan_is_not_applicable():
    facts = assessed(date(2024, 1, 8), decision_not_to_issue_on=date(2024, 4, 1))
    found = by_key(facts, today=date(2024, 9, 1))
    assert found["final_plan"].status is Status.NOT_APPLICABLE
    assert found["decision_not_to_issue"].status is Status.MET


def test_once_a_draft_is_issued_the_decision_not_to_issue_is_not_applicable():
    facts = assessed(date(2024, 1, 8), draft_plan_issued_on=date(2024, 3, 1))
    deadline = by_key(facts, today=date(2024, 3, 2))["decision_not_to_issue"]
    assert deadline.status is Status.NOT_APPLICABLE
    assert deadline.note == "The local authority decided to issue a plan."


@pytest.mark.parametrize(
    ("served", "final_on", "today", "last_day", "status"),
    [
        (date(2024, 2, 15), None, date(2024, 2, 29), date(2024, 2, 29), Status.PENDING),
        (date(2024, 2, 15), None, date(2024, 3, 1), date(2024, 2, 29), Status.MET),
        (date(2024, 2, 15), date(2024, 3, 1), date(2024, 3, 1), date(2024, 2, 29), Status.MET),
        # final plan on day 15: the family's time for comments was cut short
        (date(2024, 2, 15), date(2024, 2, 29), date(2024, 3, 1), date(2024, 2, 29), Status.MISSED),
        (date(2025, 12, 20), None, date(2025, 12, 31), date(2026, 1, 3), Status.PENDING),
    ],
)
def test_the_draft_comment_period_runs_15_days_counting_the_day_of_service(
    served, final_on, today, last_day, status
):
    facts = assessed(date(2023, 12, 1), draft_plan_issued_on=served, final_plan_issued_on=final_on)
    deadline = by_key(facts, today=today)["draft_comments"]
    assert (deadline.due, deadline.status) == (last_day, status)
    assert deadline.source == "SEND Regs 2014 reg 13(1)(a)"


def test_a_refused_request_has_only_the_decision_deadline_and_the_appeal_window():
    facts = CaseFacts(
        request_received_on=date(2024, 1, 8),
        decision_to_assess_on=date(2024, 2, 1),
        decision_to_assess=AssessDecision.NOT_ASSESS,
        appealable_decision_on=date(2024, 2, 1),
    )
    found = by_key(facts, today=date(2024, 2, 2))
    assert list(found) == ["decision_to_assess", "appeal_window"]
    assert found["appeal_window"].due == date(2024, 4, 1)
    assert found["appeal_window"].status is Status.PENDING


def test_later_steps_without_a_decision_date_count_the_decision_as_met():
    facts = CaseFacts(request_received_on=date(2024, 1, 8), final_plan_issued_on=date(2024, 5, 1))
    deadline = by_key(facts)["decision_to_assess"]
    assert deadline.status is Status.MET
    assert deadline.met_on is None
    assert "not the decision date" in deadline.note


# --- withdrawal ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("withdrawn_on", "final_status", "decision_status"),
    [
        # withdrawn in week 10: the 6 weeks had already been missed, the 20 weeks never came
        (date(2024, 3, 18), Status.NOT_APPLICABLE, Status.MISSED),
        # withdrawn in week 2: nothing was due yet
        (date(2024, 1, 22), Status.NOT_APPLICABLE, Status.NOT_APPLICABLE),
    ],
)
def test_a_withdrawn_request_leaves_nothing_overdue(withdrawn_on, final_status, decision_status):
    facts = CaseFacts(request_received_on=date(2024, 1, 8), withdrawn_on=withdrawn_on)
    found = by_key(facts, today=date(2024, 9, 1))
    assert found["final_plan"].status is final_status
    assert found["decision_to_assess"].status is decision_status
    assert all(d.closed_on == withdrawn_on for d in found.values())
    assert not any(d.overdue for d in found.values())
    assert early_warnings(facts, today=date(2024, 9, 1)) == []
    assert "withdrawn on" in found["final_plan"].note


# --- exceptions switch the limit off; they never pause it --------------------------------


def exception_case(*exceptions: TimeLimitException, **changes) -> CaseFacts:
    # Request 8 Jan 2024: 6 weeks 19 Feb, 16 weeks 29 Apr, 20 weeks 27 May.
    return assessed(date(2024, 1, 8), exceptions=exceptions, **changes)


def test_an_exception_switches_the_20_week_limit_off_rather_than_moving_it():
    illness = TimeLimitException(
        ExceptionReason.PERSONAL_CIRCUMSTANCES, date(2024, 2, 1), date(2024, 2, 20)
    )
    facts = exception_case(illness, final_plan_issued_on=date(2024, 6, 5))
    deadline = by_key(facts)["final_plan"]
    # A pause of 20 days would have moved the due date to 16 June and made 5 June on time.
    assert deadline.due == date(2024, 5, 27)
    assert deadline.status is Status.SWITCHED_OFF
    assert deadline.met_on == date(2024, 6, 5)
    assert deadline.exception is ExceptionReason.PERSONAL_CIRCUMSTANCES
    assert "as soon as practicable" in deadline.note


def test_a_limit_switched_off_stays_off_even_when_it_was_met_in_time():
    # SEN2's <Week20> flag: the plan leaves the "excluding exceptions" measure either way.
    illness = TimeLimitException(ExceptionReason.PERSONAL_CIRCUMSTANCES, date(2024, 2, 1))
    facts = exception_case(illness, final_plan_issued_on=date(2024, 5, 1))
    assert by_key(facts)["final_plan"].status is Status.SWITCHED_OFF


@pytest.mark.parametrize(
    ("exception", "switched_off"),
    [
        # exceptional personal circumstances during the 20 weeks
        (TimeLimitException(ExceptionReason.PERSONAL_CIRCUMSTANCES, date(2024, 5, 27)), True),
        (TimeLimitException(ExceptionReason.PERSONAL_CIRCUMSTANCES, date(2024, 5, 28)), False),
        (
            TimeLimitException(
                ExceptionReason.PERSONAL_CIRCUMSTANCES, date(2023, 11, 1), date(2024, 1, 7)
            ),
            False,
        ),
        # absent from the area for 4 weeks (28 days) or more during the 20 weeks
        (
            TimeLimitException(
                ExceptionReason.ABSENCE_FROM_AREA, date(2024, 3, 1), date(2024, 3, 28)
            ),
            True,
        ),
        (
            TimeLimitException(
                ExceptionReason.ABSENCE_FROM_AREA, date(2024, 3, 1), date(2024, 3, 27)
            ),
            False,
        ),
        # 4 weeks of absence, but only 10 days of it inside the 20 weeks
        (
            TimeLimitException(
                ExceptionReason.ABSENCE_FROM_AREA, date(2024, 5, 18), date(2024, 6, 30)
            ),
            False,
        ),
        # recorded without dates: the officer's record is trusted
        (TimeLimitException(ExceptionReason.ABSENCE_FROM_AREA), True),
        # the coronavirus disapplication ended on 25 September 2020
        (TimeLimitException(ExceptionReason.CORONAVIRUS, date(2024, 2, 1)), False),
        # a missed appointment is an exception only for advice
        (TimeLimitException(ExceptionReason.MISSED_APPOINTMENT, date(2024, 2, 1)), False),
    ],
)
def test_a_dated_exception_switches_off_the_20_weeks_only_if_it_falls_within_them(
    exception, switched_off
):
    deadline = by_key(exception_case(exception), today=date(2024, 3, 1))["final_plan"]
    assert (deadline.status is Status.SWITCHED_OFF) is switched_off
    assert deadline.due == date(2024, 5, 27)


@pytest.mark.parametrize(
    ("request_on", "switched_off"),
    [(date(2020, 4, 1), True), (date(2020, 9, 26), False), (date(2019, 11, 1), False)],
)
def test_the_coronavirus_exception_applies_only_to_limits_running_from_may_to_september_2020(
    request_on, switched_off
):
    # 1 Apr 2020 + 20 weeks = 19 Aug 2020 (inside the window); 1 Nov 2019 + 20 weeks = 20 Mar 2020
    facts = assessed(request_on, exceptions=(TimeLimitException(ExceptionReason.CORONAVIRUS),))
    assert (by_key(facts)["final_plan"].status is Status.SWITCHED_OFF) is switched_off


SUMMER = (date(2024, 7, 20), date(2024, 9, 4))  # closed 20 July, re-opens 4 September


@pytest.mark.parametrize(
    ("school_asked_on", "closure", "switched_off"),
    [
        # the window runs from a week before closing (13 Jul) to a week before re-opening (28 Aug)
        (date(2024, 7, 13), SUMMER, True),
        (date(2024, 8, 28), SUMMER, True),
        (date(2024, 7, 12), SUMMER, False),
        (date(2024, 8, 29), SUMMER, False),
        # a closure shorter than 4 weeks is not an exception
        (date(2024, 10, 21), (date(2024, 10, 26), date(2024, 11, 4)), False),
    ],
)
def test_a_school_closure_counts_when_the_school_was_asked_for_advice_around_it(
    school_asked_on, closure, switched_off
):
    facts = assessed(
        date(2024, 6, 3),
        advice_requests=(AdviceRequest(AdviceBody.EDUCATION, school_asked_on),),
        exceptions=(TimeLimitException(ExceptionReason.SCHOOL_CLOSURE, *closure),),
    )
    found = by_key(facts, today=date(2024, 7, 1))
    assert (found["final_plan"].status is Status.SWITCHED_OFF) is switched_off
    assert (found["decision_not_to_issue"].status is Status.SWITCHED_OFF) is switched_off


def test_a_closure_without_any_advice_requests_recorded_falls_back_to_the_dates():
    closure = TimeLimitException(ExceptionReason.SCHOOL_CLOSURE, *SUMMER)
    inside = assessed(date(2024, 6, 3), exceptions=(closure,))  # 20 weeks end 21 October
    outside = assessed(date(2024, 1, 8), exceptions=(closure,))  # 20 weeks end 27 May
    assert by_key(inside)["final_plan"].status is Status.SWITCHED_OFF
    assert by_key(outside)["final_plan"].status is Status.MISSED


def test_an_early_years_closure_needs_advice_asked_of_the_early_years_provider():
    closure = TimeLimitException(ExceptionReason.EARLY_YEARS_CLOSURE, *SUMMER)
    asked_school = AdviceRequest(AdviceBody.EDUCATION, date(2024, 7, 20))
    asked_nursery = AdviceRequest(AdviceBody.EARLY_YEARS, date(2024, 7, 20))
    school = assessed(date(2024, 6, 3), advice_requests=(asked_school,), exceptions=(closure,))
    nursery = assessed(date(2024, 6, 3), advice_requests=(asked_nursery,), exceptions=(closure,))
    assert by_key(school)["final_plan"].status is not Status.SWITCHED_OFF
    assert by_key(nursery)["final_plan"].status is Status.SWITCHED_OFF


def test_the_sen2_week20_flag_switches_off_the_20_weeks_and_nothing_else():
    facts = exception_case(
        TimeLimitException(ExceptionReason.FLAG_ONLY), final_plan_issued_on=date(2024, 7, 1)
    )
    found = by_key(facts)
    assert found["final_plan"].status is Status.SWITCHED_OFF
    assert found["decision_to_assess"].status is Status.MET
    assert found["decision_not_to_issue"].exception is None


def test_an_exception_recorded_against_one_limit_switches_off_that_limit_only():
    facts = exception_case(
        TimeLimitException(
            ExceptionReason.PERSONAL_CIRCUMSTANCES,
            date(2024, 1, 10),
            limits=frozenset({"decision_to_assess"}),
        ),
        decision_to_assess_on=date(2024, 3, 1),
    )
    found = by_key(facts, today=date(2024, 6, 1))
    assert found["decision_to_assess"].status is Status.SWITCHED_OFF
    assert found["final_plan"].status is Status.MISSED


def test_switched_off_deadlines_are_not_early_warnings():
    facts = exception_case(TimeLimitException(ExceptionReason.FLAG_ONLY))
    warned = {d.key for d in early_warnings(facts, today=date(2024, 6, 1))}
    assert "final_plan" not in warned
    assert next_deadline(facts, today=date(2024, 4, 1)).key == "decision_not_to_issue"
    assert next_deadline(facts, today=date(2024, 5, 1)) is None  # the 20 weeks are off


# --- annual reviews ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("plan_made", "review_by"),
    [
        (date(2019, 1, 1), date(2019, 12, 31)),  # CFA explanatory notes' own example
        (date(2024, 2, 29), date(2025, 2, 28)),  # a plan made on 29 February
        (date(2023, 3, 1), date(2024, 2, 29)),  # the 12 months end on a leap day
        (date(2024, 3, 1), date(2025, 2, 28)),
        (date(2024, 1, 31), date(2025, 1, 30)),  # month end
        (date(2024, 12, 31), date(2025, 12, 30)),  # year end
    ],
)
def test_the_first_review_is_due_within_12_months_of_the_plan_being_made(plan_made, review_by):
    facts = CaseFacts(plan_start_on=plan_made)
    deadline = by_key(facts, today=plan_made)["annual_review:next"]
    assert deadline.due == review_by
    assert deadline.title == "Review the plan within 12 months of it being made"
    assert deadline.source == "Children and Families Act 2014 s.44(1)"


def test_each_review_starts_a_new_12_months_from_its_meeting():
    facts = assessed(
        date(2021, 10, 1),
        final_plan_issued_on=date(2022, 2, 15),
        annual_reviews=(
            AnnualReview(date(2024, 3, 5), ref="r2"),  # given out of order on purpose
            AnnualReview(date(2023, 1, 10), ref="r1"),
            AnnualReview(date(2024, 2, 29), ref="r3"),
        ),
    )
    found = by_key(facts, today=date(2024, 4, 1))
    first, second, third = (
        found["annual_review:r1"],
        found["annual_review:r3"],
        found["annual_review:r2"],
    )
    assert (first.due, first.status) == (date(2023, 2, 14), Status.MET)
    assert (second.due, second.trigger_on, second.status) == (
        date(2024, 1, 9),
        date(2023, 1, 10),
        Status.MISSED,
    )
    assert second.met_on == date(2024, 2, 29)
    # A review on 29 February: the next 12 months end on 28 February 2025.
    assert (third.trigger_on, third.due) == (date(2024, 2, 29), date(2025, 2, 28))
    assert third.status is Status.MET  # a second review a week later
    assert found["annual_review:next"].due == date(2025, 3, 4)
    assert (
        found["annual_review:next"].title == "Review the plan within 12 months of the last review"
    )


def test_the_review_anchor_is_one_rule_set_setting():
    facts = CaseFacts(
        plan_start_on=date(2023, 1, 10),
        annual_reviews=(AnnualReview(date(2023, 12, 1), decision_on=date(2023, 12, 20)),),
    )
    by_decision = dataclasses.replace(SEND_REGULATIONS_2014, review_anchor=ReviewAnchor.DECISION)
    assert by_key(facts)["annual_review:next"].due == date(2024, 11, 30)
    assert by_key(facts, rule_sets=(by_decision,))["annual_review:next"].due == date(2024, 12, 19)


def test_a_review_known_only_by_its_decision_date_uses_that_date():
    facts = CaseFacts(
        plan_start_on=date(2023, 1, 10),
        annual_reviews=(AnnualReview(None, decision_on=date(2023, 12, 20)),),
    )
    found = by_key(facts, today=date(2024, 1, 1))
    assert found["annual_review:1"].met_on == date(2023, 12, 20)
    assert "decision date is used" in found["annual_review:1"].note
    assert "review_decision:1" not in found  # no meeting, no 4 weeks to count
    assert found["annual_review:next"].due == date(2024, 12, 19)


@pytest.mark.parametrize(
    ("ceased_on", "status", "overdue"),
    [
        (None, Status.MISSED, True),
        (date(2025, 3, 1), Status.NOT_APPLICABLE, False),  # ceased before the review was due
        (date(2025, 5, 10), Status.MISSED, False),  # ceased after missing it: no longer owed
    ],
)
def test_an_overdue_review_is_no_longer_owed_once_the_plan_ceases(ceased_on, status, overdue):
    facts = CaseFacts(plan_start_on=date(2024, 5, 1), ceased_on=ceased_on)
    deadline = by_key(facts, today=date(2025, 6, 1))["annual_review:next"]
    assert (deadline.due, deadline.status, deadline.overdue) == (date(2025, 4, 30), status, overdue)


def test_review_report_and_decision_are_due_2_and_4_weeks_after_the_meeting():
    review = AnnualReview(
        date(2024, 2, 15),
        report_on=date(2024, 3, 1),
        decision_on=date(2024, 3, 14),
        outcome=ReviewOutcome.MAINTAIN,
    )
    found = by_key(CaseFacts(plan_start_on=date(2023, 3, 1), annual_reviews=(review,)))
    report, decision = found["review_report:1"], found["review_decision:1"]
    assert (report.due, report.status) == (date(2024, 2, 29), Status.MISSED)  # leap year
    assert (decision.due, decision.status) == (date(2024, 3, 14), Status.MET)
    assert decision.title == "Decide to maintain, amend or cease the plan (annual review 1)"
    assert not any(key.startswith("amendment") for key in found)


@pytest.mark.parametrize(
    ("final_on", "not_amended_on", "final_status", "long_stop_status"),
    [
        (date(2024, 5, 5), None, Status.MET, Status.MET),
        (date(2024, 5, 6), None, Status.MISSED, Status.MET),
        (date(2024, 5, 10), None, Status.MISSED, Status.MISSED),
        (None, date(2024, 5, 1), Status.MET, Status.MET),  # reg 22(4): decided not to amend
        (None, None, Status.MISSED, Status.MISSED),
    ],
)
def test_an_amendment_runs_8_weeks_from_the_notice_and_12_weeks_from_the_meeting(
    final_on, not_amended_on, final_status, long_stop_status
):
    review = AnnualReview(
        date(2024, 2, 15),
        decision_on=date(2024, 3, 10),
        outcome=ReviewOutcome.AMEND,
        amendment_notice_on=date(2024, 3, 10),
        final_amended_plan_on=final_on,
        decided_not_to_amend_on=not_amended_on,
    )
    found = by_key(
        CaseFacts(plan_start_on=date(2023, 3, 1), annual_reviews=(review,)), today=date(2024, 6, 1)
    )
    assert (found["amendment_notice:1"].due, found["amendment_notice:1"].status) == (
        date(2024, 3, 14),
        Status.MET,
    )
    assert found["amendment_comments:1"].due == date(2024, 3, 24)  # day 1 = 10 March
    assert (found["final_amended_plan:1"].due, found["final_amended_plan:1"].status) == (
        date(2024, 5, 5),
        final_status,
    )
    assert (found["amendment_long_stop:1"].due, found["amendment_long_stop:1"].status) == (
        date(2024, 5, 9),
        long_stop_status,
    )


def test_a_final_amended_plan_before_the_15_days_for_representations_end_is_reported():
    review = AnnualReview(
        date(2024, 2, 15),
        outcome=ReviewOutcome.AMEND,
        amendment_notice_on=date(2024, 3, 10),
        final_amended_plan_on=date(2024, 3, 20),
    )
    facts = CaseFacts(plan_start_on=date(2023, 3, 1), annual_reviews=(review,))
    deadline = by_key(facts, today=date(2024, 4, 1))["amendment_comments:1"]
    assert deadline.status is Status.MISSED
    assert deadline.note == (
        "The final amended plan was issued on 20 March 2024, before the comment period ended "
        "on 24 March 2024."
    )


def test_an_amend_decision_without_a_notice_shows_the_notice_and_long_stop_only():
    review = AnnualReview(date(2024, 2, 15), outcome=ReviewOutcome.AMEND)
    found = by_key(
        CaseFacts(plan_start_on=date(2023, 3, 1), annual_reviews=(review,)), today=date(2024, 3, 1)
    )
    assert found["amendment_notice:1"].status is Status.PENDING
    assert found["amendment_long_stop:1"].due == date(2024, 5, 9)
    assert "final_amended_plan:1" not in found


# --- phase transfers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "year", "last_day", "named"),
    [
        (PhaseTransferKind.SCHOOL, 2027, date(2027, 2, 14), "before 15 February 2027"),
        (PhaseTransferKind.SCHOOL, 2028, date(2028, 2, 14), "before 15 February 2028"),
        (PhaseTransferKind.POST_16, 2027, date(2027, 3, 30), "before 31 March 2027"),
        (PhaseTransferKind.POST_16, 2026, date(2026, 3, 30), "before 31 March 2026"),
    ],
)
def test_a_phase_transfer_is_due_in_february_or_march_of_the_calendar_year_of_the_move(
    kind, year, last_day, named
):
    facts = CaseFacts(plan_start_on=date(2020, 5, 1), phase_transfers=(PhaseTransfer(kind, year),))
    deadline = by_key(facts, today=date(2025, 1, 1))["phase_transfer:1"]
    assert deadline.due == last_day
    assert deadline.title.endswith(named)
    assert "reg 18(1)" in deadline.source


@pytest.mark.parametrize(
    ("amended_on", "status"),
    [(date(2027, 2, 14), Status.MET), (date(2027, 2, 15), Status.MISSED)],
)
def test_before_15_february_means_by_14_february_unless_the_rule_set_says_otherwise(
    amended_on, status
):
    transfer = PhaseTransfer(PhaseTransferKind.SCHOOL, 2027, amended_plan_on=amended_on)
    facts = CaseFacts(plan_start_on=date(2020, 5, 1), phase_transfers=(transfer,))
    inclusive = dataclasses.replace(SEND_REGULATIONS_2014, phase_transfer_before_is_strict=False)
    assert by_key(facts)["phase_transfer:1"].status is status
    assert by_key(facts, rule_sets=(inclusive,))["phase_transfer:1"].status is Status.MET


def test_a_move_between_post_16_institutions_is_due_5_months_before_the_move():
    transfer = PhaseTransfer(PhaseTransferKind.BETWEEN_POST_16, transfer_on=date(2027, 7, 31))
    facts = CaseFacts(plan_start_on=date(2020, 5, 1), phase_transfers=(transfer,))
    deadline = by_key(facts, today=date(2027, 1, 1))["phase_transfer:1"]
    assert deadline.due == date(2027, 2, 28)
    assert deadline.source == "SEND Regs 2014 reg 18(2)"


def test_a_phase_transfer_without_its_year_is_reported_not_guessed():
    facts = CaseFacts(
        plan_start_on=date(2020, 5, 1),
        phase_transfers=(PhaseTransfer(PhaseTransferKind.SCHOOL),),
    )
    assert not any(key.startswith("phase_transfer") for key in by_key(facts))
    assert [p.field for p in fact_problems(facts)] == ["phase_transfers[0].transfer_year"]


# --- re-assessment and appeals -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("started", "completed", "due", "status"),
    [
        (date(2024, 2, 29), date(2024, 6, 6), date(2024, 6, 6), Status.MET),  # +98
        (date(2024, 2, 29), date(2024, 6, 7), date(2024, 6, 6), Status.MISSED),
        (date(2024, 11, 1), None, date(2025, 2, 7), Status.PENDING),
    ],
)
def test_a_reassessment_is_due_within_14_weeks(started, completed, due, status):
    facts = CaseFacts(
        plan_start_on=date(2022, 1, 1), reassessments=(Reassessment(started, completed),)
    )
    deadline = by_key(facts, today=date(2024, 12, 1))["reassessment:1"]
    assert (deadline.due, deadline.status) == (due, status)
    assert deadline.source == "SEND Regs 2014 reg 27(2)"


def test_an_exception_recorded_against_a_reassessment_switches_it_off():
    facts = CaseFacts(
        plan_start_on=date(2022, 1, 1),
        reassessments=(Reassessment(date(2024, 2, 29), ref="9"),),
        exceptions=(
            TimeLimitException(
                ExceptionReason.ABSENCE_FROM_AREA, limits=frozenset({"reassessment:9"})
            ),
        ),
    )
    assert by_key(facts)["reassessment:9"].status is Status.SWITCHED_OFF


@pytest.mark.parametrize(
    ("decision", "certificate", "due"),
    [
        (date(2025, 10, 1), None, date(2025, 12, 1)),
        # IPSEA: 1 Oct decision, 29 Nov certificate -> 29 Dec -> first working day of January
        (date(2025, 10, 1), date(2025, 11, 29), date(2026, 1, 2)),
        # the certificate gives an earlier date: the decision's 2 months win
        (date(2025, 10, 1), date(2025, 10, 15), date(2025, 12, 1)),
        (date(2025, 12, 31), None, date(2026, 2, 28)),
        (date(2023, 12, 31), None, date(2024, 2, 29)),
        (date(2025, 6, 15), None, date(2025, 9, 1)),  # 15 August moves to September
        (None, date(2025, 3, 31), date(2025, 4, 30)),
    ],
)
def test_the_appeal_window_is_the_later_of_2_months_and_1_month_from_mediation(
    decision, certificate, due
):
    facts = CaseFacts(appealable_decision_on=decision, mediation_certificate_on=certificate)
    deadline = by_key(facts, today=date(2025, 1, 1))["appeal_window"]
    assert deadline.due == due
    assert "HESC" in deadline.source


@pytest.mark.parametrize(
    ("registered", "today", "status"),
    [
        (date(2025, 11, 30), date(2026, 1, 1), Status.MET),
        (date(2025, 12, 2), date(2026, 1, 1), Status.MISSED),
        (None, date(2025, 12, 1), Status.PENDING),
        (None, date(2025, 12, 2), Status.NOT_APPLICABLE),  # window closed with no appeal
    ],
)
def test_the_appeal_window_closes_without_becoming_the_local_authoritys_breach(
    registered, today, status
):
    facts = CaseFacts(appealable_decision_on=date(2025, 10, 1), appeal_registered_on=registered)
    deadline = by_key(facts, today=today)["appeal_window"]
    assert deadline.status is status
    assert not deadline.overdue


# --- next deadline and early warnings ---------------------------------------------------------


def test_the_next_deadline_is_the_earliest_pending_one():
    facts = assessed(
        date(2024, 1, 8), advice_requests=(AdviceRequest(AdviceBody.HEALTH, date(2024, 3, 1)),)
    )
    assert next_deadline(facts, today=date(2024, 3, 1)).key == "advice:1"  # 12 Apr
    assert next_deadline(facts, today=date(2024, 4, 13)).key == "decision_not_to_issue"
    assert next_deadline(facts, today=date(2024, 5, 1)).key == "final_plan"
    assert next_deadline(facts, today=date(2024, 5, 28)) is None


@pytest.mark.parametrize(
    ("today", "horizon", "keys"),
    [
        (date(2024, 4, 20), 28, ["decision_not_to_issue"]),  # 29 Apr is in, 27 May is out
        (date(2024, 4, 29), 28, ["decision_not_to_issue", "final_plan"]),  # 27 May is day 28
        (date(2024, 4, 29), 27, ["decision_not_to_issue"]),
        (date(2024, 5, 28), 28, ["final_plan"]),  # overdue
        (date(2024, 1, 9), 7, []),
    ],
)
def test_early_warnings_are_pending_deadlines_within_the_horizon_and_overdue_ones(
    today, horizon, keys
):
    facts = assessed(date(2024, 1, 8))
    warned = early_warnings(facts, today=today, horizon_days=horizon)
    assert [d.key for d in warned] == keys


def test_a_late_duty_that_was_done_is_not_an_early_warning():
    facts = assessed(date(2024, 1, 8), final_plan_issued_on=date(2024, 6, 1))
    assert early_warnings(facts, today=date(2024, 6, 2)) == []


def test_deadlines_come_earliest_due_first():
    facts = assessed(
        date(2024, 1, 8),
        final_plan_issued_on=date(2024, 5, 1),
        annual_reviews=(AnnualReview(date(2025, 4, 1)),),
        appealable_decision_on=date(2024, 5, 1),
    )
    found = deadlines(facts, today=date(2025, 5, 1))
    assert [d.due for d in found] == sorted(d.due for d in found)
    assert len(found) >= 7


# --- every deadline names its regulation and reads as English ------------------------------


def full_case() -> CaseFacts:
    return assessed(
        date(2024, 1, 8),
        advice_requests=(AdviceRequest(AdviceBody.EDUCATIONAL_PSYCHOLOGY, date(2024, 1, 20)),),
        draft_plan_issued_on=date(2024, 4, 1),
        final_plan_issued_on=date(2024, 5, 1),
        annual_reviews=(
            AnnualReview(
                date(2025, 4, 1),
                outcome=ReviewOutcome.AMEND,
                amendment_notice_on=date(2025, 4, 20),
            ),
        ),
        phase_transfers=(PhaseTransfer(PhaseTransferKind.SCHOOL, 2027),),
        reassessments=(Reassessment(date(2025, 9, 1)),),
        appealable_decision_on=date(2025, 5, 1),
        mediation_certificate_on=date(2025, 6, 1),
    )


def test_every_deadline_cites_its_regulation_and_has_a_plain_english_title():
    found = deadlines(full_case(), today=date(2025, 5, 1))
    assert len(found) == 16
    for deadline in found:
        assert re.search(r"\breg \d+|\bs\.\d+|\br\.\d+|\bEWHC \d+", deadline.source), deadline
        assert deadline.title[0].isupper() and "_" not in deadline.title, deadline.title


def test_every_status_has_a_label_in_words():
    assert {status.label for status in Status} == {
        "Due",
        "Met",
        "Missed",
        "Not applicable",
        "Time limit does not apply (exception)",
        "Superseded by a later review",
    }
    assert all(reason.label[0].isupper() for reason in ExceptionReason)


def test_the_week_counting_convention_moves_week_limits_and_nothing_else():
    day_one = dataclasses.replace(
        SEND_REGULATIONS_2014, week_counting=WeekCounting.TRIGGER_IS_DAY_ONE
    )
    normal = by_key(full_case(), today=date(2025, 5, 1))
    shifted = by_key(full_case(), today=date(2025, 5, 1), rule_sets=(day_one,))
    moved = {key for key in normal if normal[key].due != shifted[key].due}
    assert {
        key for key in moved if normal[key].due - shifted[key].due != timedelta(days=1)
    } == set()
    assert moved == {
        "decision_to_assess",
        "advice:1",
        "decision_not_to_issue",
        "final_plan",
        "review_report:1",
        "review_decision:1",
        "amendment_notice:1",
        "final_amended_plan:1",
        "amendment_long_stop:1",
        "reassessment:1",
    }


def test_a_later_rule_set_applies_to_clocks_started_after_it_comes_into_force():
    ending = dataclasses.replace(SEND_REGULATIONS_2014, in_force_to=date(2029, 8, 31))
    later = dataclasses.replace(
        SEND_REGULATIONS_2014,
        name="Illustrative later rules",
        in_force_from=date(2029, 9, 1),
        periods={
            **SEND_REGULATIONS_2014.periods,
            "final_plan": dataclasses.replace(
                SEND_REGULATIONS_2014.period("final_plan"), weeks=18, source="Illustrative reg 13"
            ),
        },
    )
    before = by_key(CaseFacts(request_received_on=date(2029, 8, 31)), rule_sets=(ending, later))
    after = by_key(CaseFacts(request_received_on=date(2029, 9, 1)), rule_sets=(ending, later))
    assert before["final_plan"].due == date(2029, 8, 31) + timedelta(weeks=20)
    assert after["final_plan"].due == date(2029, 9, 1) + timedelta(weeks=18)
    assert after["final_plan"].source == "Illustrative reg 13"


# --- facts out of order: reported, never raised --------------------------------------------


def test_a_decision_dated_before_the_request_is_reported_on_the_deadline_and_in_the_facts():
    facts = CaseFacts(
        request_received_on=date(2024, 3, 1),
        decision_to_assess_on=date(2024, 2, 1),
        decision_to_assess=ASSESS,
    )
    deadline = by_key(facts, today=date(2024, 3, 2))["decision_to_assess"]
    assert deadline.status is Status.MET  # still worked out; the problem travels with it
    assert deadline.problem == (
        "The date of the decision whether to assess (1 February 2024) is before the date of "
        "the request (1 March 2024)."
    )
    assert [p.field for p in fact_problems(facts)] == ["decision_to_assess_on"]


@pytest.mark.parametrize(
    ("facts", "field"),
    [
        (assessed(date(2024, 3, 1), final_plan_issued_on=date(2024, 2, 1)), "final_plan_issued_on"),
        (
            assessed(
                date(2024, 3, 1),
                draft_plan_issued_on=date(2024, 5, 1),
                final_plan_issued_on=date(2024, 4, 1),
            ),
            "final_plan_issued_on",
        ),
        (
            CaseFacts(
                plan_start_on=date(2024, 3, 1), annual_reviews=(AnnualReview(date(2024, 1, 1)),)
            ),
            "annual_reviews[0].meeting_on",
        ),
        (
            CaseFacts(
                plan_start_on=date(2024, 3, 1),
                annual_reviews=(AnnualReview(date(2025, 1, 10), decision_on=date(2025, 1, 9)),),
            ),
            "annual_reviews[0].decision_on",
        ),
        (
            CaseFacts(
                plan_start_on=date(2024, 3, 1),
                annual_reviews=(
                    AnnualReview(
                        date(2025, 1, 10),
                        amendment_notice_on=date(2025, 2, 1),
                        final_amended_plan_on=date(2025, 1, 20),
                    ),
                ),
            ),
            "annual_reviews[0].final_amended_plan_on",
        ),
        (
            assessed(
                date(2024, 3, 1),
                advice_requests=(
                    AdviceRequest(AdviceBody.HEALTH, date(2024, 4, 1), date(2024, 3, 20)),
                ),
            ),
            "advice_requests[0].advice_received_on",
        ),
        (
            CaseFacts(request_received_on=date(2024, 3, 1), withdrawn_on=date(2024, 2, 1)),
            "withdrawn_on",
        ),
        (CaseFacts(plan_start_on=date(2024, 3, 1), ceased_on=date(2024, 2, 1)), "ceased_on"),
        (
            CaseFacts(
                plan_start_on=date(2024, 3, 1),
                reassessments=(Reassessment(date(2024, 6, 1), date(2024, 5, 1)),),
            ),
            "reassessments[0].completed_on",
        ),
        (
            CaseFacts(
                appealable_decision_on=date(2024, 3, 1), appeal_registered_on=date(2024, 2, 1)
            ),
            "appeal_registered_on",
        ),
        (
            CaseFacts(
                exceptions=(
                    TimeLimitException(
                        ExceptionReason.ABSENCE_FROM_AREA, date(2024, 3, 1), date(2024, 2, 1)
                    ),
                )
            ),
            "exceptions[0].ends_on",
        ),
        (CaseFacts(request_received_on=date(2014, 8, 1)), "request_received_on"),
        (
            CaseFacts(request_received_on=date(2024, 3, 1), decision_to_assess_on=date(2024, 3, 5)),
            "decision_to_assess",
        ),
        (
            CaseFacts(
                request_received_on=date(2024, 3, 1),
                decision_to_assess_on=date(2024, 3, 5),
                decision_to_assess=AssessDecision.NOT_ASSESS,
                final_plan_issued_on=date(2024, 6, 1),
            ),
            "final_plan_issued_on",
        ),
        (
            assessed(
                date(2024, 3, 1),
                decision_not_to_issue_on=date(2024, 6, 1),
                final_plan_issued_on=date(2024, 7, 1),
            ),
            "decision_not_to_issue_on",
        ),
        (
            assessed(date(2024, 3, 1), advice_requests=(AdviceRequest(AdviceBody.HEALTH, None),)),
            "advice_requests[0].received_by_body_on",
        ),
        (
            CaseFacts(exceptions=(TimeLimitException(ExceptionReason.MISSED_APPOINTMENT),)),
            "exceptions[0].reason",
        ),
    ],
)
def test_facts_out_of_order_are_reported_with_the_field_and_never_raise(facts, field):
    problems = fact_problems(facts)
    assert field in [p.field for p in problems]
    assert all(p.message.endswith(".") and p.message[0].isupper() for p in problems)
    deadlines(facts, today=date(2024, 6, 1))  # does not raise


def test_consistent_facts_have_no_problems():
    assert fact_problems(full_case(), today=date(2025, 10, 1)) == []


def test_dates_after_today_are_reported_when_today_is_given():
    facts = assessed(date(2024, 3, 1), final_plan_issued_on=date(2024, 9, 1))
    assert fact_problems(facts) == []
    problems = fact_problems(facts, today=date(2024, 8, 1))
    assert [p.field for p in problems] == ["final_plan_issued_on"]
    assert problems[0].message == "The date of the final plan (1 September 2024) is in the future."


def test_a_request_before_the_2014_regulations_still_gets_deadlines_from_them():
    found = by_key(CaseFacts(request_received_on=date(2014, 8, 1)))
    assert found["final_plan"].due == date(2014, 12, 19)
    assert "came into force" in found["decision_to_assess"].problem


def random_facts(rng: random.Random) -> CaseFacts:
    def when() -> date | None:
        return None if rng.random() < 0.3 else date(2014, 1, 1) + timedelta(rng.randrange(5000))

    return CaseFacts(
        request_received_on=when(),
        decision_to_assess_on=when(),
        decision_to_assess=rng.choice([None, *AssessDecision]),
        advice_requests=tuple(
            AdviceRequest(
                rng.choice(list(AdviceBody)),
                when(),
                when(),
                exception=rng.choice([None, *ExceptionReason]),
            )
            for _ in range(rng.randrange(3))
        ),
        decision_not_to_issue_on=when(),
        draft_plan_issued_on=when(),
        final_plan_issued_on=when(),
        exceptions=tuple(
            TimeLimitException(rng.choice(list(ExceptionReason)), when(), when())
            for _ in range(rng.randrange(3))
        ),
        plan_start_on=when(),
        annual_reviews=tuple(
            AnnualReview(
                when(), when(), when(), rng.choice([None, *ReviewOutcome]), when(), when(), when()
            )
            for _ in range(rng.randrange(4))
        ),
        phase_transfers=tuple(
            PhaseTransfer(
                rng.choice(list(PhaseTransferKind)), rng.choice([None, 2020, 2031]), when(), when()
            )
            for _ in range(rng.randrange(2))
        ),
        reassessments=tuple(
            Reassessment(when() or date(2020, 1, 1), when()) for _ in range(rng.randrange(2))
        ),
        appealable_decision_on=when(),
        mediation_certificate_on=when(),
        appeal_registered_on=when(),
        withdrawn_on=when(),
        ceased_on=when(),
    )


def test_the_clock_never_raises_on_facts_in_any_order():
    rng = random.Random(20260223)
    for _ in range(500):
        facts = random_facts(rng)
        today = date(2014, 1, 1) + timedelta(rng.randrange(6000))
        found = deadlines(facts, today=today)
        assert [d.due for d in found] == sorted(d.due for d in found)
        assert all(isinstance(d.status, Status) and d.source for d in found)
        early_warnings(facts, today=today)
        fact_problems(facts, today=today)


# --- helpers for lists and the backlog ---------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "weeks"),
    [
        (date(2024, 1, 8), date(2024, 1, 8), 0),
        (date(2024, 1, 8), date(2024, 1, 14), 0),
        (date(2024, 1, 8), date(2024, 1, 15), 1),
        (date(2024, 1, 8), date(2024, 5, 27), 20),
        (date(2024, 2, 29), date(2025, 2, 28), 52),
        (date(2024, 1, 15), date(2024, 1, 8), -1),
    ],
)
def test_weeks_between_counts_whole_weeks(start, end, weeks):
    assert weeks_between(start, end) == weeks


@pytest.mark.parametrize(
    ("age_days", "key"),
    [
        (0, "up_to_6_weeks"),
        (42, "up_to_6_weeks"),
        (43, "6_to_16_weeks"),
        (112, "6_to_16_weeks"),
        (113, "16_to_20_weeks"),
        (140, "16_to_20_weeks"),
        (141, "20_to_26_weeks"),
        (182, "20_to_26_weeks"),
        (183, "26_to_52_weeks"),
        (364, "26_to_52_weeks"),
        (365, "over_52_weeks"),
        (2000, "over_52_weeks"),
        (-5, "up_to_6_weeks"),  # received after today: a data error, counted as new
    ],
)
def test_an_open_request_falls_in_one_backlog_age_band(age_days, key):
    received = date(2024, 2, 29)
    assert age_band(received, received + timedelta(days=age_days)).key == key


def test_the_age_bands_cover_every_age_once_and_are_named_in_plain_english():
    for days in range(0, 800):
        assert sum(band.contains(days) for band in AGE_BANDS) == 1
    assert [band.label for band in AGE_BANDS] == [
        "Up to 6 weeks",
        "Over 6 weeks, up to 16 weeks",
        "Over 16 weeks, up to 20 weeks",
        "Over 20 weeks, up to 26 weeks",
        "Over 26 weeks, up to 52 weeks",
        "Over 52 weeks",
    ]


def test_a_case_transferred_in_has_only_plan_deadlines():
    found = by_key(CaseFacts(plan_start_on=date(2024, 6, 1)), today=date(2024, 7, 1))
    assert list(found) == ["annual_review:next"]
