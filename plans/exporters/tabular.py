"""Export a plan in the plain table layout (the one plans/importers/tabular.py reads back).

Sheet ``Actions``: the ten standard columns, then Code, Delivery leads and Depends on (the codes of
the actions that must finish first), and last Needed by (the same links the other way round, for
reading; import ignores it). Month-precision dates are written as ``Mon-YY`` text, exact dates as
real dates (ISO text in CSV), unknown due dates as ``TBC``. Removed actions are left out. Export
then import gives the same plan.
"""

import csv
import io

from .. import dates, queries
from ..choices import LeadKind
from ..importers.tabular import ALL_COLUMNS, SHEET

NEEDED_BY = "Needed by"


def _joined_title(section) -> str:
    return f"{section.code}: {section.title}" if section.code else section.title


def _leads(action, kind) -> str:
    return "; ".join(lead.display for lead in action.leads.all() if lead.kind == kind)


def _sources(action) -> str:
    parts = []
    for source in action.sources.all():
        if source.finding_id:
            parts.append(source.finding.code)
        elif source.reference:
            parts.append(source.reference)
        else:
            parts.append({"sef": "SEF", "dbv": "DBV", "wsoa": "WSOA", "other": "Other"}.get(source.kind, source.kind))
    return "/".join(parts)


def action_names(actions) -> str:
    """``1.1; 2.3``: actions by code (or the start of their title, if they have no code)."""
    return "; ".join(action.code or action.title[:60] for action in actions)


def _date(value, precision, *, for_csv: bool):
    if precision == dates.DAY and value is not None:
        return value.isoformat() if for_csv else value
    return dates.format_plan_date(value, precision)


def plan_rows(plan, *, for_csv: bool = False) -> tuple[list[str], list[list]]:
    """The header and one row per action, in plan order."""
    sections = queries.sections_for(plan)
    by_id = {s.pk: s for s in sections}
    top = queries.priority_of(sections)
    rows = []
    for action in queries.actions_for(plan, with_dependencies=True):
        section = by_id[action.section_id]
        priority = top[section.pk]
        objective = None
        if section.pk != priority.pk:  # the level-2 section above (or at) the action's section
            objective = section
            while objective.parent_id and objective.parent_id != priority.pk:
                objective = by_id[objective.parent_id]
        rows.append([
            _joined_title(priority), _joined_title(objective) if objective else "", action.title,
            action.intended_outcomes, action.impact_measures, _leads(action, LeadKind.STRATEGIC),
            _date(action.start_on, action.start_precision, for_csv=for_csv),
            _date(action.due_on, action.due_precision, for_csv=for_csv),
            _sources(action), action.status.label if action.status_id else "",
            action.code, _leads(action, LeadKind.DELIVERY),
            action_names(action.dependencies.all()), action_names(action.dependents.all()),
        ])
    return [*ALL_COLUMNS, NEEDED_BY], rows


def to_csv(plan) -> bytes:
    headers, rows = plan_rows(plan, for_csv=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(plan) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    headers, rows = plan_rows(plan)
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    widths = [30, 30, 45, 35, 35, 25, 11, 11, 12, 22, 8, 25, 14, 14]
    for column, width in zip("ABCDEFGHIJKLMN", widths, strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if hasattr(cell.value, "year"):
                cell.number_format = "DD/MM/YYYY"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
