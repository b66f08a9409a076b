"""Statutory periods as data: the shapes of a rule set, and the date arithmetic they need.

A :class:`RuleSet` is a named, dated collection of :class:`Period` and :class:`CalendarDay`
rules, each citing its source. The clock picks the rule set in force on the date that starts a
clock (``select_rule_set``), so that a later set (the February 2026 white paper proposes changes
from September 2029 at the earliest) can replace one without touching the clock. The rule data
for the SEND Regulations 2014 is in :mod:`cases.send_regulations_2014`.

How periods are counted is decided here, once (docs/decisions/0021):

* Weeks: by default ``due = trigger + 7 × N`` calendar days (``WeekCounting.TRIGGER_IS_DAY_ZERO``),
  a rule-set setting. "Within N weeks" means on or before ``due``.
* Days "beginning with" the trigger (reg 13(1), 22(2)(c)): the trigger is day 1, so a 15-day
  period ends on ``trigger + 14``.
* Months "after" (tribunal appeal): the corresponding date N months later; where that month is
  shorter, its last day (31 Dec + 2 months = 28 or 29 Feb).
* Months "beginning with" (annual review, "the period of 12 months starting with"): the day
  before the corresponding date; where there is no corresponding date, the last day of the month
  before it (1 Jan 2019 → 31 Dec 2019; 29 Feb 2024 → 28 Feb 2025; 1 Mar 2023 → 29 Feb 2024).

Pure Python: no Django, no "today".
"""

from __future__ import annotations

import calendar
import datetime
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from core.months import add_months as add_months  # re-exported for the clock and counting

date = datetime.date
ONE_DAY = datetime.timedelta(days=1)


class WeekCounting(StrEnum):
    """Whether the day that starts a week-based clock is day 0 or day 1."""

    TRIGGER_IS_DAY_ZERO = "trigger_is_day_zero"  # due = trigger + 7N (common LA convention)
    TRIGGER_IS_DAY_ONE = "trigger_is_day_one"  # due = trigger + 7N - 1


class Counting(StrEnum):
    AFTER = "after"  # N units after the trigger
    BEGINNING_WITH = "beginning_with"  # a period of N units beginning with (including) the trigger


class ReviewAnchor(StrEnum):
    """Which date of a review starts the next 12-month period (send-rules.md §8 item 3)."""

    MEETING = "meeting"
    DECISION = "decision"


def end_of_months_beginning_with(day: date, months: int) -> date:
    """The last day of the period of ``months`` months beginning with ``day``: the day before
    the corresponding date or, where there is none (29 Feb, the 31st), the end of that month."""
    corresponding = add_months(day, months)
    if corresponding.day != day.day:  # no corresponding date: add_months took the month's end
        return corresponding
    return corresponding - ONE_DAY


@dataclass(frozen=True)
class Period:
    """One statutory time limit: exactly one of ``weeks``, ``days`` or ``months``.

    ``source`` cites the rule. ``exceptions`` cites the rule that can switch it off (empty: no
    exception). ``confirmed`` is False where send-rules.md marks the rule or its citation as
    unconfirmed; ``note`` says what is uncertain.
    """

    source: str
    weeks: int = 0
    days: int = 0
    months: int = 0
    counting: Counting | None = None  # None: weeks follow the rule set, days/months are AFTER
    exceptions: str = ""
    confirmed: bool = True
    note: str = ""

    def __post_init__(self) -> None:
        if not self.source.strip():
            raise ValueError("A statutory period must cite its source.")
        if sum(1 for n in (self.weeks, self.days, self.months) if n) != 1:
            raise ValueError(f"Give exactly one of weeks, days or months ({self.source}).")
        if min(self.weeks, self.days, self.months) < 0:
            raise ValueError(f"A period cannot be negative ({self.source}).")

    @property
    def description(self) -> str:
        for count, unit in ((self.weeks, "week"), (self.days, "day"), (self.months, "month")):
            if count:
                return f"{count} {unit}{'' if count == 1 else 's'}"
        return ""  # pragma: no cover - __post_init__ forbids it

    @functools.cached_property
    def _days(self) -> datetime.timedelta:
        return datetime.timedelta(days=7 * self.weeks + self.days)

    @property
    def length(self) -> datetime.timedelta:
        """The period in calendar days (7 per week). Months have no fixed length, so they raise."""
        if self.months:
            raise ValueError(f"A period of {self.description} has no fixed length in days ({self.source}).")
        return self._days

    def due(self, trigger: date, *, week_counting: WeekCounting) -> date:
        """The last day on which the duty is still met ("within" = on or before this day)."""
        counting = self.counting
        if self.weeks and counting is None:
            if week_counting is WeekCounting.TRIGGER_IS_DAY_ZERO:
                return trigger + self._days
            return trigger + self._days - ONE_DAY
        if self.weeks:
            if counting is None:
                counting = (
                    Counting.AFTER
                    if week_counting is WeekCounting.TRIGGER_IS_DAY_ZERO
                    else Counting.BEGINNING_WITH
                )
            end = trigger + datetime.timedelta(weeks=self.weeks)
            return end if counting is Counting.AFTER else end - ONE_DAY
        if self.days:
            end = trigger + datetime.timedelta(days=self.days)
            return end - ONE_DAY if counting is Counting.BEGINNING_WITH else end
        if counting is Counting.BEGINNING_WITH:
            return end_of_months_beginning_with(trigger, self.months)
        return add_months(trigger, self.months)

    def before(self, event: date) -> date:
        """The last day that is at least this period before ``event`` ("at least 5 months before")."""
        if self.weeks:
            return event - datetime.timedelta(weeks=self.weeks)
        if self.days:
            return event - datetime.timedelta(days=self.days)
        return add_months(event, -self.months)


