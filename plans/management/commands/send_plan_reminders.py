import datetime

from django.core.management.base import BaseCommand, CommandError

from core.clock import today
from plans import services


class Command(BaseCommand):
    help = ("Email leads whose actions need an update before a cycle's deadline, and plan owners about missing "
            "updates after it. Safe to run daily: each reminder goes once per cycle.")

    def add_arguments(self, parser):
        parser.add_argument("--days-before", type=int, default=7, help="Remind leads this many days before (7)")
        parser.add_argument("--days-after", type=int, default=14, help="Tell owners up to this many days after (14)")
        parser.add_argument("--today", help="Act as if today were this date (YYYY-MM-DD), for testing")

    def handle(self, *args, **options):
        on = today()
        if options["today"]:
            try:
                on = datetime.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(f"--today must be a date like 2026-03-14, not {options['today']!r}") from None
        summary = services.send_plan_reminders(today=on, days_before=options["days_before"],
                                               days_after=options["days_after"])
        for kind, recipient, count in summary.sent:
            self.stdout.write(f"Sent {kind} to {recipient} ({count} actions)")
        self.stdout.write(str(summary))
