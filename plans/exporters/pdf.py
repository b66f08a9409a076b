"""PDFs for the board pack, drawn by WeasyPrint from the same templates as the web pages."""

import logging

from django.template.loader import render_to_string

# WeasyPrint logs every layout step at INFO; a board pack needs only its warnings.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    # Whole fonts (about 200 KB a PDF) rather than subsets: subsetting costs more time than it saves.
    return HTML(string=html).write_pdf(full_fonts=True)


def board_report_pdf(report) -> bytes:
    """The board highlight report (plans.reports.BoardReport) as an A4 landscape PDF."""
    return html_to_pdf(render_to_string("plans/report_board_pdf.html", {"report": report}))


def plan_pdf(document) -> bytes:
    """The whole plan (plans.reports.PlanDocument) as a PDF."""
    return html_to_pdf(render_to_string("plans/report_plan_pdf.html", {"document": document}))
