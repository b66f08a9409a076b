"""Benchmark arithmetic: England, region, statistical neighbours, national rank and quartile.

Pure: no Django. Callers pass the figures in.

- Rank: among local authorities with a value for the period, 1 = best by polarity (highest when
  higher is better, lowest when lower is better). Ties share the best rank ("1, 2, 2, 4").
  For indicators whose polarity is "neither", rank 1 is the highest value.
- Quartile: from the rank, 1 = best quarter: ``floor((rank - 1) * 4 / of) + 1``. Tied authorities
  share a rank, so they always share a quartile.
- Neighbours: the mean (unweighted, as DfE's LAIT shows it), minimum and maximum of the
  neighbours that have a value; neighbours without a value are listed with ``None``.
- Change: the value minus the value for the period before (None when either is missing).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

HIGHER = "higher"
LOWER = "lower"
NEITHER = "neither"


def ranks(values: Mapping[str, float | None], polarity: str) -> dict[str, int]:
    """Competition ranks (best = 1) for every key with a value."""
    present = [(key, value) for key, value in values.items() if value is not None]
    descending = polarity != LOWER
    ordered = sorted(present, key=lambda kv: -kv[1] if descending else kv[1])
    result: dict[str, int] = {}
    previous_value = None
    previous_rank = 0
    for position, (key, value) in enumerate(ordered, start=1):
        if previous_value is not None and value == previous_value:
            result[key] = previous_rank
        else:
            result[key] = previous_rank = position
            previous_value = value
    return result


def quartile(rank: int | None, of: int) -> int | None:
    """Quartile band 1 (best) to 4 (worst) for a rank among ``of`` authorities."""
    if rank is None or of <= 0:
        return None
    return min(4, (rank - 1) * 4 // of + 1)


@dataclass(frozen=True)
class NeighbourSummary:
    mean: float | None
    minimum: float | None
    maximum: float | None
    count: int


def summarise(values: Iterable[float | None]) -> NeighbourSummary:
    present = [v for v in values if v is not None]
    if not present:
        return NeighbourSummary(None, None, None, 0)
    return NeighbourSummary(sum(present) / len(present), min(present), max(present), len(present))


def change(current: float | None, before: float | None) -> float | None:
    if current is None or before is None:
        return None
    return current - before


def _round(value: float | None, places: int | None) -> float | None:
    if value is None or places is None:
        return value
    return round(value, places)


def benchmark(la_code: str, *, la_values: Mapping[str, float | None], polarity: str,
              england: float | None = None, region: float | None = None,
              neighbour_codes: Iterable[str] = (), previous_value: float | None = None,
              places: int | None = None) -> dict:
    """The benchmark object for one authority, indicator and period.

    ``la_values`` holds every English authority's value for the period, keyed by DfE code.
    Figures that are averages are rounded to ``places``; published values are returned as stored.
    """
    value = la_values.get(la_code)
    neighbour_codes = list(neighbour_codes)
    neighbours = [{"la": code, "value": la_values.get(code)} for code in neighbour_codes]
    summary = summarise(n["value"] for n in neighbours)
    all_ranks = ranks(la_values, polarity)
    of = len(all_ranks)
    rank = all_ranks.get(la_code)
    return {
        "la": la_code,
        "value": value,
        "england": england,
        "region": region,
        "neighbours_mean": _round(summary.mean, None if places is None else places + 1),
        "neighbours_min": summary.minimum,
        "neighbours_max": summary.maximum,
        "neighbours_count": summary.count,
        "neighbours": neighbours,
        "rank": rank,
        "of": of,
        "quartile": quartile(rank, of),
        "polarity": polarity,
        "previous_value": previous_value,
        "change": _round(change(value, previous_value), places),
    }
