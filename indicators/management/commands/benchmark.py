import json

from django.core.management.base import BaseCommand, CommandError

from core.choices import NeighbourSet
from core.models import LocalAuthority
from indicators import periods, queries
from indicators.display import format_change, format_value
from indicators.models import Indicator


class Command(BaseCommand):
    help = ("Benchmark one authority on one indicator for one period: England, region, statistical "
            "neighbours, national rank and quartile (1 = best), change since the period before. "
            "PERIOD is the calendar year for flows (2024) and the census year for stocks (2025 = January 2025); "
            "2023/24 for academic years, 'Autumn 2023/24' for terms.")

    def add_arguments(self, parser):
        parser.add_argument("--la", required=True, help="DfE 3-digit authority code, e.g. 886")
        parser.add_argument("--indicator", required=True, help="Indicator id, e.g. ehcp_issued_20wk_ex_pc")
        parser.add_argument("--period", default="", help="e.g. 2024; the latest published period if left out")
        parser.add_argument("--neighbours", default=NeighbourSet.SN_2025, choices=NeighbourSet.values,
                            help="DfE statistical neighbour set (default 2025)")
        parser.add_argument("--json", action="store_true", dest="as_json", help="Print JSON")

    def handle(self, *args, la, indicator, period, neighbours, as_json=False, **options):
        authority = LocalAuthority.objects.select_related("region").filter(code=la).first()
        if authority is None:
            raise CommandError(f"--la {la}: no English local authority has that DfE code")
        found = Indicator.objects.filter(code=indicator).first()
        if found is None:
            raise CommandError(f"--indicator {indicator}: no indicator has that id")
        if period:
            try:
                chosen = periods.parse(period, found.period_type)
            except periods.PeriodError as error:
                raise CommandError(f"--period: {error}") from None
        else:
            chosen = queries.latest_published_period(found)
            if chosen is None:
                raise CommandError(f"No published figures for {indicator}: run `sendsight load_published_data`")
        result = queries.benchmark(found, authority, chosen, neighbour_set=neighbours)
        if as_json:
            self.stdout.write(json.dumps(result, indent=2))
            return
        fmt = lambda v: format_value(v, unit=found.unit, places=found.decimal_places)  # noqa: E731
        self.stdout.write(f"{found.title}, {result['period']}")
        self.stdout.write(f"  {authority.name}: {fmt(result['value'])}")
        self.stdout.write(f"  England: {fmt(result['england'])}")
        self.stdout.write(f"  {result['region_name']}: {fmt(result['region'])}")
        self.stdout.write(f"  Statistical neighbours ({neighbours}): mean {fmt(result['neighbours_mean'])}, "
                          f"range {fmt(result['neighbours_min'])} to {fmt(result['neighbours_max'])}")
        for n in result["neighbours"]:
            self.stdout.write(f"    {n['la']}: {fmt(n['value'])}")
        if result["rank"] is not None:
            order = "1 = highest" if found.polarity == "neither" else "1 = best"
            self.stdout.write(f"  Rank {result['rank']} of {result['of']} (quartile {result['quartile']}, {order})")
        self.stdout.write(f"  Change since {result['previous_period']}: "
                          f"{format_change(result['change'], unit=found.unit, places=found.decimal_places)}")