@dataclass(frozen=True)
class CalendarDay:
    """A fixed day of the year ("before 15 February of the year of transfer")."""

    source: str
    month: int
    day: int
    confirmed: bool = True
    note: str = ""

    def __post_init__(self) -> None:
        if not self.source.strip():
            raise ValueError("A statutory date must cite its source.")
        date(2024, self.month, self.day)  # raises ValueError for an impossible day

    @property
    def description(self) -> str:
        return f"{self.day} {calendar.month_name[self.month]}"

    def in_year(self, year: int) -> date:
        return date(year, self.month, self.day)

    def last_day_before(self, year: int, *, strict: bool) -> date:
        """The last compliant day: the day before it when "before" is read strictly."""
        named = self.in_year(year)
        return named - ONE_DAY if strict else named


@dataclass(frozen=True)
class RuleSet:
    """The statutory periods in force for clocks that start from ``in_force_from`` up to and
    including ``in_force_to`` (``None``: no end yet)."""

    name: str
    in_force_from: date
    in_force_to: date | None
    periods: Mapping[str, Period]
    calendar_days: Mapping[str, CalendarDay] = field(default_factory=dict)
    week_counting: WeekCounting = WeekCounting.TRIGGER_IS_DAY_ZERO
    phase_transfer_before_is_strict: bool = True
    review_anchor: ReviewAnchor = ReviewAnchor.MEETING
    appeal_holiday_adjustment: bool = True
    exception_windows: Mapping[str, tuple[date, date, str]] = field(default_factory=dict)
    source: str = ""

    def __post_init__(self) -> None:
        if self.in_force_to is not None and self.in_force_to < self.in_force_from:
            raise ValueError(f"{self.name}: in_force_to is before in_force_from.")

    def in_force_on(self, day: date) -> bool:
        return self.in_force_from <= day and (self.in_force_to is None or day <= self.in_force_to)

    def period(self, name: str) -> Period:
        try:
            return self.periods[name]
        except KeyError:
            raise KeyError(f"{self.name} has no period called {name!r}.") from None

    def due(self, name: str, trigger: date) -> date:
        """The due date of period ``name`` for a clock started on ``trigger``."""
        return self.period(name).due(trigger, week_counting=self.week_counting)


def select_rule_set(rule_sets: Iterable[RuleSet], on: date) -> RuleSet:
    """The rule set in force on ``on`` (the day the clock starts).

    Raises ``LookupError`` when none is; callers that must not fail use the earliest set and say so.
    """
    matching = [rule_set for rule_set in rule_sets if rule_set.in_force_on(on)]
    if not matching:
        raise LookupError(f"No statutory rule set is in force on {on.isoformat()}.")
    if len(matching) > 1:
        names = ", ".join(rule_set.name for rule_set in matching)
        raise LookupError(f"Rule sets overlap on {on.isoformat()}: {names}.")
    return matching[0]


def appeal_holiday_adjustment(due: date) -> date:
    """Move an appeal deadline out of 25 December-1 January and August (HESC Rules 2008).

    25 December to 1 January: the next working day in January. August: the first working day
    of September. Working days exclude weekends and the New Year bank holiday (England).
    """
    if due.month == 8:
        candidate = date(due.year, 9, 1)
    elif (due.month == 12 and due.day >= 25) or (due.month == 1 and due.day == 1):
        year = due.year + 1 if due.month == 12 else due.year
        candidate = date(year, 1, 2)
    else:
        return due
    new_year = date(candidate.year, 1, 1)
    holidays = {new_year}
    if new_year.weekday() >= 5:  # substitute day: the Monday after
        holidays.add(new_year + datetime.timedelta(days=7 - new_year.weekday()))
    while candidate.weekday() >= 5 or candidate in holidays:
        candidate += datetime.timedelta(days=1)
    return candidate
