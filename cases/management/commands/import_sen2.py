"""``sendsight import_sen2 PATH --la CODE``: import a SEN2 COLLECT Blade export (folder or zip)."""

import sys

from django.core.management.base import BaseCommand, CommandError

from cases.importers.sen2_blade import Sen2ImportError
from cases.importers.sen2_import import import_sen2
from core.models import LocalAuthority, User


class ProgressBar:
    """A plain-text progress bar on stderr: redrawn in place on a terminal, a line per 10% otherwise."""

    def __init__(self, stream, width: int = 30):
        self.stream, self.width, self.last_tenth = stream, width, -1
        self.tty = getattr(stream, "isatty", lambda: False)()

    def __call__(self, done: int, total: int) -> None:
        share = done / total if total else 1
        if self.tty:
            filled = int(share * self.width)
            self.stream.write(f"\rChecking rows [{'#' * filled}{'.' * (self.width - filled)}] "
                              f"{share:4.0%} {done:,} of {total:,}")
            if done >= total:
                self.stream.write("\n")
        elif int(share * 10) > self.last_tenth:
            self.last_tenth = int(share * 10)
            self.stream.write(f"Checking rows: {share:.0%} ({done:,} of {total:,})\n")
        self.stream.flush()


class Command(BaseCommand):
    help = ("Import a SEN2 person-level COLLECT Blade CSV export (a folder or a zip of the module "
            "CSVs) into one local authority's case records. All or nothing: any problem and "
            "nothing is written.")

    def add_arguments(self, parser):
        parser.add_argument("path", help="Folder or zip file holding Blade-Export_<date>_<module>.csv files")
        parser.add_argument("--la", required=True, help="DfE code of the local authority, e.g. 810")
        parser.add_argument("--user", default="", help="Email of the person importing (for the audit trail)")
        parser.add_argument("--no-progress", action="store_true", help="Do not show the progress bar")

    def handle(self, *args, path, la, user, no_progress, **options):
        try:
            authority = LocalAuthority.objects.get(code=la)
        except LocalAuthority.DoesNotExist:
            raise CommandError(f"There is no local authority with DfE code {la!r}") from None
        by = None
        if user:
            by = User.objects.filter(email=user.lower()).first()
            if by is None:
                raise CommandError(f"There is no user with email {user!r}")
        progress = None if no_progress else ProgressBar(getattr(self.stderr, "_out", sys.stderr))
        try:
            summary = import_sen2(local_authority=authority, path=path, by=by, progress=progress)
        except Sen2ImportError as error:
            lines = [f"The SEN2 export at {path} was not imported: nothing has been written. "
                     f"Fix these {len(error.problems)} problem(s) and try again:"]
            lines += [f"  {problem}" for problem in error.problems]
            raise CommandError("\n".join(lines)) from None
        self.stdout.write(f"Imported the SEN2 return {summary.year} (census {summary.reference_date:%d %B %Y}) "
                          f"into {authority}:")
        for line in summary.lines():
            self.stdout.write(f"  {line}")
