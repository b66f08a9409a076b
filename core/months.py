"""Calendar-month arithmetic, shared by every app. Pure: no Django."""

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The corresponding date ``months`` later (or earlier), or the last day of a shorter month.

    31 January + 1 month is 28 (or 29) February; 29 February 2024 + 12 months is 28 February 2025.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_start(day: datetime.date, months: int = 0) -> datetime.date:
    """The first day of the month ``months`` after (or before) ``day``'s month."""
    index = day.year * 12 + (day.month - 1) + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_end(day: datetime.date) -> datetime.date:
    """The last day of ``day``'s month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])
