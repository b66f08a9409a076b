"""Which indicators an authority sees, in which order, and whom it compares with."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from core.choices import NeighbourSet
from core.models import LocalAuthority, StatisticalNeighbour

from ..choices import Theme
from ..models import Indicator

DEFAULT_NEIGHBOUR_SET = NeighbourSet.SN_2025
THEME_ORDER = {value: index for index, value in enumerate(Theme.values)}


def indicators_for(local_authority: LocalAuthority | None = None, *, active_only: bool = True) -> QuerySet[Indicator]:
    """The shared catalogue plus the authority's own indicators, in catalogue order."""
    qs = Indicator.objects.all()
    if local_authority is None:
        qs = qs.filter(local_authority__isnull=True)
    else:
        qs = qs.filter(Q(local_authority__isnull=True) | Q(local_authority=local_authority))
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.order_by("sort_order", "title")


def indicator_for(local_authority: LocalAuthority, code: str) -> Indicator | None:
    """An indicator this authority may see (shared, or its own), or None."""
    return indicators_for(local_authority, active_only=False).filter(code=code).first()


def catalogue_for(authority: LocalAuthority) -> QuerySet[Indicator]:
    """The active indicators the authority's pages show (shared and its own), by theme."""
    return indicators_for(authority).order_by("theme", "sort_order", "title")


def in_theme_order(indicators) -> list[Indicator]:
    """Indicators grouped by theme in the order the themes are listed, then by sort order."""
    return sorted(indicators, key=lambda i: (THEME_ORDER.get(i.theme, 99), i.sort_order, i.title))


def owners(catalogue: list[Indicator]) -> list[str]:
    """The owners named in a catalogue (an owner, or else the owner's role), for the filter."""
    names = {i.owner or i.get_owner_role_display() for i in catalogue}
    return sorted(n for n in names if n)


def public_indicators() -> list[Indicator]:
    """The shared indicators shown on the public dashboard, by theme."""
    return in_theme_order(Indicator.objects.filter(is_active=True, is_public=True, local_authority__isnull=True))


def neighbour_codes(local_authority: LocalAuthority, neighbour_set: str = DEFAULT_NEIGHBOUR_SET) -> list[str]:
    """The authority's DfE statistical neighbours, closest first (DfE codes)."""
    return list(
        StatisticalNeighbour.objects.filter(authority=local_authority, neighbour_set=neighbour_set)
        .order_by("rank").values_list("neighbour__code", flat=True)
    )
