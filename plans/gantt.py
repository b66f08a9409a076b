"""The improvement plan as a Gantt timeline: server-rendered SVG, readable without JavaScript.

Pure: no Django, and "today" is passed in. The web layer turns priorities and actions into
:class:`Row` objects (dates already resolved to days, month precision meaning the first day of
the start month and the last day of the due month) and calls :func:`build`. The result holds
the SVG markup and the rows for the table alternative shown beside it.

Colours are GOV.UK palette colours given as SVG presentation attributes (the Content Security
Policy forbids ``style`` attributes), so the same SVG also renders in a PDF. Every bar has a
dark outline, so it stands out from the background whatever its fill (WCAG 1.4.11), and its
status is written in words next to it: colour is never the only signal.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace
from html import escape

from core.months import month_end as month_end
from core.months import month_start as month_start

# GOV.UK Frontend 5 palette (govuk/settings/_colours-palette.scss).
PALETTE = {
    "red": "#d4351c",
    "yellow": "#ffdd00",
    "green": "#00703c",
    "blue": "#1d70b8",
    "light-blue": "#5694ca",
    "purple": "#4c2c92",
    "black": "#0b0c0c",
    "dark-grey": "#505a5f",
    "grey": "#b1b4b6",
    "mid-grey": "#b1b4b6",
    "light-grey": "#f3f2f1",
    "pink": "#d53880",
    "orange": "#f47738",
    "brown": "#b58840",
    "turquoise": "#28a197",
}
TEXT = PALETTE["black"]
# Fills dark enough for white text (4.5:1 or better); black text goes on the others.
DARK_FILLS = {"red", "green", "blue", "purple", "black", "dark-grey", "pink"}
BORDER = "#b1b4b6"
GRID = "#e5e6e7"
TODAY = PALETTE["red"]

WIDTH = 960
LABEL_WIDTH = 330
RIGHT_MARGIN = 24
HEADER_HEIGHT = 52
ROW_HEIGHT = 26
BAR_HEIGHT = 14
FONT_SIZE = 13
CHAR_WIDTH = 7.0  # average width of a 13px Arial character, for truncating labels
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


@dataclass(frozen=True)
class Row:
    """One line of the timeline: a priority (``level`` 0) or an action (``level`` 1 or deeper)."""

    code: str
    title: str
    start: datetime.date | None
    end: datetime.date | None  # None: the due date is to be confirmed
    status_label: str = ""
    colour: str = "grey"  # a GOV.UK palette colour name, as used by govuk_tag
    level: int = 1
    href: str = ""
    lead: str = ""
    start_label: str = ""  # how the start is written in the table ("Feb 2024" for month precision)
    end_label: str = ""
    note: str = ""  # flags written after the status, e.g. "past due"
    group: bool | None = None  # a priority or objective heading; by default, rows at level 0
    depends_on: str = ""  # the actions that must finish first, for the table ("1.1; 1.2")
    needed_by: str = ""  # the actions waiting for this one

    @property
    def is_group(self) -> bool:
        return self.level == 0 if self.group is None else self.group


@dataclass(frozen=True)
class Tick:
    x: float
    label: str
    year_label: str


@dataclass
class Gantt:
    svg: str
    start: datetime.date
    end: datetime.date
    today: datetime.date
    rows: list[Row] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)


def date_label(day: datetime.date | None, *, month_only: bool = False, missing: str = "To be confirmed") -> str:
    """'3 Feb 2024', or 'Feb 2024' for a month-precision date."""
    if day is None:
        return missing
    if month_only:
        return f"{MONTHS[day.month - 1]} {day.year}"
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


class Scale:
    """Maps days to x positions across the timeline area."""

    def __init__(self, start: datetime.date, end: datetime.date, left: float, right: float):
        self.start = start
        self.end = end
        self.left = left
        self.right = right
        self.days = max((end - start).days, 1)

    def x(self, day: datetime.date) -> float:
        offset = min(max((day - self.start).days, 0), self.days)
        return round(self.left + (self.right - self.left) * offset / self.days, 1)


def window(rows: list[Row], today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Whole months from the earliest date to the latest, always including today."""
    days = [today]
    for row in rows:
        days.extend(d for d in (row.start, row.end) if d is not None)
    first = month_start(min(days))
    last = month_start(month_start(max(days)), 1)  # the first day after the last month
    if last <= month_start(first, 2):
        last = month_start(first, 3)
    return first, last


