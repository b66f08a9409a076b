"""The statutory periods as rule data: values, citations, counting conventions, rule-set choice.

Pure: no database. Expected dates are worked out by hand in the tables (see the comments).
"""

import dataclasses
import re
from datetime import date

import pytest

from cases.send_regulations_2014 import SEND_REGULATIONS_2014
from cases.statutory_clock import RULE_SETS, rule_set_for
from cases.statutory_rules import (
    CalendarDay,
    Counting,
    Period,
    WeekCounting,
    add_months,
    appeal_holiday_adjustment,
    end_of_months_beginning_with,
    select_rule_set,
)

ALL_PERIODS = [
    pytest.param(rule_set, name, period, id=f"{rule_set.name}:{name}")
    for rule_set in RULE_SETS
    for name, period in rule_set.periods.items()
]
ALL_CALENDAR_DAYS = [
    pytest.param(rule_set, name, day, id=f"{rule_set.name}:{name}")
    for rule_set in RULE_SETS
    for name, day in rule_set.calendar_days.items()
]
# A citation names a regulation, a section, a tribunal rule or a judgment.
CITATION = re.compile(r"\breg \d+|\bs\.\d+|\br\.\d+|\bEWHC \d+")


# --- every rule cites its source --------------------------------------------------------------


@pytest.mark.parametrize(("rule_set", "name", "period"), ALL_PERIODS)
def test_every_period_in_the_rule_set_cites_a_regulation(rule_set, name, period):
    assert CITATION.search(period.source), f"{name}: {period.source!r} names no regulation"


@pytest.mark.parametrize(("rule_set", "name", "day"), ALL_CALENDAR_DAYS)
def test_every_fixed_date_in_the_rule_set_cites_a_regulation(rule_set, name, day):
    assert CITATION.search(day.source), f"{name}: {day.source!r} names no regulation"


@pytest.mark.parametrize(("rule_set", "name", "period"), ALL_PERIODS)
def test_an_unconfirmed_period_says_what_is_uncertain(rule_set, name, period):
    if not period.confirmed:
        assert period.note.strip()


def test_a_period_without_a_source_is_refused():
    with pytest.raises(ValueError, match="cite its source"):
        Period(weeks=6, source=" ")


def test_a_fixed_date_without_a_source_is_refused():
    with pytest.raises(ValueError, match="cite its source"):
        CalendarDay(month=2, day=15, source="")


@pytest.mark.parametrize(
    "units",
    [{}, {"weeks": 6, "days": 2}, {"weeks": 1, "months": 1}, {"weeks": -6}],
    ids=["no unit", "weeks and days", "weeks and months", "negative"],
)
def test_a_period_needs_exactly_one_positive_unit(units):
    with pytest.raises(ValueError):
        Period(source="SEND Regs 2014 reg 5(1)", **units)


def test_an_impossible_fixed_date_is_refused():
    with pytest.raises(ValueError):
        CalendarDay(month=2, day=30, source="SEND Regs 2014 reg 18(1)(b)")


# --- the values of the 2014 rule set ---------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "weeks", "days", "months"),
    [
        ("decision_to_assess", 6, 0, 0),  # reg 5(1)
        ("advice", 6, 0, 0),  # reg 8(1)
        ("decision_not_to_issue", 16, 0, 0),  # reg 10(1)
        ("draft_comments", 0, 15, 0),  # reg 13(1)(a)
        ("final_plan", 20, 0, 0),  # reg 13(2)
        ("reassessment", 14, 0, 0),  # reg 27(2)
        ("annual_review", 0, 0, 12),  # CFA s.44(1)
        ("review_report", 2, 0, 0),  # reg 20(7)-(8), 21(7)
        ("review_decision", 4, 0, 0),  # reg 20(10)
        ("amendment_notice", 4, 0, 0),  # reg 22(2), Devon
        ("amendment_representations", 0, 15, 0),  # reg 22(2)(c)
        ("final_amended_plan", 8, 0, 0),  # reg 22(3)
        ("amendment_long_stop", 12, 0, 0),  # Devon
        ("phase_transfer_between_post_16", 0, 0, 5),  # reg 18(2)
        ("appeal_after_decision", 0, 0, 2),  # HESC Rules
        ("appeal_after_mediation_certificate", 0, 0, 1),  # HESC Rules
    ],
)
def test_the_2014_rule_set_holds_the_statutory_length_of_each_period(name, weeks, days, months):
    period = SEND_REGULATIONS_2014.period(name)
    assert (period.weeks, period.days, period.months) == (weeks, days, months)


@pytest.mark.parametrize(
    ("name", "description"),
    [("phase_transfer_school", "15 February"), ("phase_transfer_post_16", "31 March")],
)
def test_the_phase_transfer_dates_are_15_february_and_31_march(name, description):
    assert SEND_REGULATIONS_2014.calendar_days[name].description == description


