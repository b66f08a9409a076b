import datetime

from django.core.management.base import BaseCommand, CommandError

from plans.importers import uploads


class Command(BaseCommand):
    help = ("Delete plan uploads abandoned at the column-matching step of an import (kept under "
            "plans/imports/ in MEDIA_ROOT) once they are older than --hours (24). Safe to run daily.")

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24, help="Delete uploads older than this (24)")

    def handle(self, *args, **options):
        if options["hours"] < 1:
            raise CommandError(f"--hours must be 1 or more, not {options['hours']}")
        deleted = uploads.clean_abandoned(max_age=datetime.timedelta(hours=options["hours"]))
        for path in deleted:
            self.stdout.write(f"Deleted {path}")
        self.stdout.write(f"{len(deleted)} abandoned plan upload{'s' if len(deleted) != 1 else ''} deleted")
