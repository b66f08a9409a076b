"""Suppressing small counts from local data before they are shown to the public.

Pure: no Django.

Primary suppression: a count of 1 to 4 is replaced by ``c`` (DfE's symbol for confidential);
0 is shown. Percentages whose numerator or denominator is suppressed are suppressed too.

Secondary suppression: when parts and their total appear on the same page, a reader could work
out a hidden part by subtracting the shown parts from the total. So, whenever the total is shown,
more parts are hidden (the smallest non-zero shown ones first) until no hidden part can be
deduced from the total and what is shown. If that is impossible, the total is hidden as well.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

SUPPRESSED = "c"
SMALLEST_SHOWN = 5  # counts of 1 to 4 are suppressed
K = TypeVar("K")


def is_small(count: int | float | None) -> bool:
    return count is not None and 0 < count < SMALLEST_SHOWN


def suppress_count(count: int | None) -> int | str | None:
    """A count as it may be shown: the number, ``c`` for 1 to 4, or None when unknown."""
    return SUPPRESSED if is_small(count) else count


def suppress_rate(value: float | None, *, numerator: float | None, denominator: float | None) -> float | str | None:
    """A percentage or rate as it may be shown: ``c`` if it was worked out from a count of 1 to 4."""
    if value is None:
        return None
    if is_small(numerator) or is_small(denominator):
        return SUPPRESSED
    return value


def _deducible(hidden: list[int]) -> bool:
    """Could any hidden value be worked out, knowing their sum and that each is in its range?

    A value of 1 to 4 lies in [1, 4]; a larger hidden value in [5, infinity).
    """
    if not hidden:
        return False
    bounds = [(1, 4) if is_small(v) else (SMALLEST_SHOWN, math.inf) for v in hidden]
    total = sum(hidden)
    for i, (low, high) in enumerate(bounds):
        others_low = sum(b[0] for j, b in enumerate(bounds) if j != i)
        others_high = sum(b[1] for j, b in enumerate(bounds) if j != i)
        smallest = max(low, total - others_high)
        largest = min(high, total - others_low)
        if smallest == largest:
            return True
    return False


@dataclass(frozen=True)
class SuppressedGroup(Generic[K]):
    parts: dict[K, int | str | None]
    total: int | str | None

    @property
    def any_suppressed(self) -> bool:
        return SUPPRESSED in self.parts.values() or self.total == SUPPRESSED


def suppress_group(parts: Mapping[K, int | None], total: int | None = None) -> SuppressedGroup[K]:
    """Suppress a set of counts shown together with (optionally) their total.

    ``total`` defaults to nothing shown. Parts that are None stay None (unknown).
    """
    hidden = {key for key, count in parts.items() if is_small(count)}
    total_shown = total is not None and not is_small(total)
    if total_shown and hidden:
        shown_nonzero = sorted(
            (count, str(key), key) for key, count in parts.items()
            if key not in hidden and count not in (None, 0)
        )
        while _deducible([parts[k] for k in hidden]):  # one hidden part alone always is
            if not shown_nonzero:
                total_shown = False
                break
            hidden.add(shown_nonzero.pop(0)[2])
    shown_parts = {key: (SUPPRESSED if key in hidden else count) for key, count in parts.items()}
    shown_total: int | str | None = total
    if total is not None and not total_shown:
        shown_total = SUPPRESSED
    return SuppressedGroup(shown_parts, shown_total)


def display(value: int | float | str | None, *, places: int = 0, unavailable: str = "Not available") -> str:
    """How a (possibly suppressed) figure is written on a page."""
    if value is None:
        return unavailable
    if value == SUPPRESSED:
        return "Fewer than 5"
    if isinstance(value, str):
        return value
    if places == 0:
        return f"{round(value):,}"
    return f"{value:,.{places}f}"
