"""Status rules for improvement plans: flags and roll-ups. Pure: no Django, today passed in.

Statuses are reasoned about by their meaning (``"off_track"`` ...), the values of
``plans.choices.StatusMeaning``; each plan words and colours them as it likes.
"""

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from . import dates

# The values of plans.choices.StatusMeaning (a test keeps them in step).
NOT_DUE = "not_due"
ON_TRACK = "on_track"
SOME_CONCERNS = "some_concerns"
OFF_TRACK = "off_track"
COMPLETED = "completed"
SUSTAINED = "sustained"
MEANINGS = (NOT_DUE, ON_TRACK, SOME_CONCERNS, OFF_TRACK, COMPLETED, SUSTAINED)
NO_UPDATE = "no_update"  # roll-up bucket for actions nobody has reported on yet
COMPLETE = frozenset({COMPLETED, SUSTAINED})
EXCEPTIONS = frozenset({OFF_TRACK, SOME_CONCERNS})

# The values of plans.choices.Flag.
PAST_DUE = "past_due"
NOT_UPDATED = "not_updated"
INDICATOR_OFF_TRAJECTORY = "indicator_off_trajectory"


@dataclass(frozen=True)
class ActionFacts:
    """What the rules need to know about one action."""

    meaning: str | None = None  # the meaning of its current status; None if never reported on
    start_on: datetime.date | None = None
    start_precision: str = ""
    due_on: datetime.date | None = None
    due_precision: str = ""
    last_update_on: datetime.date | None = None
    indicators_off_trajectory: tuple[bool | None, ...] = field(default_factory=tuple)


def is_complete(meaning: str | None) -> bool:
    return meaning in COMPLETE


def has_started(facts: ActionFacts, *, today: datetime.date) -> bool:
    """Started on or before today; an action with no start date counts as started."""
    if facts.start_on is None:
        return True
    return facts.start_on <= today


def needs_update(facts: ActionFacts, *, today: datetime.date) -> bool:
    """Whether a lead is expected to report on this action: started and not complete."""
    return not is_complete(facts.meaning) and has_started(facts, today=today)


def is_past_due(facts: ActionFacts, *, today: datetime.date) -> bool:
    """Past due and not complete: the due date (end of the month, for a month) is before today."""
    return not is_complete(facts.meaning) and dates.is_past_due(facts.due_on, facts.due_precision, today=today)


def is_not_updated(facts: ActionFacts, *, today: datetime.date, cycle_start: datetime.date | None) -> bool:
    """Status not updated this cycle: no update on or after the start of the cycle's period.

    Actions not yet started, and completed ones, need no update. With no current cycle, nothing
    is flagged.
    """
    if cycle_start is None or not needs_update(facts, today=today):
        return False
    return facts.last_update_on is None or facts.last_update_on < cycle_start


def flags(facts: ActionFacts, *, today: datetime.date, cycle_start: datetime.date | None = None) -> list[str]:
    """The automatic flags on an action, in a fixed order."""
    found = []
    if is_past_due(facts, today=today):
        found.append(PAST_DUE)
    if is_not_updated(facts, today=today, cycle_start=cycle_start):
        found.append(NOT_UPDATED)
    if not is_complete(facts.meaning) and any(off is True for off in facts.indicators_off_trajectory):
        found.append(INDICATOR_OFF_TRAJECTORY)
    return found


def rollup(items: Iterable[tuple[object, str | None]]) -> dict[object, Counter]:
    """Count actions by status meaning within each group: ``{group: Counter({meaning: n})}``.

    ``items`` are ``(group, meaning)`` pairs, e.g. (priority id, "off_track"). Actions never
    reported on count under ``NO_UPDATE``. Groups keep the order they first appear in.
    """
    counts: dict[object, Counter] = {}
    for group, meaning in items:
        counts.setdefault(group, Counter())[meaning or NO_UPDATE] += 1
    return counts


def total(counts: dict[object, Counter]) -> Counter:
    """All groups' counts added together."""
    result: Counter = Counter()
    for counter in counts.values():
        result.update(counter)
    return result


def percent_complete(counter: Counter) -> float | None:
    """Share of actions complete (completed or sustained), to 1 dp; None for no actions."""
    count = sum(counter.values())
    if not count:
        return None
    return round(100 * sum(counter[m] for m in COMPLETE) / count, 1)


def top_group(section_id, parent_of: dict) -> object:
    """The top-level section above ``section_id``, given ``{section_id: parent_id or None}``."""
    seen = set()
    while parent_of.get(section_id) is not None:
        if section_id in seen:  # a loop in the data must not hang a page
            break
        seen.add(section_id)
        section_id = parent_of[section_id]
    return section_id


def completed_between(completed_on: datetime.date | None, start: datetime.date | None, end: datetime.date) -> bool:
    """Completed after ``start`` (exclusive; None means ever) and on or before ``end``."""
    if completed_on is None:
        return False
    return completed_on <= end and (start is None or completed_on > start)


def due_in_period(facts: ActionFacts, start: datetime.date, end: datetime.date) -> bool:
    """Not complete and due within ``start``..``end`` (a month-precision date counts if it overlaps)."""
    return not is_complete(facts.meaning) and dates.falls_within(facts.due_on, facts.due_precision, start, end)
