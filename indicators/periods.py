"""Reporting periods: what a value's dates mean, how to label them, and how DfE labels them.

Pure: no Django. A period is identified by its type and start date (that is how values are keyed).

DfE conventions (send-rules.md §5.1): flows are labelled by calendar year ("2024" = January to
December 2024); stocks are counted at the January census and labelled by academic year in EES files
("202425" = January 2025), which SENDsight calls census year 2025.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

from core.months import month_end, month_start

MONTH = "month"
ROLLING_12 = "rolling_12"
QUARTER = "quarter"
TERM = "term"
CALENDAR_YEAR = "calendar_year"
CENSUS = "census"
ACADEMIC_YEAR = "academic_year"
FINANCIAL_YEAR = "financial_year"
TYPES = (MONTH, ROLLING_12, QUARTER, TERM, CALENDAR_YEAR, CENSUS, ACADEMIC_YEAR, FINANCIAL_YEAR)

# Terms as DfE publishes them. Dates are conventional boundaries used for ordering, not term dates.
TERMS = {"autumn": (9, 12), "spring": (1, 3), "summer": (4, 8)}


class PeriodError(ValueError):
    """A period that cannot be read; the message says why."""


def _academic_label(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


@dataclass(frozen=True, order=True)
class Period:
    type: str
    start: datetime.date
    end: datetime.date

    @property
    def label(self) -> str:
        s, e = self.start, self.end
        if self.type == MONTH:
            return f"{s:%B %Y}"
        if self.type == ROLLING_12:
            return f"12 months to {e:%B %Y}"
        if self.type == QUARTER:
            return f"{s:%B} to {e:%B %Y}"
        if self.type == CALENDAR_YEAR:
            return str(s.year)
        if self.type == CENSUS:
            return f"January {s.year}"
        if self.type == ACADEMIC_YEAR:
            return _academic_label(s.year)
        if self.type == FINANCIAL_YEAR:
            return f"{s.year}-{(s.year + 1) % 100:02d}"
        if self.type == TERM:
            name = next(n for n, (first, _) in TERMS.items() if first == s.month)
            return f"{name.capitalize()} term {_academic_label(s.year if s.month >= 9 else s.year - 1)}"
        return f"{s:%d %b %Y} to {e:%d %b %Y}"

    @property
    def short_label(self) -> str:
        """A compact label for chart axes and sparklines."""
        if self.type in (MONTH, ROLLING_12):
            return f"{self.end:%b %y}"
        if self.type == CENSUS:
            return f"Jan {self.start.year}"
        if self.type == TERM:
            return f"{self.label.split()[0][:3]} {self.label.split()[-1]}"
        return self.label

    @property
    def year(self) -> int:
        """The benchmark year: calendar year for flows, census year for stocks, end year otherwise."""
        return self.end.year

    def key(self) -> tuple[str, datetime.date]:
        return (self.type, self.start)


def month(year: int, month_number: int) -> Period:
    start = datetime.date(year, month_number, 1)
    return Period(MONTH, start, month_end(start))


def rolling_12(end: datetime.date) -> Period:
    """The 12 months ending with the month of ``end``."""
    return Period(ROLLING_12, month_start(end, -11), month_end(end))


def quarter(year: int, number: int) -> Period:
    start = datetime.date(year, 3 * number - 2, 1)
    return Period(QUARTER, start, month_end(month_start(start, 2)))


def calendar_year(year: int) -> Period:
    return Period(CALENDAR_YEAR, datetime.date(year, 1, 1), datetime.date(year, 12, 31))


def census(year: int) -> Period:
    """The January census of ``year`` (DfE's academic-year label ``(year-1)(year%100)``)."""
    return Period(CENSUS, datetime.date(year, 1, 1), datetime.date(year, 1, 31))


def academic_year(start_year: int) -> Period:
    return Period(ACADEMIC_YEAR, datetime.date(start_year, 9, 1), datetime.date(start_year + 1, 8, 31))


def financial_year(start_year: int) -> Period:
    return Period(FINANCIAL_YEAR, datetime.date(start_year, 4, 1), datetime.date(start_year + 1, 3, 31))


def term(name: str, academic_start_year: int) -> Period:
    key = name.lower().replace("term", "").strip()
    if key not in TERMS:
        raise PeriodError(f"Unknown term {name!r}: use Autumn, Spring or Summer")
    first, last = TERMS[key]
    year = academic_start_year if first >= 9 else academic_start_year + 1
    return Period(TERM, datetime.date(year, first, 1), month_end(datetime.date(year, last, 1)))


def from_start(period_type: str, start: datetime.date) -> Period:
    """Rebuild a period from how values store it (type and start date)."""
    if period_type == MONTH:
        return month(start.year, start.month)
    if period_type == ROLLING_12:
        return rolling_12(month_start(start, 11))
    if period_type == QUARTER:
        return quarter(start.year, (start.month - 1) // 3 + 1)
    if period_type == CALENDAR_YEAR:
        return calendar_year(start.year)
    if period_type == CENSUS:
        return census(start.year)
    if period_type == ACADEMIC_YEAR:
        return academic_year(start.year)
    if period_type == FINANCIAL_YEAR:
        return financial_year(start.year)
    if period_type == TERM:
        name = next(n for n, (first, _) in TERMS.items() if first == start.month)
        return term(name, start.year if start.month >= 9 else start.year - 1)
    raise PeriodError(f"Unknown period type {period_type!r}")


def previous(period: Period) -> Period:
    """The period before, of the same type (the one 'change since last period' compares with)."""
    if period.type in (MONTH, ROLLING_12):
        return from_start(period.type, month_start(period.start, -1))
    if period.type == QUARTER:
        return from_start(QUARTER, month_start(period.start, -3))
    if period.type == TERM:
        s = period.start
        before = {1: datetime.date(s.year - 1, 9, 1), 4: datetime.date(s.year, 1, 1),
                  9: datetime.date(s.year, 4, 1)}[s.month]
        return from_start(TERM, before)
    return from_start(period.type, period.start.replace(year=period.start.year - 1))


def _academic_start(time_period: str) -> int:
    """'202425' -> 2024; '2024/25' -> 2024; '2024-25' -> 2024."""
    text = time_period.strip()
    match = re.fullmatch(r"(\d{4})[/-]?(\d{2})", text)
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise PeriodError(f"{time_period!r} is not an academic year like 202425 or 2024/25")
    return int(match.group(1))


def from_ees(time_period: str, time_identifier: str, period_type: str) -> Period:
    """The period an EES row describes, read as the indicator's ``period_type`` wants it.

    A stock file labelled ``202425`` / ``Academic year`` describes the January 2025 census.
    """
    ident = time_identifier.strip().lower()
    tp = time_period.strip()
    if ident == "calendar year":
        if not re.fullmatch(r"\d{4}", tp):
            raise PeriodError(f"{time_period!r} is not a calendar year")
        return calendar_year(int(tp))
    if ident == "academic year":
        start = _academic_start(tp)
        return census(start + 1) if period_type == CENSUS else academic_year(start)
    if ident == "financial year":
        return financial_year(_academic_start(tp))
    if ident in ("autumn term", "spring term", "summer term"):
        return term(ident.split()[0], _academic_start(tp))
    if ident == "january" and re.fullmatch(r"\d{4}", tp):
        return census(int(tp))
    raise PeriodError(f"Unsupported time_identifier {time_identifier!r} for time_period {time_period!r}")


_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})


