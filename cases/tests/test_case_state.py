"""From case records to the clock's facts and the case's stage, without a database."""

import datetime
from types import SimpleNamespace as Rec

import pytest

from cases import case_state
from cases import statutory_clock as clock
from cases.case_state import CaseRecords

D = datetime.date


def request(**fields):
    values = dict(pk=1, received_on=D(2025, 1, 6), outcome="A", outcome_on=None, withdrawn_on=None,
                  withdrawn_reason="")
    values.update(fields)
    return Rec(**values)


def assessment(**fields):
    values = dict(pk=1, outcome="A", outcome_on=None, decided_to_issue_on=None, week20=False, started_on=None)
    values.update(fields)
    return Rec(**values)


def plan(**fields):
    values = dict(pk=1, start_on=D(2025, 5, 1), ceased_on=None, transferred_in_from="", transferred_in_on=None,
                  transferred_out_to="")
    values.update(fields)
    return Rec(**values)


def review(**fields):
    values = dict(pk=1, meeting_on=D(2026, 4, 1), report_on=None, decision_on=None, outcome="",
                  amendment_notice_on=None, final_amended_plan_on=None, decided_not_to_amend_on=None)
    values.update(fields)
    return Rec(**values)


@pytest.mark.parametrize(
    ("records", "stage"),
    [
        (CaseRecords(request=request()), "request"),
        (CaseRecords(request=request(outcome="N", outcome_on=D(2025, 2, 1))), "closed"),
        (CaseRecords(request=request(outcome="W")), "closed"),
        (CaseRecords(request=request(outcome="Y"), assessment=assessment()), "assessment"),
        (CaseRecords(request=request(outcome="Y"), assessment=assessment(outcome="Y")), "drafting"),
        (CaseRecords(request=request(outcome="Y"), assessment=assessment(outcome="N")), "closed"),
        (CaseRecords(request=request(outcome="Y"), assessment=assessment(outcome="Y"), plan=plan()), "plan"),
        (CaseRecords(request=request(outcome="H"), assessment=assessment(outcome="H"),
                     plan=plan(ceased_on=D(2026, 1, 1))), "ceased"),
    ],
)
def test_the_stage_follows_the_latest_decision_on_the_case(records, stage):
    assert case_state.stage_of(records) == stage


def test_the_facts_carry_the_request_decision_and_final_plan_dates():
    records = CaseRecords(
        request=request(outcome="Y", outcome_on=D(2025, 2, 10)),
        assessment=assessment(outcome="Y", decided_to_issue_on=D(2025, 4, 1), outcome_on=D(2025, 5, 1)),
        drafts=[Rec(pk=1, issued_on=D(2025, 4, 10)), Rec(pk=2, issued_on=D(2025, 4, 14))],
        plan=plan(),
    )
    facts = case_state.case_facts(records)
    assert facts.request_received_on == D(2025, 1, 6)
    assert facts.decision_to_assess is clock.AssessDecision.ASSESS
    assert facts.decision_to_assess_on == D(2025, 2, 10)
    assert facts.draft_plan_issued_on == D(2025, 4, 14)  # the latest draft
    assert facts.final_plan_issued_on == D(2025, 5, 1)
    assert facts.plan_start_on == D(2025, 5, 1)
    assert facts.decision_not_to_issue_on is None


def test_a_week20_flag_without_recorded_exceptions_becomes_a_flag_only_exception():
    records = CaseRecords(request=request(outcome="Y", outcome_on=D(2025, 2, 1)),
                          assessment=assessment(week20=True))
    [exception] = case_state.case_facts(records).exceptions
    assert exception.reason is clock.ExceptionReason.FLAG_ONLY


def test_recorded_exceptions_keep_their_reason_and_dates():
    records = CaseRecords(
        request=request(outcome="Y", outcome_on=D(2025, 2, 1)), assessment=assessment(week20=True),
        exceptions=[Rec(reason="school_closure", starts_on=D(2025, 7, 20), ends_on=D(2025, 9, 3), note="")],
    )
    [exception] = case_state.case_facts(records).exceptions
    assert (exception.reason, exception.starts_on, exception.ends_on) == (
        clock.ExceptionReason.SCHOOL_CLOSURE, D(2025, 7, 20), D(2025, 9, 3))


def test_review_outcomes_are_translated_from_sen2_codes():
    records = CaseRecords(request=request(outcome="H"), assessment=assessment(outcome="H"), plan=plan(),
                          reviews=[review(decision_on=D(2026, 4, 20), outcome="A")])
    [held] = case_state.case_facts(records).annual_reviews
    assert held.outcome is clock.ReviewOutcome.AMEND


