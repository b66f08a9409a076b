"""Red, amber, green: how an indicator's latest value compares with what it is measured against.

Pure: no Django, and "today" (``on``) is passed in.

Rules (the basis is configurable per indicator and authority):
- against the target: the final target value;
- against the trajectory: the straight line from the baseline (value, date) to the target
  (value, date), read on the date of the value; before the baseline it is the baseline, after the
  target date the target;
- against England, or against the mean of the statistical neighbours.

Green when the value is on the right side of the reference (or equal), amber when it is on the
wrong side by no more than the amber margin (in the indicator's unit: percentage points for a
percentage), red beyond that. Indicators whose polarity is "neither" have no RAG status.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

HIGHER = "higher"
LOWER = "lower"
NEITHER = "neither"

TARGET = "target"
TRAJECTORY = "trajectory"
ENGLAND = "england"
NEIGHBOURS = "neighbours"
NONE = "none"

RED = "red"
AMBER = "amber"
GREEN = "green"


@dataclass(frozen=True)
class Trajectory:
    """A baseline and a target, e.g. 28% on 1 January 2022 to 50% by 31 January 2024."""

    baseline_value: float
    baseline_date: datetime.date
    target_value: float
    target_date: datetime.date

    def value_on(self, day: datetime.date) -> float:
        """Where the straight line from baseline to target is on ``day``."""
        if day <= self.baseline_date or self.target_date <= self.baseline_date:
            return self.baseline_value if day <= self.baseline_date else self.target_value
        if day >= self.target_date:
            return self.target_value
        elapsed = (day - self.baseline_date).days
        span = (self.target_date - self.baseline_date).days
        return self.baseline_value + (self.target_value - self.baseline_value) * elapsed / span


@dataclass(frozen=True)
class RagResult:
    status: str
    reference: float
    basis: str
    gap: float  # how far on the right side (positive) or wrong side (negative), in the unit

    @property
    def label(self) -> str:
        return self.status.capitalize()


def better_by(value: float, reference: float, polarity: str) -> float:
    """How far ``value`` is on the good side of ``reference`` (negative when worse)."""
    if polarity == HIGHER:
        return value - reference
    if polarity == LOWER:
        return reference - value
    raise ValueError(f"Polarity {polarity!r} has no better side")


def reference_for(basis: str, *, on: datetime.date, trajectory: Trajectory | None = None,
                  england: float | None = None, neighbours_mean: float | None = None) -> float | None:
    """The figure a value is compared with under ``basis``, or None when it is not known."""
    if basis == TARGET:
        return trajectory.target_value if trajectory else None
    if basis == TRAJECTORY:
        return trajectory.value_on(on) if trajectory else None
    if basis == ENGLAND:
        return england
    if basis == NEIGHBOURS:
        return neighbours_mean
    return None


def status(value: float | None, *, polarity: str, basis: str, amber_margin: float, on: datetime.date,
           trajectory: Trajectory | None = None, england: float | None = None,
           neighbours_mean: float | None = None) -> RagResult | None:
    """The RAG status of ``value`` (a value for the period ending ``on``), or None if there is none."""
    if value is None or basis == NONE or polarity not in (HIGHER, LOWER):
        return None
    reference = reference_for(basis, on=on, trajectory=trajectory, england=england,
                              neighbours_mean=neighbours_mean)
    if reference is None:
        return None
    gap = round(better_by(value, reference, polarity), 9)
    if gap >= 0:
        colour = GREEN
    elif -gap <= amber_margin:
        colour = AMBER
    else:
        colour = RED
    return RagResult(colour, reference, basis, gap)


def off_trajectory(value: float | None, *, polarity: str, trajectory: Trajectory | None,
                   on: datetime.date) -> bool | None:
    """Is the value worse than where the trajectory says it should be on ``on``? None if unknown."""
    if value is None or trajectory is None or polarity not in (HIGHER, LOWER):
        return None
    return round(better_by(value, trajectory.value_on(on), polarity), 9) < 0


def needs_exception_commentary(result: RagResult | None) -> bool:
    """A red indicator asks its owner for an exception commentary."""
    return result is not None and result.status == RED
