"""Demo casework for `make demo`: a medium authority (about 2,500 plans, 3 years of history).

Synthetic people only (cases.synthetic, Faker en_GB). Idempotent: an authority that already has
cases is left alone. Cases are shared between the demo caseworker and the demo manager and the
three demo teams, so "My caseload" is full when either signs in.
"""

import time

from core import clock
from core.models import User

from . import synthetic
from .models import Request

DEMO_PLANS = 2500
DEMO_YEARS = 3
DEMO_SEED = 810
DEMO_OFFICERS = ("caseworker@example.org", "manager@example.org")


def load(authority, *, stdout) -> None:
    existing = Request.objects.filter(local_authority=authority).count()
    if existing:
        stdout.write(f"Demo casework for {authority.name}: already there ({existing} cases)")
        return
    officers = list(User.objects.filter(email__in=DEMO_OFFICERS).order_by("email"))
    started = time.perf_counter()
    counts = synthetic.generate(authority, plans=DEMO_PLANS, years=DEMO_YEARS, seed=DEMO_SEED, end=clock.today(),
                                officers=officers, teams=synthetic.demo_teams(authority))
    stdout.write(f"Demo casework for {authority.name}: {counts['request']} cases, "
                 f"{counts['plans_in_force']} plans in force ({time.perf_counter() - started:.1f} s)")
