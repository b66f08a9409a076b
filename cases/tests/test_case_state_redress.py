"""Re-assessments, appeals not opposed, orders and draft comments: from records to the clock's
facts, the case's next deadline and its timeline. Pure: no database."""

import datetime
from types import SimpleNamespace as Rec

import pytest

from cases import case_state
from cases import statutory_clock as clock
from cases.case_state import CaseRecords
from cases.tests.test_case_state import assessment, plan, request, review

D = datetime.date


def reassessment(**fields):
    values = dict(pk=4, requested_by="parent", requested_on=D(2026, 1, 5), decision="A", decided_on=None,
                  completed_on=None, completion="")
    values.update(fields)
    return Rec(**values)


def unopposed(**fields):
    values = dict(pk=6, kind="assessment", notified_on=D(2025, 3, 3), told_family_on=None, no_plan_on=None,
                  plan_issued_on=None)
    values.update(fields)
    return Rec(**values)


def order(**fields):
    values = dict(pk=8, made_by="tribunal", kind="assess", made_on=D(2025, 3, 3), complied_on=None, detail="")
    values.update(fields)
    return Rec(**values)


def exception(**fields):
    values = dict(pk=2, reason="absence_from_area", starts_on=D(2026, 2, 1), ends_on=None, note="",
                  reassessment_id=None)
    values.update(fields)
    return Rec(**values)


def plan_case(**records):
    return CaseRecords(request=request(outcome="Y", outcome_on=D(2025, 2, 10)),
                       assessment=assessment(outcome="Y", decided_to_issue_on=D(2025, 4, 1),
                                             outcome_on=D(2025, 5, 1)),
                       plan=plan(), **records)


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (reassessment(), clock.Reassessment(None, ref="4", requested_on=D(2026, 1, 5))),
        (reassessment(decision="Y", decided_on=D(2026, 1, 19)),
         clock.Reassessment(D(2026, 1, 19), ref="4", requested_on=D(2026, 1, 5))),
        (reassessment(decision="N", decided_on=D(2026, 1, 19)),
         clock.Reassessment(None, ref="4", requested_on=D(2026, 1, 5), decided_not_to_reassess_on=D(2026, 1, 19))),
        (reassessment(requested_by="local_authority", requested_on=None, decision="Y", decided_on=D(2026, 1, 19),
                      completed_on=D(2026, 4, 1), completion="replacement"),
         clock.Reassessment(D(2026, 1, 19), D(2026, 4, 1), ref="4")),
        (reassessment(decision="Y", decided_on=D(2026, 1, 19), completed_on=D(2026, 4, 1), completion="no_change"),
         clock.Reassessment(D(2026, 1, 19), ref="4", requested_on=D(2026, 1, 5), decided_no_change_on=D(2026, 4, 1))),
    ],
)
def test_a_reassessment_record_becomes_the_clocks_reassessment(record, expected):
    assert case_state.case_facts(plan_case(reassessments=[record])).reassessments == (expected,)


def test_an_exception_recorded_against_a_reassessment_is_limited_to_it_and_keeps_the_week20_flag():
    records = plan_case(exceptions=[exception(reassessment_id=4)])
    records.assessment.week20 = True  # imported flag, no dated exception for the 20 weeks
    found = case_state.case_facts(records).exceptions
    assert [(e.reason, e.limits) for e in found] == [
        (clock.ExceptionReason.ABSENCE_FROM_AREA, frozenset({"reassessment:4"})),
        (clock.ExceptionReason.FLAG_ONLY, frozenset()),
    ]


def test_the_latest_drafts_comments_reach_the_clock():
    records = plan_case(drafts=[Rec(pk=1, issued_on=D(2025, 4, 5), comments_received_on=D(2025, 4, 10))])
    assert case_state.case_facts(records).draft_comments_received_on == D(2025, 4, 10)


def test_a_refused_request_with_an_appeal_not_opposed_keeps_a_next_deadline():
    records = CaseRecords(request=request(outcome="N", outcome_on=D(2025, 2, 1)),
                          unopposed_appeals=[unopposed()])
    state = case_state.case_state(records, today=D(2025, 3, 4))
    assert state.stage == "closed"
    assert (state.next_deadline_on, state.next_deadline_label) == (
        D(2025, 3, 17), "Tell the family the assessment will go ahead (appeal not opposed)")


def test_an_open_reassessment_is_the_plans_next_deadline():
    records = plan_case(reviews=[review(meeting_on=D(2026, 4, 1), decision_on=D(2026, 4, 20), outcome="M")],
                        reassessments=[reassessment()])
    state = case_state.case_state(records, today=D(2026, 1, 6))
    assert (state.next_deadline_on, state.next_deadline_label) == (
        D(2026, 1, 20), "Tell the family whether the plan will be re-assessed")


def test_reassessments_appeals_and_orders_are_on_the_timeline():
    records = plan_case(
        reassessments=[reassessment(decision="Y", decided_on=D(2026, 1, 19), completed_on=D(2026, 4, 1),
                                    completion="amended")],
        unopposed_appeals=[unopposed(told_family_on=D(2025, 3, 10))],
        tribunal_orders=[order(made_by="mediation", kind="not_appealable", complied_on=D(2025, 3, 12),
                               detail="Extra speech therapy sessions")],
    )
    titles = [(e.on, e.title) for e in case_state.redress_events(records)]
    assert titles == [
        (D(2026, 1, 5), "Request to re-assess the plan received"),
        (D(2026, 1, 19), "Decided to re-assess the plan"),
        (D(2026, 4, 1), "Final amended plan issued after the re-assessment"),
        (D(2025, 3, 3), "Told the tribunal the appeal is not opposed"),
        (D(2025, 3, 10), "Told the family the assessment will go ahead"),
        (D(2025, 3, 3), "Mediation agreement on matters that cannot be appealed"),
        (D(2025, 3, 12), "Mediation agreement complied with"),
    ]
    assert set(titles) <= {(e.on, e.title) for e in case_state.timeline(records)}


def test_a_refused_reassessment_and_its_outcome_are_appealable_decisions():
    records = plan_case(reassessments=[reassessment(decision="N", decided_on=D(2026, 1, 19))])
    assert case_state.appealable_decision_on(records) == D(2026, 1, 19)
