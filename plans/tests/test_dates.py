"""Plan dates as councils write them: months, TBC, real dates (pure; no database)."""

import datetime

import pytest

from plans import dates

D = datetime.date


@pytest.mark.parametrize(("text", "expected"), [
    ("Feb-23", dates.PlanDate(D(2023, 2, 1), dates.MONTH)),
    ("feb-23", dates.PlanDate(D(2023, 2, 1), dates.MONTH)),
    ("February 2023", dates.PlanDate(D(2023, 2, 1), dates.MONTH)),
    ("Sept 24", dates.PlanDate(D(2024, 9, 1), dates.MONTH)),
    ("2024-03", dates.PlanDate(D(2024, 3, 1), dates.MONTH)),
    ("2023-02-14", dates.PlanDate(D(2023, 2, 14), dates.DAY)),
    ("14/02/2023", dates.PlanDate(D(2023, 2, 14), dates.DAY)),
    ("14 Feb 2023", dates.PlanDate(D(2023, 2, 14), dates.DAY)),
    ("TBC", dates.PlanDate(None, dates.TBC)),
    ("to be confirmed", dates.PlanDate(None, dates.TBC)),
    ("", dates.PlanDate(None, dates.NONE)),
    (None, dates.PlanDate(None, dates.NONE)),
    (datetime.datetime(2025, 5, 6, 0, 0), dates.PlanDate(D(2025, 5, 6), dates.DAY)),
    (D(2025, 5, 6), dates.PlanDate(D(2025, 5, 6), dates.DAY)),
])
def test_a_cell_is_read_as_a_date_with_its_precision(text, expected):
    assert dates.parse_plan_date(text) == expected


@pytest.mark.parametrize(("text", "message"), [
    ("Foo-23", "is not a month we recognise"),
    ("31/02/2023", "is not a real date"),
    ("soon", "is not a date: write a date, a month like Feb-23, or TBC"),
])
def test_a_cell_that_is_not_a_date_gets_a_message_saying_what_to_write(text, message):
    with pytest.raises(dates.PlanDateError, match=message):
        dates.parse_plan_date(text)


def test_a_start_date_cannot_be_to_be_confirmed():
    with pytest.raises(dates.PlanDateError, match="a start date cannot be TBC"):
        dates.parse_plan_date("TBC", allow_tbc=False)


@pytest.mark.parametrize(("value", "precision", "short", "long"), [
    (D(2023, 2, 1), dates.MONTH, "Feb-23", "February 2023"),
    (D(2023, 2, 14), dates.DAY, "14 Feb 2023", "14 February 2023"),
    (None, dates.TBC, "TBC", "TBC"),
    (None, dates.NONE, "", ""),
])
def test_dates_are_written_as_plans_write_them(value, precision, short, long):
    assert dates.format_plan_date(value, precision) == short
    assert dates.format_plan_date(value, precision, style="long") == long


@pytest.mark.parametrize(("due", "precision", "today", "past_due"), [
    (D(2025, 2, 1), dates.MONTH, D(2025, 2, 28), False),  # due in February: on time all month
    (D(2025, 2, 1), dates.MONTH, D(2025, 3, 1), True),
    (D(2024, 2, 1), dates.MONTH, D(2024, 2, 29), False),  # leap year
    (D(2025, 2, 14), dates.DAY, D(2025, 2, 14), False),
    (D(2025, 2, 14), dates.DAY, D(2025, 2, 15), True),
    (None, dates.TBC, D(2030, 1, 1), False),
    (None, dates.NONE, D(2030, 1, 1), False),
])
def test_past_due_counts_a_month_date_as_due_at_the_end_of_its_month(due, precision, today, past_due):
    assert dates.is_past_due(due, precision, today=today) is past_due


@pytest.mark.parametrize(("start", "months", "expected"), [
    (D(2025, 1, 31), 1, D(2025, 2, 28)),
    (D(2025, 11, 15), 3, D(2026, 2, 15)),
    (D(2025, 3, 1), -3, D(2024, 12, 1)),
])
def test_adding_months_keeps_the_day_or_the_months_last_day(start, months, expected):
    assert dates.add_months(start, months) == expected


@pytest.mark.parametrize(("due", "precision", "start", "end", "inside"), [
    (D(2025, 3, 1), dates.MONTH, D(2025, 3, 15), D(2025, 4, 14), True),  # March overlaps
    (D(2025, 2, 1), dates.MONTH, D(2025, 3, 1), D(2025, 3, 31), False),
    (D(2025, 3, 31), dates.DAY, D(2025, 3, 1), D(2025, 3, 31), True),
    (D(2025, 4, 1), dates.DAY, D(2025, 3, 1), D(2025, 3, 31), False),
    (None, dates.TBC, D(2025, 3, 1), D(2025, 3, 31), False),
])
def test_a_due_date_falls_within_a_period_if_any_of_it_overlaps(due, precision, start, end, inside):
    assert dates.falls_within(due, precision, start, end) is inside


def test_duration_runs_from_the_start_to_the_end_of_the_due_month_inclusive():
    assert dates.duration_days(D(2025, 1, 1), dates.MONTH, D(2025, 1, 1), dates.MONTH) == 31
    assert dates.duration_days(D(2025, 1, 1), dates.DAY, None, dates.TBC) is None


# ---- reporting cycle periods ------------------------------------------------------------------


@pytest.mark.parametrize(("first", "months", "count", "day", "rule", "expected"), [
    (D(2025, 1, 1), 1, 3, 20, "last_month", [
        (D(2025, 1, 1), D(2025, 1, 31), D(2025, 1, 20)),
        (D(2025, 2, 1), D(2025, 2, 28), D(2025, 2, 20)),
        (D(2025, 3, 1), D(2025, 3, 31), D(2025, 3, 20))]),
    (D(2025, 1, 15), 1, 2, 31, "last_month", [  # a mid-month start means that month; day 31 in a short month
        (D(2025, 1, 1), D(2025, 1, 31), D(2025, 1, 31)),
        (D(2025, 2, 1), D(2025, 2, 28), D(2025, 2, 28))]),
    (D(2024, 12, 1), 1, 2, 10, "next_month", [  # due in the month after the period, across a year end
        (D(2024, 12, 1), D(2024, 12, 31), D(2025, 1, 10)),
        (D(2025, 1, 1), D(2025, 1, 31), D(2025, 2, 10))]),
    (D(2025, 4, 1), 3, 2, 15, "next_month", [
        (D(2025, 4, 1), D(2025, 6, 30), D(2025, 7, 15)),
        (D(2025, 7, 1), D(2025, 9, 30), D(2025, 10, 15))]),
    (D(2023, 11, 1), 3, 1, 30, "last_month", [(D(2023, 11, 1), D(2024, 1, 31), D(2024, 1, 30))]),
    (D(2024, 1, 1), 1, 1, 30, "next_month", [(D(2024, 1, 1), D(2024, 1, 31), D(2024, 2, 29))]),  # leap year
])
def test_cycle_periods_run_back_to_back_with_deadlines_by_the_rule(first, months, count, day, rule, expected):
    periods = dates.cycle_periods(first, months=months, count=count, deadline_day=day, deadline_rule=rule)
    assert [tuple(period) for period in periods] == expected


def test_an_unknown_deadline_rule_is_an_error():
    with pytest.raises(ValueError, match="Unknown deadline rule"):
        dates.cycle_periods(D(2025, 1, 1), months=1, count=1, deadline_day=1, deadline_rule="whenever")
