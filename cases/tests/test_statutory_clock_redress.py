"""The clock for re-assessment (regs 25, 27), appeals not opposed (reg 45) and tribunal orders and
mediation agreements (regs 42, 44). Pure: no database.

Expected dates are worked out by hand ("+98" = 98 calendar days, 14 weeks, after the trigger).
"""

from datetime import date

import pytest

from cases.send_regulations_2014 import SEND_REGULATIONS_2014
from cases.statutory_clock import (
    AssessDecision,
    CaseFacts,
    Deadline,
    ExceptionReason,
    OrderKind,
    Reassessment,
    Status,
    TimeLimitException,
    TribunalOrder,
    UnopposedAppeal,
    UnopposedKind,
    deadlines,
    early_warnings,
    fact_problems,
)

PLAN = date(2022, 1, 10)
FAR_FUTURE = date(2040, 1, 1)


def by_key(facts: CaseFacts, *, today: date = FAR_FUTURE) -> dict[str, Deadline]:
    found = deadlines(facts, today=today)
    assert len({d.key for d in found}) == len(found)
    return {d.key: d for d in found}


def with_plan(**facts) -> CaseFacts:
    return CaseFacts(plan_start_on=PLAN, **facts)


# --- re-assessment ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("requested", "decided", "due", "status"),
    [
        (date(2024, 2, 20), date(2024, 3, 6), date(2024, 3, 6), Status.MET),  # +15 through 29 February
        (date(2024, 2, 20), date(2024, 3, 7), date(2024, 3, 6), Status.MISSED),
        (date(2023, 12, 20), None, date(2024, 1, 4), Status.MISSED),  # across the new year, not decided
        (date(2025, 1, 31), None, date(2025, 2, 15), Status.PENDING),  # from a month end
    ],
)
def test_the_decision_whether_to_reassess_is_due_15_days_after_the_request(requested, decided, due, status):
    facts = with_plan(reassessments=(Reassessment(decided, requested_on=requested, ref="7"),))
    deadline = by_key(facts, today=date(2025, 2, 1))["reassessment_decision:7"]
    assert (deadline.due, deadline.status, deadline.met_on) == (due, status, decided)
    assert deadline.source == "SEND Regs 2014 reg 25(1)"


def test_the_15_days_are_marked_unconfirmed_in_the_rule_data():
    rule = SEND_REGULATIONS_2014.period("reassessment_decision")
    assert (rule.days, rule.confirmed) == (15, False)
    assert "unconfirmed" in rule.note


@pytest.mark.parametrize(
    ("decided", "completed", "due", "status"),
    [
        (date(2024, 3, 1), date(2024, 6, 7), date(2024, 6, 7), Status.MET),  # +98
        (date(2024, 3, 1), date(2024, 6, 8), date(2024, 6, 7), Status.MISSED),
        (date(2025, 12, 1), None, date(2026, 3, 9), Status.PENDING),  # across the new year
    ],
)
def test_the_new_plan_is_due_14_weeks_after_the_family_is_told_of_the_reassessment(decided, completed, due,
                                                                                  status):
    facts = with_plan(reassessments=(Reassessment(decided, completed, requested_on=date(2024, 2, 20)),))
    deadline = by_key(facts, today=date(2025, 12, 2))["reassessment:1"]
    assert (deadline.trigger_on, deadline.due, deadline.status) == (decided, due, status)
    assert deadline.source == "SEND Regs 2014 reg 27(2)"


def test_the_local_authoritys_own_decision_has_no_15_days_only_the_14_weeks():
    found = by_key(with_plan(reassessments=(Reassessment(date(2024, 3, 1), ref="3"),)))
    assert "reassessment_decision:3" not in found
    assert found["reassessment:3"].due == date(2024, 6, 7)


def test_a_decision_not_to_reassess_meets_the_15_days_and_starts_no_14_weeks():
    item = Reassessment(None, requested_on=date(2024, 2, 20), decided_not_to_reassess_on=date(2024, 3, 1))
    found = by_key(with_plan(reassessments=(item,)))
    assert found["reassessment_decision:1"].status is Status.MET
    assert "reassessment:1" not in found


