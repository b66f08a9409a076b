"""Server-rendered SVG charts for the scorecard, indicator pages, public dashboard and PDFs.

Pure: no Django import, no clock. Every function takes plain data and returns an SVG string
that is safe to place in a page (all text is escaped). The charts:

- carry ``role="img"``, a ``<title>`` and a ``<desc>`` (referenced by ``aria-labelledby``), so a
  screen reader announces what the chart shows; the page puts the same figures in a table beside it;
- label every line with words at its end, and give each line its own dash pattern, so colour is
  never the only signal;
- use classes from ``core/static/core/sendsight.scss`` for the screen *and* SVG presentation
  attributes (``stroke=``, ``fill=``) as a fallback, so they print and render in WeasyPrint PDFs
  without a stylesheet. The Content Security Policy forbids ``style=`` attributes, so none is used.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

SVG_NS = "http://www.w3.org/2000/svg"

# kind -> (css class, stroke colour, stroke width, dash pattern). Colours are GOV.UK palette
# colours with at least 3:1 contrast against white (WCAG 1.4.11 non-text contrast).
LINE_STYLES: dict[str, tuple[str, str, str, str]] = {
    "local": ("app-chart__line--local", "#1d70b8", "3", ""),
    "england": ("app-chart__line--england", "#0b0c0c", "2", "6 4"),
    "region": ("app-chart__line--region", "#4c2c92", "2", "2 3"),
    "neighbours": ("app-chart__line--neighbours", "#a2264f", "2", "12 3 2 3"),
    "target": ("app-chart__line--target", "#00703c", "2", "10 4"),
}
BAND_FILL = "#e8eaeb"  # light grey: the middle half of English authorities
TEXT_FILL = "#0b0c0c"
GRID_STROKE = "#cecece"


@dataclass(frozen=True)
class Series:
    """One line: ``kind`` picks its style (local, england, region, neighbours, target).

    ``values`` has one entry per period of the chart (``None`` where there is no figure).
    """

    label: str
    kind: str
    values: list[float | None]


@dataclass(frozen=True)
class Band:
    """A shaded range per period, e.g. the lower to upper quartile of all English authorities."""

    label: str
    lows: list[float | None]
    highs: list[float | None]


@dataclass
class Layout:
    width: int = 640
    height: int = 320
    left: int = 64
    right: int = 150  # room for the line labels
    top: int = 16
    bottom: int = 48
    extra: dict = field(default_factory=dict)

    @property
    def plot_width(self) -> int:
        return self.width - self.left - self.right

    @property
    def plot_height(self) -> int:
        return self.height - self.top - self.bottom


def format_number(value: float | None, *, unit: str = "", decimals: int = 1) -> str:
    """A figure as people read it: "46.4%", "1,234", "12.5 weeks"; "no data" for None."""
    if value is None:
        return "no data"
    if isinstance(value, float) and math.isnan(value):
        return "no data"
    text = f"{value:,.{max(decimals, 0)}f}"
    if unit in ("%", "percent", "percentage"):
        return f"{text}%"
    if unit in ("", "count", "number", "rate", "ratio", "score"):
        return text
    return f"{text} {unit}"


def nice_step(span: float, target_ticks: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about ``target_ticks`` ticks."""
    if span <= 0:
        return 1.0
    raw = span / target_ticks
    power = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 2.5, 5, 10):
        if raw <= multiple * power:
            return multiple * power
    return 10 * power  # pragma: no cover - the loop always returns


def value_range(values: list[float], *, unit: str = "") -> tuple[float, float, float]:
    """(low, high, step) for the y axis: from zero for non-negative data, ending on a round step."""
    if not values:
        return 0.0, 1.0, 0.2
    low, high = min(values), max(values)
    if low >= 0:
        low = 0.0
    if high == low:
        high = low + (abs(low) or 1.0)
    step = nice_step(high - low)
    low = math.floor(low / step) * step
    high = math.ceil(high / step) * step
    if unit in ("%", "percent", "percentage") and high > 100 and max(values) <= 100:
        high = 100.0
    return low, high, step


def _fmt(n: float) -> str:
    """Coordinates to 1 decimal place, without trailing zeros."""
    text = f"{n:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _tick_label(value: float, step: float, unit: str) -> str:
    decimals = 0 if float(step).is_integer() else (1 if (step * 10).is_integer() else 2)
    return format_number(value, unit="%" if unit in ("%", "percent", "percentage") else "",
                         decimals=decimals)


