"""Import a plan from the plain table councils keep: XLSX (sheet ``Actions``) or CSV.

Columns (the header row names them; order does not matter): Priority, Objective, Action,
Intended outcomes, Impact measures, Lead, Start, Due, Source, Status, and optionally Code,
Delivery leads and Depends on (the Codes of the actions that must finish first, separated by
semicolons), which our export writes. Other layouts pass a ``mapping`` {our column: their
header}. A blank Priority or Objective cell repeats the one above (as in merged Word cells).

Reading is in three steps so the column-mapping page can use the first two:
``read_table`` (file → header and rows), ``guess_mapping`` (headers → mapping) and ``parse_rows``
(rows → checked actions, or every problem at once). ``import_plan`` then writes it all in one
transaction through plans.services.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from .. import dates
from .. import dependencies as dependency_rules
from . import ImportProblems, Problem
from .cells import STATUS_SYNONYMS as STATUS_SYNONYMS
from .cells import ParsedLead as ParsedLead
from .cells import ParsedSource as ParsedSource
from .cells import _status_key
from .cells import detect_scale as detect_scale
from .cells import parse_leads as parse_leads
from .cells import parse_sources as parse_sources
from .cells import split_code as split_code
from .cells import status_words as status_words

SHEET = "Actions"
STANDARD_COLUMNS = ["Priority", "Objective", "Action", "Intended outcomes", "Impact measures", "Lead",
                    "Start", "Due", "Source", "Status"]
EXTRA_COLUMNS = ["Code", "Delivery leads", "Depends on"]
ALL_COLUMNS = STANDARD_COLUMNS + EXTRA_COLUMNS
REQUIRED_COLUMNS = ["Priority", "Action"]
MAX_ROWS = 5000

# Other names councils give the same columns (compared without case or punctuation).
SYNONYMS = {
    "Priority": ["priority", "strategic priority", "partner working group", "workstream", "theme"],
    "Objective": ["objective", "outcome", "what do we want to achieve", "aim"],
    "Action": ["action", "what we will do", "task", "task name", "what is needed to make this happen"],
    "Intended outcomes": ["intended outcomes", "intended outcomes and impact", "outcomes", "impact"],
    "Impact measures": ["impact measures", "measures", "kpis", "success measures"],
    "Lead": ["lead", "strategic lead", "owner", "responsible"],
    "Start": ["start", "start date"],
    "Due": ["due", "due date", "end", "end date", "deadline"],
    "Source": ["source", "sef dbv afi no", "sef dbv afi", "source tags"],
    "Status": ["status", "status ragp", "rag", "rag status", "ragp"],
    "Code": ["code", "ref", "reference", "id"],
    "Delivery leads": ["delivery leads", "delivery lead"],
    "Depends on": ["depends on", "dependencies", "dependency", "predecessors"],
}


def _key(text) -> str:
    return re.sub(r"[^a-z0-9]+", " ", str(text or "").lower()).strip()


@dataclass
class Table:
    sheet: str
    headers: list[str]
    rows: list[tuple[int, list]]  # (row number as the spreadsheet shows it, cells)
    header_row: int = 1


@dataclass
class ParsedAction:
    row: int
    priority: tuple[str, str]  # (code, title)
    objective: tuple[str, str] | None
    title: str
    code: str = ""
    intended_outcomes: str = ""
    impact_measures: str = ""
    leads: list[ParsedLead] = field(default_factory=list)
    delivery_leads: list[ParsedLead] = field(default_factory=list)
    start: dates.PlanDate = dates.PlanDate(None, "")
    due: dates.PlanDate = dates.PlanDate(None, "")
    sources: list[ParsedSource] = field(default_factory=list)
    status: str = ""  # a status code on the plan's scale, or "" for none
    depends_on: list[str] = field(default_factory=list)  # Codes of other actions in the file


# ---- reading --------------------------------------------------------------------------------


def _cell(value):
    if isinstance(value, str):
        return value.strip()
    return value


def _is_blank(cells) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _rows_from_xlsx(content: bytes, sheet: str | None, file_name: str) -> tuple[str, list[list]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise ImportProblems([Problem("is not an Excel workbook (.xlsx) we can read")], file_name=file_name) from None
    try:
        names = book.sheetnames
        if sheet:
            if sheet not in names:
                raise ImportProblems([Problem(f"has no sheet named {sheet!r} (it has: {', '.join(names)})")],
                                     file_name=file_name)
            chosen = sheet
        else:
            matches = [name for name in names if name.strip().lower() == SHEET.lower()]
            if matches:
                chosen = matches[0]
            elif len(names) == 1:
                chosen = names[0]
            else:
                raise ImportProblems([Problem(f"has no sheet named {SHEET!r} (it has: {', '.join(names)})")],
                                     file_name=file_name)
        rows = [[_cell(value) for value in row] for row in book[chosen].iter_rows(values_only=True)]
    finally:
        book.close()
    return chosen, rows


def _rows_from_csv(content: bytes, file_name: str) -> list[list]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything
        raise ImportProblems([Problem("is not a text CSV file")], file_name=file_name)
    first_line = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first_line.count)  # Excel writes ; in some locales
    return [[_cell(value) for value in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def read_table(file_name: str, content: bytes, *, sheet: str | None = None,
               header_hint: str = "Action") -> Table:
    """Read the sheet (``Actions``, or the only one) or CSV into a header and numbered rows.

    The header row is the first of the first 20 rows with a cell reading ``header_hint`` (or a
    synonym); failing that, the first non-blank row.
    """
    lower = file_name.lower()
    if lower.endswith(".csv"):
        sheet_name, raw = "", _rows_from_csv(content, file_name)
    elif lower.endswith((".xlsx", ".xlsm")):
        sheet_name, raw = _rows_from_xlsx(content, sheet, file_name)
    else:
        raise ImportProblems([Problem("must be an Excel workbook (.xlsx) or a CSV file (.csv)")], file_name=file_name)
    hints = {_key(header_hint), *SYNONYMS.get(header_hint, [])}
    header_index = next((i for i, row in enumerate(raw[:20]) if any(_key(cell) in hints for cell in row)), None)
    if header_index is None:
        header_index = next((i for i, row in enumerate(raw) if not _is_blank(row)), None)
    if header_index is None:
        raise ImportProblems([Problem("is empty")], file_name=file_name, sheet=sheet_name)
    headers = [str(cell).strip() if cell is not None else "" for cell in raw[header_index]]
    rows = [(number, row) for number, row in enumerate(raw[header_index + 1:], start=header_index + 2)
            if not _is_blank(row)]
    if len(rows) > MAX_ROWS:
        raise ImportProblems([Problem(f"has {len(rows)} rows; import at most {MAX_ROWS} at a time")],
                             file_name=file_name, sheet=sheet_name)
    return Table(sheet=sheet_name, headers=headers, rows=rows, header_row=header_index + 1)


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """{our column: the file's header} for each column we can recognise by name or synonym."""
    mapping = {}
    keys = {_key(header): header for header in headers if header}
    for column in ALL_COLUMNS:
        for candidate in [_key(column), *SYNONYMS.get(column, [])]:
            if candidate in keys and keys[candidate] not in mapping.values():
                mapping[column] = keys[candidate]
                break
    return mapping


# ---- parsing rows ---------------------------------------------------------------------------


def parse_rows(table: Table, mapping: dict[str, str], *, statuses: dict[str, str], file_name: str = "",
               finding_numbers: set[tuple[str, int]] | None = None) -> list[ParsedAction]:
    """Check every row; return the actions, or raise ImportProblems listing every bad cell.

    ``statuses`` comes from ``status_words``; ``finding_numbers`` ({("afi", 4), ...}), when given,
    are the inspection findings that AFI and PA sources must name.
    """
    problems: list[Problem] = []
    index = {}
    for column, header in mapping.items():
        if not header:
            continue
        if column not in ALL_COLUMNS:
            problems.append(Problem(f"{column!r} is not a column we import"))
        elif header not in table.headers:
            problems.append(Problem(f"there is no column headed {header!r} for {column}", row=table.header_row))
        else:
            index[column] = table.headers.index(header)
    for column in REQUIRED_COLUMNS:
        if column not in mapping or not mapping[column]:
            problems.append(Problem(f"there is no {column} column (the header row needs one headed {column!r})",
                                    row=table.header_row))
    if problems:
        raise ImportProblems(problems, file_name=file_name, sheet=table.sheet)

    def cell(cells, column):
        position = index.get(column)
        if position is None or position >= len(cells):
            return None
        return cells[position]

    def text(cells, column) -> str:
        value = cell(cells, column)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    parsed, priority, objective = [], None, None
    for number, cells in table.rows:
        def bad(column, message, number=number):
            problems.append(Problem(message, row=number, column=mapping.get(column) or column))

        priority_text = text(cells, "Priority")
        if priority_text:
            priority, objective = split_code(priority_text), None
        objective_text = text(cells, "Objective")
        if objective_text:
            objective = split_code(objective_text)
        title = text(cells, "Action")
        if not title:
            bad("Action", "Enter what will be done: the Action cell is blank")
            continue
        if priority is None:
            bad("Priority", "Enter the priority this action belongs to")
            continue
        action = ParsedAction(row=number, priority=priority, objective=objective, title=title,
                              code=text(cells, "Code")[:20],
                              intended_outcomes=text(cells, "Intended outcomes"),
                              impact_measures=text(cells, "Impact measures"),
                              leads=parse_leads(text(cells, "Lead")),
                              delivery_leads=parse_leads(text(cells, "Delivery leads")))
        try:
            action.start = dates.parse_plan_date(cell(cells, "Start"), allow_tbc=False)
        except dates.PlanDateError as error:
            bad("Start", str(error))
        try:
            action.due = dates.parse_plan_date(cell(cells, "Due"))
        except dates.PlanDateError as error:
            bad("Due", str(error))
        deadline = dates.due_by(action.due.value, action.due.precision)
        if action.start.value and deadline and action.start.value > deadline:
            bad("Due", f"the due date ({action.due}) is before the start date ({action.start})")
        try:
            action.sources = parse_sources(text(cells, "Source"))
        except ValueError as error:
            bad("Source", str(error))
        if finding_numbers is not None:
            for source in action.sources:
                if source.number is not None and (source.kind, source.number) not in finding_numbers:
                    bad("Source", f"{source.reference} is not a finding of the inspection this plan answers")
        action.depends_on = [code.strip() for code in re.split(r"[;,\n]", text(cells, "Depends on")) if code.strip()]
        status_text = text(cells, "Status")
        if status_text:
            code = statuses.get(_status_key(status_text))
            if code is None:
                bad("Status", f"{status_text!r} is not a status on this plan's scale")
            else:
                action.status = code
        parsed.append(action)
    problems.extend(_dependency_problems(parsed, column=mapping.get("Depends on") or "Depends on"))
    if not parsed and not problems:
        problems.append(Problem("has no actions below the header row", row=table.header_row))
    if problems:
        raise ImportProblems(problems, file_name=file_name, sheet=table.sheet)
    return parsed


def _dependency_problems(parsed: list[ParsedAction], *, column: str) -> list[Problem]:
    """Each Depends on code must name exactly one action in the file, and the dependencies must not
    go round in a loop (plans/dependencies.py)."""
    rows_by_code: dict[str, list[int]] = {}
    for action in parsed:
        if action.code:
            rows_by_code.setdefault(action.code.lower(), []).append(action.row)
    names = {action.row: action.code or f"the action on row {action.row}" for action in parsed}
    problems, graph = [], {}
    for action in parsed:
        for code in action.depends_on:
            rows = rows_by_code.get(code.lower(), [])
            if not rows:
                problems.append(Problem(f"{code!r} is not the Code of any action in the file", row=action.row,
                                        column=column))
                continue
            if len(rows) > 1:
                problems.append(Problem(f"more than one action has the Code {code!r} (rows "
                                        f"{', '.join(map(str, rows))}), so it cannot say which it depends on",
                                        row=action.row, column=column))
                continue
            try:
                dependency_rules.check_new_dependency(action.row, rows[0], graph, name=names.__getitem__)
            except dependency_rules.DependencyProblem as problem:
                problems.append(Problem(str(problem), row=action.row, column=column))
                continue
            graph.setdefault(action.row, set()).add(rows[0])
    return problems


# ---- writing --------------------------------------------------------------------------------


def _lead_specs(leads: list[ParsedLead], kind: str, users: dict[str, object]) -> list[dict]:
    specs = []
    for lead in leads:
        user = users.get(lead.name.lower())
        specs.append({"kind": kind, "user": user, "name": "" if user else lead.name,
                      "organisation": lead.organisation if not user or lead.organisation != user.organisation else ""})
    return specs


def import_plan(*, local_authority, title: str, file_name: str, content: bytes, by, mapping=None, sheet=None,
                kind: str = "strategic", inspection=None, status_scale: str | None = None,
                today: datetime.date | None = None):
    """Read, check and create the plan in one transaction; ImportProblems (nothing written) if bad."""
    from django.db import transaction

    from core import audit
    from core.choices import AuditAction
    from core.clock import today as clock_today
    from core.models import User

    from .. import services
    from ..choices import STATUS_SCALE_PRESETS, LeadKind

    table = read_table(file_name, content, sheet=sheet, header_hint=(mapping or {}).get("Action") or "Action")
    mapping = mapping or guess_mapping(table.headers)
    status_scale = status_scale or detect_scale(table, mapping, STATUS_SCALE_PRESETS)
    presets = {name: [(code, label, meaning) for code, label, _colour, meaning in options]
               for name, options in STATUS_SCALE_PRESETS.items()}
    scale = presets[status_scale]
    findings = None
    if inspection is not None:
        findings = {(finding.kind, finding.number): finding for finding in inspection.findings.all()}
    rows = parse_rows(table, mapping, statuses=status_words(scale, also=list(presets.values())), file_name=file_name,
                      finding_numbers=set(findings) if findings is not None else None)
    if not (title or "").strip():
        raise ImportProblems([Problem("Enter a title for the plan")], file_name=file_name)
    users = {}
    for user in User.objects.filter(role_assignments__local_authority=local_authority).distinct():
        users.setdefault(user.full_name.lower(), user)
        users.setdefault(user.email.lower(), user)
    today = today or clock_today()
    with transaction.atomic():
        plan = services.create_plan(local_authority=local_authority, title=title, kind=kind, by=by,
                                    status_scale=status_scale,
                                    description=f"Imported from {file_name}")
        if inspection is not None:
            services.link_inspection(plan, inspection=inspection, by=by)
        options = {option.code: option for option in plan.status_options.all()}
        priorities, objectives, by_code, by_row = {}, {}, {}, {}
        for position, row in enumerate(rows, start=1):
            if row.priority not in priorities:
                priorities[row.priority] = services.add_section(plan, code=row.priority[0], title=row.priority[1],
                                                                by=by)
            section = priorities[row.priority]
            if row.objective is not None:
                key = (row.priority, row.objective)
                if key not in objectives:
                    objectives[key] = services.add_section(plan, parent=section, code=row.objective[0],
                                                           title=row.objective[1], by=by)
                section = objectives[key]
            action = services.add_action(
                plan, section=section, title=row.title, code=row.code, intended_outcomes=row.intended_outcomes,
                impact_measures=row.impact_measures, start_on=row.start.value, start_precision=row.start.precision,
                due_on=row.due.value, due_precision=row.due.precision, position=position, by=by)
            by_row[row.row] = action
            if row.code:
                by_code[row.code.lower()] = action
            leads = (_lead_specs(row.leads, LeadKind.STRATEGIC, users)
                     + _lead_specs(row.delivery_leads, LeadKind.DELIVERY, users))
            if leads:
                services.set_action_leads(action, leads=leads, by=by)
            if row.sources:
                services.set_action_sources(action, by=by, sources=[
                    {"kind": source.kind, "reference": source.reference,
                     "finding": findings.get((source.kind, source.number)) if findings and source.number else None}
                    for source in row.sources])
            if row.status:
                services.submit_status_update(action, status=options[row.status], reported_on=today, by=by,
                                              commentary=f"Status imported from {file_name}")
        for row in rows:
            if row.depends_on:
                services.set_action_dependencies(by_row[row.row], by=by,
                                                 depends_on=[by_code[code.lower()] for code in row.depends_on])
        audit.record(action=AuditAction.IMPORT, by=by, obj=plan, note=f"{len(rows)} actions from {file_name}"[:300])
    return plan
