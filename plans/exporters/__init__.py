"""Writing plans and board reports to files: ``tabular`` (XLSX, CSV), ``word`` (DOCX), ``pdf``.

``export_plan(plan, fmt=, today=)`` and ``board_report`` are the entry points the pages and the
commands use.
"""

import datetime

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
FORMATS = list(CONTENT_TYPES)


def export_plan(plan, *, fmt: str, today: datetime.date) -> tuple[bytes, str]:
    """The plan as (file content, content type) in ``fmt``: xlsx, csv, docx or pdf."""
    from .. import reports
    from . import pdf, tabular, word

    if fmt == "xlsx":
        return tabular.to_xlsx(plan), CONTENT_TYPES[fmt]
    if fmt == "csv":
        return tabular.to_csv(plan), CONTENT_TYPES[fmt]
    if fmt in ("docx", "pdf"):
        document = reports.build_plan_document(plan, today=today)
        content = word.plan_docx(document) if fmt == "docx" else pdf.plan_pdf(document)
        return content, CONTENT_TYPES[fmt]
    raise ValueError(f"Choose a format from {', '.join(FORMATS)}, not {fmt!r}")
