from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.clock import today
from plans import reports, services
from plans.exporters import pdf, word
from plans.models import ReportingCycle


class Command(BaseCommand):
    help = "Write the board highlight report for a reporting cycle as PDF or Word."

    def add_arguments(self, parser):
        parser.add_argument("cycle_id", type=int)
        parser.add_argument("--format", default="pdf", choices=["pdf", "docx"])
        parser.add_argument("--out", required=True)

    def handle(self, *args, **options):
        cycle = ReportingCycle.objects.select_related("plan__local_authority").filter(pk=options["cycle_id"]).first()
        if cycle is None:
            raise CommandError(f"There is no reporting cycle with id {options['cycle_id']}")
        report = reports.build_board_report(cycle.plan, cycle, today=today())
        content = pdf.board_report_pdf(report) if options["format"] == "pdf" else word.board_report_docx(report)
        out = Path(options["out"])
        try:
            out.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Cannot write {out}: {error.strerror}") from None
        services.record_export(cycle.plan, by=None, fmt=options["format"], what="board_report", cycle=cycle)
        self.stdout.write(f"Wrote {out} ({len(content):,} bytes)")
