"""Reading and checking a SEN2 Blade export: pure Python, no database."""

import datetime
import zipfile

import pytest

from cases.importers import sen2_blade as blade
from cases.importers.sen2_parse import load, parse_export
from cases.importers.sen2_read import read_export

from .sen2_helpers import SMALL, add_row, copy_small, edit, module_path, read_rows, write_rows

D = datetime.date


def problems_for(folder, expected_la="810"):
    files, problems = read_export(folder)
    if problems:
        return problems
    return parse_export(files, expected_la=expected_la)[1]


def only_problem(folder):
    problems = problems_for(folder)
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


# ---- reading files ----------------------------------------------------------------------------


def test_a_folder_export_reads_into_people_requests_plans_and_placements():
    sen2 = load(SMALL, expected_la="810")
    assert sen2.header.year == 2025
    assert sen2.header.reference_date == D(2025, 1, 16)
    assert sen2.counts() == {"person": 4, "requests": 5, "assessment": 3, "namedplan": 3,
                             "plandetail": 4, "activeplans": 2, "placementdetail": 2, "senneed": 3}
    ada = sen2.persons[0]
    assert (ada.native_id, ada.forename, ada.birth_date, ada.upn) == ("CH-1001", "Ada", D(2016, 3, 4),
                                                                      "A123456789012")
    plan = ada.requests[0].assessments[0].named_plan
    assert plan.start_date == D(2024, 6, 20) and plan.details[0].urn == "123456"
    needs = ada.requests[0].active_plan.needs
    assert [(n.sen_type, n.rank) for n in needs] == [("ASD", 1), ("SLCN", 2)]


def test_a_zip_export_reads_the_same_as_the_folder(tmp_path):
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for path in SMALL.iterdir():
            z.write(path, f"nested/{path.name}")
    assert load(archive, expected_la="810") == load(SMALL, expected_la="810")


def test_a_byte_order_mark_and_windows_line_ends_are_read(tmp_path):
    folder = copy_small(tmp_path)
    for path in folder.iterdir():
        text = path.read_text(encoding="utf-8").replace("\n", "\r\n")
        path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert load(folder, expected_la="810") == load(SMALL, expected_la="810")


def test_column_names_are_matched_whatever_their_case(tmp_path):
    folder = copy_small(tmp_path)
    path = module_path(folder, "person")
    heading, rest = path.read_text().split("\n", 1)
    path.write_text(heading.upper().replace("PERSONBIRTHDATE", "PersonBirthDate") + "\n" + rest)
    assert load(folder, expected_la="810").persons[0].birth_date == D(2016, 3, 4)


def test_a_missing_module_file_is_named(tmp_path):
    folder = copy_small(tmp_path)
    module_path(folder, "senneed").unlink()
    problem = only_problem(folder)
    assert "senneed" in problem.file and "no senneed file" in problem.message


def test_two_files_for_one_module_are_refused(tmp_path):
    folder = copy_small(tmp_path)
    path = module_path(folder, "senneed")
    (folder / "Blade-Export_21-01-2025_senneed.csv").write_bytes(path.read_bytes())
    assert "2 senneed files" in only_problem(folder).message


