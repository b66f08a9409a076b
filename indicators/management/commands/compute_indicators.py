from django.core.management.base import BaseCommand, CommandError

from core import clock
from core.models import LocalAuthority
from indicators import periods, services, sources


class Command(BaseCommand):
    help = ("Store the indicators the casework app computes from an authority's case records: each "
            "calendar year, and the 12 months ending each of the last N months. Safe to run again: "
            "only changed figures are added (as new versions).")

    def add_arguments(self, parser):
        parser.add_argument("--la", required=True, help="DfE 3-digit authority code, e.g. 810")
        parser.add_argument("--years", type=int, default=6, help="How many past calendar years (default 6)")
        parser.add_argument("--months", type=int, default=36, help="How many month ends (default 36)")

    def handle(self, *args, la, years, months, **options):
        authority = LocalAuthority.objects.filter(code=la).first()
        if authority is None:
            raise CommandError(f"--la {la}: no English local authority has that DfE code")
        if years < 0 or months < 0:
            raise CommandError("--years and --months must be 0 or more")
        if not sources.available():
            raise CommandError("The casework app does not provide statistics (cases.statistics) yet")
        today = clock.today()
        last_month = periods.month_start(today, -1)
        created = services.compute_case_values(
            local_authority=authority, years=range(today.year - years, today.year),
            month_ends=[m.end for m in periods.months_ending(last_month, months)] if months else [],
        )
        self.stdout.write(f"{authority.name}: {created} values computed from case records")
