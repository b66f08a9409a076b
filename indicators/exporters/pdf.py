"""The printable board pack: the scorecard table, then a page for each red or amber indicator.

Rendered from an HTML template with WeasyPrint. The SVG charts carry presentation attributes,
so they draw correctly without the site's stylesheet.
"""

import datetime

from django.template.loader import render_to_string

from .. import charts, queries


def board_pack_html(authority, rows: list[queries.ScorecardRow], *, today: datetime.date) -> str:
    exceptions = []
    for row in rows:
        if row.rag not in ("red", "amber"):
            continue
        chart = ""
        known = [p for p in row.series if p.value is not None]
        if known:
            chart = charts.line_chart(
                chart_id=f"pack-{row.indicator.code}", title=f"{row.indicator.title}: {authority.name}",
                periods=[p.short_label for p in row.series],
                series=[charts.Series(authority.name, "local", [p.value for p in row.series])],
                target=row.target.target_value if row.target else None,
                unit=row.indicator.unit, decimals=row.indicator.decimal_places,
            )
        exceptions.append({"row": row, "chart": chart,
                           "points": [(p.label, row.text(p.value)) for p in row.series[-12:]]})
    counts = {status: sum(1 for r in rows if r.rag == status) for status in ("red", "amber", "green")}
    return render_to_string("indicators/board_pack.html", {
        "authority": authority, "rows": rows, "exceptions": exceptions, "today": today, "counts": counts,
    })


def board_pack(authority, rows: list[queries.ScorecardRow], *, today: datetime.date, base_url: str = "") -> bytes:
    from weasyprint import HTML  # imported here: WeasyPrint loads Pango, which is slow to start

    return HTML(string=board_pack_html(authority, rows, today=today), base_url=base_url or None).write_pdf()