class _Scale:
    def __init__(self, layout: Layout, n_periods: int, low: float, high: float):
        self.layout = layout
        self.n = n_periods
        self.low = low
        self.high = high

    def x(self, index: int) -> float:
        if self.n <= 1:
            return self.layout.left + self.layout.plot_width / 2
        return self.layout.left + index * self.layout.plot_width / (self.n - 1)

    def y(self, value: float) -> float:
        span = (self.high - self.low) or 1.0
        return self.layout.top + (self.high - value) / span * self.layout.plot_height


def _segments(values: list[float | None]) -> list[list[tuple[int, float]]]:
    """Runs of consecutive periods with figures: a gap in the data is a gap in the line."""
    runs: list[list[tuple[int, float]]] = []
    current: list[tuple[int, float]] = []
    for index, value in enumerate(values):
        if value is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append((index, float(value)))
    if current:
        runs.append(current)
    return runs


def _path(points: list[tuple[float, float]]) -> str:
    return " ".join(("M" if i == 0 else "L") + f"{_fmt(x)} {_fmt(y)}" for i, (x, y) in enumerate(points))


def _label_positions(wanted: list[float], *, gap: float, low: float, high: float) -> list[float]:
    """Spread end-of-line labels so they do not overlap, keeping their order."""
    order = sorted(range(len(wanted)), key=lambda i: wanted[i])
    placed = [0.0] * len(wanted)
    last = low - gap
    for i in order:
        y = max(wanted[i], last + gap)
        placed[i] = y
        last = y
    overflow = last - high
    if overflow > 0:
        for i in order:
            placed[i] -= overflow
    return placed


def _svg_open(*, chart_id: str, title: str, desc: str, width: int, height: int, css: str) -> list[str]:
    return [
        f'<svg xmlns="{SVG_NS}" class={quoteattr(css)} role="img" focusable="false" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" id={quoteattr(chart_id)}>',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]


def describe_trend(label: str, periods: list[str], values: list[float | None], *, unit: str = "",
                   decimals: int = 1) -> str:
    """A sentence for <desc>: first and latest figures, so a screen reader hears the trend."""
    known = [(p, v) for p, v in zip(periods, values, strict=False) if v is not None]
    if not known:
        return f"{label}: no figures yet."
    if len(known) == 1:
        period, value = known[0]
        return f"{label}: {format_number(value, unit=unit, decimals=decimals)} in {period}."
    (first_p, first_v), (last_p, last_v) = known[0], known[-1]
    if last_v > first_v:
        direction = "up"
    elif last_v < first_v:
        direction = "down"
    else:
        direction = "unchanged"
    return (f"{label}: {format_number(first_v, unit=unit, decimals=decimals)} in {first_p}, "
            f"{format_number(last_v, unit=unit, decimals=decimals)} in {last_p} ({direction}).")


