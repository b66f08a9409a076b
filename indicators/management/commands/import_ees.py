from django.core.management.base import BaseCommand, CommandError

from indicators import services
from indicators.importers.ees import EESError


class Command(BaseCommand):
    help = ("Import an Explore Education Statistics release (the zip as downloaded, or one tidy CSV). "
            "Maps the columns it knows to catalogue indicators and reports what it skipped.")

    def add_arguments(self, parser):
        parser.add_argument("path", help="A .zip release or a .csv data file")

    def handle(self, *args, path, **options):
        try:
            report = services.import_published(path)
        except EESError as error:
            raise CommandError(str(error)) from None
        for line in report.lines():
            self.stdout.write(line)