def ticks_for(scale: Scale) -> list[Tick]:
    months = (scale.end.year - scale.start.year) * 12 + scale.end.month - scale.start.month
    step = 1 if months <= 18 else 3 if months <= 48 else 6 if months <= 96 else 12
    ticks = []
    day = scale.start
    while day < scale.end:
        if (day.month - 1) % step == 0 or not ticks:
            year_label = str(day.year) if (day.month == 1 or not ticks) else ""
            ticks.append(Tick(scale.x(day), MONTHS[day.month - 1], year_label))
        day = month_start(day, 1)
    # The first tick's year is written only if the next year's label leaves room for it.
    if len(ticks) > 1 and ticks[0].year_label:
        following = next((t for t in ticks[1:] if t.year_label), None)
        if following is not None and following.x - ticks[0].x < 40:
            ticks[0] = replace(ticks[0], year_label="")
    return ticks


def truncate(text: str, width: float) -> str:
    limit = max(int(width / CHAR_WIDTH), 4)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _attrs(**attrs) -> str:
    parts = []
    for name, value in attrs.items():
        if value is None or value == "":
            continue
        parts.append(f'{name.rstrip("_").replace("_", "-")}="{escape(str(value))}"')
    return " ".join(parts)


def _el(tag: str, body: str = "", **attrs) -> str:
    attributes = _attrs(**attrs)
    opening = f"<{tag} {attributes}" if attributes else f"<{tag}"
    return f"{opening}>{body}</{tag}>" if body else f"{opening}/>"


def describe(row: Row) -> str:
    """The words a bar's tooltip and the table say about a row."""
    start = row.start_label or date_label(row.start, missing="no start date")
    end = row.end_label or date_label(row.end)
    status = row.status_label or "No status"
    if row.note:
        status = f"{status} ({row.note})"
    return f"{row.code} {row.title}: {start} to {end}. {status}."


def build(rows: list[Row], *, today: datetime.date, title: str = "Improvement plan timeline",
          chart_id: str = "gantt") -> Gantt:
    """Lay out the rows on a shared timeline and render the SVG."""
    rows = list(rows)
    start, end = window(rows, today)
    scale = Scale(start, end, LABEL_WIDTH + 8, WIDTH - RIGHT_MARGIN)
    ticks = ticks_for(scale)
    height = HEADER_HEIGHT + ROW_HEIGHT * max(len(rows), 1) + 8
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    desc = (f"{len(rows)} rows from {date_label(start, month_only=True)} to "
            f"{date_label(month_start(end, -1), month_only=True)}; today is {date_label(today)}. "
            "The same information is in the table that follows.")
    parts = [
        _el("title", escape(title), id=title_id),
        _el("desc", escape(desc), id=desc_id),
        _el("rect", x=0, y=0, width=WIDTH, height=height, fill="#ffffff"),
    ]
    # Grid and axis labels.
    grid = []
    for tick in ticks:
        grid.append(_el("line", class_="app-chart__grid", x1=tick.x, x2=tick.x, y1=HEADER_HEIGHT - 6,
                        y2=height - 8, stroke=GRID, stroke_width=1))
        grid.append(_el("text", escape(tick.label), x=tick.x + 3, y=HEADER_HEIGHT - 10,
                        font_size=12, fill=TEXT))
        if tick.year_label:
            grid.append(_el("text", escape(tick.year_label), x=tick.x + 3, y=HEADER_HEIGHT - 24,
                            font_size=12, font_weight="bold", fill=TEXT))
    parts.append(_el("g", "".join(grid), class_="app-gantt__axis"))
    parts.append(_el("line", class_="app-chart__axis", x1=0, x2=WIDTH, y1=HEADER_HEIGHT - 4,
                     y2=HEADER_HEIGHT - 4, stroke=TEXT, stroke_width=1))

    for index, row in enumerate(rows):
        parts.append(_row(row, index, scale))

    if start <= today < end:
        x = scale.x(today)
        parts.append(_el(
            "g",
            _el("line", class_="app-chart__today", x1=x, x2=x, y1=4, y2=height - 4,
                stroke=TODAY, stroke_width=2)
            + _el("text", "Today", x=x - 4 if x > WIDTH - 80 else x + 4, y=13, font_size=12,
                  font_weight="bold", fill=TEXT, text_anchor="end" if x > WIDTH - 80 else None),
            class_="app-gantt__today", data_date=today.isoformat(),
        ))

    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart app-gantt" role="img" '
           f'aria-labelledby="{title_id} {desc_id}" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
           f'height="{height}" font-family="arial, sans-serif" font-size="{FONT_SIZE}">'
           + "".join(parts) + "</svg>")
    return Gantt(svg=svg, start=start, end=end, today=today, rows=rows, ticks=ticks)


