"""The seam to values computed from case records (the casework app).

The contract (docs/developing.md): ``cases.statistics.statutory_indicators(la, *, year)`` and
``cases.statistics.statutory_indicators_rolling(la, *, month_end)`` return a dict of counts and
percentages. Either app may land first, so the import is lazy and a missing module, function or
key just means "no computed value".

An indicator's ``case_statistic`` names its key; a dotted key reads inside a nested dict
("review_outcomes.maintain", "plans_ceased_by_reason.2"). The numerator and denominator of the
percentages are read from the matching count keys where the contract names them.
"""

from __future__ import annotations

import datetime
import importlib

# percentage key -> (numerator key, denominator key) in the cases contract
COUNTS_BEHIND = {
    "pc_plans_issued_within_20_weeks_ex": ("plans_issued_within_20_weeks_ex", "plans_issued_ex"),
    "pc_plans_issued_within_20_weeks": ("plans_issued_within_20_weeks", "plans_issued"),
    "pc_requests_decided_within_6_weeks": ("requests_decided_within_6_weeks", "requests_decided"),
    "pc_decisions_not_to_issue_within_16_weeks": ("decisions_not_to_issue_within_16_weeks",
                                                  "decisions_not_to_issue"),
    "pc_review_decisions_within_4_weeks": ("review_decisions_within_4_weeks", "review_decisions"),
    "pc_requests_refused": ("requests_refused", "requests_received"),
    "pc_plans_issued_after_52_weeks_ex": ("plans_issued_after_52_weeks_ex", "plans_issued_ex"),
}


def _module():
    try:
        return importlib.import_module("cases.statistics")
    except ImportError:
        return None


def available() -> bool:
    """Does the casework app provide computed statistics yet?"""
    module = _module()
    return module is not None and hasattr(module, "statutory_indicators")


def has_case_records(local_authority) -> bool:
    """Does the authority keep its casework here? Without cases, computed counts would all be 0.

    Best effort beyond the contract: looks for requests in ``cases.models.Request``; if that model
    is not there, assumes yes and lets the statistics speak.
    """
    try:
        from cases.models import Request
    except ImportError:
        return available()
    from django.core.exceptions import FieldError

    try:
        return Request.objects.filter(local_authority=local_authority).exists()
    except FieldError:  # a different model shape: do not block the contract
        return True


def lookup(statistics: dict, key: str):
    """Read ``key`` (dotted for nested dicts) from a statistics dict; None when absent."""
    current = statistics
    for part in key.split("."):
        if not isinstance(current, dict):
            return None
        if part in current:
            current = current[part]
        elif part.isdigit() and int(part) in current:
            current = current[int(part)]
        else:
            return None
    return current if isinstance(current, int | float) and not isinstance(current, bool) else None


def values_from(statistics: dict, keys: dict[str, str]) -> dict[str, tuple[float, float | None, float | None]]:
    """{indicator code: (value, numerator, denominator)} for each ``{code: statistic key}`` present."""
    found = {}
    for code, key in keys.items():
        value = lookup(statistics, key)
        if value is None:
            continue
        numerator = denominator = None
        if key in COUNTS_BEHIND:
            numerator = lookup(statistics, COUNTS_BEHIND[key][0])
            denominator = lookup(statistics, COUNTS_BEHIND[key][1])
        found[code] = (float(value), numerator, denominator)
    return found


def statutory_for_year(local_authority, *, year: int) -> dict | None:
    """The casework app's statistics for a calendar year, or None if it does not provide them."""
    module = _module()
    function = getattr(module, "statutory_indicators", None) if module else None
    return function(local_authority, year=year) if function else None


def statutory_rolling(local_authority, *, month_end: datetime.date) -> dict | None:
    """The casework app's statistics for the 12 months ending ``month_end``, or None."""
    module = _module()
    function = getattr(module, "statutory_indicators_rolling", None) if module else None
    return function(local_authority, month_end=month_end) if function else None