def parse(text: str, period_type: str) -> Period:
    """Read a period someone typed or put in a spreadsheet, for an indicator of ``period_type``.

    Calendar year and census: "2024". Academic year: "2023/24", "202324" or "2024" (the year it
    ends). Month and 12 months ending: "2025-10", "October 2025", "Oct 2025" or a date in the month.
    Quarter: "2025-Q2". Term: "Autumn 2023/24". Financial year: "2024-25".
    """
    raw = str(text).strip()
    if not raw:
        raise PeriodError("Enter the period")
    low = raw.lower()
    try:
        if period_type in (CALENDAR_YEAR, CENSUS):
            match = re.fullmatch(r"(?:january\s+|jan\s+)?(\d{4})", low)
            if not match:
                raise PeriodError(f"{raw!r} is not a year like 2024")
            year = int(match.group(1))
            return calendar_year(year) if period_type == CALENDAR_YEAR else census(year)
        if period_type == ACADEMIC_YEAR:
            if re.fullmatch(r"\d{4}", low):
                return academic_year(int(low) - 1)
            return academic_year(_academic_start(low))
        if period_type == FINANCIAL_YEAR:
            return financial_year(_academic_start(low))
        if period_type in (MONTH, ROLLING_12):
            match = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-\d{1,2})?", low)
            if match:
                year, number = int(match.group(1)), int(match.group(2))
            else:
                match = re.fullmatch(r"([a-z]+)\s+(\d{4})", low)
                if not match or match.group(1) not in _MONTHS:
                    raise PeriodError(f"{raw!r} is not a month like 2025-10 or October 2025")
                year, number = int(match.group(2)), _MONTHS[match.group(1)]
            if not 1 <= number <= 12:
                raise PeriodError(f"{raw!r} is not a month like 2025-10 or October 2025")
            found = month(year, number)
            return found if period_type == MONTH else rolling_12(found.end)
        if period_type == QUARTER:
            match = re.fullmatch(r"(\d{4})[- ]?q([1-4])", low)
            if not match:
                raise PeriodError(f"{raw!r} is not a quarter like 2025-Q2")
            return quarter(int(match.group(1)), int(match.group(2)))
        if period_type == TERM:
            match = re.fullmatch(r"(autumn|spring|summer)(?:\s+term)?\s+(\S+)", low)
            if not match:
                raise PeriodError(f"{raw!r} is not a term like Autumn 2023/24")
            return term(match.group(1), _academic_start(match.group(2)))
    except ValueError as error:
        if isinstance(error, PeriodError):
            raise
        raise PeriodError(f"{raw!r} is not a valid period") from None
    raise PeriodError(f"Unknown period type {period_type!r}")


def months_ending(end: datetime.date, count: int) -> list[Period]:
    """The ``count`` calendar months ending with ``end``'s month, oldest first."""
    return [month(d.year, d.month) for d in (month_start(end, -i) for i in range(count - 1, -1, -1))]