def test_a_decision_not_to_amend_or_replace_leaves_no_plan_to_issue():
    item = Reassessment(date(2024, 3, 1), decided_no_change_on=date(2024, 5, 1))
    deadline = by_key(with_plan(reassessments=(item,)), today=date(2024, 7, 1))["reassessment:1"]
    assert deadline.status is Status.NOT_APPLICABLE and not deadline.overdue
    assert deadline.note == "Decided on 1 May 2024 not to amend or replace the plan."


@pytest.mark.parametrize(
    ("exception", "status"),
    [
        # absent from the area for 4 weeks or more within the 14 weeks (reg 27(3)(d))
        (TimeLimitException(ExceptionReason.ABSENCE_FROM_AREA, date(2024, 4, 1), date(2024, 4, 29)),
         Status.SWITCHED_OFF),
        # 27 days is not 4 weeks
        (TimeLimitException(ExceptionReason.ABSENCE_FROM_AREA, date(2024, 4, 1), date(2024, 4, 27)), Status.PENDING),
        # recorded against this re-assessment: off whatever the dates
        (TimeLimitException(ExceptionReason.PERSONAL_CIRCUMSTANCES, date(2020, 1, 1),
                            limits=frozenset({"reassessment:5"})), Status.SWITCHED_OFF),
        # recorded against another re-assessment: not this one
        (TimeLimitException(ExceptionReason.PERSONAL_CIRCUMSTANCES, date(2024, 4, 1),
                            limits=frozenset({"reassessment:4"})), Status.PENDING),
    ],
)
def test_a_reg_27_3_exception_switches_the_14_weeks_off(exception, status):
    facts = with_plan(reassessments=(Reassessment(date(2024, 3, 1), ref="5"),), exceptions=(exception,))
    assert by_key(facts, today=date(2024, 5, 1))["reassessment:5"].status is status


def test_reassessment_deadlines_are_early_warnings_until_done():
    def warned(facts, today):
        return [d.key for d in early_warnings(facts, today=today) if d.key.startswith("reassess")]

    facts = with_plan(reassessments=(Reassessment(None, requested_on=date(2024, 2, 20), ref="1"),))
    assert warned(facts, date(2024, 2, 21)) == ["reassessment_decision:1"]
    assert warned(facts, date(2024, 3, 20)) == ["reassessment_decision:1"]  # overdue
    started = with_plan(reassessments=(Reassessment(date(2024, 3, 1), ref="1"),))
    assert warned(started, date(2024, 5, 20)) == ["reassessment:1"]
    assert warned(started, date(2024, 4, 1)) == []  # due 7 June: beyond 4 weeks
    done = with_plan(reassessments=(Reassessment(date(2024, 3, 1), date(2024, 6, 20), ref="1"),))
    assert warned(done, date(2024, 6, 21)) == []  # late, but done


def test_a_reassessment_without_a_plan_is_reported_and_gets_no_deadline():
    facts = CaseFacts(reassessments=(Reassessment(date(2024, 3, 1)),))
    assert deadlines(facts, today=date(2024, 3, 2)) == []
    assert [p.field for p in fact_problems(facts)] == ["reassessments[0].started_on"]


@pytest.mark.parametrize(
    ("item", "field"),
    [
        (Reassessment(date(2024, 2, 1), requested_on=date(2024, 2, 20)), "reassessments[0].started_on"),
        (Reassessment(date(2024, 3, 1), date(2024, 2, 1)), "reassessments[0].completed_on"),
        (Reassessment(date(2024, 3, 1), requested_on=date(2024, 2, 20), decided_not_to_reassess_on=date(2024, 3, 1)),
         "reassessments[0].decided_not_to_reassess_on"),
        (Reassessment(date(2021, 3, 1)), "reassessments[0].started_on"),  # before the plan was made
    ],
)
def test_reassessment_facts_out_of_order_are_reported(item, field):
    assert field in [p.field for p in fact_problems(with_plan(reassessments=(item,)))]


