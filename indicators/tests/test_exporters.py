"""The scorecard exports: the XLSX workbook read back with openpyxl, the PDF board pack as text."""

import datetime
import io
import shutil
import subprocess

import openpyxl
import pytest
from django.urls import reverse

from indicators import queries
from indicators.exporters import pdf, xlsx
from indicators.tests import ui_fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_caches():
    """Built pages are cached by the newest ids, which repeat between tests after rollbacks."""
    queries.clear_caches()
TODAY = datetime.date(2025, 11, 20)


@pytest.fixture
def figures(authority):
    indicator = ui_fixtures.load(authority)
    ui_fixtures.comment(indicator, authority, "Two caseworkers start in November", kind="exception")
    return indicator


def workbook(authority):
    rows = queries.scorecard_rows(authority, today=TODAY)
    return openpyxl.load_workbook(io.BytesIO(xlsx.scorecard_workbook(authority, rows, today=TODAY))), rows


def sheet_rows(sheet, header_row):
    headers = [c.value for c in sheet[header_row]]
    return [dict(zip(headers, [c.value for c in row], strict=False))
            for row in sheet.iter_rows(min_row=header_row + 1)]


def test_xlsx_has_a_row_per_indicator_with_numbers_as_numbers(figures, authority):
    book, rows = workbook(authority)
    sheet = book["Scorecard"]
    assert sheet["A1"].value == f"SEND scorecard: {authority.name}"
    data = sheet_rows(sheet, 4)
    assert len(data) == len(rows)
    row = next(r for r in data if r["Indicator id"] == figures.code)
    assert row["Latest value"] == 63.0
    assert row["Latest period"] == "12 months to October 2025"
    assert row["Target"] == 80.0
    assert row["Target date"].date() == datetime.date(2026, 1, 31)
    assert row["Status"] == "Red"
    assert row["England"] == 46.4 and row["Region"] == 48.0
    assert row["Similar areas (average)"] == pytest.approx(ui_fixtures.neighbour_mean(authority, 2024), abs=0.01)
    assert row["Benchmark period"] == "2024"
    assert row["Commentary"] == "Two caseworkers start in November"


def test_xlsx_marks_status_cells_with_a_fill_as_well_as_the_word(figures, authority):
    book, _ = workbook(authority)
    sheet = book["Scorecard"]
    for row in sheet.iter_rows(min_row=5):
        if row[1].value == figures.code:
            assert row[9].value == "Red"
            assert row[9].fill.fgColor.rgb.endswith("F4CCCC")
            break
    else:
        raise AssertionError("No row for the indicator")


def test_xlsx_month_by_month_sheet_has_the_36_months_as_dates(figures, authority):
    book, _ = workbook(authority)
    sheet = book["Month by month"]
    months = [c.value for c in sheet[1]][2:]
    assert len(months) == ui_fixtures.MONTHS  # every month held, up to 36
    assert months[0].date() == datetime.date(2023, 11, 1) and months[-1].date() == datetime.date(2025, 10, 1)
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == figures.code)
    assert list(row[2:]) == [ui_fixtures.monthly_local(i) for i in range(ui_fixtures.MONTHS)]


def test_xlsx_download_from_the_scorecard(client_for, figures):
    response = client_for("board_member").get(reverse("indicators:scorecard_xlsx", args=["810"]))
    assert response.status_code == 200
    assert response["Content-Type"] == xlsx.CONTENT_TYPE
    assert 'filename="scorecard-810-' in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Scorecard", "Month by month"]


def test_exports_of_another_authority_are_not_found(client_for, figures):
    client = client_for("board_member")
    assert client.get(reverse("indicators:scorecard_xlsx", args=["886"])).status_code == 404
    assert client.get(reverse("indicators:scorecard_pdf", args=["886"])).status_code == 404


def test_exports_ask_anonymous_people_to_sign_in(client):
    assert client.get(reverse("indicators:scorecard_xlsx", args=["810"])).status_code == 302
    assert client.get(reverse("indicators:scorecard_pdf", args=["810"])).status_code == 302


def test_board_pack_html_has_the_scorecard_and_a_page_for_each_red_indicator(figures, authority):
    rows = queries.scorecard_rows(authority, today=TODAY)
    html = pdf.board_pack_html(authority, rows, today=TODAY)
    assert html.count('<section class="exception">') == sum(1 for r in rows if r.rag in ("red", "amber"))
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" focusable="false"' in html
    assert "style=\"" not in html.split("</head>")[1]  # charts use presentation attributes only


def pdf_text(content: bytes) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True)
    return result.stdout.decode()


def test_board_pack_pdf_says_what_the_scorecard_says(client_for, figures, authority):
    response = client_for("board_member").get(reverse("indicators:scorecard_pdf", args=["810"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "SEND scorecard board pack" in text
    assert authority.name in text
    assert "63.0%" in text and "80.0% by January 2026" in text
    assert "Two caseworkers start in November" in text
    assert "Page 1 of" in text
