"""Word documents (python-docx) for the board pack: the highlight report and the whole plan.

Both are built from the same content as the web page and the PDF (plans/reports.py).
"""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt, RGBColor

# Tag colours as shading for status cells, so Word readers see colour and words together.
SHADES = {"grey": "E5E6E7", "green": "CCE2D8", "yellow": "FFF7BF", "orange": "FCD6C3", "red": "F4CDC6",
          "blue": "BBD4EA", "purple": "DBD5E9", "turquoise": "BFE3E0", "pink": "EFCFE0", "light-blue": "D2E2F1"}


def _new_document(title: str):
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(10)
    document.core_properties.title = title[:255]
    return document


def _shade(cell, colour: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    fill = SHADES.get(colour)
    if not fill:
        return
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _table(document, headers: list[str], rows: list[list[str]], *, colours: dict[int, list[str]] | None = None):
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(header)
        run.bold = True
    for index, row in enumerate(rows):
        cells = table.add_row().cells
        for position, (cell, value) in enumerate(zip(cells, row, strict=True)):
            cell.text = "" if value is None else str(value)
            if colours and position in colours:
                _shade(cell, colours[position][index])
    return table


def _save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def board_report_docx(report) -> bytes:
    """The board highlight report (plans.reports.BoardReport) as a Word document."""
    document = _new_document(report.title)
    caption = document.add_paragraph(f"{report.authority}: {report.plan_title}")
    caption.runs[0].font.color.rgb = RGBColor(0x50, 0x5A, 0x5F)
    document.add_heading(f"Highlight report for the {report.board}, {report.cycle_label}", level=0)
    intro = f"Statuses as at {report.as_of:%-d %B %Y}"
    if report.since:
        intro += f"; changes since the last report ({report.since:%-d %B %Y})"
    intro += f". {report.total_actions} actions"
    if report.percent_complete is not None:
        intro += f", {report.percent_complete}% complete"
    if report.past_due_count:
        intro += f"; {report.past_due_count} past due and not complete"
    document.add_paragraph(intro + ".")

    document.add_heading("Summary of status by priority", level=1)
    headers = ["Priority", *report.column_labels, "Total", "Complete"]

    def percent(value):
        return f"{value}%" if value is not None else "–"

    rows = [[row.label, *row.counts, row.total, percent(row.percent_complete)] for row in report.summary]
    rows.append(["All priorities", *report.totals, report.total_actions, percent(report.percent_complete)])
    _table(document, headers, rows)

    document.add_heading("Exceptions: off track and some concerns", level=1)
    if not report.exceptions:
        document.add_paragraph("No actions are off track or have concerns.")
    for item in report.exceptions:
        document.add_heading(f"{item.code}: {item.title}" if item.code else item.title, level=2)
        details = [["Status", item.status_label + (f", reported {item.reported_on:%-d %B %Y}" if item.reported_on else "")],
                   ["Priority", item.priority], ["Lead", item.leads or "Not given"], ["Due", item.due or "Not given"],
                   ["Commentary", item.commentary or "None given"]]
        if item.next_steps:
            details.append(["Next steps", item.next_steps])
        if item.risks_and_issues:
            details.append(["Risks and issues", item.risks_and_issues])
        table = _table(document, ["", ""], details)
        _shade(table.rows[1].cells[1], item.status_colour)
        table.rows[0]._tr.getparent().remove(table.rows[0]._tr)  # no header row for a key-value table

    document.add_heading("Completed since the last report", level=1)
    if report.completed:
        _table(document, ["Action", "Lead", "Status"],
               [[f"{i.code}: {i.title}" if i.code else i.title, i.leads, i.status_label] for i in report.completed],
               colours={2: [i.status_colour for i in report.completed]})
    else:
        document.add_paragraph("No actions were completed since the last report.")

    document.add_heading(f"Due in the next period ({report.next_start:%-d %B %Y} to {report.next_end:%-d %B %Y})",
                         level=1)
    if report.due_next:
        _table(document, ["Action", "Lead", "Due", "Status"],
               [[f"{i.code}: {i.title}" if i.code else i.title, i.leads, i.due, i.status_label]
                for i in report.due_next],
               colours={3: [i.status_colour for i in report.due_next]})
    else:
        document.add_paragraph("No actions are due in the next period.")

    document.add_heading("Linked indicator trends", level=1)
    if not report.indicators_available:
        document.add_paragraph("Indicator figures are not available in this installation.")
    if not report.indicators:
        document.add_paragraph("No indicators are linked to this plan's actions.")
    for trend in report.indicators:
        document.add_heading(trend.title, level=2)
        words = [trend.rag_label + "."]
        if trend.latest_value is not None:
            words.append(f"Latest: {trend.latest_value}{trend.unit} ({trend.latest_period}).")
        else:
            words.append("No figures yet.")
        if trend.target is not None:
            words.append(f"Target: {trend.target}{trend.unit}.")
        if trend.off_trajectory:
            words.append("Off trajectory.")
        if trend.actions:
            words.append(f"Actions: {', '.join(trend.actions)}.")
        document.add_paragraph(" ".join(words))
        if trend.trend:
            _table(document, [label for label, _ in trend.trend],
                   [["–" if value is None else value for _, value in trend.trend]])
    document.add_paragraph(f"Produced by SENDsight on {report.generated_on:%-d %B %Y}.")
    return _save(document)


def _action_cell(action) -> str:
    text = f"{action.code}: {action.title}" if action.code else action.title
    if action.depends_on:
        text += f"\nDepends on: {action.depends_on}"
    if action.needed_by:
        text += f"\nNeeded by: {action.needed_by}"
    return text


def plan_docx(document_content) -> bytes:
    """The whole plan (plans.reports.PlanDocument) as a Word document, one table per section."""
    content = document_content
    document = _new_document(content.title)
    document.add_paragraph(f"{content.authority}: {content.kind}")
    document.add_heading(content.title, level=0)
    if content.description:
        document.add_paragraph(content.description)
    document.add_paragraph(f"{content.action_count} actions.")
    for section in content.sections:
        document.add_heading(section.heading, level=min(section.level, 3))
        if section.lead:
            document.add_paragraph(f"Lead: {section.lead}")
        if section.description:
            document.add_paragraph(section.description)
        if section.actions:
            _table(document, ["Action", "Intended outcomes and impact", "Impact measures", "Lead", "Start", "Due",
                              "Source", "Status"],
                   [[_action_cell(a), a.intended_outcomes, a.impact_measures, a.leads,
                     a.start, a.due, a.sources, a.status_label] for a in section.actions],
                   colours={7: [a.status_colour for a in section.actions]})
    document.add_paragraph(f"Produced by SENDsight on {content.generated_on:%-d %B %Y}.")
    return _save(document)
