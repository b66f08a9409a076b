"""Import and export in the plain layout: round trips, other layouts, and every bad cell reported."""

import csv
import datetime
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from core.models import AuditEvent
from plans import services
from plans.exporters import export_plan, tabular
from plans.importers import ImportProblems
from plans.importers import tabular as importer
from plans.models import ActionSource, ImprovementPlan

from .data_helpers import small_plan

D = datetime.date
HULL_CSV = Path(__file__).resolve().parents[1] / "demo_data" / "hull_strategic_plan.csv"
HEADER = ["Priority", "Objective", "Action", "Intended outcomes", "Impact measures", "Lead", "Start", "Due",
          "Source", "Status"]


def xlsx(rows, *, sheet="Actions", header=HEADER) -> bytes:
    book = openpyxl.Workbook()
    book.active.title = sheet
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, header=HEADER) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode()


GOOD = ["1. Clear communication", "Measure impact", "Communicate timescales", "Confidence", "Complaints fall",
        "Assistant Director Learning and Skills", "Feb-23", "Nov-23", "SEF", "On track some concerns"]


def updated_plan(authority):
    built = small_plan(authority)
    services.submit_status_update(built.a11, status=built.options["some_concerns"], by=None, commentary="Capacity",
                                  reported_on=D(2025, 1, 10))
    services.submit_status_update(built.a12, status=built.options["completed"], by=None, reported_on=D(2025, 1, 10))
    return built


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_then_import_gives_the_same_plan(authority, fmt):
    built = updated_plan(authority)
    content, _type = export_plan(built.plan, fmt=fmt, today=D(2025, 1, 15))
    copy = services.import_plan(local_authority=authority, title="Copy", file_name=f"plan.{fmt}", content=content,
                                by=None)
    assert tabular.plan_rows(copy) == tabular.plan_rows(built.plan)
    assert copy.actions.count() == 3
    assert copy.sections.filter(parent__isnull=True).count() == 2
    a11 = copy.actions.get(code="1.1")
    assert (a11.start_on, a11.start_precision, a11.due_on, a11.due_precision) == (
        D(2024, 2, 1), "month", D(2025, 6, 1), "month")
    assert copy.actions.get(code="2.1").due_precision == "tbc"
    assert copy.actions.get(code="1.2").due_on == D(2024, 12, 31)
    assert a11.status.label == "On track, some concerns"


@pytest.mark.django_db
def test_the_exported_workbook_has_the_plain_layout_with_real_dates_and_month_text(authority):
    built = updated_plan(authority)
    sheet = openpyxl.load_workbook(io.BytesIO(tabular.to_xlsx(built.plan)))["Actions"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0][:10]) == HEADER
    by_action = {row[2]: row for row in rows[1:]}
    assert by_action["Co-produce a communication strategy"][6:8] == ("Feb-24", "Jun-25")
    assert by_action["Publish the transition framework"][7] == datetime.datetime(2024, 12, 31)
    assert by_action["Train early years settings"][7] == "TBC"
    assert by_action["Co-produce a communication strategy"][8] == "SEF/AFI1"
    assert by_action["Co-produce a communication strategy"][0] == "1: Clear and open communication"


@pytest.mark.django_db
def test_hulls_published_plan_imports_with_its_priorities_sources_and_statuses(authority):
    plan = services.import_plan(local_authority=authority, title="Hull", file_name="hull_strategic_plan.csv",
                                content=HULL_CSV.read_bytes(), by=None)
    assert plan.actions.count() == 55
    priorities = plan.sections.filter(parent__isnull=True).order_by("position")
    assert [p.code for p in priorities] == ["1", "2", "3", "4", "5", "6"]
    assert priorities[2].title.startswith("To identify need early")
    assert plan.actions.filter(status__meaning="sustained").count() == 4
    assert plan.actions.filter(due_precision="tbc").count() == 2
    assert ActionSource.objects.filter(action__plan=plan, kind="afi", reference="AFI1").count() == 9


@pytest.mark.django_db
def test_afi_sources_link_to_the_inspections_findings_when_an_inspection_is_given(authority):
    built = small_plan(authority)
    content = csv_bytes([[*GOOD[:8], "AFI2/DBV", ""]])
    plan = services.import_plan(local_authority=authority, title="With AFIs", file_name="p.csv", content=content,
                                by=None, inspection=built.inspection)
    sources = {s.kind: s for s in ActionSource.objects.filter(action__plan=plan)}
    assert sources["afi"].finding == built.afi2
    assert "dbv" in sources
    assert plan.inspections.get() == built.inspection


