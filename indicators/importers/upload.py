"""Read a spreadsheet of indicator values (CSV or XLSX) that a partnership uploads.

Pure apart from openpyxl: no Django. ``read_rows`` gives the cells; ``validate`` checks every cell
and returns clean rows plus every problem, named by row and column, so nothing is written unless
the whole file is right.

Columns (header row, any order, case-insensitive): ``indicator`` (the indicator id), ``period``
(e.g. 2025-10 or October 2025 for a monthly measure), ``value``; optional ``numerator``,
``denominator`` and ``note``. A blank value is an error; to say a figure is missing, leave the row out.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass

from .. import periods

REQUIRED = ("indicator", "period", "value")
OPTIONAL = ("numerator", "denominator", "note")
MAX_ROWS = 20_000


class UploadError(ValueError):
    """The file cannot be imported. ``errors`` lists every problem."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors[:5]) + (f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""))
        self.errors = errors


@dataclass(frozen=True)
class IndicatorSpec:
    id: int
    period_type: str
    unit: str


@dataclass(frozen=True)
class CleanRow:
    row: int
    indicator_id: int
    period: periods.Period
    value: float
    numerator: float | None
    denominator: float | None
    note: str


def _text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat()
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def read_rows(content: bytes, file_name: str) -> list[tuple[int, dict[str, str]]]:
    """The data rows as (row number in the file, {column: text}); raises UploadError if unreadable."""
    name = file_name.lower()
    if name.endswith(".xlsx"):
        try:
            import openpyxl

            book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds for a bad file
            raise UploadError([f"{file_name} is not a readable Excel (.xlsx) file"]) from None
        sheet = book.worksheets[0]
        raw_rows = [[_text(c) for c in row] for row in sheet.iter_rows(values_only=True)]
        book.close()
    elif name.endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UploadError([f"{file_name} is not UTF-8 text: save it as 'CSV UTF-8'"]) from None
        raw_rows = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]
    else:
        raise UploadError([f"{file_name} must be a CSV or XLSX file"])
    while raw_rows and not any(raw_rows[0]):
        raw_rows.pop(0)
    if not raw_rows:
        raise UploadError([f"{file_name} is empty"])
    header = [h.strip().lower() for h in raw_rows[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise UploadError([f"{file_name}: the first row must name the columns; missing: {', '.join(missing)}"])
    rows = []
    for number, cells in enumerate(raw_rows[1:], start=2):
        if not any(cells):
            continue
        rows.append((number, {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header) if h}))
    if len(rows) > MAX_ROWS:
        raise UploadError([f"{file_name} has {len(rows)} rows; upload at most {MAX_ROWS} at a time"])
    if not rows:
        raise UploadError([f"{file_name} has no rows of values under the header"])
    return rows


def _number(text: str) -> float:
    return float(text.replace(",", "").rstrip("%").strip())


def validate(rows: list[tuple[int, dict[str, str]]], indicators: dict[str, IndicatorSpec],
             file_name: str) -> list[CleanRow]:
    """Check every cell; raise UploadError listing all problems, or return the clean rows."""
    errors: list[str] = []
    clean: list[CleanRow] = []
    seen: dict[tuple, int] = {}
    for number, cells in rows:
        where = f"{file_name}, row {number}"
        row_errors: list[str] = []
        code = cells.get("indicator", "")
        spec = indicators.get(code)
        if not code:
            row_errors.append(f"{where}, column indicator: enter the indicator id")
        elif spec is None:
            row_errors.append(f"{where}, column indicator: {code!r} is not an indicator id in the catalogue")
        period = None
        if spec is not None:
            try:
                period = periods.parse(cells.get("period", ""), spec.period_type)
            except periods.PeriodError as error:
                row_errors.append(f"{where}, column period: {error}")
        numbers: dict[str, float | None] = {}
        for column in ("value", "numerator", "denominator"):
            text = cells.get(column, "")
            if not text:
                numbers[column] = None
                if column == "value":
                    row_errors.append(f"{where}, column value: enter a number")
                continue
            try:
                numbers[column] = _number(text)
            except ValueError:
                row_errors.append(f"{where}, column {column}: {text!r} is not a number")
                numbers[column] = None
        value = numbers["value"]
        if spec is not None and value is not None:
            if spec.unit == "percent" and not 0 <= value <= 100:
                row_errors.append(f"{where}, column value: a percentage must be between 0 and 100")
            elif spec.unit == "count" and (value < 0 or not float(value).is_integer()):
                row_errors.append(f"{where}, column value: a number of people or events must be a whole "
                                  "number, 0 or more")
        if numbers["denominator"] is not None and numbers["numerator"] is not None \
                and numbers["numerator"] > numbers["denominator"]:
            row_errors.append(f"{where}, column numerator: must not be more than the denominator")
        if period is not None and spec is not None:
            key = (spec.id, period.key())
            if key in seen:
                row_errors.append(f"{where}: the same indicator and period as row {seen[key]}")
            seen.setdefault(key, number)
        if row_errors:
            errors += row_errors
            continue
        clean.append(CleanRow(number, spec.id, period, value, numbers["numerator"], numbers["denominator"],
                              cells.get("note", "")[:500]))
    if errors:
        raise UploadError(errors)
    return clean