def test_a_path_that_is_neither_folder_nor_zip_is_refused(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    assert "folder or a zip" in problems_for(path)[0].message
    assert "no file or folder" in problems_for(tmp_path / "nowhere")[0].message


def test_a_missing_required_column_is_named_with_its_file_and_row_1(tmp_path):
    folder = copy_small(tmp_path)
    rows = read_rows(folder, "requests")
    write_rows(folder, "requests", rows, fieldnames=[c for c in rows[0] if c != "receiveddate"])
    problem = only_problem(folder)
    assert (problem.file, problem.row, problem.column) == (
        "Blade-Export_20-01-2025_requests.csv", 1, "receiveddate")
    assert str(problem) == ("Blade-Export_20-01-2025_requests.csv, row 1, column receiveddate: "
                            "The file has no receiveddate column")


def test_optional_columns_of_older_returns_may_be_absent(tmp_path):
    folder = copy_small(tmp_path)
    rows = read_rows(folder, "requests")
    write_rows(folder, "requests", rows, fieldnames=[c for c in rows[0] if c != "requestsource"])
    assert load(folder, expected_la="810").persons[0].requests[0].source == ""


def test_the_2023_gender_column_is_read_as_sex(tmp_path):
    folder = copy_small(tmp_path)
    rows = read_rows(folder, "person")
    for row in rows:
        row["gendercurrent"] = {"F": "2", "M": "1"}[row.pop("sex")]
    write_rows(folder, "person", rows)
    assert [p.sex for p in load(folder, expected_la="810").persons] == ["F", "M", "F", "M"]


# ---- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("2024-Feb-29 00:00:00", D(2024, 2, 29)),  # leap day
    ("2024-feb-05 00:00:00", D(2024, 2, 5)),
    ("2024-Dec-31", D(2024, 12, 31)),
    ("2024-Sep-3 13:45:00", D(2024, 9, 3)),
    ("2024-09-28", D(2024, 9, 28)),  # XML spelling
    ("2024-09-28T00:00:00", D(2024, 9, 28)),
])
def test_blade_and_xml_dates_are_read(text, expected):
    assert blade.parse_date(text) == expected


@pytest.mark.parametrize("text", [
    "2023-Feb-29 00:00:00",  # not a leap year
    "2024-Apr-31 00:00:00",
    "2024-Foo-01 00:00:00",
    "2024-13-01",
    "05/02/2024",
    "yesterday",
])
def test_a_bad_date_is_refused_naming_the_cell(tmp_path, text):
    assert blade.parse_date(text) is None
    folder = copy_small(tmp_path)
    edit(folder, "person", "12", personbirthdate=text)
    problem = only_problem(folder)
    assert (problem.file, problem.row, problem.column) == (
        "Blade-Export_20-01-2025_person.csv", 3, "personbirthdate")
    assert repr(text) in problem.message


@pytest.mark.parametrize(("value", "text"), [
    (D(2024, 9, 28), "2024-Sep-28 00:00:00"),
    (D(2025, 1, 6), "2025-Jan-06 00:00:00"),
    (None, ""),
])
def test_dates_are_written_the_blade_way(value, text):
    assert blade.format_date(value) == text


@pytest.mark.parametrize(("year", "census"), [
    (2023, D(2023, 1, 19)), (2024, D(2024, 1, 18)), (2025, D(2025, 1, 16)),
    (2026, D(2026, 1, 15)), (2027, D(2027, 1, 21)),
    (2028, D(2028, 1, 20)),  # third Thursday: not yet published
    (2030, D(2030, 1, 17)),
])
def test_the_census_date_of_each_return(year, census):
    assert blade.census_date(year) == census


