"""The clock closes what a later event overtakes: a review superseded by the next review, and the
draft comment period once the family's comments arrive. Pure: no database.

Expected dates are worked out by hand ("+14" = 14 calendar days after the trigger).
"""

import dataclasses
from datetime import date

import pytest

from cases.statutory_clock import (
    AnnualReview,
    AssessDecision,
    CaseFacts,
    Deadline,
    ReviewOutcome,
    Status,
    deadlines,
    early_warnings,
    fact_problems,
    next_deadline,
)

PLAN_MADE = date(2023, 3, 1)
FIRST_MEETING = date(2024, 2, 15)  # report due 29 Feb 2024 (+14, leap year), decision 14 Mar (+28)
SECOND_MEETING = date(2025, 2, 10)
TODAY = date(2025, 6, 1)


def by_key(facts: CaseFacts, *, today: date = TODAY) -> dict[str, Deadline]:
    return {d.key: d for d in deadlines(facts, today=today)}


def two_reviews(first: AnnualReview, second: AnnualReview | None = None, **changes) -> CaseFacts:
    second = second or AnnualReview(SECOND_MEETING, ref="2")
    facts = CaseFacts(plan_start_on=PLAN_MADE, annual_reviews=(first, second))
    return dataclasses.replace(facts, **changes)


# --- a review overtaken by the next one ------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "key", "status", "met_on"),
    [
        # never done before the next meeting: superseded, not missed
        (AnnualReview(FIRST_MEETING, ref="1"), "review_report:1", Status.SUPERSEDED, None),
        (AnnualReview(FIRST_MEETING, ref="1"), "review_decision:1", Status.SUPERSEDED, None),
        # done in time, or late, stays as it was: met, or missed with the day it was done
        (AnnualReview(FIRST_MEETING, report_on=date(2024, 2, 29), ref="1"), "review_report:1", Status.MET,
         date(2024, 2, 29)),
        (AnnualReview(FIRST_MEETING, report_on=date(2024, 3, 1), ref="1"), "review_report:1", Status.MISSED,
         date(2024, 3, 1)),
        (AnnualReview(FIRST_MEETING, decision_on=date(2024, 3, 14), outcome=ReviewOutcome.MAINTAIN, ref="1"),
         "review_decision:1", Status.MET, date(2024, 3, 14)),
        # decided only after the next meeting: late, and done
        (AnnualReview(FIRST_MEETING, decision_on=date(2025, 3, 1), outcome=ReviewOutcome.MAINTAIN, ref="1"),
         "review_decision:1", Status.MISSED, date(2025, 3, 1)),
        # an amendment never finished
        (AnnualReview(FIRST_MEETING, decision_on=date(2024, 3, 10), outcome=ReviewOutcome.AMEND, ref="1"),
         "amendment_notice:1", Status.SUPERSEDED, None),
        (AnnualReview(FIRST_MEETING, decision_on=date(2024, 3, 10), outcome=ReviewOutcome.AMEND,
                      amendment_notice_on=date(2024, 3, 10), ref="1"),
         "final_amended_plan:1", Status.SUPERSEDED, None),
        (AnnualReview(FIRST_MEETING, decision_on=date(2024, 3, 10), outcome=ReviewOutcome.AMEND,
                      amendment_notice_on=date(2024, 3, 10), ref="1"),
         "amendment_long_stop:1", Status.SUPERSEDED, None),
        (AnnualReview(FIRST_MEETING, decision_on=date(2024, 3, 10), outcome=ReviewOutcome.AMEND,
                      amendment_notice_on=date(2024, 3, 10), final_amended_plan_on=date(2024, 5, 5), ref="1"),
         "final_amended_plan:1", Status.MET, date(2024, 5, 5)),
    ],
)
def test_a_review_overtaken_by_the_next_meeting_is_closed_never_missed(first, key, status, met_on):
    deadline = by_key(two_reviews(first))[key]
    assert (deadline.status, deadline.met_on) == (status, met_on)
    assert not deadline.overdue
    if status is Status.SUPERSEDED:
        assert deadline.closed_on == SECOND_MEETING
        assert deadline.note == (
            "Not recorded before the next review meeting on 10 February 2025, which superseded this review."
        )


@pytest.mark.parametrize(
    ("first_meeting", "second_meeting", "due"),
    [
        # the next meeting came before the decision was even due: superseded, not "due"
        (date(2024, 2, 15), date(2024, 2, 20), date(2024, 3, 14)),
        # month end and leap day: 31 January + 28 is 28 February; the next meeting on 29 February
        (date(2024, 1, 31), date(2024, 2, 29), date(2024, 2, 28)),
        # across the new year
        (date(2024, 12, 20), date(2025, 12, 19), date(2025, 1, 17)),
    ],
)
def test_the_decision_of_an_overtaken_review_is_superseded_whatever_the_dates(first_meeting, second_meeting, due):
    facts = two_reviews(AnnualReview(first_meeting, ref="1"), AnnualReview(second_meeting, ref="2"))
    deadline = by_key(facts, today=date(2026, 1, 1))["review_decision:1"]
    assert (deadline.due, deadline.status, deadline.closed_on) == (due, Status.SUPERSEDED, second_meeting)
    # the latest review's own steps are still owed
    latest = by_key(facts, today=date(2026, 1, 1))["review_decision:2"]
    assert latest.status in (Status.PENDING, Status.MISSED) and latest.closed_on is None


