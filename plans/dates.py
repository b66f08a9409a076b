"""Plan dates as councils write them: real dates, months ("Feb-23") and "TBC". Pure: no Django.

A date has a precision: ``day``, ``month`` (stored as the 1st of the month) or ``tbc`` (no date
yet); ``""`` means no date was given. An action due in a month is due by the end of that month.
"""

import calendar
import datetime
import re
from typing import NamedTuple

from core.months import add_months as add_months  # re-exported: plans code uses dates.add_months
from core.months import month_end as month_end

DAY, MONTH, TBC, NONE = "day", "month", "tbc", ""

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_name) if name})
MONTHS["sept"] = 9

TBC_WORDS = {"tbc", "tba", "to be confirmed", "to be agreed", "tbd"}

_MONTH_YEAR = re.compile(r"^([a-z]+)[\s\-/']*(\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_UK = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})$")
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[\s\-]+([a-z]+)[\s\-]+(\d{2}|\d{4})$")


class PlanDate(NamedTuple):
    value: datetime.date | None
    precision: str

    def __str__(self) -> str:
        return format_plan_date(self.value, self.precision)


class PlanDateError(ValueError):
    """The text is not a date we understand; the message says what to write instead."""


def _year(text: str) -> int:
    year = int(text)
    return 2000 + year if year < 100 else year


def parse_plan_date(value, *, allow_tbc: bool = True) -> PlanDate:
    """Read a cell: a date, ``Feb-23``, ``February 2023``, ``2023-02-14``, ``14/02/2023`` or ``TBC``.

    Raises PlanDateError with a message fit to show the person who wrote the cell.
    """
    if value is None:
        return PlanDate(None, NONE)
    if isinstance(value, datetime.datetime):
        return PlanDate(value.date(), DAY)
    if isinstance(value, datetime.date):
        return PlanDate(value, DAY)
    text = str(value).strip().lower().rstrip("?").strip()
    if not text:
        return PlanDate(None, NONE)
    if text in TBC_WORDS:
        if not allow_tbc:
            raise PlanDateError("a start date cannot be TBC: write a month, like Feb-23, or leave it blank")
        return PlanDate(None, TBC)
    try:
        if match := _MONTH_YEAR.match(text):
            month = MONTHS.get(match.group(1))
            if month is None:
                raise PlanDateError(f"{value!r} is not a month we recognise: write it like Feb-23")
            return PlanDate(datetime.date(_year(match.group(2)), month, 1), MONTH)
        if match := _ISO.match(text):
            return PlanDate(datetime.date(*(int(part) for part in match.groups())), DAY)
        if match := _YEAR_MONTH.match(text):
            return PlanDate(datetime.date(int(match.group(1)), int(match.group(2)), 1), MONTH)
        if match := _DAY_MONTH_YEAR.match(text):
            day, month_name, year = match.groups()
            month = MONTHS.get(month_name)
            if month is None:
                raise PlanDateError(f"{value!r} is not a month we recognise: write it like Feb-23")
            return PlanDate(datetime.date(_year(year), month, int(day)), DAY)
        if match := _UK.match(text):
            day, month, year = match.groups()
            return PlanDate(datetime.date(_year(year), int(month), int(day)), DAY)
    except ValueError as error:
        if isinstance(error, PlanDateError):
            raise
        raise PlanDateError(f"{value!r} is not a real date") from None
    allowed = "a date, a month like Feb-23" + (", or TBC" if allow_tbc else "")
    raise PlanDateError(f"{value!r} is not a date: write {allowed}")


def format_plan_date(value: datetime.date | None, precision: str, *, style: str = "short") -> str:
    """``Feb-23`` / ``14 Feb 2023`` (short, as plans write them) or ``February 2023`` (long)."""
    if precision == TBC:
        return "TBC"
    if value is None:
        return ""
    if precision == MONTH:
        return value.strftime("%b-%y") if style == "short" else value.strftime("%B %Y")
    return f"{value.day} {value.strftime('%b %Y' if style == 'short' else '%B %Y')}"


def due_by(value: datetime.date | None, precision: str) -> datetime.date | None:
    """The last day an action can finish and still be on time (end of month for a month)."""
    if value is None or precision == TBC:
        return None
    return month_end(value) if precision == MONTH else value


def is_past_due(value: datetime.date | None, precision: str, *, today: datetime.date) -> bool:
    """Due before today. A month-precision date is past due only once its month is over."""
    deadline = due_by(value, precision)
    return deadline is not None and deadline < today


def falls_within(value: datetime.date | None, precision: str, start: datetime.date, end: datetime.date) -> bool:
    """Whether a due date falls in ``start``..``end`` (inclusive); a month counts if it overlaps."""
    if value is None or precision == TBC:
        return False
    first = value
    last = due_by(value, precision)
    return first <= end and last >= start


def duration_days(start: datetime.date | None, start_precision: str,
                  due: datetime.date | None, due_precision: str) -> int | None:
    """Days from the start to the due date, both inclusive, or None if either is missing."""
    deadline = due_by(due, due_precision)
    if start is None or deadline is None or start_precision == TBC:
        return None
    return (deadline - start).days + 1


# ---- reporting cycle periods ------------------------------------------------------------------

DEADLINE_IN_LAST_MONTH = "last_month"  # updates due on day N of the period's last month
DEADLINE_IN_NEXT_MONTH = "next_month"  # updates due on day N of the month after the period
DEADLINE_RULES = (DEADLINE_IN_LAST_MONTH, DEADLINE_IN_NEXT_MONTH)


class CyclePeriod(NamedTuple):
    start: datetime.date
    end: datetime.date
    deadline: datetime.date


def cycle_periods(first_start: datetime.date, *, months: int, count: int, deadline_day: int,
                  deadline_rule: str = DEADLINE_IN_LAST_MONTH) -> list[CyclePeriod]:
    """``count`` back-to-back periods of ``months`` months from the month of ``first_start``, each
    with its deadline: day ``deadline_day`` (or the month's last day, if shorter) of the period's
    last month, or of the month after it."""
    if deadline_rule not in DEADLINE_RULES:
        raise ValueError(f"Unknown deadline rule {deadline_rule!r}")
    periods, start = [], first_start.replace(day=1)
    for _ in range(count):
        end = month_end(add_months(start, months - 1))
        deadline_month = end if deadline_rule == DEADLINE_IN_LAST_MONTH else month_end(add_months(start, months))
        deadline = deadline_month.replace(day=min(deadline_day, deadline_month.day))
        periods.append(CyclePeriod(start, end, deadline))
        start = add_months(start, months)
    return periods
