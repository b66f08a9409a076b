"""Seed data that migrations load (authorities, neighbour sets, each app's catalogues).

Browser tests run in transactions that end by emptying every table, migration data included.
``ensure_seed_data()`` puts it back when it is missing; each app may add a ``seed.py`` with an
``ensure()`` that does the same for its own migration-loaded data.
"""

from .app_hooks import app_modules
from .models import LocalAuthority, Region, StatisticalNeighbour
from .reference import load_reference_data


def ensure_seed_data() -> None:
    if not LocalAuthority.objects.exists():
        load_reference_data(Region, LocalAuthority, StatisticalNeighbour)
    for module in app_modules("seed"):
        module.ensure()
