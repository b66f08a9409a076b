"""Reading EES tidy files: symbols, headline rows, zips, what is skipped, and clear errors.
Small files made here; the real release is tested in test_published_data.py."""

import io
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from indicators import periods, services
from indicators.importers import ees
from indicators.models import ENGLAND_CODE, ImportRun, Value

HEADER = ("time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,"
          "new_la_code,old_la_code,la_name,breakdown_topic,breakdown,plans_issued_den,plans_issued_den_ex,"
          "plans_issued_within_20_weeks,plans_issued_20_weeks_ex,pc_plans_issued_within_20_weeks,"
          "PC_plans_issued_20_weeks_ex,PC_plans_issued_gt_1_year_ex,plans_issued_gt_1_year_ex,new_column")
ALL = "All EHC plans issued,All EHC plans issued"
ROWS = [
    f"2024,Calendar year,National,E92000001,England,,,,,,{ALL},90392,84866,41448,39407,45.9,46.4,7.3,6195,1",
    f"2024,Calendar year,Regional,E92000001,England,E12000008,South East,,,,{ALL},100,90,40,38,40,42.2,x,x,1",
    f"2024,Calendar year,Local authority,E92000001,England,E12000008,South East,E10000016,886,Kent,{ALL},"
    "2424,2354,784,784,32.3,33.3,c,c,1",
    "2024,Calendar year,Local authority,E92000001,England,E12000008,South East,E10000016,886,Kent,"
    "Sex,Female,800,790,300,300,37.5,38.0,1,1,1",
    f"2024,Calendar year,Local authority,E92000001,England,E12000001,North East,E06000000,999,Nowhere,{ALL},"
    "1,1,1,1,100,100,0,0,1",
    f"2023,Calendar year,Local authority,E92000001,England,E12000003,Yorkshire and The Humber,E06000010,810,"
    f"\"Kingston upon Hull, City of\",{ALL},500,480,300,290,60,low,z,u,1",
]


def write(tmp_path, name="timeliness_20_week.csv", rows=ROWS, header=HEADER, bom=True):
    path = tmp_path / name
    path.write_text(("\ufeff" if bom else "") + "\r\n".join([header, *rows]) + "\r\n", encoding="utf-8")
    return path


def test_only_headline_rows_are_read_and_symbols_are_kept(tmp_path):
    result = ees.read(write(tmp_path))
    kent = [v for v in result.values if v.la_code == "886"]
    assert {v.indicator: v.value for v in kent} == {
        "ehcp_issued_20wk_pc": 32.3, "ehcp_issued_20wk_ex_pc": 33.3, "ehcp_issued_over_52wk_ex_pc": None}
    assert next(v for v in kent if v.indicator == "ehcp_issued_over_52wk_ex_pc").symbol == "c"
    hull = {v.indicator: (v.value, v.symbol) for v in result.values if v.la_code == "810"}
    assert hull["ehcp_issued_20wk_ex_pc"] == (None, "low")
    assert hull["ehcp_issued_over_52wk_ex_pc"] == (None, "z")
    assert result.files[0].rows_read == 6 and result.files[0].headline_rows == 5


def test_percentages_keep_the_counts_behind_them(tmp_path):
    england = next(v for v in ees.read(write(tmp_path)).values
                   if v.level == "national" and v.indicator == "ehcp_issued_20wk_ex_pc")
    assert (england.value, england.numerator, england.denominator) == (46.4, 39407, 84866)


def test_unknown_columns_are_reported_as_skipped(tmp_path):
    result = ees.read(write(tmp_path))
    assert any("new_column" in line for line in result.skipped)


@pytest.mark.parametrize("cell, expected", [("12", (12.0, "")), (" 83.221", (83.221, "")), ("1,234", (1234.0, "")),
                                            ("7.0000000000000007E-2", (0.07, "")), ("x", (None, "x")),
                                            ("z", (None, "z")), ("c", (None, "c")), ("low", (None, "low")),
                                            ("u", (None, "u")), ("", (None, "x")), ("3.2%", (3.2, ""))])
