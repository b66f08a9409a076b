"""Import a SEN2 Blade export into one authority's case records: the "SEN2 return imported" event.

``import_sen2(local_authority=..., path=..., by=...)`` reads and checks the whole export first
(``sen2_parse``); one problem anywhere and nothing is written (``Sen2ImportError`` lists them
all). Then, in one transaction, it matches each record to the authority's stored ones
(``sen2_match``, which also states the rules for updating), works out each new case's stage and
next deadline in memory, creates what is new and updates what changed with bulk queries
(``sen2_write``), works out again the state of each stored case it changed (``sen2_refresh``),
and writes ONE audit event with the counts.

Imported records are the same Child / Request / Assessment / EHCPlan / Placement / AnnualReview /
PhaseTransfer rows the web pages edit. The mapping is documented in
docs/decisions/0030-sen2-blade-import-export.md.
"""

from __future__ import annotations

import contextlib
import datetime
import gc
import time
from pathlib import Path

from django.db import transaction

from cases import models as m
from core import audit, clock
from core.choices import AuditAction

from .sen2_match import ImportSummary, Matcher
from .sen2_match import generated_native_id as generated_native_id
from .sen2_parse import Progress, load
from .sen2_refresh import PLAN_FIELDS, refresh_cases
from .sen2_write import update_rows

__all__ = ["ImportSummary", "generated_native_id", "import_sen2"]


@contextlib.contextmanager
def collector_paused():
    """Pause Python's cyclic garbage collector (reference counting still frees memory).

    An import makes hundreds of thousands of objects, none of them in reference cycles; every
    automatic collection would walk all of those still alive, which made a large import spend a
    third of its time collecting nothing.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def import_sen2(
    *, local_authority, path: str | Path, by, progress: Progress | None = None,
    today: datetime.date | None = None,
) -> ImportSummary:
    """Import the Blade export at ``path`` (folder or zip) into ``local_authority``'s case records.

    Raises ``Sen2ImportError`` (listing every problem by file, row and column) and writes nothing
    when the export does not pass every check. The export is read and checked before the
    transaction begins; everything after is one transaction.
    """
    today = today or clock.today()
    with collector_paused():
        # The import's objects are freed (by reference counting) when _import returns, before
        # the collector runs again: it then has only the survivors to walk.
        return _import(local_authority, path=path, by=by, progress=progress, today=today)


def _import(local_authority, *, path, by, progress, today: datetime.date) -> ImportSummary:
    seconds, started = {}, time.perf_counter()

    def lap(name: str) -> None:
        nonlocal started
        seconds[name], started = time.perf_counter() - started, time.perf_counter()

    sen2 = load(path, expected_la=local_authority.code, progress=progress)
    lap("checking")
    with transaction.atomic():
        importer = Matcher(local_authority, sen2)
        importer.match()
        lap("matching")
        plans = importer.clock_new_cases(today=today)
        lap("clocks")
        importer.save()
        update_rows(m.EHCPlan, plans, PLAN_FIELDS)
        lap("writing")
        refresh_cases(list(importer.touched_requests.values()), today=today)
        lap("refreshing")
        summary = importer.summary
        summary.seconds = seconds
        summary.cases = touched = len(importer.touched_requests) + len(importer.w["request"].new)
        audit.record(
            action=AuditAction.IMPORT,
            by=by,
            local_authority=local_authority,
            object_type="cases.sen2_return",
            object_id=str(sen2.header.year),
            object_label=f"SEN2 return {sen2.header.year} imported from {Path(path).name}",
            changes=summary.as_dict(),
            note=f"Census date {sen2.header.reference_date:%d %B %Y}; {touched} cases touched",
        )
    return summary
