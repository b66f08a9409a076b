"""The board highlight report: its content, and what the PDF and the Word document say."""

import datetime
import io
import shutil
import subprocess
import sys
import types

import docx
import pytest
from django.template.loader import render_to_string

from indicators.models import Indicator
from plans import reports, services
from plans.exporters import board_report as board_files
from plans.exporters import pdf, word

from .data_helpers import small_plan

D = datetime.date
TODAY = D(2025, 2, 25)
TREND = [("Oct 2024", 31.0), ("Nov 2024", 35.5), ("Dec 2024", 38.0), ("Jan 2025", 41.2)]


@pytest.fixture
def fake_indicator_summary(monkeypatch):
    """indicators.queries.indicator_summary as the contract describes it, with known figures."""
    module = types.ModuleType("indicators.queries")

    def indicator_summary(indicator, local_authority):
        return {"latest_period": "Jan 2025", "latest_value": 41.2, "unit": "percent", "target": 50.0,
                "rag": "red", "off_trajectory": True, "trend": TREND}

    module.indicator_summary = indicator_summary
    monkeypatch.setitem(sys.modules, "indicators.queries", module)


def reported_plan(authority):
    """January and February cycles; 1.1 goes off track in February, 1.2 completes, 1.3 is due in March."""
    built = small_plan(authority)
    built.feb = services.create_cycle(built.plan, board="SEND Delivery Board", period_start=D(2025, 2, 1),
                                      period_end=D(2025, 2, 28), deadline=D(2025, 2, 20), by=None)
    built.a13 = services.add_action(built.plan, section=built.p1, code="1.3", title="Launch the Local Offer refresh",
                                    start_on=D(2025, 1, 1), start_precision="month", due_on=D(2025, 3, 1),
                                    due_precision="month", by=None)
    o = built.options
    services.submit_status_update(built.a11, status=o["on_track"], by=None, reported_on=D(2025, 1, 10))
    services.submit_status_update(built.a12, status=o["some_concerns"], by=None, reported_on=D(2025, 1, 10),
                                  commentary="Waiting for health partners' sign-off")
    services.submit_status_update(built.a11, status=o["off_track"], by=None, reported_on=D(2025, 2, 10),
                                  commentary="Recruitment to the co-production lead post has failed twice",
                                  next_steps="Second round of interviews in March",
                                  risks_and_issues="No capacity in the parent carer forum until April")
    services.submit_status_update(built.a12, status=o["completed"], by=None, reported_on=D(2025, 2, 12),
                                  commentary="Published on the Local Offer")
    services.submit_status_update(built.a11, status=o["on_track"], by=None, reported_on=D(2025, 2, 24),
                                  commentary="After the deadline: belongs to the next report")
    built.indicator = Indicator.objects.get(code="ehcp_issued_20wk_pc")
    services.link_indicator(built.a11, indicator=built.indicator, target=50.0, by=None)
    return built


@pytest.mark.django_db
def test_the_report_shows_statuses_as_they_stood_at_the_cycles_deadline(authority, fake_indicator_summary):
    built = reported_plan(authority)
    report = reports.build_board_report(built.plan, built.feb, today=TODAY)
    assert report.as_of == D(2025, 2, 20) and report.since == D(2025, 1, 20)
    assert report.column_labels == ["Not due yet", "On track, no concerns", "On track, some concerns", "Off track",
                                    "Completed", "Completed, embedded and sustained", "No update yet"]
    assert [(row.code, row.counts, row.total) for row in report.summary] == [
        ("1", [0, 0, 0, 1, 1, 0, 1], 3),  # 1.1 off track, 1.2 completed, 1.3 no update
        ("2", [0, 0, 0, 0, 0, 0, 1], 1),
    ]
    assert report.totals == [0, 0, 0, 1, 1, 0, 2] and report.total_actions == 4
    assert report.percent_complete == 25.0


@pytest.mark.django_db
def test_exceptions_carry_the_leads_commentary_next_steps_and_risks(authority, fake_indicator_summary):
    built = reported_plan(authority)
    report = reports.build_board_report(built.plan, built.feb, today=TODAY)
    (item,) = report.exceptions
    assert (item.code, item.status_label, item.reported_on) == ("1.1", "Off track", D(2025, 2, 10))
    assert item.commentary == "Recruitment to the co-production lead post has failed twice"
    assert item.next_steps == "Second round of interviews in March"
    assert item.risks_and_issues == "No capacity in the parent carer forum until April"
    assert item.leads == "Assistant Director Learning and Skills"


@pytest.mark.django_db
def test_completed_since_last_report_and_due_next_period(authority, fake_indicator_summary):
    built = reported_plan(authority)
    report = reports.build_board_report(built.plan, built.feb, today=TODAY)
    assert [item.code for item in report.completed] == ["1.2"]
    assert (report.next_start, report.next_end) == (D(2025, 3, 1), D(2025, 3, 31))
    assert [item.code for item in report.due_next] == ["1.3"]
    assert report.past_due_count == 0  # 1.2 was due in December but is complete