# ---- validation rules -------------------------------------------------------------------------
# (module, table id, {column: value}, column named in the problem, words in the message)
RULES = [
    ("requests", "21", {"requestoutcome": "X"}, "requestoutcome", "V-REQ-1"),
    ("requests", "21", {"requestoutcomedate": ""}, "requestoutcomedate", "V-REQ-2"),
    ("requests", "23", {"requestoutcomedate": "2024-Jul-01 00:00:00"}, "requestoutcomedate", "V-REQ-3"),
    ("requests", "24", {"receiveddate": "2025-Jan-17 00:00:00"}, "receiveddate", "V-REQ-4"),
    ("requests", "21", {"requestsource": "7"}, "requestsource", "V-REQ-6"),
    ("requests", "21", {"rya": "2"}, "rya", "1 (yes) or 0 (no)"),
    ("requests", "21", {"receiveddate": ""}, "receiveddate", "Enter the date the request was received"),
    ("assessment", "31", {"assessmentoutcome": "Q"}, "assessmentoutcome", "V-ASM-1"),
    ("assessment", "31", {"assessmentoutcome": "N", "assessmentoutcomedate": ""},
     "assessmentoutcomedate", "V-ASM-2"),
    ("assessment", "31", {"assessmentoutcomedate": "2024-Mar-01 00:00:00"}, "assessmentoutcomedate",
     "V-ASM-3"),
    ("assessment", "31", {"week20": "yes please"}, "week20", "1 (yes) or 0 (no)"),
    ("namedplan", "42", {"ceasedate": "2024-Jul-31 00:00:00"}, "ceasereason", "V-PLN-2"),
    ("namedplan", "43", {"ceasereason": "10"}, "ceasereason", "V-PLN-2"),
    ("namedplan", "43", {"ceasedate": ""}, "ceasedate", "V-PLN-2"),
    ("namedplan", "43", {"ceasedate": "2017-Oct-01 00:00:00"}, "ceasedate", "V-PLN-3"),
    ("namedplan", "43", {"ceasedate": "2025-Feb-01 00:00:00"}, "ceasedate", "V-PLN-3"),
    ("plandetail", "51", {"urn": ""}, "urn", "V-PLC-1"),
    ("plandetail", "51", {"urn": "12345"}, "urn", "6-digit URN"),
    ("plandetail", "54", {"ukprn": "123"}, "ukprn", "8-digit UKPRN"),
    ("plandetail", "53", {"sensetting": "SCHOOL"}, "sensetting", "OLA"),
    ("plandetail", "51", {"placementrank": "3"}, "placementrank", "V-PLC-2"),
    ("placementdetail", "72", {"leavingdate": "2020-Jan-01 00:00:00"}, "leavingdate", "V-PLC-3"),
    ("placementdetail", "72", {"entrydate": ""}, "entrydate", "placement entry date"),
    ("senneed", "82", {"sentyperank": "1"}, "sentyperank", "V-NEED-1"),
    ("senneed", "81", {"sentype": "XYZ"}, "sentype", "ASD"),
    ("activeplans", "62", {"reviewoutcome": "Q"}, "reviewoutcome", "V-AR-1"),
    ("activeplans", "62", {"reviewmeeting": ""}, "reviewoutcome", "V-AR-1"),
    ("activeplans", "62", {"lastreview": "2024-Apr-01 00:00:00"}, "lastreview", "V-AR-2"),
    ("activeplans", "62", {"lastreview": "2025-Feb-01 00:00:00"}, "lastreview", "V-AR-2"),
    ("activeplans", "61", {"transferla": "88"}, "transferla", "3-digit"),
    ("person", "11", {"upn": ""}, "upn", "V-PER-1"),
    ("person", "11", {"upn": "A12345"}, "upn", "13 characters"),
    ("person", "13", {"upnunknown": "UN4"}, "upnunknown", "V-PER-1"),
    ("person", "12", {"uniquelearnernumber": "12345"}, "uniquelearnernumber", "10-digit ULN"),
    ("person", "12", {"ethnicity": "W1"}, "ethnicity", "CBDS"),
    ("person", "12", {"sex": "X"}, "sex", "F, M, U"),
    ("person", "12", {"surname": ""}, "surname", "Enter the surname"),
    ("person", "12", {"personbirthdate": "2025-Feb-01 00:00:00"}, "personbirthdate", "census"),
    ("requests", "21", {"persontableid": "99"}, "persontableid", "no person record with table id '99'"),
    ("requests", "22", {"requeststableid": "21"}, "requeststableid", "used by an earlier row"),
    ("sen2", "1", {"lea": "886"}, "lea", "not 810"),
    ("sen2", "1", {"referencedate": "2024-Jan-18 00:00:00"}, "referencedate", "January 2025"),
]


@pytest.mark.parametrize(("module", "table_id", "values", "column", "words"), RULES,
                         ids=[f"{r[0]}-{r[3]}-{r[4]}" for r in RULES])
