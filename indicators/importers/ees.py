"""Read Explore Education Statistics (EES) files in the standard tidy format.

Pure: no Django. ``read(path)`` takes a release zip as downloaded or one CSV and returns the
values it recognises (as ``RawValue``) plus a report of what it skipped. The service layer
(indicators/services.py) turns areas and periods into database rows.

Tidy format: one row per time period, area and combination of filters. Columns
``time_period, time_identifier, geographic_level`` then area codes (``country_code``,
``region_code``, ``new_la_code``, ``old_la_code``, ``la_name``), filter columns (``breakdown_topic``,
``breakdown``, ``education_phase`` ...), then indicator columns. Missing values are symbols:
``x`` not available, ``z`` not applicable, ``c`` confidential, ``low`` rounds to zero, ``u`` low
reliability (also ``-``, ``:``, ``~``, ``..`` from older tables).

Which columns feed which indicator is listed in ``DATASETS``. A file is recognised by a column
only it has, so a renamed file still imports.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

SYMBOLS = {"x": "x", "z": "z", "c": "c", "low": "low", "u": "u", "-": "-", ":": "x", "~": "c", "..": "x",
           "": "x", "n/a": "z", "na": "z"}
GEOGRAPHY_COLUMNS = {
    "time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_code",
    "region_name", "new_la_code", "old_la_code", "la_name", "year", "region_heading", "source_footnotes",
}
NATIONAL, REGIONAL, LOCAL_AUTHORITY = "national", "regional", "local_authority"
LEVELS = {"national": NATIONAL, "regional": REGIONAL, "local authority": LOCAL_AUTHORITY}


class EESError(ValueError):
    """A file that cannot be read as EES tidy data; the message names the file, row and column."""


@dataclass(frozen=True)
class Column:
    """One indicator column and, optionally, the counts behind it."""

    indicator: str
    column: str
    numerator: str = ""
    denominator: tuple[str, ...] = ()
    where: tuple[tuple[str, str], ...] = ()  # extra filter values for this column


@dataclass(frozen=True)
class Dataset:
    name: str
    signature: str  # a column that identifies the file
    columns: tuple[Column, ...]
    headline: tuple[tuple[str, str], ...] = ()  # filter values that pick the headline ("all") rows
    time_period_column: str = "time_period"
    time_identifier: str = ""  # used when the file has no time_identifier column
    match_names: bool = False  # the file's LA codes are unreliable: match by name


def _c(indicator, column, numerator="", *denominator, where=()):
    return Column(indicator, column, numerator, tuple(denominator), tuple(where))


EHC = (("send_group", "EHC plan"),)
SUPPORT = (("send_group", "SEN support"),)
DATASETS: tuple[Dataset, ...] = (
    Dataset("EHC plans: 20-week timeliness", "PC_plans_issued_20_weeks_ex", (
        _c("ehcp_issued_20wk_ex_pc", "PC_plans_issued_20_weeks_ex", "plans_issued_20_weeks_ex", "plans_issued_den_ex"),
        _c("ehcp_issued_20wk_pc", "pc_plans_issued_within_20_weeks", "plans_issued_within_20_weeks",
           "plans_issued_den"),
        _c("ehcp_issued_over_52wk_ex_pc", "PC_plans_issued_gt_1_year_ex", "plans_issued_gt_1_year_ex",
           "plans_issued_den_ex"),
    )),
    Dataset("EHC plans: requests for assessment", "requests_received_in_year", (
        _c("ehcp_requests", "requests_received_in_year"),
        _c("ehcp_requests_refused", "requests_decided_not_to_assess"),
        _c("ehcp_requests_refused_pc", "request_not_assess_pc", "requests_decided_not_to_assess",
           "requests_received_in_year"),
        _c("ehcp_requests_6wk_pc", "request_outcome_six_weeks_pc", "request_outcome_six_weeks",
           "request_outcome_six_weeks", "request_outcome_over_6_weeks"),
    )),
    Dataset("EHC plans: assessments", "assess_in_year", (
        _c("ehcp_assessments", "assess_in_year"),
        _c("ehcp_not_issue_16wk_pc", "outcome_decision_within_time_pc", "outcome_decision_within_time",
           "outcome_decision_within_time", "outcome_decision_over_time"),
    )),
    Dataset("EHC plans: new plans", "new_ehc_plans", (
        _c("ehcp_new_plans", "new_ehc_plans"),
    )),
    Dataset("EHC plans: caseload at January", "ehcplans", (
        _c("ehcp_plans_in_force", "ehcplans"),
        _c("ehcp_mainstream_pc", "mainstream_total_pc", "mainstream_total", "ehcplans"),
        _c("ehcp_special_pc", "special_total_pc", "special_total", "ehcplans"),
        _c("ehcp_elective_home_education", "elective_home_education"),
        _c("ehcp_eotas", "other_arrangements_la"),
        _c("ehcp_neet", "neet"),
    )),
    Dataset("EHC plans: annual reviews", "pc_decsion_4weeks", (
        _c("ehcp_review_decisions_4wk_pc", "pc_decsion_4weeks", "number_decsion_4weeks",
           "number_decsion_4weeks", "number_decision_gt_4weeks"),
        _c("ehcp_reviews_maintain", "outcome_maintan"),
        _c("ehcp_reviews_amend", "outcome_amend"),
        _c("ehcp_reviews_cease", "outcome_cease"),
    )),
    Dataset("EHC plans: ceased plans", "total_ceased", (
        _c("ehcp_plans_ceased", "total_ceased"),
        _c("ehcp_ceased_needs_met", "needs_met"),
    )),
    Dataset("EHC plans: personal budgets", "personal_budget", (
        _c("ehcp_personal_budgets", "personal_budget"),
    )),
    Dataset("SEND Tribunal appeal rates (tidy)", "appeal_rate_pct", (
        _c("send_tribunal_appeal_rate", "appeal_rate_pct", "appeals_registered", "total_appealable_decisions"),
    ), time_period_column="year", time_identifier="Calendar year", match_names=True),
    Dataset("Pupil absence by SEN status", "sess_overall_percent_sen_group", (
        _c("ehcp_absence_pc", "sess_overall_percent_sen_group", where=EHC),
        _c("sen_support_absence_pc", "sess_overall_percent_sen_group", where=SUPPORT),
        _c("ehcp_persistent_absence_pc", "enrolments_pa_10_exact_percent_sen_group", where=EHC),
        _c("sen_support_persistent_absence_pc", "enrolments_pa_10_exact_percent_sen_group", where=SUPPORT),
    ), headline=(("education_phase", "Total"),)),
    Dataset("Pupil attendance by SEN status", "attendance_perc_sen_group", (
        _c("ehcp_attendance_pc", "attendance_perc_sen_group", where=EHC),
    ), headline=(("education_phase", "Total"),)),
    Dataset("Suspensions and permanent exclusions by SEN status", "susp_rate_sen_group", (
        _c("ehcp_suspension_rate", "susp_rate_sen_group", where=EHC),
        _c("sen_support_suspension_rate", "susp_rate_sen_group", where=SUPPORT),
        _c("ehcp_permanent_exclusion_rate", "perm_excl_rate_sen_group", where=EHC),
    ), headline=(("education_phase", "Total"),)),
)


@dataclass(frozen=True)
class RawValue:
    indicator: str
    level: str  # national | regional | local_authority
    la_code: str  # DfE 3-digit, blank unless an LA row
    ons_code: str  # new_la_code or region_code
    la_name: str
    time_period: str
    time_identifier: str
    value: float | None
    symbol: str
    numerator: float | None
    denominator: float | None
    source: str  # file (and member) it came from
    match_name: bool = False


@dataclass
class FileReport:
    name: str
    dataset: str = ""
    rows_read: int = 0
    headline_rows: int = 0
    values: int = 0
    mapped: list[str] = field(default_factory=list)
    skipped_columns: list[str] = field(default_factory=list)
    reason: str = ""  # why the whole file was skipped


@dataclass
class ReadResult:
    values: list[RawValue]
    files: list[FileReport]

    @property
    def skipped(self) -> list[str]:
        """One line per thing not imported: whole files, and columns of recognised files."""
        lines = [f"{f.name}: {f.reason}" for f in self.files if f.reason]
        lines += [f"{f.name}: columns not mapped: {', '.join(f.skipped_columns)}"
                  for f in self.files if f.skipped_columns]
        return lines


def parse_number(text: str) -> tuple[float | None, str]:
    """A published cell as (value, symbol). Thousands separators, % and spaces are allowed."""
    cleaned = text.strip()
    symbol = SYMBOLS.get(cleaned.lower())
    if symbol is not None:
        return None, symbol
    try:
        return float(cleaned.replace(",", "").rstrip("%")), ""
    except ValueError:
        raise EESError(f"{text!r} is not a number or a known symbol (x, z, c, low, u)") from None


def _is_headline(row: list[str], index: dict[str, int], dataset: Dataset) -> bool:
    if dataset.headline:
        return all(row[index[col]].strip() == value for col, value in dataset.headline if col in index)
    if "breakdown_topic" in index and "breakdown" in index:
        return row[index["breakdown_topic"]] == row[index["breakdown"]]
    return True


def _level(row: list[str], index: dict[str, int]) -> str:
    if "geographic_level" in index:
        raw = row[index["geographic_level"]].strip().lower()
        return LEVELS.get(raw, raw)
    return LOCAL_AUTHORITY


def _cell(row, index, name):
    position = index.get(name)
    return row[position].strip() if position is not None and position < len(row) else ""


def read_csv(text: Iterator[str], name: str) -> tuple[list[RawValue], FileReport]:
    """Read one tidy CSV (an iterator of lines)."""
    report = FileReport(name)
    reader = csv.reader(text)
    try:
        header = [h.strip().lstrip("\ufeff") for h in next(reader)]
    except StopIteration:
        report.reason = "empty file"
        return [], report
    index: dict[str, int] = {}
    for position, column in enumerate(header):
        index.setdefault(column, position)
    dataset = next((d for d in DATASETS if d.signature in index), None)
    if dataset is None:
        report.reason = "not a recognised data file (no columns map to catalogue indicators)"
        return [], report
    report.dataset = dataset.name
    wanted = [c for c in dataset.columns if c.column in index]
    report.mapped = sorted({f"{c.column} -> {c.indicator}" for c in wanted})
    used = {c.column for c in wanted} | {c.numerator for c in wanted} | {d for c in wanted for d in c.denominator}
    filters = {col for col, _ in dataset.headline} | {col for c in wanted for col, _ in c.where}
    report.skipped_columns = [
        h for h in dict.fromkeys(header)
        if h not in used and h not in GEOGRAPHY_COLUMNS and h not in filters
        and h not in ("breakdown_topic", "breakdown", "education_phase", "send_group")
    ]
    if dataset.time_period_column not in index:
        raise EESError(f"{name}: no {dataset.time_period_column} column")
    values: list[RawValue] = []
    for line_number, row in enumerate(reader, start=2):
        if not row or not any(cell.strip() for cell in row):
            continue
        report.rows_read += 1
        if not _is_headline(row, index, dataset):
            continue
        report.headline_rows += 1
        level = _level(row, index)
        if level not in (NATIONAL, REGIONAL, LOCAL_AUTHORITY):
            continue
        time_identifier = _cell(row, index, "time_identifier") or dataset.time_identifier
        for column in wanted:
            if any(_cell(row, index, col) != value for col, value in column.where):
                continue
            try:
                value, symbol = parse_number(row[index[column.column]])
                numerator = parse_number(row[index[column.numerator]])[0] if column.numerator in index else None
                denominator = None
                if column.denominator and all(d in index for d in column.denominator):
                    parts = [parse_number(row[index[d]])[0] for d in column.denominator]
                    denominator = None if None in parts else sum(parts)
            except EESError as error:
                raise EESError(f"{name}, row {line_number}, column {column.column}: {error}") from None
            except IndexError:
                raise EESError(f"{name}, row {line_number}: fewer cells than the header") from None
            values.append(RawValue(
                indicator=column.indicator, level=level,
                la_code=_cell(row, index, "old_la_code") if level == LOCAL_AUTHORITY else "",
                ons_code=_cell(row, index, "new_la_code" if level == LOCAL_AUTHORITY else "region_code"),
                la_name=_cell(row, index, "la_name"),
                time_period=_cell(row, index, dataset.time_period_column), time_identifier=time_identifier,
                value=value, symbol=symbol, numerator=numerator, denominator=denominator, source=name,
                match_name=dataset.match_names,
            ))
    report.values = len(values)
    return values, report


def read(path: str | Path, *, name: str | None = None) -> ReadResult:
    """Read a release zip (every CSV member) or one CSV file."""
    path = Path(path)
    label = name or path.name
    if not path.exists():
        raise EESError(f"{path}: no such file")
    values: list[RawValue] = []
    files: list[FileReport] = []
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            for member in archive.namelist():
                if member.endswith("/"):
                    continue
                member_label = f"{label}:{member}"
                if not member.lower().endswith(".csv"):
                    files.append(FileReport(member_label, reason="not a CSV file"))
                    continue
                with archive.open(member) as raw:
                    text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
                    try:
                        found, report = read_csv(text, member_label)
                    except csv.Error as error:
                        raise EESError(f"{member_label}: not a readable CSV ({error})") from None
                    except UnicodeDecodeError:
                        raise EESError(f"{member_label}: not UTF-8 text") from None
                values += found
                files.append(report)
        return ReadResult(values, files)
    if path.suffix.lower() != ".csv":
        raise EESError(f"{label}: expected a .zip release or a .csv file")
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            found, report = read_csv(handle, label)
    except UnicodeDecodeError:
        raise EESError(f"{label}: not UTF-8 text") from None
    except csv.Error as error:
        raise EESError(f"{label}: not a readable CSV ({error})") from None
    return ReadResult(found, [report])
