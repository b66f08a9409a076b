"""The SVG charts: valid XML, accessible names, and points where the figures say they should be."""

import re
from xml.etree import ElementTree

import pytest

from indicators import charts

NS = {"svg": charts.SVG_NS}
PERIODS = ["2019", "2020", "2021", "2022", "2023", "2024"]


def parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)


def trend_chart(**overrides):
    kwargs = {
        "chart_id": "chart-ehcp",
        "title": "EHC plans issued within 20 weeks, Kingston upon Hull",
        "periods": PERIODS,
        "series": [
            charts.Series("Kingston upon Hull", "local", [20.0, 30.0, None, 55.5, 60.0, 70.0]),
            charts.Series("England", "england", [58.0, 58.0, 59.9, 49.2, 50.3, 46.4]),
            charts.Series("Yorkshire and the Humber", "region", [60.0, 61.0, 62.0, 55.0, 52.0, 48.0]),
            charts.Series("Similar areas (average)", "neighbours", [40.0, 45.0, 50.0, 52.0, 51.0, 49.0]),
        ],
        "band": charts.Band("the middle half of English authorities",
                            [30.0, 31.0, 32.0, 33.0, 34.0, 35.0], [70.0, 71.0, 72.0, 73.0, 74.0, 75.0]),
        "target": 80.0,
        "unit": "percent",
    }
    kwargs.update(overrides)
    return charts.line_chart(**kwargs)


def local_points(root):
    return [c for c in root.iter(f"{{{charts.SVG_NS}}}circle") if "point--local" in c.get("class", "")]


def test_line_chart_is_well_formed_svg_with_an_accessible_name():
    root = parse(trend_chart())
    assert root.tag == f"{{{charts.SVG_NS}}}svg"
    assert root.get("role") == "img"
    title = root.find("svg:title", NS)
    desc = root.find("svg:desc", NS)
    assert title.text == "EHC plans issued within 20 weeks, Kingston upon Hull"
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert "Kingston upon Hull: 20.0% in 2019, 70.0% in 2024 (up)" in desc.text
    assert "Target: 80.0%" in desc.text


def test_line_chart_uses_no_style_attributes_so_the_csp_allows_it():
    svg = trend_chart()
    assert "style=" not in svg
    assert "<script" not in svg


def test_each_local_point_sits_at_its_value_on_the_y_scale():
    root = parse(trend_chart())
    points = local_points(root)
    values = [float(p.get("data-value")) for p in points]
    assert values == [20.0, 30.0, 55.5, 60.0, 70.0]  # the missing 2021 figure has no point
    ys = [float(p.get("cy")) for p in points]
    # Linear scale: (y20 - y30) / 10 == (y60 - y70) / 10, and higher values sit higher up.
    per_unit_a = (ys[0] - ys[1]) / 10
    per_unit_b = (ys[3] - ys[4]) / 10
    assert per_unit_a > 0
    assert per_unit_a == pytest.approx(per_unit_b, abs=0.02)
    # The y axis starts at zero for percentages: zero would sit at y20 + 20 units below.
    layout = charts.Layout()
    assert ys[0] + 20 * per_unit_a == pytest.approx(layout.top + layout.plot_height, abs=0.2)


def test_points_are_spaced_evenly_by_period_and_a_gap_breaks_the_line():
    root = parse(trend_chart())
    xs = [float(p.get("cx")) for p in local_points(root)]
    step = xs[1] - xs[0]
    assert xs[2] - xs[1] == pytest.approx(2 * step, abs=0.2)  # 2021 is missing
    local_paths = [p for p in root.iter(f"{{{charts.SVG_NS}}}path") if "line--local" in p.get("class", "")]
    assert len(local_paths) == 2


def test_each_point_has_a_title_naming_area_period_and_value():
    root = parse(trend_chart())
    titles = [p.find("svg:title", NS).text for p in local_points(root)]
    assert titles[0] == "Kingston upon Hull, 2019: 20.0%"
    assert titles[-1] == "Kingston upon Hull, 2024: 70.0%"


def test_every_line_is_labelled_with_words_at_its_end():
    root = parse(trend_chart())
    labels = [t.text for t in root.find("svg:g[@class='app-chart__labels']", NS)]
    assert set(labels) == {"Kingston upon Hull", "England", "Yorkshire and the Humber",
                           "Similar areas (average)", "Target 80.0%"}


def test_end_labels_do_not_overlap_even_when_lines_end_together():
    svg = trend_chart(series=[
        charts.Series("Hull", "local", [1.0, 2.0, 3.0, 4.0, 5.0, 50.0]),
        charts.Series("England", "england", [1.0, 2.0, 3.0, 4.0, 5.0, 50.0]),
        charts.Series("Region", "region", [1.0, 2.0, 3.0, 4.0, 5.0, 50.2]),
    ], band=None, target=None)
    root = parse(svg)
    ys = sorted(float(t.get("y")) for t in root.find("svg:g[@class='app-chart__labels']", NS))
    assert all(b - a >= 16 - 0.01 for a, b in zip(ys, ys[1:], strict=False))


