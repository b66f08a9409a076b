"""Writes to the indicator catalogue, values, targets, RAG rules and commentary.

One function per business event, keyword-only, atomic, audited. Values are never overwritten:
a different figure for the same indicator, area and period becomes a new current version and
the old one is kept (``is_current=False``), linked by ``supersedes``.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from core import audit
from core.choices import AuditAction
from core.models import LocalAuthority, Region

from . import periods, sources
from .choices import CommentaryKind, Geography, ImportKind, PeriodType, RagBasis, ValueSource
from .importers import ees, upload
from .models import ENGLAND_CODE, Commentary, ImportRun, Indicator, RagRule, Target, Value

DATA_DIR = Path(__file__).resolve().parent / "data"
# The published files a fresh install loads (see indicators/data/PROVENANCE.md).
PUBLISHED_FILES = (
    "education-health-and-care-plans_2025.zip",
    "send_tribunal_appeal_rates_2014_2024_tidy.csv",
    "absence_by_sen_la_2018_19_to_2024_25.csv",
    "attendance_by_sen_la_2025_26_autumn_spring.csv",
    "suspensions_exclusions_by_sen_la_termly_2019_20_to_2024_25.csv",
)
INDICATOR_FIELDS = (
    "title", "public_description", "definition", "numerator", "denominator", "source", "source_url", "unit",
    "decimal_places", "polarity", "frequency", "period_type", "owner_role", "owner", "quadrant", "theme",
    "is_public", "is_active", "rag_basis", "rag_amber_margin", "sort_order",
)


# --- The catalogue --------------------------------------------------------------------------

def _unique_code(title: str, local_authority: LocalAuthority) -> str:
    base = f"la{local_authority.code}_{slugify(title).replace('-', '_')}"[:70].rstrip("_")
    code, n = base, 2
    while Indicator.objects.filter(code=code).exists():
        code, n = f"{base}_{n}", n + 1
    return code


@transaction.atomic
def create_indicator(*, local_authority: LocalAuthority, title: str, by, code: str = "", **fields) -> Indicator:
    """An analyst adds their authority's own indicator. The id is made from the title if not given."""
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise TypeError(f"Unknown indicator fields: {', '.join(sorted(unknown))}")
    if not title.strip():
        raise ValidationError({"title": "Enter a title"})
    if code:
        if not re.fullmatch(r"[a-z0-9_]+", code):
            raise ValidationError({"code": "The id can only contain lower-case letters, numbers and underscores"})
        if Indicator.objects.filter(code=code).exists():
            raise ValidationError({"code": f"There is already an indicator with the id {code}"})
    indicator = Indicator(code=code or _unique_code(title, local_authority), title=title.strip(),
                          local_authority=local_authority, created_by=by, **fields)
    indicator.full_clean()
    indicator.save()
    audit.record_create(indicator, by=by)
    return indicator


@transaction.atomic
def update_indicator(indicator: Indicator, *, by, **fields) -> Indicator:
    """Change an indicator's catalogue entry (not its id)."""
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise TypeError(f"Unknown indicator fields: {', '.join(sorted(unknown))}")
    before = audit.snapshot(indicator, fields.keys())
    for name, value in fields.items():
        setattr(indicator, name, value)
    indicator.full_clean(validate_unique=False)
    indicator.save(update_fields=list(fields))
    audit.record_update(indicator, by=by, before=before)
    return indicator


# --- Values ---------------------------------------------------------------------------------

@dataclass
class NewValue:
    indicator_id: int
    geography: str
    area_code: str
    local_authority_id: int | None
    region_id: int | None
    period: periods.Period
    value: float | None
    symbol: str = ""
    numerator: float | None = None
    denominator: float | None = None
    source_detail: str = ""
    note: str = ""

    def key(self):
        return (self.indicator_id, self.area_code, self.period.type, self.period.start)


def _same(old: Value, new: NewValue) -> bool:
    """The same figure (and, if a note is given, the same note): nothing to record."""
    return (old.value, old.symbol, old.numerator, old.denominator) == (
        new.value, new.symbol, new.numerator, new.denominator) and (not new.note or new.note == old.note)