def line_chart(*, chart_id: str, title: str, periods: list[str], series: list[Series],
               band: Band | None = None, target: float | None = None, target_label: str = "Target",
               unit: str = "", decimals: int = 1, layout: Layout | None = None,
               desc: str | None = None) -> str:
    """A line chart over ``periods`` (oldest first) with optional quartile band and target line.

    ``chart_id`` must be unique on the page (it names the title and description elements).
    """
    layout = layout or Layout()
    for s in series:
        if s.kind not in LINE_STYLES:
            raise ValueError(f"Unknown line kind {s.kind!r}")
        if len(s.values) != len(periods):
            raise ValueError(f"Series {s.label!r} has {len(s.values)} values for {len(periods)} periods")
    if band is not None and not (len(band.lows) == len(band.highs) == len(periods)):
        raise ValueError("The band needs one low and one high per period")

    figures = [v for s in series for v in s.values if v is not None]
    if band is not None:
        figures += [v for v in band.lows + band.highs if v is not None]
    if target is not None:
        figures.append(target)
    low, high, step = value_range(figures, unit=unit)
    scale = _Scale(layout, len(periods), low, high)

    if desc is None:
        parts = [describe_trend(s.label, periods, s.values, unit=unit, decimals=decimals) for s in series]
        if target is not None:
            parts.append(f"{target_label}: {format_number(target, unit=unit, decimals=decimals)}.")
        if band is not None:
            parts.append(f"The shaded area shows {band.label}.")
        desc = " ".join(parts) + " The figures are in the table that follows the chart."

    out = _svg_open(chart_id=chart_id, title=title, desc=desc, width=layout.width,
                    height=layout.height, css="app-chart")
    left, right = layout.left, layout.left + layout.plot_width
    bottom = layout.top + layout.plot_height

    # Grid and y axis labels.
    out.append('<g class="app-chart__grid-lines" aria-hidden="true">')
    tick = low
    while tick <= high + step / 1000:
        y = scale.y(tick)
        out.append(f'<line class="app-chart__grid" x1="{_fmt(left)}" x2="{_fmt(right)}" y1="{_fmt(y)}" '
                   f'y2="{_fmt(y)}" stroke="{GRID_STROKE}" stroke-width="1"/>')
        out.append(f'<text x="{_fmt(left - 8)}" y="{_fmt(y + 4)}" text-anchor="end" fill="{TEXT_FILL}" '
                   f'font-size="14">{escape(_tick_label(tick, step, unit))}</text>')
        tick += step
    out.append("</g>")

    # Quartile band.
    if band is not None:
        tops = [(i, h) for i, h in enumerate(band.highs) if h is not None and band.lows[i] is not None]
        if tops:
            upper = [(scale.x(i), scale.y(h)) for i, h in tops]
            lower = [(scale.x(i), scale.y(band.lows[i])) for i, _ in reversed(tops)]
            if len(upper) == 1:  # one period: a narrow bar
                x, y_top = upper[0]
                y_bottom = lower[0][1]
                out.append(f'<rect class="app-chart__band" x="{_fmt(x - 8)}" y="{_fmt(y_top)}" width="16" '
                           f'height="{_fmt(max(y_bottom - y_top, 1))}" fill="{BAND_FILL}">'
                           f'<title>{escape(band.label)}</title></rect>')
            else:
                points = " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in upper + lower)
                out.append(f'<polygon class="app-chart__band" points="{points}" fill="{BAND_FILL}">'
                           f'<title>{escape(band.label)}</title></polygon>')

    # Axes.
    out.append(f'<line class="app-chart__axis" x1="{_fmt(left)}" x2="{_fmt(left)}" y1="{layout.top}" '
               f'y2="{_fmt(bottom)}" stroke="{TEXT_FILL}" stroke-width="1"/>')
    out.append(f'<line class="app-chart__axis" x1="{_fmt(left)}" x2="{_fmt(right)}" y1="{_fmt(bottom)}" '
               f'y2="{_fmt(bottom)}" stroke="{TEXT_FILL}" stroke-width="1"/>')

    # x axis labels: at most about 8, always the first and last.
    every = max(1, math.ceil(len(periods) / 8))
    out.append('<g class="app-chart__x-labels">')
    last_index = len(periods) - 1
    shown = {i for i in range(0, len(periods), every) if last_index - i >= every / 2 or i == 0}
    shown.add(last_index)
    for index, period in enumerate(periods):
        if index not in shown:
            continue
        out.append(f'<text x="{_fmt(scale.x(index))}" y="{_fmt(bottom + 20)}" text-anchor="middle" '
                   f'fill="{TEXT_FILL}" font-size="14">{escape(period)}</text>')
    out.append("</g>")

    # Target line, then each series, with the local authority drawn last (on top).
    end_labels: list[tuple[float, str]] = []
    if target is not None:
        css, colour, width, dash = LINE_STYLES["target"]
        y = scale.y(target)
        out.append(f'<line class="{css}" x1="{_fmt(left)}" x2="{_fmt(right)}" y1="{_fmt(y)}" y2="{_fmt(y)}" '
                   f'stroke="{colour}" stroke-width="{width}" stroke-dasharray="{dash}" fill="none" '
                   f'data-value="{target}"/>')
        end_labels.append((y, f"{target_label} {format_number(target, unit=unit, decimals=decimals)}"))
    for s in sorted(series, key=lambda item: item.kind == "local"):
        css, colour, width, dash = LINE_STYLES[s.kind]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<g class="app-chart__series" data-kind="{s.kind}">')
        for run in _segments(s.values):
            points = [(scale.x(i), scale.y(v)) for i, v in run]
            out.append(f'<path class="{css}" d="{_path(points)}" stroke="{colour}" stroke-width="{width}"'
                       f'{dash_attr} fill="none"/>')
        if s.kind == "local" or len([v for v in s.values if v is not None]) == 1:
            for index, value in enumerate(s.values):
                if value is None:
                    continue
                label = f"{s.label}, {periods[index]}: {format_number(value, unit=unit, decimals=decimals)}"
                out.append(f'<circle class="app-chart__point--{s.kind}" cx="{_fmt(scale.x(index))}" '
                           f'cy="{_fmt(scale.y(value))}" r="4" fill="{colour}" data-value="{value}">'
                           f'<title>{escape(label)}</title></circle>')
        out.append("</g>")
        last = [(i, v) for i, v in enumerate(s.values) if v is not None]
        if last:
            end_labels.append((scale.y(last[-1][1]), s.label))

    # Words at the end of each line.
    if end_labels:
        ys = _label_positions([y for y, _ in end_labels], gap=16, low=layout.top + 6, high=bottom)
        out.append('<g class="app-chart__labels">')
        for (_, text), y in zip(end_labels, ys, strict=True):
            out.append(f'<text x="{_fmt(right + 8)}" y="{_fmt(y + 5)}" fill="{TEXT_FILL}" '
                       f'font-size="14">{escape(text)}</text>')
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)


