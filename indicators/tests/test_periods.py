import datetime

import pytest

from indicators import periods

D = datetime.date


@pytest.mark.parametrize(
    "period, label, start, end",
    [
        (periods.calendar_year(2024), "2024", D(2024, 1, 1), D(2024, 12, 31)),
        (periods.census(2025), "January 2025", D(2025, 1, 1), D(2025, 1, 31)),
        (periods.academic_year(2023), "2023/24", D(2023, 9, 1), D(2024, 8, 31)),
        (periods.financial_year(2024), "2024-25", D(2024, 4, 1), D(2025, 3, 31)),
        (periods.month(2024, 2), "February 2024", D(2024, 2, 1), D(2024, 2, 29)),
        (periods.rolling_12(D(2025, 10, 31)), "12 months to October 2025", D(2024, 11, 1), D(2025, 10, 31)),
        (periods.quarter(2025, 2), "April to June 2025", D(2025, 4, 1), D(2025, 6, 30)),
        (periods.term("Autumn", 2023), "Autumn term 2023/24", D(2023, 9, 1), D(2023, 12, 31)),
        (periods.term("Spring term", 2023), "Spring term 2023/24", D(2024, 1, 1), D(2024, 3, 31)),
        (periods.term("summer", 2023), "Summer term 2023/24", D(2024, 4, 1), D(2024, 8, 31)),
    ],
)
def test_each_period_type_has_its_dates_and_a_plain_label(period, label, start, end):
    assert (period.label, period.start, period.end) == (label, start, end)


@pytest.mark.parametrize(
    "time_period, identifier, period_type, expected",
    [
        ("2024", "Calendar year", "calendar_year", periods.calendar_year(2024)),
        # A stock labelled by academic year is the January census in its second calendar year
        ("202425", "Academic year", "census", periods.census(2025)),
        ("201819", "Academic year", "census", periods.census(2019)),
        ("202324", "Academic year", "academic_year", periods.academic_year(2023)),
        ("202324", "Autumn term", "term", periods.term("autumn", 2023)),
        ("202526", "Spring term", "term", periods.term("spring", 2025)),
    ],
)
def test_ees_time_periods_are_read_as_dfe_labels_them(time_period, identifier, period_type, expected):
    assert periods.from_ees(time_period, identifier, period_type) == expected


@pytest.mark.parametrize("time_period, identifier", [("2024", "Fortnight"), ("202426", "Academic year"),
                                                     ("24", "Calendar year")])
def test_an_unreadable_ees_period_is_an_error_naming_it(time_period, identifier):
    with pytest.raises(periods.PeriodError, match=time_period):
        periods.from_ees(time_period, identifier, "calendar_year")


@pytest.mark.parametrize(
    "text, period_type, expected",
    [
        ("2024", "calendar_year", periods.calendar_year(2024)),
        ("2025", "census", periods.census(2025)),
        ("January 2025", "census", periods.census(2025)),
        ("2025-10", "month", periods.month(2025, 10)),
        ("October 2025", "month", periods.month(2025, 10)),
        ("Oct 2025", "month", periods.month(2025, 10)),
        ("2025-10-31", "month", periods.month(2025, 10)),
        ("2025-10", "rolling_12", periods.rolling_12(D(2025, 10, 1))),
        ("2025-Q2", "quarter", periods.quarter(2025, 2)),
        ("2023/24", "academic_year", periods.academic_year(2023)),
        ("2024", "academic_year", periods.academic_year(2023)),
        ("Autumn 2023/24", "term", periods.term("autumn", 2023)),
        ("2024-25", "financial_year", periods.financial_year(2024)),
    ],
)
def test_periods_typed_by_people_are_understood(text, period_type, expected):
    assert periods.parse(text, period_type) == expected


@pytest.mark.parametrize("text, period_type", [("", "month"), ("2025-13", "month"), ("Octobre 2025", "month"),
                                                ("24", "calendar_year"), ("2023/25", "academic_year"),
                                                ("Winter 2023/24", "term")])
def test_a_period_that_cannot_be_read_gets_a_message(text, period_type):
    with pytest.raises(periods.PeriodError):
        periods.parse(text, period_type)


@pytest.mark.parametrize(
    "period, before",
    [
        (periods.calendar_year(2024), periods.calendar_year(2023)),
        (periods.census(2025), periods.census(2024)),
        (periods.month(2025, 1), periods.month(2024, 12)),
        (periods.rolling_12(D(2025, 3, 31)), periods.rolling_12(D(2025, 2, 28))),
        (periods.quarter(2025, 1), periods.quarter(2024, 4)),
        (periods.term("spring", 2023), periods.term("autumn", 2023)),
        (periods.term("summer", 2023), periods.term("spring", 2023)),
        (periods.term("autumn", 2024), periods.term("summer", 2023)),
    ],
)
def test_the_previous_period_is_the_one_before_of_the_same_type(period, before):
    assert periods.previous(period) == before


@pytest.mark.parametrize("period", [periods.month(2024, 2), periods.rolling_12(D(2024, 2, 29)),
                                    periods.term("summer", 2020), periods.census(2019), periods.quarter(2023, 4)])
def test_a_period_is_rebuilt_from_its_type_and_start(period):
    assert periods.from_start(period.type, period.start) == period


def test_thirty_six_months_end_with_the_given_month_oldest_first():
    months = periods.months_ending(D(2025, 10, 15), 36)
    assert len(months) == 36
    assert months[0] == periods.month(2022, 11)
    assert months[-1] == periods.month(2025, 10)
