"""The scorecard as an XLSX workbook: one sheet with a row per indicator, one month by month.

Numbers are written as numbers (with the indicator's decimal places as the cell format), so
analysts can work with them; "no data" cells are left empty.
"""

import datetime
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .. import queries

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = ["Theme", "Indicator id", "Indicator", "Unit", "Owner", "Latest period", "Latest value", "Target",
           "Target date", "Status", "England", "Region", "Similar areas (average)", "Benchmark period",
           "Commentary"]
RAG_FILLS = {"red": "F4CCCC", "amber": "FCE5CD", "green": "D9EAD3"}
BOLD = Font(bold=True)


def _number_format(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def _put(sheet, row: int, column: int, value, *, number_format: str | None = None):
    cell = sheet.cell(row=row, column=column, value=value)
    if number_format and isinstance(value, int | float):
        cell.number_format = number_format
    return cell


def scorecard_workbook(authority, rows: list[queries.ScorecardRow], *, today: datetime.date) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Scorecard"
    sheet["A1"] = f"SEND scorecard: {authority.name}"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = f"Exported on {today:%-d %B %Y}. Region: {authority.region.name}. Similar areas are DfE statistical neighbours."
    header_row = 4
    for column, title in enumerate(HEADERS, start=1):
        cell = sheet.cell(row=header_row, column=column, value=title)
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for offset, row in enumerate(rows, start=1):
        r = header_row + offset
        indicator = row.indicator
        fmt = _number_format(indicator.decimal_places)
        target = row.target
        values = [
            indicator.get_theme_display(), indicator.code, indicator.title, indicator.get_unit_display(),
            indicator.owner or indicator.get_owner_role_display(),
            row.latest.label if row.latest else None,
            row.latest.value if row.latest else None,
            target.target_value if target else None,
            target.target_date if target else None,
            row.rag_label if row.rag else None,
            row.england, row.region,
            round(row.neighbours_mean, indicator.decimal_places + 1) if row.neighbours_mean is not None else None,
            row.benchmark_label or None,
            row.commentary.text if row.commentary else None,
        ]
        for column, value in enumerate(values, start=1):
            cell = _put(sheet, r, column, value, number_format=fmt)
            if isinstance(value, datetime.date):
                cell.number_format = "d mmmm yyyy"
        if row.rag in RAG_FILLS:
            sheet.cell(row=r, column=10).fill = PatternFill("solid", fgColor=RAG_FILLS[row.rag])
    widths = [28, 30, 50, 14, 28, 22, 12, 12, 16, 10, 12, 12, 14, 18, 60]
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=4)
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(HEADERS))}{header_row + len(rows)}"

    monthly = book.create_sheet("Month by month")
    columns = queries.history_columns(rows, 36)
    monthly.cell(row=1, column=1, value="Indicator id").font = BOLD
    monthly.cell(row=1, column=2, value="Indicator").font = BOLD
    for index, (month, _label) in enumerate(columns, start=3):
        cell = monthly.cell(row=1, column=index, value=month)
        cell.number_format = "mmm yyyy"
        cell.font = BOLD
    for r, row in enumerate(rows, start=2):
        monthly.cell(row=r, column=1, value=row.indicator.code)
        monthly.cell(row=r, column=2, value=row.indicator.title)
        by_month = {p.end.replace(day=1): p.value for p in row.series if p.period_type in queries.MONTH_TYPES}
        fmt = _number_format(row.indicator.decimal_places)
        for c, (month, _label) in enumerate(columns, start=3):
            _put(monthly, r, c, by_month.get(month), number_format=fmt)
    monthly.column_dimensions["A"].width = 30
    monthly.column_dimensions["B"].width = 50
    monthly.freeze_panes = "C2"

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