def deadline(key, due, status=clock.Status.PENDING, met_on=None, trigger_on=None):
    return clock.Deadline(key=key, title=key, due=due, source="test", status=status, met_on=met_on,
                          trigger_on=trigger_on)


def test_outstanding_deadlines_are_pending_or_missed_and_not_done_earliest_first():
    deadlines = [
        deadline("final_plan", D(2025, 5, 26)),
        deadline("decision_to_assess", D(2025, 2, 17), clock.Status.MISSED),  # overdue
        deadline("advice:1", D(2025, 3, 1), clock.Status.MET, met_on=D(2025, 2, 20)),
        deadline("advice:2", D(2025, 3, 2), clock.Status.MISSED, met_on=D(2025, 3, 5)),  # done late
        deadline("decision_not_to_issue", D(2025, 4, 28), clock.Status.SWITCHED_OFF),
    ]
    assert [d.key for d in case_state.outstanding(deadlines)] == ["decision_to_assess", "final_plan"]


def test_the_steps_of_a_review_overtaken_by_a_later_meeting_are_not_outstanding():
    deadlines = [
        deadline("review_decision:1", D(2025, 5, 1), clock.Status.MISSED, trigger_on=D(2025, 4, 3)),
        deadline("review_decision:2", D(2026, 5, 1), trigger_on=D(2026, 4, 3)),
    ]
    kept = case_state.outstanding(deadlines, latest_meeting_on=D(2026, 4, 3))
    assert [d.key for d in kept] == ["review_decision:2"]


def test_a_new_request_is_next_due_for_its_decision_6_weeks_after_receipt():
    state = case_state.case_state(CaseRecords(request=request()), today=D(2025, 1, 10))
    assert state.stage == "request"
    assert state.next_deadline_on == D(2025, 1, 6) + datetime.timedelta(days=42)


def test_a_closed_case_has_no_next_deadline():
    state = case_state.case_state(CaseRecords(request=request(outcome="N", outcome_on=D(2025, 2, 1))),
                                  today=D(2025, 3, 1))
    assert (state.stage, state.next_deadline_on) == ("closed", None)


def test_the_timeline_lists_dated_events_oldest_first():
    records = CaseRecords(
        request=request(outcome="Y", outcome_on=D(2025, 2, 10)),
        assessment=assessment(outcome="Y", decided_to_issue_on=D(2025, 4, 1), outcome_on=D(2025, 5, 1)),
        plan=plan(),
    )
    events = case_state.timeline(records)
    assert [e.on for e in events] == sorted(e.on for e in events)
    assert events[0].title == "Request for an EHC needs assessment received"
    assert events[-1].title == "Final EHC plan issued"


# ---- the stored next deadline names the right review (case_state replays the latest only) -----

YEARLY_MEETINGS = [D(2026, 4, 1), D(2027, 3, 25), D(2028, 3, 20)]


@pytest.mark.parametrize("held", [2, 3])
def test_the_next_deadline_after_a_later_review_names_that_review(held):
    # Earlier reviews decided (maintain); the latest awaits its report and decision.
    reviews = [review(pk=n, meeting_on=meeting, report_on=meeting, decision_on=meeting, outcome="M")
               for n, meeting in enumerate(YEARLY_MEETINGS[: held - 1], start=1)]
    reviews.append(review(pk=held, meeting_on=YEARLY_MEETINGS[held - 1]))
    records = CaseRecords(request=request(outcome="H"), assessment=assessment(outcome="H"), plan=plan(),
                          reviews=reviews)
    state = case_state.case_state(records, today=YEARLY_MEETINGS[held - 1])
    assert state.next_deadline_label == f"Send the review report (annual review {held})"
    # The same deadline, and the same words, as the clock gives replaying every review.
    everything = clock.deadlines(case_state.case_facts(records), today=YEARLY_MEETINGS[held - 1])
    first = case_state.outstanding(everything)[0]
    assert (state.next_deadline_on, state.next_deadline_label) == (first.due, first.title)


def test_reviews_given_alone_keep_their_numbers_when_the_clock_is_told_how_many_came_before():
    facts = clock.CaseFacts(plan_start_on=D(2025, 5, 1), earlier_reviews=2,
                            annual_reviews=[clock.AnnualReview(meeting_on=D(2028, 3, 20))])
    titles = {d.key: d.title for d in clock.deadlines(facts, today=D(2028, 3, 20))}
    assert titles["review_report:3"] == "Send the review report (annual review 3)"
    assert titles["annual_review:3"] == "Review the plan within 12 months of the last review"
    assert titles["annual_review:next"] == "Review the plan within 12 months of the last review"