# --- appeals not opposed (reg 45 as substituted by SI 2015/359) ------------------------------------


@pytest.mark.parametrize(
    ("notified", "two_weeks", "ten_weeks", "fourteen_weeks", "five_weeks"),
    [
        (date(2024, 2, 29), date(2024, 3, 14), date(2024, 5, 9), date(2024, 6, 6), date(2024, 4, 4)),  # leap day
        (date(2025, 12, 20), date(2026, 1, 3), date(2026, 2, 28), date(2026, 3, 28), date(2026, 1, 24)),
        (date(2025, 1, 31), date(2025, 2, 14), date(2025, 4, 11), date(2025, 5, 9), date(2025, 3, 7)),
    ],
)
def test_an_appeal_not_opposed_runs_2_10_14_or_5_weeks_from_telling_the_tribunal(
    notified, two_weeks, ten_weeks, fourteen_weeks, five_weeks
):
    assessment = by_key(CaseFacts(unopposed_appeals=(UnopposedAppeal(UnopposedKind.ASSESSMENT, notified),)),
                        today=notified)
    assert assessment["unopposed_notice:1"].due == two_weeks
    assert assessment["unopposed_no_plan:1"].due == ten_weeks
    assert assessment["unopposed_final_plan:1"].due == fourteen_weeks
    amendment = by_key(CaseFacts(unopposed_appeals=(UnopposedAppeal(UnopposedKind.AMENDMENT, notified),)),
                       today=notified)
    assert list(amendment) == ["unopposed_amended_plan:1"]
    assert amendment["unopposed_amended_plan:1"].due == five_weeks
    assert "reg 45(4)" in amendment["unopposed_amended_plan:1"].source


NOTIFIED = date(2024, 2, 29)


@pytest.mark.parametrize(
    ("told", "no_plan", "plan", "today", "statuses"),
    [
        # told in time, plan issued in 14 weeks: no "no plan" decision owed
        (date(2024, 3, 14), None, date(2024, 6, 6), date(2024, 7, 1),
         (Status.MET, Status.NOT_APPLICABLE, Status.MET)),
        # told late; decided no plan is needed within 10 weeks: no plan owed
        (date(2024, 3, 15), date(2024, 5, 9), None, date(2024, 7, 1),
         (Status.MISSED, Status.MET, Status.NOT_APPLICABLE)),
        # nothing done after 14 weeks: told and plan overdue, the 10 weeks have passed
        (None, None, None, date(2024, 7, 1), (Status.MISSED, Status.NOT_APPLICABLE, Status.MISSED)),
        # a plan recorded without the date the family was told: told counts as met
        (None, None, date(2024, 5, 1), date(2024, 7, 1), (Status.MET, Status.NOT_APPLICABLE, Status.MET)),
        # still running
        (None, None, None, date(2024, 3, 1), (Status.PENDING, Status.PENDING, Status.PENDING)),
    ],
)
def test_the_steps_after_an_assessment_appeal_not_opposed(told, no_plan, plan, today, statuses):
    appeal = UnopposedAppeal(UnopposedKind.ASSESSMENT, NOTIFIED, told, no_plan, plan)
    found = by_key(CaseFacts(unopposed_appeals=(appeal,)), today=today)
    keys = ("unopposed_notice:1", "unopposed_no_plan:1", "unopposed_final_plan:1")
    assert tuple(found[key].status for key in keys) == statuses


