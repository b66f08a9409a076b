"""``sendsight export_sen2 --la CODE --year YYYY --out DIR``: write the SEN2 return as Blade CSVs."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cases.exporters.sen2_blade import write_export
from cases.exporters.sen2_export import build_return
from cases.importers.sen2_blade import MODULES, file_name
from core import audit
from core.choices import AuditAction
from core.models import LocalAuthority


class Command(BaseCommand):
    help = ("Write the SEN2 person-level return made at the January YYYY census (flows of calendar "
            "year YYYY-1) from one authority's case records, as COLLECT Blade CSV files.")

    def add_arguments(self, parser):
        parser.add_argument("--la", required=True, help="DfE code of the local authority, e.g. 810")
        parser.add_argument("--year", required=True, type=int, help="Return (census) year, e.g. 2025")
        parser.add_argument("--out", required=True, help="Folder to write the nine CSV files into")

    def handle(self, *args, la, year, out, **options):
        try:
            authority = LocalAuthority.objects.get(code=la)
        except LocalAuthority.DoesNotExist:
            raise CommandError(f"There is no local authority with DfE code {la!r}") from None
        if not 2015 <= year <= 2099:
            raise CommandError(f"Enter a return year between 2015 and 2099, not {year}")
        out_dir = Path(out)
        if out_dir.exists() and not out_dir.is_dir():
            raise CommandError(f"{out} is a file: give a folder to write the export into")
        now = timezone.localtime()
        ours = {file_name(module, now.date()) for module in MODULES}
        others = sorted(p.name for p in out_dir.glob("Blade-Export_*.csv") if p.name not in ours) \
            if out_dir.is_dir() else []
        if others:
            raise CommandError(f"{out} already holds another Blade export ({others[0]} ...): "
                               "choose an empty folder, so the export can be imported on its own")
        sen2 = build_return(authority, year=year, created=now)
        paths = write_export(sen2, out_dir, export_date=now.date())
        counts = sen2.counts()
        audit.record(action=AuditAction.EXPORT, by=None, local_authority=authority,
                     object_type="cases.sen2_return", object_id=str(year),
                     object_label=f"SEN2 return {year} exported", changes={"rows": counts})
        self.stdout.write(f"Wrote the SEN2 return {year} (census {sen2.header.reference_date:%d %B %Y}) "
                          f"for {authority} to {out_dir}:")
        for path in paths:
            module = path.stem.rsplit("_", 1)[-1]
            rows = 1 if module == "sen2" else counts.get(module, 0)
            self.stdout.write(f"  {path.name}: {rows:,} rows")