def test_published_cells_are_numbers_or_symbols(cell, expected):
    value, symbol = ees.parse_number(cell)
    assert (pytest.approx(value) if value is not None else None, symbol) == expected


def test_a_bad_cell_is_reported_by_file_row_and_column(tmp_path):
    rows = [*ROWS[:2], ROWS[2].replace("33.3", "thirty")]
    with pytest.raises(ees.EESError, match=r"timeliness_20_week.csv, row 4, column PC_plans_issued_20_weeks_ex"):
        ees.read(write(tmp_path, rows=rows))


def test_a_zip_release_reads_every_csv_and_reports_other_members(tmp_path):
    path = tmp_path / "release.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("data/timeliness_20_week.csv", "\ufeff" + "\n".join([HEADER, *ROWS]))
        archive.writestr("data/something_else.csv", "time_period,time_identifier,geographic_level,foo\n2024,x,y,1\n")
        archive.writestr("data-guidance/data-guidance.txt", "guidance")
    result = ees.read(path)
    assert len([v for v in result.values if v.indicator == "ehcp_issued_20wk_ex_pc"]) == 5
    skipped = "\n".join(result.skipped)
    assert "release.zip:data/something_else.csv: not a recognised data file" in skipped
    assert "release.zip:data-guidance/data-guidance.txt: not a CSV file" in skipped


@pytest.mark.parametrize("name, content, message", [
    ("plans.xlsx", b"PK", "expected a .zip release or a .csv file"),
    ("latin.csv", "time_period,caf\xe9\n".encode("latin-1"), "not UTF-8"),
])
def test_files_that_are_not_tidy_csv_are_refused_with_the_reason(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ees.EESError, match=message):
        ees.read(path)


@pytest.mark.django_db
def test_import_ees_writes_national_regional_and_local_values_and_skips_unknown_areas(tmp_path):
    out = io.StringIO()
    call_command("import_ees", str(write(tmp_path)), stdout=out)
    y2024 = periods.calendar_year(2024)
    values = Value.objects.filter(indicator__code="ehcp_issued_20wk_ex_pc", period_start=y2024.start)
    assert dict(values.values_list("area_code", "value")) == {ENGLAND_CODE: 46.4, "E12000008": 42.2, "886": 33.3}
    assert values.get(area_code="886").local_authority.name == "Kent"
    assert values.get(area_code="E12000008").region.name == "South East"
    text = out.getvalue()
    assert "Skipped area Nowhere (999): not a current English local authority" in text
    assert "columns not mapped: new_column" in text
    run = ImportRun.objects.get()
    assert run.values_created == Value.objects.count()


@pytest.mark.django_db
def test_a_correction_in_a_later_release_is_a_new_version_and_the_old_one_is_kept(tmp_path):
    services.import_published(write(tmp_path))
    corrected = [ROWS[0], ROWS[1], ROWS[2].replace(",33.3,", ",34.0,")]
    services.import_published(write(tmp_path, name="timeliness_v2.csv", rows=corrected))
    versions = Value.objects.filter(indicator__code="ehcp_issued_20wk_ex_pc", area_code="886").order_by("id")
    assert [(v.value, v.is_current) for v in versions] == [(33.3, False), (34.0, True)]
    assert versions[1].supersedes_id == versions[0].id


@pytest.mark.django_db
def test_import_ees_writes_nothing_when_a_cell_is_bad(tmp_path):
    rows = [*ROWS[:2], ROWS[2].replace("33.3", "thirty")]
    with pytest.raises(CommandError, match="row 4"):
        call_command("import_ees", str(write(tmp_path, rows=rows)), stdout=io.StringIO())
    assert Value.objects.count() == 0 and ImportRun.objects.count() == 0


@pytest.mark.django_db
def test_import_ees_of_a_missing_file_fails_naming_it(tmp_path):
    with pytest.raises(CommandError, match="nothing.zip: no such file"):
        call_command("import_ees", str(tmp_path / "nothing.zip"), stdout=io.StringIO())