@pytest.mark.django_db
def test_last_months_report_still_reads_as_it_did_at_the_time(authority, fake_indicator_summary):
    built = reported_plan(authority)
    report = reports.build_board_report(built.plan, built.cycle, today=TODAY)
    assert [(item.code, item.status_label) for item in report.exceptions] == [("1.2", "On track, some concerns")]
    assert report.completed == [] and report.past_due_count == 1  # 1.2 was late in January


@pytest.mark.django_db
def test_linked_indicator_trends_come_from_the_indicators_contract(authority, fake_indicator_summary):
    built = reported_plan(authority)
    (trend,) = reports.build_board_report(built.plan, built.feb, today=TODAY).indicators
    assert (trend.title, trend.latest_value, trend.unit, trend.target, trend.rag_label, trend.off_trajectory) == (
        built.indicator.title, 41.2, "%", 50.0, "Red", True)
    assert trend.trend == TREND and trend.actions == ["1.1"]
    assert trend.chart is not None and len(trend.chart.points.split()) == 4


@pytest.mark.django_db
def test_the_report_copes_when_the_indicators_app_has_no_figures(authority, monkeypatch):
    built = reported_plan(authority)
    monkeypatch.setitem(sys.modules, "indicators.queries", None)  # importing it now fails
    report = reports.build_board_report(built.plan, built.feb, today=TODAY)
    assert report.indicators_available is False
    assert report.indicators[0].latest_value is None


@pytest.mark.django_db
def test_the_web_layout_shows_words_with_every_colour_and_a_table_beside_the_chart(authority,
                                                                                   fake_indicator_summary):
    built = reported_plan(authority)
    html = render_to_string("plans/report_board_body.html",
                            {"report": reports.board_report(built.feb, today=TODAY)})
    assert '<strong class="govuk-tag govuk-tag--red">Off track</strong>' in html
    assert 'role="img"' in html and "<title id=\"trend-1-title\">" in html
    assert "<caption class=\"govuk-table__caption govuk-table__caption--s\">" in html
    assert "Recruitment to the co-production lead post has failed twice" in html
    assert "style=" not in html.replace("<style", "")  # the CSP forbids inline styles


@pytest.mark.django_db
def test_the_pdf_says_what_the_report_says(authority, fake_indicator_summary):
    built = reported_plan(authority)
    content = board_files.board_report_pdf(built.feb, today=TODAY)
    assert content.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:  # poppler-utils missing: check the layout WeasyPrint drew instead
        html = render_to_string("plans/report_board_pdf.html", {"report": reports.board_report(built.feb,
                                                                                              today=TODAY)})
        from weasyprint import HTML

        text = " ".join(box.text for page in HTML(string=html).render().pages
                        for box in _text_boxes(page._page_box))
    else:
        text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True,
                              check=True).stdout.decode()
    flat = " ".join(text.split())
    assert "Highlight report for the SEND Delivery Board, February 2025" in flat
    assert "Statuses as at 20 February 2025" in flat
    assert "Recruitment to the co-production lead post has failed twice" in flat
    assert "1.2: Publish the transition framework" in flat
    assert "1.3: Launch the Local Offer refresh" in flat
    assert "Latest: 41.2% (Jan 2025)" in flat
    assert "After the deadline" not in flat


def _text_boxes(box):
    if hasattr(box, "text"):
        yield box
    for child in getattr(box, "children", []):
        yield from _text_boxes(child)


@pytest.mark.django_db
def test_the_word_document_says_what_the_report_says(authority, fake_indicator_summary):
    built = reported_plan(authority)
    document = docx.Document(io.BytesIO(board_files.board_report_docx(built.feb, today=TODAY)))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[:4] == ["Highlight report for the SEND Delivery Board, February 2025",
                            "Summary of status by priority", "Exceptions: off track and some concerns",
                            "1.1: Co-produce a communication strategy"]
    summary = document.tables[0]
    assert [c.text for c in summary.rows[1].cells] == ["1. Clear and open communication", "0", "0", "0", "1", "1",
                                                       "0", "1", "3", "33.3%"]
    exception = {row.cells[0].text: row.cells[1].text for row in document.tables[1].rows}
    assert exception["Commentary"] == "Recruitment to the co-production lead post has failed twice"
    assert exception["Status"] == "Off track, reported 10 February 2025"
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Latest: 41.2% (Jan 2025). Target: 50.0%. Off trajectory. Actions: 1.1." in body


@pytest.mark.django_db
def test_the_whole_plan_pdf_lists_every_action(authority):
    built = reported_plan(authority)
    document = reports.build_plan_document(built.plan, today=TODAY)
    assert [s.heading for s in document.sections] == ["Priority 1: Clear and open communication",
                                                      "Objective 1A: Families hear from us first",
                                                      "Priority 2: Identify need early"]
    assert pdf.plan_pdf(document).startswith(b"%PDF")
    assert word.plan_docx(document).startswith(b"PK")


@pytest.mark.django_db
def test_a_boards_first_report_counts_completions_from_the_start_of_its_period(authority, fake_indicator_summary):
    built = reported_plan(authority)
    services.submit_status_update(built.a21, status=built.options["completed"], by=None, reported_on=D(2024, 12, 5))
    report = reports.build_board_report(built.plan, built.cycle, today=TODAY)
    assert report.since is None
    assert "2.1" not in [item.code for item in report.completed]  # completed before January's period