def _save_values(new_values: Iterable[NewValue], *, source: str, by, import_run: ImportRun | None = None,
                 area_codes: Iterable[str] | None = None) -> tuple[int, int]:
    """Write values in bulk, keeping history. Returns (created, unchanged). Call inside a transaction.

    Published values and the authority's own values are separate series (``Value.published``)."""
    published = source == ValueSource.PUBLISHED
    latest: dict[tuple, NewValue] = {}
    for new in new_values:
        latest[new.key()] = new  # a later row for the same key wins
    if not latest:
        return 0, 0
    existing_qs = Value.objects.filter(
        is_current=True, published=published, indicator_id__in={k[0] for k in latest},
        period_type__in={k[2] for k in latest},
    ).only("id", "indicator_id", "area_code", "period_type", "period_start", "value", "symbol", "numerator",
           "denominator", "note")
    if area_codes is not None:
        existing_qs = existing_qs.filter(area_code__in=list(area_codes))
    existing = {(v.indicator_id, v.area_code, v.period_type, v.period_start): v for v in existing_qs}
    retire: list[int] = []
    create: list[dict] = []
    unchanged = 0
    now = timezone.now()
    for key, new in latest.items():
        old = existing.get(key)
        if old is not None and _same(old, new):
            unchanged += 1
            continue
        if old is not None:
            retire.append(old.pk)
        create.append({
            "indicator_id": new.indicator_id, "geography": new.geography, "area_code": new.area_code,
            "local_authority_id": new.local_authority_id, "region_id": new.region_id,
            "period_type": new.period.type, "period_start": new.period.start, "period_end": new.period.end,
            "value": new.value, "numerator": new.numerator, "denominator": new.denominator,
            "symbol": new.symbol, "source": source, "published": published,
            "source_detail": new.source_detail[:300], "note": new.note[:500],
            "entered_by_id": by.pk if getattr(by, "pk", None) else None, "entered_at": now,
            "import_run_id": import_run.pk if import_run else None, "is_current": True,
            "supersedes_id": old.pk if old is not None else None,
        })
    for start in range(0, len(retire), 500):
        Value.objects.filter(pk__in=retire[start:start + 500]).update(is_current=False)
    _insert_values(create)
    return len(create), unchanged


