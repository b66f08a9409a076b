"""The board highlight report for a cycle as a PDF or Word file (content from plans/reports.py)."""

import datetime

from .. import reports
from . import pdf, word


def board_report_pdf(cycle, *, today: datetime.date) -> bytes:
    return pdf.board_report_pdf(reports.board_report(cycle, today=today))


def board_report_docx(cycle, *, today: datetime.date) -> bytes:
    return word.board_report_docx(reports.board_report(cycle, today=today))
