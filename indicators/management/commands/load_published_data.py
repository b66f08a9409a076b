import time

from django.core.management.base import BaseCommand, CommandError

from indicators import services
from indicators.importers.ees import EESError


class Command(BaseCommand):
    help = ("Load every published data file shipped with SENDsight (indicators/data/): national, regional "
            "and local authority figures for the catalogue's published measures. Safe to run again.")

    def handle(self, *args, **options):
        started = time.perf_counter()
        try:
            reports = services.load_published_data()
        except EESError as error:
            raise CommandError(str(error)) from None
        for report in reports:
            self.stdout.write(f"{report.run.file_name}: {report.created} values added, "
                              f"{report.unchanged} already up to date")
            for line in report.skipped:
                self.stdout.write(f"  skipped {line}")
        self.stdout.write(f"Done in {time.perf_counter() - started:.1f} s")