def test_the_limits_that_exceptions_can_switch_off_cite_the_exception():
    for name in ("decision_to_assess", "advice", "decision_not_to_issue", "final_plan"):
        assert "reg" in SEND_REGULATIONS_2014.period(name).exceptions
    assert "27(3)" in SEND_REGULATIONS_2014.period("reassessment").exceptions
    assert SEND_REGULATIONS_2014.period("draft_comments").exceptions == ""


def test_asking_for_a_period_the_rule_set_lacks_names_the_rule_set():
    with pytest.raises(KeyError, match="SEND Regulations 2014 has no period called 'nap'"):
        SEND_REGULATIONS_2014.period("nap")


# --- counting ----------------------------------------------------------------------------------

SIX_WEEKS = Period(weeks=6, source="SEND Regs 2014 reg 5(1)")
FIFTEEN_DAYS = Period(days=15, counting=Counting.BEGINNING_WITH, source="reg 13(1)(a)")
TWELVE_MONTHS = Period(months=12, counting=Counting.BEGINNING_WITH, source="s.44(1)")
TWO_MONTHS = Period(months=2, source="r.20(1)")


@pytest.mark.parametrize(
    ("trigger", "day_zero", "day_one"),
    [
        (date(2024, 1, 1), date(2024, 2, 12), date(2024, 2, 11)),
        (date(2024, 2, 29), date(2024, 4, 11), date(2024, 4, 10)),
        (date(2023, 12, 29), date(2024, 2, 9), date(2024, 2, 8)),
        (date(2025, 11, 20), date(2026, 1, 1), date(2025, 12, 31)),
    ],
)
def test_weeks_are_counted_by_the_one_rule_set_setting(trigger, day_zero, day_one):
    assert SIX_WEEKS.due(trigger, week_counting=WeekCounting.TRIGGER_IS_DAY_ZERO) == day_zero
    assert SIX_WEEKS.due(trigger, week_counting=WeekCounting.TRIGGER_IS_DAY_ONE) == day_one


@pytest.mark.parametrize(
    ("served", "last_day"),
    [
        (date(2024, 2, 15), date(2024, 2, 29)),  # leap year: day 15 is 29 February
        (date(2023, 2, 15), date(2023, 3, 1)),
        (date(2025, 12, 20), date(2026, 1, 3)),  # across the new year
        (date(2024, 1, 31), date(2024, 2, 14)),
    ],
)
def test_a_15_day_period_counts_the_day_of_service_as_day_1(served, last_day):
    for counting in WeekCounting:  # the week setting does not touch day periods
        assert FIFTEEN_DAYS.due(served, week_counting=counting) == last_day


@pytest.mark.parametrize(
    ("start", "last_day"),
    [
        (date(2019, 1, 1), date(2019, 12, 31)),  # the example in the CFA explanatory notes
        (date(2019, 9, 1), date(2020, 8, 31)),
        (date(2024, 2, 29), date(2025, 2, 28)),  # from 29 February: no 29 February in 2025
        (date(2023, 3, 1), date(2024, 2, 29)),  # ends on the leap day
        (date(2024, 3, 1), date(2025, 2, 28)),
        (date(2023, 2, 28), date(2024, 2, 27)),
        (date(2024, 1, 31), date(2025, 1, 30)),
        (date(2024, 12, 31), date(2025, 12, 30)),
    ],
)
def test_a_12_month_period_beginning_with_a_day_ends_the_day_before_its_anniversary(
    start, last_day
):
    assert TWELVE_MONTHS.due(start, week_counting=WeekCounting.TRIGGER_IS_DAY_ZERO) == last_day
    assert end_of_months_beginning_with(start, 12) == last_day


@pytest.mark.parametrize(
    ("decision", "due"),
    [
        (date(2025, 10, 1), date(2025, 12, 1)),  # IPSEA's worked example
        (date(2025, 12, 31), date(2026, 2, 28)),  # no 31 February: the last day of February
        (date(2023, 12, 31), date(2024, 2, 29)),  # leap year
        (date(2024, 11, 15), date(2025, 1, 15)),  # across the new year
    ],
)
def test_calendar_months_after_a_decision_end_on_the_corresponding_date(decision, due):
    assert TWO_MONTHS.due(decision, week_counting=WeekCounting.TRIGGER_IS_DAY_ZERO) == due


@pytest.mark.parametrize(
    ("day", "months", "result"),
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 11, 30), 3, date(2025, 2, 28)),
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
        (date(2025, 1, 15), -2, date(2024, 11, 15)),
        (date(2027, 7, 31), -5, date(2027, 2, 28)),
    ],
)
def test_adding_months_keeps_the_day_or_takes_the_last_day_of_a_shorter_month(day, months, result):
    assert add_months(day, months) == result


