import datetime
import time

from django.core.management.base import BaseCommand, CommandError

from cases import synthetic
from cases.models import Request
from core import clock
from core.models import LocalAuthority


class Command(BaseCommand):
    help = "Write a realistic, deterministic synthetic case history for one authority (synthetic people only)."

    def add_arguments(self, parser):
        parser.add_argument("--la", required=True, help="DfE 3-digit local authority code, e.g. 810")
        parser.add_argument("--plans", type=int, default=2500, help="About how many plans in force at the end")
        parser.add_argument("--years", type=int, default=3, help="Years of history")
        parser.add_argument("--seed", type=int, default=1, help="Random seed: the same seed gives the same data")
        parser.add_argument("--end", help="Last day of the history, YYYY-MM-DD (default: today)")

    def handle(self, *args, la, plans, years, seed, end=None, **options):
        authority = LocalAuthority.objects.filter(code=la).first()
        if authority is None:
            raise CommandError(f"--la {la}: no local authority has this DfE code")
        if not 1 <= plans <= 200_000:
            raise CommandError(f"--plans {plans}: give a number from 1 to 200000")
        if not 1 <= years <= 30:
            raise CommandError(f"--years {years}: give a number from 1 to 30")
        try:
            end_on = datetime.date.fromisoformat(end) if end else clock.today()
        except ValueError:
            raise CommandError(f"--end {end}: give a date as YYYY-MM-DD") from None
        existing = Request.objects.filter(local_authority=authority).count()
        if existing:
            raise CommandError(f"--la {la}: {authority.name} already has {existing} cases; synthetic "
                               "data is only added to an authority with none")
        started = time.perf_counter()
        counts = synthetic.generate(authority, plans=plans, years=years, seed=seed, end=end_on)
        seconds = time.perf_counter() - started
        self.stdout.write(f"Synthetic casework for {authority.name} to {end_on:%d %B %Y} (seed {seed}) "
                          f"in {seconds:.1f} s:")
        for key, value in counts.items():
            self.stdout.write(f"  {key:<16} {value}")