def test_each_validation_rule_names_the_file_row_and_column(tmp_path, module, table_id, values,
                                                           column, words):
    folder = copy_small(tmp_path)
    row_number = [r[f"{module}tableid"] for r in read_rows(folder, module)].index(table_id) + 2
    edit(folder, module, table_id, **values)
    problems = problems_for(folder)
    assert any(p.column == column and words in p.message for p in problems), [str(p) for p in problems]
    match = next(p for p in problems if p.column == column and words in p.message)
    assert match.file == module_path(folder, module).name
    assert match.row == row_number


def test_the_unchanged_fixture_passes_every_rule():
    assert problems_for(SMALL) == []


def test_an_assessment_under_a_refused_request_is_refused(tmp_path):
    folder = copy_small(tmp_path)
    add_row(folder, "assessment", assessmenttableid="39", requeststableid="23", assessmentoutcome="A")
    problem = only_problem(folder)
    assert problem.column == "requeststableid" and "V-REQ-5" in problem.message


def test_a_named_plan_under_an_assessment_awaiting_a_decision_is_refused(tmp_path):
    folder = copy_small(tmp_path)
    edit(folder, "assessment", "31", assessmentoutcome="A", assessmentoutcomedate="")
    problem = only_problem(folder)
    assert (problem.file, problem.row, problem.column) == (
        "Blade-Export_20-01-2025_namedplan.csv", 2, "assessmenttableid")
    assert "V-ASM-4" in problem.message


def test_a_historical_request_needs_no_received_date(tmp_path):
    folder = copy_small(tmp_path)
    edit(folder, "requests", "22", receiveddate="")
    assert load(folder, expected_la="810").persons[1].requests[0].received_date is None


def test_excel_style_codes_and_flags_are_accepted(tmp_path):
    folder = copy_small(tmp_path)
    edit(folder, "namedplan", "43", ceasereason="4.0", pb="1.0")
    plan = load(folder, expected_la="810").persons[3].requests[0].assessments[0].named_plan
    assert (plan.cease_reason, plan.pb) == ("4", True)


def test_every_problem_in_every_file_is_listed_not_only_the_first(tmp_path):
    folder = copy_small(tmp_path)
    edit(folder, "person", "11", personbirthdate="2016-Feb-30 00:00:00")
    edit(folder, "requests", "23", requestoutcome="Z")
    edit(folder, "senneed", "83", sentype="NOPE")
    problems = problems_for(folder)
    assert {(p.file.rsplit("_", 1)[-1], p.row, p.column) for p in problems} == {
        ("person.csv", 2, "personbirthdate"), ("requests.csv", 4, "requestoutcome"),
        ("senneed.csv", 4, "sentype")}


def test_load_raises_an_error_carrying_every_problem(tmp_path):
    folder = copy_small(tmp_path)
    edit(folder, "requests", "21", requestoutcome="X")
    edit(folder, "requests", "23", requestoutcome="Z")
    with pytest.raises(blade.Sen2ImportError) as caught:
        load(folder, expected_la="810")
    assert len(caught.value.problems) == 2
    assert "2 problems" in str(caught.value)


def test_progress_is_reported_up_to_every_row():
    seen = []
    load(SMALL, expected_la="810", progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (27, 27)  # 1 header + 26 rows, in 9 files


def test_a_return_written_and_read_back_is_the_same_return(tmp_path):
    from cases.exporters.sen2_blade import write_export

    original = load(SMALL, expected_la="810")
    paths = write_export(original, tmp_path / "out", export_date=datetime.date(2025, 1, 20))
    assert len(paths) == 9
    assert all(path.read_bytes().count(b"\r\n") >= 1 for path in paths)
    assert load(tmp_path / "out", expected_la="810") == original


def test_a_file_saved_by_excel_in_windows_1252_is_read(tmp_path):
    folder = copy_small(tmp_path)
    edit(folder, "person", "11", surname="Zoë-Examplefield")
    path = module_path(folder, "person")
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252"))
    assert load(folder, expected_la="810").persons[0].surname == "Zoë-Examplefield"