@pytest.mark.django_db
def test_every_bad_row_and_cell_is_reported_and_nothing_is_written(authority):
    rows = [
        GOOD,
        ["", "", "", "Outcome with no action", "", "", "", "", "", ""],
        [*GOOD[:6], "Soon", "Nov-23", "SEF", "On track no concerns"],
        [*GOOD[:6], "Feb-23", "Jan-22", "SEF", "Purple-ish"],
        [*GOOD[:6], "TBC", "TBC", "Rumour", ""],
    ]
    plans_before, events_before = ImprovementPlan.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ImportProblems) as error:
        services.import_plan(local_authority=authority, title="Bad", file_name="bad.xlsx", content=xlsx(rows),
                             by=None)
    assert error.value.lines() == [
        "bad.xlsx, sheet Actions, row 3, column Action: Enter what will be done: the Action cell is blank",
        "bad.xlsx, sheet Actions, row 4, column Start: 'Soon' is not a date: write a date, a month like Feb-23",
        "bad.xlsx, sheet Actions, row 5, column Due: the due date (Jan-22) is before the start date (Feb-23)",
        "bad.xlsx, sheet Actions, row 5, column Status: 'Purple-ish' is not a status on this plan's scale",
        "bad.xlsx, sheet Actions, row 6, column Start: a start date cannot be TBC: write a month, like Feb-23, "
        "or leave it blank",
        "bad.xlsx, sheet Actions, row 6, column Source: 'RUMOUR' is not a source we recognise: use SEF, DBV, AFI1, "
        "PA1, WSOA or Other, separated by / or spaces",
    ]
    assert (ImprovementPlan.objects.count(), AuditEvent.objects.count()) == (plans_before, events_before)


@pytest.mark.django_db
def test_an_afi_the_inspection_does_not_have_is_reported(authority):
    built = small_plan(authority)
    with pytest.raises(ImportProblems, match="AFI7 is not a finding of the inspection this plan answers"):
        services.import_plan(local_authority=authority, title="P", file_name="p.csv", by=None,
                             content=csv_bytes([[*GOOD[:8], "AFI7", ""]]), inspection=built.inspection)


@pytest.mark.django_db
@pytest.mark.parametrize(("content", "file_name", "message"), [
    (b"not a workbook", "plan.xlsx", "plan.xlsx: is not an Excel workbook (.xlsx) we can read"),
    (b"x", "plan.pdf", "plan.pdf: must be an Excel workbook (.xlsx) or a CSV file (.csv)"),
    (None, "plan.xlsx", "plan.xlsx: has no sheet named 'Actions' (it has: Sheet1, Sheet2)"),
    (csv_bytes([GOOD], header=[h for h in HEADER if h != "Priority"]), "plan.csv",
     "plan.csv, row 1: there is no Priority column (the header row needs one headed 'Priority')"),
    (csv_bytes([]), "plan.csv", "plan.csv, row 1: has no actions below the header row"),
])
def test_a_file_we_cannot_read_gets_a_message_naming_it(authority, content, file_name, message):
    if content is None:  # a workbook with two sheets, neither called Actions
        book = openpyxl.Workbook()
        book.active.title = "Sheet1"
        book.create_sheet("Sheet2")
        buffer = io.BytesIO()
        book.save(buffer)
        content = buffer.getvalue()
    with pytest.raises(ImportProblems) as error:
        services.import_plan(local_authority=authority, title="P", file_name=file_name, content=content, by=None)
    assert message in error.value.lines()


@pytest.mark.django_db
def test_another_layout_imports_through_a_column_mapping(authority):
    header = ["Workstream", "Task name", "End date", "Owner", "RAG"]
    content = xlsx([["PWG1: Mainstream is inclusive", "A1: Improve the graduated approach", "TBC", "Head of SEN",
                     "Amber"]], sheet="Gantt", header=header)
    table = importer.read_table("gantt.xlsx", content)
    mapping = importer.guess_mapping(table.headers)
    assert mapping == {"Priority": "Workstream", "Action": "Task name", "Due": "End date", "Lead": "Owner",
                       "Status": "RAG"}
    plan = services.import_plan(local_authority=authority, title="Gantt", file_name="gantt.xlsx", content=content,
                                by=None, mapping=mapping)
    action = plan.actions.get()
    assert (action.title, action.due_precision, action.status.meaning) == (
        "A1: Improve the graduated approach", "tbc", "some_concerns")
    assert plan.sections.get().code == "PWG1"


