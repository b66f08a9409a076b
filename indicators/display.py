"""How indicator figures are written on pages, in exports and in chart labels. Pure: no Django."""

from __future__ import annotations

SYMBOL_WORDS = {
    "x": "Not available",
    "z": "Not applicable",
    "c": "Fewer than 5",
    "low": "Less than 0.5",
    "u": "Low reliability",
    "-": "No data",
}


def format_value(value: float | str | None, *, unit: str, places: int, symbol: str = "") -> str:
    """'46.4%', '1,234', '3.20 per 100', '12 weeks', or the words for a missing value."""
    if value is None or value == "":
        return SYMBOL_WORDS.get(symbol, "No data")
    if isinstance(value, str):
        return SYMBOL_WORDS.get(value, value)
    number = f"{value:,.{places}f}"
    if unit == "percent":
        return f"{number}%"
    if unit == "rate":
        return f"{number} per 100"
    if unit == "weeks":
        return f"{number} weeks" if value != 1 else "1 week"
    return number


def format_change(change: float | None, *, unit: str, places: int) -> str:
    """'up 2.1 percentage points', 'down 40', 'no change'."""
    if change is None:
        return "No earlier figure"
    if round(change, places) == 0:
        return "No change"
    direction = "Up" if change > 0 else "Down"
    amount = f"{abs(change):,.{places}f}"
    if unit == "percent":
        return f"{direction} {amount} percentage points"
    return f"{direction} {amount}"