@pytest.mark.parametrize(
    ("move", "last_day"),
    [
        (date(2027, 7, 31), date(2027, 2, 28)),
        (date(2028, 7, 31), date(2028, 2, 29)),
        (date(2027, 1, 4), date(2026, 8, 4)),
    ],
)
def test_at_least_5_months_before_a_move_is_counted_back_in_calendar_months(move, last_day):
    assert SEND_REGULATIONS_2014.period("phase_transfer_between_post_16").before(move) == last_day


@pytest.mark.parametrize(
    ("strict", "expected"), [(True, date(2027, 2, 14)), (False, date(2027, 2, 15))]
)
def test_before_15_february_read_strictly_ends_on_14_february(strict, expected):
    day = SEND_REGULATIONS_2014.calendar_days["phase_transfer_school"]
    assert day.last_day_before(2027, strict=strict) == expected


@pytest.mark.parametrize(
    ("due", "moved_to"),
    [
        (date(2025, 12, 29), date(2026, 1, 2)),  # IPSEA: into the first working day of January
        (date(2025, 12, 25), date(2026, 1, 2)),
        (date(2026, 1, 1), date(2026, 1, 2)),
        (date(2026, 12, 30), date(2027, 1, 4)),  # 1 Jan 2027 Fri, 2-3 Jan weekend
        (date(2021, 12, 31), date(2022, 1, 4)),  # 1 Jan 2022 Sat: bank holiday on Mon 3 Jan
        (date(2022, 12, 28), date(2023, 1, 3)),  # 1 Jan 2023 Sun: bank holiday on Mon 2 Jan
        (date(2025, 8, 15), date(2025, 9, 1)),  # August: first working day of September
        (date(2024, 8, 31), date(2024, 9, 2)),  # 1 Sep 2024 is a Sunday
        (date(2027, 8, 2), date(2027, 9, 1)),  # 31 Aug 2027 is a Tuesday: still September
        (date(2025, 12, 24), date(2025, 12, 24)),  # not in the holiday window
        (date(2026, 1, 2), date(2026, 1, 2)),
        (date(2025, 7, 31), date(2025, 7, 31)),
        (date(2025, 9, 20), date(2025, 9, 20)),  # a Saturday outside the windows stays
    ],
)
def test_appeal_deadlines_move_out_of_the_christmas_and_august_windows(due, moved_to):
    assert appeal_holiday_adjustment(due) == moved_to


# --- choosing the rule set ------------------------------------------------------------------


def test_the_2014_rules_apply_to_clocks_started_from_1_september_2014():
    assert rule_set_for(date(2014, 9, 1)) is SEND_REGULATIONS_2014
    assert rule_set_for(date(2029, 9, 1)) is SEND_REGULATIONS_2014  # no later set yet
    with pytest.raises(LookupError, match="2014-08-31"):
        rule_set_for(date(2014, 8, 31))


# A made-up later rule set, to show one can replace another without touching the clock.
ENDING_2014 = dataclasses.replace(SEND_REGULATIONS_2014, in_force_to=date(2029, 8, 31))
LATER = dataclasses.replace(
    SEND_REGULATIONS_2014,
    name="Illustrative later rules",
    in_force_from=date(2029, 9, 1),
    in_force_to=None,
    periods={
        **SEND_REGULATIONS_2014.periods,
        "final_plan": Period(weeks=18, source="Illustrative Regs 2029 reg 13(2)"),
    },
)


@pytest.mark.parametrize(
    ("trigger", "name"),
    [
        (date(2029, 8, 31), "SEND Regulations 2014"),
        (date(2029, 9, 1), "Illustrative later rules"),
        (date(2035, 1, 1), "Illustrative later rules"),
    ],
)
def test_the_rule_set_in_force_on_the_trigger_date_is_chosen(trigger, name):
    assert select_rule_set((ENDING_2014, LATER), trigger).name == name


def test_overlapping_rule_sets_are_refused():
    with pytest.raises(LookupError, match="overlap"):
        select_rule_set((SEND_REGULATIONS_2014, LATER), date(2030, 1, 1))


def test_a_rule_set_cannot_end_before_it_starts():
    with pytest.raises(ValueError, match="before"):
        dataclasses.replace(SEND_REGULATIONS_2014, in_force_to=date(2014, 8, 31))


def test_the_indicator_definitions_count_the_periods_of_the_rule_set_in_force():
    from cases import counting

    assert (counting.DECISION_TO_ASSESS_DAYS, counting.NOT_TO_ISSUE_DAYS, counting.FINAL_PLAN_DAYS,
            counting.REVIEW_DECISION_DAYS) == (42, 112, 140, 28)


def test_a_period_in_months_has_no_fixed_length_in_days():
    import pytest

    from cases.statutory_rules import Period

    with pytest.raises(ValueError, match="no fixed length"):
        _ = Period(months=2, source="CFA 2014 s.51; SEND Regs 2014 reg 43(2)").length