def test_reviews_given_out_of_order_supersede_by_date_not_by_position():
    facts = CaseFacts(
        plan_start_on=PLAN_MADE,
        annual_reviews=(AnnualReview(SECOND_MEETING, ref="2"), AnnualReview(FIRST_MEETING, ref="1")),
    )
    found = by_key(facts)
    assert found["review_decision:1"].status is Status.SUPERSEDED
    assert found["review_decision:2"].status is Status.MISSED and found["review_decision:2"].overdue


def test_a_later_review_known_only_by_its_decision_supersedes_from_that_day():
    second = AnnualReview(None, decision_on=date(2025, 2, 20), outcome=ReviewOutcome.MAINTAIN, ref="2")
    deadline = by_key(two_reviews(AnnualReview(FIRST_MEETING, ref="1"), second))["review_report:1"]
    assert (deadline.status, deadline.closed_on) == (Status.SUPERSEDED, date(2025, 2, 20))


def test_an_overtaken_review_is_neither_an_early_warning_nor_the_next_deadline():
    # Before the fix the first review's report and decision stayed "missed" and overdue for ever.
    facts = two_reviews(AnnualReview(FIRST_MEETING, ref="1"))
    warned = {d.key for d in early_warnings(facts, today=TODAY)}
    assert warned == {"review_report:2", "review_decision:2"}
    assert next_deadline(facts, today=date(2025, 2, 11)).key == "review_report:2"


def test_a_comment_period_cut_short_stays_missed_when_the_review_is_overtaken():
    first = AnnualReview(FIRST_MEETING, decision_on=date(2024, 3, 1), outcome=ReviewOutcome.AMEND,
                         amendment_notice_on=date(2024, 3, 1), final_amended_plan_on=date(2024, 3, 5), ref="1")
    deadline = by_key(two_reviews(first))["amendment_comments:1"]
    assert deadline.status is Status.MISSED  # the final amended plan came before day 15: a fact


def test_a_superseded_step_stays_superseded_after_the_plan_ceases():
    facts = two_reviews(AnnualReview(FIRST_MEETING, ref="1"), ceased_on=date(2025, 4, 1))
    deadline = by_key(facts)["review_decision:1"]
    assert (deadline.status, deadline.closed_on) == (Status.SUPERSEDED, SECOND_MEETING)


def test_a_single_review_is_never_superseded():
    facts = CaseFacts(plan_start_on=PLAN_MADE, annual_reviews=(AnnualReview(FIRST_MEETING, ref="1"),))
    deadline = by_key(facts)["review_decision:1"]
    assert deadline.status is Status.MISSED and deadline.overdue


# --- the draft comment period once comments arrive ----------------------------------------------


def drafted(served: date, **changes) -> CaseFacts:
    facts = CaseFacts(
        request_received_on=date(2023, 12, 1),
        decision_to_assess_on=date(2023, 12, 20),
        decision_to_assess=AssessDecision.ASSESS,
        draft_plan_issued_on=served,
    )
    return dataclasses.replace(facts, **changes)


@pytest.mark.parametrize(
    ("served", "received", "final_on", "today", "due", "status"),
    [
        # comments on day 6: met at once, no longer "due" while the 15 days run
        (date(2024, 2, 15), date(2024, 2, 20), None, date(2024, 2, 22), date(2024, 2, 29), Status.MET),
        # on day 15 (29 February): met
        (date(2024, 2, 15), date(2024, 2, 29), None, date(2024, 2, 29), date(2024, 2, 29), Status.MET),
        # after the period: late
        (date(2024, 2, 15), date(2024, 3, 4), None, date(2024, 3, 5), date(2024, 2, 29), Status.MISSED),
        # the family commented, then the final plan came before day 15: met, not cut short
        (date(2024, 2, 15), date(2024, 2, 20), date(2024, 2, 25), date(2024, 3, 1), date(2024, 2, 29),
         Status.MET),
        # the final plan came before day 15 and before the comments: cut short
        (date(2024, 2, 15), date(2024, 2, 27), date(2024, 2, 25), date(2024, 3, 1), date(2024, 2, 29),
         Status.MISSED),
        # across the new year: served 20 December, day 15 is 3 January
        (date(2025, 12, 20), date(2025, 12, 31), None, date(2026, 1, 1), date(2026, 1, 3), Status.MET),
    ],
)
def test_the_draft_comment_period_is_met_once_comments_arrive(served, received, final_on, today, due, status):
    facts = drafted(served, draft_comments_received_on=received, final_plan_issued_on=final_on)
    deadline = by_key(facts, today=today)["draft_comments"]
    assert (deadline.due, deadline.status) == (due, status)
    if status is Status.MET or final_on is None:
        assert deadline.met_on == received


def test_comments_received_take_the_comment_period_out_of_the_next_deadline_and_warnings():
    # Before the fix the period was told as "due" until day 15 even though the comments were in.
    facts = drafted(date(2024, 2, 15), draft_comments_received_on=date(2024, 2, 20))
    today = date(2024, 2, 22)
    assert next_deadline(facts, today=today).key == "final_plan"
    assert "draft_comments" not in {d.key for d in early_warnings(facts, today=today)}
    assert by_key(facts, today=today)["draft_comments"].note == "Comments received on 20 February 2024."


def test_comments_late_say_so():
    facts = drafted(date(2024, 2, 15), draft_comments_received_on=date(2024, 3, 4))
    assert by_key(facts, today=date(2024, 3, 5))["draft_comments"].note == (
        "Comments received on 4 March 2024, after the comment period ended on 29 February 2024."
    )


def test_comments_dated_before_the_draft_are_reported():
    facts = drafted(date(2024, 2, 15), draft_comments_received_on=date(2024, 2, 10))
    assert [p.field for p in fact_problems(facts)] == ["draft_comments_received_on"]
