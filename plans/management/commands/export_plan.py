from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.clock import today
from plans import services
from plans.exporters import FORMATS, export_plan
from plans.models import ImprovementPlan


class Command(BaseCommand):
    help = "Export an improvement plan as XLSX or CSV (the plain layout import_plan reads), Word or PDF."

    def add_arguments(self, parser):
        parser.add_argument("plan_id", type=int)
        parser.add_argument("--format", required=True, choices=FORMATS)
        parser.add_argument("--out", required=True, help="The file to write")

    def handle(self, *args, **options):
        plan = ImprovementPlan.objects.select_related("local_authority").filter(pk=options["plan_id"]).first()
        if plan is None:
            raise CommandError(f"There is no improvement plan with id {options['plan_id']}")
        kind = options["format"]
        content, _content_type = export_plan(plan, fmt=kind, today=today())
        out = Path(options["out"])
        try:
            out.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Cannot write {out}: {error.strerror}") from None
        services.record_export(plan, by=None, fmt=kind)
        self.stdout.write(f"Wrote {out} ({len(content):,} bytes)")
