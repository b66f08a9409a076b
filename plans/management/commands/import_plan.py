import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.models import LocalAuthority
from plans import services
from plans.choices import PlanKind, StatusScalePreset
from plans.importers import ImportProblems
from plans.models import Inspection


class Command(BaseCommand):
    help = ("Import an improvement plan from an XLSX (sheet 'Actions') or CSV file and print the new plan's id. "
            "Writes nothing if any row is bad.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="An .xlsx or .csv file in the plain plan layout")
        parser.add_argument("--la", required=True, help="The authority's 3-digit DfE code, e.g. 810")
        parser.add_argument("--title", required=True, help="The plan's title")
        parser.add_argument("--kind", default=PlanKind.STRATEGIC, choices=PlanKind.values)
        parser.add_argument("--sheet", help="The sheet to read (default: Actions)")
        parser.add_argument("--mapping", help='JSON {"Action": "Their header", ...} for other layouts')
        parser.add_argument("--inspection", type=int, help="Id of the inspection whose AFIs the Source column names")
        parser.add_argument("--status-scale", choices=StatusScalePreset.values,
                            help="The status scale (default: the one whose words the Status column uses)")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from None
        try:
            authority = LocalAuthority.objects.get(code=options["la"])
        except LocalAuthority.DoesNotExist:
            raise CommandError(f"There is no local authority with DfE code {options['la']!r}") from None
        mapping = None
        if options["mapping"]:
            try:
                mapping = json.loads(options["mapping"])
            except json.JSONDecodeError as error:
                raise CommandError(f"--mapping is not valid JSON: {error}") from None
            if not isinstance(mapping, dict):
                raise CommandError('--mapping must be a JSON object like {"Action": "Task name"}')
        inspection = None
        if options["inspection"]:
            inspection = Inspection.objects.filter(pk=options["inspection"], local_authority=authority).first()
            if inspection is None:
                raise CommandError(f"{authority.name} has no inspection with id {options['inspection']}")
        try:
            plan = services.import_plan(local_authority=authority, title=options["title"], file_name=path.name,
                                        content=content, by=None, mapping=mapping, sheet=options["sheet"],
                                        kind=options["kind"], inspection=inspection,
                                        status_scale=options["status_scale"])
        except ImportProblems as problems:
            raise CommandError(problems.summary()) from None
        self.stdout.write(str(plan.pk))