@pytest.mark.django_db
def test_a_mapping_naming_a_missing_header_is_reported(authority):
    with pytest.raises(ImportProblems, match="there is no column headed 'Deadline' for Due"):
        services.import_plan(local_authority=authority, title="P", file_name="p.csv", content=csv_bytes([GOOD]),
                             by=None, mapping={"Priority": "Priority", "Action": "Action", "Due": "Deadline"})


@pytest.mark.parametrize(("text", "kinds"), [
    ("SEF", ["sef"]),
    ("SEF/DBV", ["sef", "dbv"]),
    ("AFI2 AFI4", ["afi", "afi"]),
    ("AFI 3, WSOA", ["afi", "wsoa"]),
    ("Delivering Better Value and Other", ["dbv", "other"]),
    ("", []),
])
def test_source_cells_are_read_as_tags(text, kinds):
    assert [s.kind for s in importer.parse_sources(text)] == kinds


@pytest.mark.parametrize(("text", "expected"), [
    ("1. To work towards", ("1", "To work towards")),
    ("A1: Improving access", ("A1", "Improving access")),
    ("PWG2: Statutory support", ("PWG2", "Statutory support")),
    ("Map out SEND services - clearer pathways", ("", "Map out SEND services - clearer pathways")),
])
def test_codes_are_split_from_section_titles(text, expected):
    assert importer.split_code(text) == expected


@pytest.mark.parametrize(("text", "names"), [
    ("Assistant Director Safeguarding / Head Of Service", ["Assistant Director Safeguarding", "Head Of Service"]),
    ("Designated Clinical Officer (Example ICB); Head of SEND.", ["Designated Clinical Officer", "Head of SEND"]),
])
def test_lead_cells_are_split_into_people_or_roles(text, names):
    assert [lead.name for lead in importer.parse_leads(text)] == names


@pytest.mark.django_db
def test_the_import_command_prints_the_new_plans_id(authority, tmp_path, capsys):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(xlsx([GOOD]))
    call_command("import_plan", str(path), "--la", "810", "--title", "Imported plan")
    plan = ImprovementPlan.objects.get(title="Imported plan")
    assert capsys.readouterr().out.strip() == str(plan.pk)
    assert AuditEvent.objects.filter(object_type="plans.improvementplan", object_id=str(plan.pk),
                                     action="import").exists()


@pytest.mark.django_db
def test_the_import_command_fails_and_writes_nothing_on_bad_input(authority, tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes(csv_bytes([[*GOOD[:7], "31/02/2024", "SEF", ""]]))
    with pytest.raises(CommandError, match=r"plan.csv, row 2, column Due: '31/02/2024' is not a real date"):
        call_command("import_plan", str(path), "--la", "810", "--title", "Bad plan")
    assert not ImprovementPlan.objects.filter(title="Bad plan").exists()


@pytest.mark.django_db
def test_the_import_command_names_an_unknown_authority(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes(csv_bytes([GOOD]))
    with pytest.raises(CommandError, match="no local authority with DfE code '999'"):
        call_command("import_plan", str(path), "--la", "999", "--title", "P")


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xlsx", "csv", "docx", "pdf"])
def test_the_export_command_writes_each_format(authority, tmp_path, fmt):
    built = updated_plan(authority)
    out = tmp_path / f"plan.{fmt}"
    call_command("export_plan", str(built.plan.pk), "--format", fmt, "--out", str(out))
    content = out.read_bytes()
    magic = {"xlsx": b"PK", "docx": b"PK", "pdf": b"%PDF", "csv": "\ufeffPriority".encode()}[fmt]
    assert content.startswith(magic)
    event = AuditEvent.objects.get(action="export", object_type="plans.improvementplan")
    assert event.changes["format"] == [None, fmt] and event.actor_label == "system"


@pytest.mark.django_db
def test_the_plan_as_a_word_document_has_a_table_per_section(authority):
    import docx

    built = updated_plan(authority)
    content, _ = export_plan(built.plan, fmt="docx", today=D(2025, 1, 15))
    document = docx.Document(io.BytesIO(content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["Priority 1: Clear and open communication", "Objective 1A: Families hear from us first",
                        "Priority 2: Identify need early"]
    first_rows = [[cell.text for cell in table.rows[1].cells] for table in document.tables]
    assert first_rows[0][0] == "1.2: Publish the transition framework"
    assert first_rows[1][-1] == "On track, some concerns"