def test_quartile_band_spans_from_lower_to_upper_quartile():
    root = parse(trend_chart())
    band = root.find("svg:polygon", NS)
    assert band.get("class") == "app-chart__band"
    assert band.find("svg:title", NS).text == "the middle half of English authorities"
    ys = [float(pair.split(",")[1]) for pair in band.get("points").split()]
    target_line = root.find("svg:line[@class='app-chart__line--target']", NS)
    target_y = float(target_line.get("y1"))
    # The band (30 to 75) lies below the 80% target line, i.e. at larger y.
    assert min(ys) > target_y
    assert len(ys) == 2 * len(PERIODS)


def test_target_line_is_drawn_at_the_target_value():
    root = parse(trend_chart())
    line = root.find("svg:line[@class='app-chart__line--target']", NS)
    assert float(line.get("data-value")) == 80.0
    points = local_points(root)
    y70 = float(points[-1].get("cy"))
    y60 = float(points[-2].get("cy"))
    assert float(line.get("y1")) == pytest.approx(y70 - (y60 - y70), abs=0.2)


def test_text_in_titles_and_labels_is_escaped():
    svg = trend_chart(title="Plans <issued> & \"finalised\"", series=[
        charts.Series("Brighton & Hove", "local", [1.0] * 6)], band=None, target=None)
    root = parse(svg)
    assert root.find("svg:title", NS).text == 'Plans <issued> & "finalised"'
    assert "Brighton &amp; Hove" in svg


def test_series_with_the_wrong_number_of_values_is_refused():
    with pytest.raises(ValueError, match="has 2 values for 6 periods"):
        trend_chart(series=[charts.Series("Hull", "local", [1.0, 2.0])])


def test_a_chart_with_no_figures_still_renders_and_says_so():
    root = parse(charts.line_chart(chart_id="empty", title="Nothing yet", periods=["2024"],
                                   series=[charts.Series("Hull", "local", [None])]))
    assert "Hull: no figures yet." in root.find("svg:desc", NS).text
    assert local_points(root) == []


def test_x_axis_labels_are_thinned_for_36_months_but_keep_first_and_last():
    months = [f"M{i:02d}" for i in range(36)]
    svg = charts.line_chart(chart_id="months", title="36 months", periods=months,
                            series=[charts.Series("Hull", "local", [float(i) for i in range(36)])])
    labels = [t.text for t in parse(svg).find("svg:g[@class='app-chart__x-labels']", NS)]
    assert labels[0] == "M00"
    assert labels[-1] == "M35"
    assert len(labels) <= 9


@pytest.mark.parametrize(("span", "step"), [(100, 20), (47, 10), (8, 2), (0.9, 0.2), (2500, 500), (3000, 1000), (12, 2.5)])
def test_axis_steps_are_round_numbers(span, step):
    assert charts.nice_step(span) == step


def test_percentage_axis_does_not_run_past_100():
    low, high, _ = charts.value_range([12.0, 99.0], unit="percent")
    assert (low, high) == (0.0, 100.0)


@pytest.mark.parametrize(("value", "unit", "decimals", "text"), [
    (46.44, "percent", 1, "46.4%"),
    (1234, "count", 0, "1,234"),
    (12.25, "weeks", 1, "12.2 weeks"),
    (None, "percent", 1, "no data"),
    (3.456, "rate", 2, "3.46"),
])
def test_figures_are_formatted_as_people_read_them(value, unit, decimals, text):
    assert charts.format_number(value, unit=unit, decimals=decimals) == text


def test_sparkline_marks_the_latest_value_and_describes_the_trend():
    svg = charts.sparkline([50.0, 40.0, None, 30.0], chart_id="spark-1", title="Plans on time",
                           periods=["Jan", "Feb", "Mar", "Apr"], unit="percent")
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.find("svg:title", NS).text == "Trend: Plans on time"
    assert root.find("svg:desc", NS).text == "Plans on time: 50.0% in Jan, 30.0% in Apr (down)."
    dot = root.find("svg:circle", NS)
    assert float(dot.get("data-value")) == 30.0
    # Lowest value sits lowest: the dot is at the bottom padding line.
    assert float(dot.get("cy")) == pytest.approx(32 - 4)
    assert len(root.findall("svg:path", NS)) == 2


def test_comparison_bars_are_as_long_as_their_values():
    svg = charts.bar_comparison(chart_id="cmp", title="How Hull compares", unit="percent", bars=[
        ("Kingston upon Hull", 40.0, "local"), ("Similar areas", 20.0, "neighbours"), ("England", None, "england")])
    root = parse(svg)
    rects = root.findall("svg:rect", NS)
    widths = {r.get("class"): float(r.get("width")) for r in rects}
    assert widths["app-chart__bar--local"] == pytest.approx(2 * widths["app-chart__bar--neighbours"], abs=0.2)
    texts = [t.text for t in root.findall("svg:text", NS)]
    assert "40.0%" in texts and "no data" in texts


def test_chart_module_does_not_import_django():
    source = open(charts.__file__).read()
    assert not re.search(r"^\s*(from|import) django", source, re.M)
