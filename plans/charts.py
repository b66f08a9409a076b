"""Geometry for small server-rendered SVG charts in plans (pure: no Django).

Templates draw the SVG from these numbers; a data table always sits beside the chart.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Sparkline:
    width: int
    height: int
    points: str  # "x,y x,y ..." for <polyline points="...">
    last_x: float
    last_y: float
    target_y: float | None  # a horizontal line for the target, when it is within the range drawn


def sparkline(values: list[float | None], *, width: int = 160, height: int = 40, padding: int = 4,
              target: float | None = None) -> Sparkline | None:
    """Points for a line through ``values`` (None values are skipped); None if fewer than two values."""
    known = [(index, value) for index, value in enumerate(values) if value is not None]
    if len(known) < 2:
        return None
    low = min(value for _, value in known)
    high = max(value for _, value in known)
    if target is not None:
        low, high = min(low, target), max(high, target)
    span = (high - low) or 1.0
    step = (width - 2 * padding) / max(len(values) - 1, 1)

    def y(value: float) -> float:
        return round(height - padding - (value - low) / span * (height - 2 * padding), 1)

    coordinates = [(round(padding + index * step, 1), y(value)) for index, value in known]
    return Sparkline(
        width=width, height=height,
        points=" ".join(f"{x},{yy}" for x, yy in coordinates),
        last_x=coordinates[-1][0], last_y=coordinates[-1][1],
        target_y=y(target) if target is not None else None,
    )