def _insert_values(rows: list[dict]) -> None:
    """Insert many values with one prepared statement (executemany): the ORM's bulk_create spends
    most of a full published-data load preparing each field, and SQLite limits it to ~40 rows a query."""
    if not rows:
        return
    fields = [f for f in Value._meta.concrete_fields if not f.primary_key]
    columns = [f.column for f in fields]
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(Value._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    adapt_date, adapt_datetime = connection.ops.adapt_datefield_value, connection.ops.adapt_datetimefield_value
    converters = []
    for f in fields:
        kind = f.get_internal_type()
        converters.append(adapt_date if kind == "DateField" else adapt_datetime if kind == "DateTimeField" else None)
    attnames = [f.attname for f in fields]
    params = [
        [convert(row[name]) if convert and row[name] is not None else row[name]
         for name, convert in zip(attnames, converters, strict=True)]
        for row in rows
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(params), 5000):
            cursor.executemany(sql, params[start:start + 5000])


@transaction.atomic
def record_value(*, indicator: Indicator, local_authority: LocalAuthority, period: periods.Period,
                 value: float, by, note: str = "", numerator: float | None = None,
                 denominator: float | None = None) -> Value:
    """Someone enters (or corrects) an authority's value by hand. A correction is a new version."""
    if period.type != indicator.local_period_type and period.type != indicator.period_type:
        raise ValidationError({"period": f"{indicator.title} is recorded by "
                               f"{PeriodType(indicator.local_period_type).label.lower()}"})
    previous = Value.objects.filter(
        indicator=indicator, area_code=local_authority.code, period_type=period.type,
        period_start=period.start, is_current=True, published=False,
    ).first()
    if previous is not None:
        Value.objects.filter(pk=previous.pk).update(is_current=False)
    row = Value.objects.create(
        indicator=indicator, geography=Geography.LOCAL_AUTHORITY, area_code=local_authority.code,
        local_authority=local_authority, region_id=local_authority.region_id, period_type=period.type,
        period_start=period.start, period_end=period.end, value=value, numerator=numerator,
        denominator=denominator, source=ValueSource.MANUAL, note=note[:500], entered_by=by, supersedes=previous,
    )
    audit.record_create(row, by=by, note=f"Correction of {previous.value}" if previous else "")
    return row


@transaction.atomic
def save_local_values(*, local_authority: LocalAuthority, values: list[NewValue], by,
                      source: str = ValueSource.UPLOAD, description: str = "") -> int:
    """Save many of an authority's own values at once (feeds from partner systems, demo data).
    Unchanged values are skipped; changed ones become new versions. Returns how many were added."""
    if any(v.area_code != local_authority.code for v in values):
        raise ValueError("Every value must be for the authority given")
    created, unchanged = _save_values(values, source=source, by=by, area_codes=[local_authority.code])
    if created:
        audit.record(action=AuditAction.IMPORT, by=by, local_authority=local_authority,
                     object_type="indicators.value", note=f"{description or 'Values'}: {created} added")
    return created


@dataclass
class UploadResult:
    run: ImportRun
    created: int
    unchanged: int


@transaction.atomic
def upload_values(*, local_authority: LocalAuthority, content: bytes, file_name: str, by) -> UploadResult:
    """Import a CSV or XLSX of an authority's values. All or nothing: raises UploadError listing every
    bad cell by row and column."""
    rows = upload.read_rows(content, file_name)
    visible = Indicator.objects.filter(Q(local_authority__isnull=True) | Q(local_authority=local_authority))
    specs = {i.code: upload.IndicatorSpec(i.pk, i.local_period_type, i.unit) for i in visible}
    clean = upload.validate(rows, specs, file_name)
    run = ImportRun.objects.create(kind=ImportKind.UPLOAD, file_name=file_name[:300], local_authority=local_authority,
                                   by=by, rows_read=len(rows))
    new = [NewValue(r.indicator_id, Geography.LOCAL_AUTHORITY, local_authority.code, local_authority.pk,
                    local_authority.region_id, r.period, r.value, numerator=r.numerator, denominator=r.denominator,
                    source_detail=file_name, note=r.note) for r in clean]
    created, unchanged = _save_values(new, source=ValueSource.UPLOAD, by=by, import_run=run,
                                      area_codes=[local_authority.code])
    run.values_created, run.values_unchanged = created, unchanged
    run.save(update_fields=["values_created", "values_unchanged"])
    audit.record(action=AuditAction.IMPORT, by=by, obj=run, local_authority=local_authority,
                 note=f"{file_name}: {created} values added, {unchanged} unchanged")
    return UploadResult(run, created, unchanged)


# --- Published data -------------------------------------------------------------------------

def _name_key(name: str) -> str:
    text = name.lower().replace("&", " and ")
    text = re.sub(r",?\s*(city|county) of\b", " ", text)
    text = re.sub(r"^(city of|county of|county)\s+", "", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


class Areas:
    """Every area a published row can name, read once per import."""

    def __init__(self):
        self.by_code: dict[str, LocalAuthority] = {}
        self.by_ons: dict[str, LocalAuthority] = {}
        self.by_name: dict[str, LocalAuthority] = {}
        for la in LocalAuthority.objects.all():
            self.by_code[la.code] = la
            self.by_ons[la.ons_code] = la
            if la.sen2_ons_code:
                self.by_ons[la.sen2_ons_code] = la
            self.by_name[_name_key(la.name)] = la
        self.regions = {r.code: r for r in Region.objects.all()}

    def resolve(self, raw: ees.RawValue) -> tuple[str, str, int | None, int | None] | None:
        """(geography, area_code, local_authority_id, region_id), or None if not a current area."""
        if raw.level == ees.NATIONAL:
            return Geography.NATIONAL, ENGLAND_CODE, None, None
        if raw.level == ees.REGIONAL:
            region = self.regions.get(raw.ons_code)
            return (Geography.REGIONAL, region.code, None, region.pk) if region else None
        if raw.match_name:
            la = self.by_name.get(_name_key(raw.la_name))
        else:
            la = self.by_code.get(raw.la_code) or self.by_ons.get(raw.ons_code)
        if la is None:
            return None
        return Geography.LOCAL_AUTHORITY, la.code, la.pk, la.region_id


@dataclass
class ImportReport:
    run: ImportRun
    created: int
    unchanged: int
    files: list[ees.FileReport]
    skipped: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"{f.name}: {f.dataset}: {f.headline_rows} headline rows, {f.values} values "
               f"({', '.join(f.mapped)})" for f in self.files if f.dataset]
        out.append(f"{self.created} values added, {self.unchanged} already up to date")
        out += [f"Skipped {line}" for line in self.skipped]
        return out


@transaction.atomic
def import_published(path: str | Path, *, by=None, name: str | None = None,
                     kind: str = ImportKind.EES) -> ImportReport:
    """Import an EES release (zip or CSV) or another shipped tidy file. All or nothing."""
    path = Path(path)
    result = ees.read(path, name=name)
    codes = {v.indicator for v in result.values}
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    areas = Areas()
    new: list[NewValue] = []
    unknown_areas: dict[str, int] = {}
    missing_indicators: set[str] = set()
    for raw in result.values:
        indicator = indicators.get(raw.indicator)
        if indicator is None:
            missing_indicators.add(raw.indicator)
            continue
        area = areas.resolve(raw)
        if area is None:
            if raw.value is None:  # footnote rows and empty cells for areas that no longer exist
                continue
            label = f"{raw.la_name or raw.ons_code} ({raw.la_code or raw.ons_code or 'no code'})"
            unknown_areas[label] = unknown_areas.get(label, 0) + 1
            continue
        try:
            period = periods.from_ees(raw.time_period, raw.time_identifier, indicator.period_type)
        except periods.PeriodError as error:
            raise ees.EESError(f"{raw.source}: {error}") from None
        new.append(NewValue(indicator.pk, area[0], area[1], area[2], area[3], period, raw.value, raw.symbol,
                            raw.numerator, raw.denominator, source_detail=raw.source))
    run = ImportRun.objects.create(kind=kind, file_name=(name or path.name)[:300], by=by,
                                   rows_read=sum(f.rows_read for f in result.files))
    created, unchanged = _save_values(new, source=ValueSource.PUBLISHED, by=by, import_run=run)
    skipped = list(result.skipped)
    skipped += [f"indicator {code}: not in the catalogue" for code in sorted(missing_indicators)]
    skipped += [f"area {label}: not a current English local authority ({n} values)"
                for label, n in sorted(unknown_areas.items())]
    run.values_created, run.values_unchanged, run.skipped = created, unchanged, skipped
    run.save(update_fields=["values_created", "values_unchanged", "skipped"])
    audit.record(action=AuditAction.IMPORT, by=by, obj=run, note=f"{run.file_name}: {created} values added")
    return ImportReport(run, created, unchanged, result.files, skipped)


def published_files() -> list[Path]:
    return [DATA_DIR / name for name in PUBLISHED_FILES]


@transaction.atomic
def load_published_data(*, by=None) -> list[ImportReport]:
    """Load every published file shipped in indicators/data/. Re-running adds only what changed."""
    reports = []
    for path in published_files():
        kind = ImportKind.EES if path.suffix == ".zip" else ImportKind.PUBLISHED
        reports.append(import_published(path, by=by, kind=kind))
    return reports


def published_data_loaded() -> bool:
    return ImportRun.objects.filter(kind__in=[ImportKind.EES, ImportKind.PUBLISHED]).exists()


# --- Values computed from case records --------------------------------------------------------

def _case_keys(indicators: Iterable[Indicator]) -> dict[str, str]:
    return {i.code: i.case_statistic for i in indicators if i.case_statistic}


@transaction.atomic
def compute_case_values(*, local_authority: LocalAuthority, years: Iterable[int] = (),
                        month_ends: Iterable[datetime.date] = (), by=None) -> int:
    """Store the values the casework app computes, for calendar years and for 12 months ending each
    month end. Returns how many values changed. Does nothing if the casework app does not provide
    statistics yet."""
    if not sources.available() or not sources.has_case_records(local_authority):
        return 0
    indicators = list(Indicator.objects.exclude(case_statistic="").filter(
        Q(local_authority__isnull=True) | Q(local_authority=local_authority)))
    keys = _case_keys(indicators)
    by_code = {i.code: i for i in indicators}
    new: list[NewValue] = []

    def add(code, period, found):
        value, numerator, denominator = found
        new.append(NewValue(by_code[code].pk, Geography.LOCAL_AUTHORITY, local_authority.code, local_authority.pk,
                            local_authority.region_id, period, value, numerator=numerator, denominator=denominator,
                            source_detail="Computed from case records"))

    for year in years:
        statistics = sources.statutory_for_year(local_authority, year=year)
        for code, found in sources.values_from(statistics or {}, keys).items():
            indicator = by_code[code]
            if indicator.period_type == PeriodType.CENSUS:
                period = periods.census(year + 1)  # plans in force on the census date of the return
            elif indicator.period_type == PeriodType.CALENDAR_YEAR:
                period = periods.calendar_year(year)
            else:
                continue
            add(code, period, found)
    for month_end in month_ends:
        statistics = sources.statutory_rolling(local_authority, month_end=month_end)
        for code, found in sources.values_from(statistics or {}, keys).items():
            period_type = by_code[code].local_period_type
            if period_type == PeriodType.ROLLING_12:
                add(code, periods.rolling_12(month_end), found)
            elif period_type == PeriodType.MONTH:
                add(code, periods.month(month_end.year, month_end.month), found)
    created, _ = _save_values(new, source=ValueSource.COMPUTED, by=by, area_codes=[local_authority.code])
    if created:
        audit.record(action=AuditAction.IMPORT, by=by, local_authority=local_authority,
                     object_type="indicators.value", note=f"{created} values computed from case records")
    return created


# --- Targets, RAG rules, commentary ----------------------------------------------------------

@transaction.atomic
def set_target(*, indicator: Indicator, local_authority: LocalAuthority, baseline_value: float,
               baseline_date: datetime.date, target_value: float, target_date: datetime.date, by,
               note: str = "") -> Target:
    """Set a baseline, target and dates; the trajectory is the straight line between them.
    The previous target is kept in the history."""
    if target_date <= baseline_date:
        raise ValidationError({"target_date": "The target date must be after the baseline date"})
    previous = Target.objects.filter(indicator=indicator, local_authority=local_authority, is_current=True).first()
    if previous is not None:
        Target.objects.filter(pk=previous.pk).update(is_current=False)
    target = Target.objects.create(
        indicator=indicator, local_authority=local_authority, baseline_value=baseline_value,
        baseline_date=baseline_date, target_value=target_value, target_date=target_date, note=note[:500],
        set_by=by, supersedes=previous,
    )
    audit.record_create(target, by=by, note="Replaces an earlier target" if previous else "")
    return target


@transaction.atomic
def set_rag_rule(*, indicator: Indicator, local_authority: LocalAuthority, basis: str, amber_margin: float,
                 by) -> RagRule:
    if basis not in RagBasis.values:
        raise ValidationError({"basis": "Choose what the RAG status compares with"})
    if amber_margin < 0:
        raise ValidationError({"amber_margin": "The amber margin must be 0 or more"})
    rule = RagRule.objects.filter(indicator=indicator, local_authority=local_authority).first()
    if rule is None:
        rule = RagRule.objects.create(indicator=indicator, local_authority=local_authority, basis=basis,
                                      amber_margin=amber_margin, updated_by=by)
        audit.record(action=AuditAction.CREATE, by=by, obj=rule, local_authority=local_authority,
                     changes={"basis": [None, basis], "amber_margin": [None, amber_margin]})
        return rule
    before = audit.snapshot(rule, ["basis", "amber_margin"])
    rule.basis, rule.amber_margin, rule.updated_by, rule.updated_at = basis, amber_margin, by, timezone.now()
    rule.save(update_fields=["basis", "amber_margin", "updated_by", "updated_at"])
    after = audit.snapshot(rule, ["basis", "amber_margin"])
    if before != after:
        audit.record(action=AuditAction.UPDATE, by=by, obj=rule, local_authority=local_authority,
                     changes={k: [before[k], after[k]] for k in before if before[k] != after[k]})
    return rule


@transaction.atomic
def add_commentary(*, indicator: Indicator, local_authority: LocalAuthority, text: str, by,
                   kind: str = CommentaryKind.UPDATE, period: periods.Period | None = None,
                   rag: str = "") -> Commentary:
    """The owner writes about an indicator (an exception commentary when it is red). Kept with history."""
    if not text.strip():
        raise ValidationError({"text": "Enter the commentary"})
    commentary = Commentary.objects.create(
        indicator=indicator, local_authority=local_authority, kind=kind, text=text.strip(), author=by, rag=rag,
        period_type=period.type if period else "", period_start=period.start if period else None,
    )
    audit.record(action=AuditAction.CREATE, by=by, obj=commentary, local_authority=local_authority,
                 note=f"{commentary.get_kind_display()} on {indicator.code}")
    return commentary