def test_an_appeal_not_opposed_after_a_refused_request_still_has_its_deadlines():
    facts = CaseFacts(
        request_received_on=date(2023, 10, 2),
        decision_to_assess_on=date(2023, 11, 1),
        decision_to_assess=AssessDecision.NOT_ASSESS,
        unopposed_appeals=(UnopposedAppeal(UnopposedKind.ASSESSMENT, NOTIFIED, ref="12"),),
    )
    warned = [d.key for d in early_warnings(facts, today=date(2024, 3, 1))]
    assert warned == ["unopposed_notice:12"]
    assert all(d.source.endswith("as substituted by SI 2015/359 reg 8") for d in deadlines(facts, today=NOTIFIED)
               if d.key.startswith("unopposed"))


def test_appeal_facts_that_do_not_add_up_are_reported():
    facts = CaseFacts(unopposed_appeals=(
        UnopposedAppeal(UnopposedKind.ASSESSMENT, NOTIFIED, date(2024, 2, 1), date(2024, 4, 1), date(2024, 5, 1)),
        UnopposedAppeal(UnopposedKind.AMENDMENT, None),
    ))
    fields = [p.field for p in fact_problems(facts)]
    assert "unopposed_appeals[0].told_family_on" in fields  # before the tribunal was told
    assert "unopposed_appeals[0].no_plan_on" in fields  # both no plan and a plan
    assert "unopposed_appeals[1].notified_on" in fields  # no start
    assert "unopposed_appeals[1]" not in str([d.key for d in deadlines(facts, today=NOTIFIED)])


# --- tribunal orders and mediation agreements ----------------------------------------------------


@pytest.mark.parametrize(
    ("order", "key", "due", "source"),
    [
        (TribunalOrder(OrderKind.ASSESS, date(2024, 11, 1)), "order_to_assess:1", date(2025, 2, 7),
         "SEND Regs 2014 reg 44(2)"),
        (TribunalOrder(OrderKind.ASSESS, date(2024, 2, 29), by_mediation=True), "order_to_assess:1",
         date(2024, 6, 6), "SEND Regs 2014 reg 44(2); reg 42(2) for a mediation agreement"),
        (TribunalOrder(OrderKind.NOT_APPEALABLE, date(2024, 12, 20), by_mediation=True), "mediation_agreement:1",
         date(2025, 1, 3), "SEND Regs 2014 reg 42(3)"),
    ],
)
def test_an_order_or_agreement_is_due_by_the_reg_44_or_42_limit(order, key, due, source):
    deadline = by_key(CaseFacts(tribunal_orders=(order,)))[key]
    assert (deadline.due, deadline.source, deadline.status) == (due, source, Status.MISSED)


def test_an_order_complied_with_in_time_is_met_and_other_orders_get_no_deadline():
    facts = CaseFacts(tribunal_orders=(
        TribunalOrder(OrderKind.ASSESS, date(2024, 11, 1), date(2025, 2, 7), ref="1"),
        TribunalOrder(OrderKind.OTHER, date(2024, 11, 1), ref="2"),
    ))
    found = by_key(facts)
    assert list(found) == ["order_to_assess:1"]
    assert found["order_to_assess:1"].status is Status.MET


def test_the_order_to_assess_limit_is_marked_unconfirmed_and_the_reg_45_limits_confirmed():
    assert SEND_REGULATIONS_2014.period("order_to_assess").confirmed is False
    for name, weeks in (("unopposed_assessment_notice", 2), ("unopposed_no_plan", 10),
                        ("unopposed_final_plan", 14), ("unopposed_amended_plan", 5), ("mediation_agreement", 2)):
        rule = SEND_REGULATIONS_2014.period(name)
        assert (rule.weeks, rule.confirmed, rule.exceptions) == (weeks, True, "")


def test_an_overdue_order_is_an_early_warning_and_an_order_without_a_date_is_reported():
    facts = CaseFacts(tribunal_orders=(TribunalOrder(OrderKind.ASSESS, date(2024, 11, 1)),
                                       TribunalOrder(OrderKind.ASSESS, None)))
    assert [d.key for d in early_warnings(facts, today=date(2025, 3, 1))] == ["order_to_assess:1"]
    assert [p.field for p in fact_problems(facts)] == ["tribunal_orders[1].made_on"]