def sparkline(values: list[float | None], *, chart_id: str, title: str, periods: list[str] | None = None,
              unit: str = "", decimals: int = 1, width: int = 120, height: int = 32) -> str:
    """A small trend line for a scorecard row; the latest figure is marked with a dot."""
    periods = periods or [str(i + 1) for i in range(len(values))]
    known = [v for v in values if v is not None]
    desc = describe_trend(title, periods, values, unit=unit, decimals=decimals)
    out = _svg_open(chart_id=chart_id, title=f"Trend: {title}", desc=desc, width=width, height=height,
                    css="app-chart app-sparkline")
    if known:
        low, high = min(known), max(known)
        if high == low:
            low, high = low - 1, high + 1
        pad = 4

        def x(i: int) -> float:
            return pad if len(values) <= 1 else pad + i * (width - 2 * pad) / (len(values) - 1)

        def y(v: float) -> float:
            return pad + (high - v) / (high - low) * (height - 2 * pad)

        css, colour, stroke_width, _ = LINE_STYLES["local"]
        for run in _segments(values):
            out.append(f'<path class="{css}" d="{_path([(x(i), y(v)) for i, v in run])}" stroke="{colour}" '
                       f'stroke-width="2" fill="none"/>')
        last_index = max(i for i, v in enumerate(values) if v is not None)
        out.append(f'<circle class="app-chart__point--local" cx="{_fmt(x(last_index))}" '
                   f'cy="{_fmt(y(values[last_index]))}" r="3" fill="{colour}" '
                   f'data-value="{values[last_index]}"/>')
    out.append("</svg>")
    return "".join(out)


def bar_comparison(*, chart_id: str, title: str, bars: list[tuple[str, float | None, str]],
                   unit: str = "", decimals: int = 1, width: int = 560) -> str:
    """Horizontal bars comparing one figure across areas: ``bars`` is [(label, value, kind)].

    Used on the public dashboard for "how this area compares". Each bar has its figure written
    beside it.
    """
    row = 32
    label_width = 200
    height = row * len(bars) + 16
    figures = [v for _, v, _ in bars if v is not None]
    low, high, _ = value_range(figures, unit=unit)
    plot = width - label_width - 90
    out = _svg_open(chart_id=chart_id, title=title, width=width, height=height, css="app-chart",
                    desc="; ".join(f"{label}: {format_number(v, unit=unit, decimals=decimals)}"
                                   for label, v, _ in bars) + ".")
    for index, (label, value, kind) in enumerate(bars):
        y = 8 + index * row
        css, colour, _, _ = LINE_STYLES.get(kind, LINE_STYLES["england"])
        out.append(f'<text x="{label_width - 8}" y="{y + 20}" text-anchor="end" fill="{TEXT_FILL}" '
                   f'font-size="14">{escape(label)}</text>')
        if value is not None:
            span = (high - low) or 1.0
            bar = max((value - low) / span * plot, 1)
            out.append(f'<rect class="app-chart__bar--{kind}" x="{label_width}" y="{y + 4}" '
                       f'width="{_fmt(bar)}" height="22" fill="{colour}" data-value="{value}"/>')
            out.append(f'<text x="{_fmt(label_width + bar + 6)}" y="{y + 20}" fill="{TEXT_FILL}" '
                       f'font-size="14">{escape(format_number(value, unit=unit, decimals=decimals))}</text>')
        else:
            out.append(f'<text x="{label_width}" y="{y + 20}" fill="{TEXT_FILL}" font-size="14">'
                       f'no data</text>')
    out.append("</svg>")
    return "".join(out)