def _row(row: Row, index: int, scale: Scale) -> str:
    top = HEADER_HEIGHT + ROW_HEIGHT * index
    middle = top + ROW_HEIGHT / 2
    indent = 6 + 14 * max(row.level, 0)
    group = row.is_group
    label = truncate(f"{row.code} {row.title}".strip(), LABEL_WIDTH - indent - 6)
    body = [_el("title", escape(describe(row)))]
    if row.level == 0:
        body.append(_el("rect", x=0, y=top, width=WIDTH, height=ROW_HEIGHT, fill=PALETTE["light-grey"]))
    else:
        body.append(_el("line", x1=0, x2=WIDTH, y1=top + ROW_HEIGHT, y2=top + ROW_HEIGHT, stroke=GRID,
                        stroke_width=1))
    body.append(_el("text", escape(label), x=indent, y=middle + 4, fill=TEXT,
                    font_weight="bold" if group else None))

    if row.start is None and row.end is None:
        body.append(_el("text", "No dates yet", x=scale.left + 4, y=middle + 4, fill=PALETTE["dark-grey"],
                        font_style="italic"))
        return _el("g", "".join(body), class_="app-gantt__row", data_code=row.code)

    start = row.start or row.end
    confirmed = row.end is not None
    bar_end = row.end if confirmed else scale.end
    x1, x2 = scale.x(start), scale.x(bar_end + datetime.timedelta(days=1) if confirmed else bar_end)
    width = max(x2 - x1, 3)
    fill = PALETTE.get(row.colour, PALETTE["grey"])
    if group:
        bar_height = 8
        body.append(_el("rect", class_="app-gantt__span", x=x1, y=middle - bar_height / 2, width=round(width, 1),
                        height=bar_height, fill=TEXT, data_start=start.isoformat(),
                        data_end=row.end.isoformat() if row.end else "tbc"))
    else:
        body.append(_el(
            "rect", class_=f"app-gantt__bar app-gantt__bar--{row.colour}", x=x1, y=middle - BAR_HEIGHT / 2,
            width=round(width, 1), height=BAR_HEIGHT, rx=2, fill=fill, fill_opacity=None if confirmed else "0.35",
            stroke=TEXT, stroke_width=1, stroke_dasharray=None if confirmed else "4 3",
            data_start=start.isoformat(), data_end=row.end.isoformat() if row.end else "tbc",
        ))
    words = row.status_label if not group else ""
    if row.note:
        words = f"{words} ({row.note})" if words else row.note
    if not confirmed:
        words = f"{words}, due date to be confirmed" if words else "Due date to be confirmed"
    if words:
        room_after = WIDTH - RIGHT_MARGIN - (x1 + width) - 6
        text_width = len(words) * (CHAR_WIDTH - 0.5)
        if text_width <= room_after:
            body.append(_el("text", escape(words), x=round(x1 + width + 5, 1), y=middle + 4, font_size=12, fill=TEXT))
        elif text_width <= x1 - scale.left - 6:
            body.append(_el("text", escape(words), x=round(x1 - 5, 1), y=middle + 4, font_size=12,
                            fill=TEXT, text_anchor="end"))
        elif text_width <= width - 8 and not group:
            on_dark = confirmed and row.colour in DARK_FILLS
            body.append(_el("text", escape(words), x=round(x1 + 4, 1), y=middle + 4, font_size=12,
                            fill="#ffffff" if on_dark else TEXT,
                            class_="app-gantt__on-dark" if on_dark else None))
        # Otherwise the bar fills the row; the tooltip and the table carry the words.
    return _el("g", "".join(body), class_="app-gantt__row", data_code=row.code)


def with_labels(row: Row, *, start_month_only: bool, end_month_only: bool) -> Row:
    """The row with its table labels written at the precision the dates were given in."""
    return replace(
        row,
        start_label=date_label(row.start, month_only=start_month_only, missing="Not set"),
        end_label=date_label(row.end, month_only=end_month_only),
    )
