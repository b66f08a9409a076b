import json as jsonlib

from django.core.management.base import BaseCommand, CommandError

from cases.statistics import statutory_indicators
from core.models import LocalAuthority


class Command(BaseCommand):
    help = "Print one authority's statutory casework indicators for a calendar year (docs/indicators.md)."

    def add_arguments(self, parser):
        parser.add_argument("--la", required=True, help="DfE 3-digit local authority code, e.g. 810")
        parser.add_argument("--year", required=True, type=int, help="Calendar year, e.g. 2024")
        parser.add_argument("--json", action="store_true", dest="as_json", help="Print one JSON object (the default is a table)")

    def handle(self, *args, la, year, as_json: bool = False, **options):
        authority = LocalAuthority.objects.filter(code=la).first()
        if authority is None:
            raise CommandError(f"--la {la}: no local authority has this DfE code")
        if not 2000 <= year <= 2100:
            raise CommandError(f"--year {year}: give a calendar year such as 2024")
        result = statutory_indicators(authority, year=year)
        if as_json:
            self.stdout.write(jsonlib.dumps(result, sort_keys=False))
            return
        self.stdout.write(f"{authority.name}: statutory indicators for {year}")
        for key, value in result.items():
            self.stdout.write(f"  {key:<48} {'' if value is None else value}")

