"""The Gantt timeline: pure layout and SVG, no database."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from plans import gantt

SVG = "{http://www.w3.org/2000/svg}"
D = datetime.date


START_2024 = D(2024, 1, 1)
END_2024 = D(2024, 12, 31)


def action(code="1.1", start=START_2024, end=END_2024, status="On track, no concerns",
           colour="green", **kw):
    return gantt.Row(code=code, title=f"Action {code}", start=start, end=end, status_label=status,
                     colour=colour, **kw)


def parse(chart: gantt.Gantt) -> ET.Element:
    return ET.fromstring(chart.svg)


def bars(root: ET.Element) -> dict[str, ET.Element]:
    found = {}
    for group in root.iter(f"{SVG}g"):
        code = group.get("data-code")
        for rect in group.iter(f"{SVG}rect"):
            if "app-gantt__bar" in (rect.get("class") or "") or "app-gantt__span" in (rect.get("class") or ""):
                found[code] = rect
    return found


def test_the_svg_parses_and_is_labelled_as_an_image_with_a_title():
    chart = gantt.build([action()], today=D(2024, 6, 15), title="Hull SEND plan timeline")
    root = parse(chart)
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    titles = {el.get("id"): el.text for el in root if el.tag in (f"{SVG}title", f"{SVG}desc")}
    assert titles[title_id] == "Hull SEND plan timeline"
    assert "today is 15 Jun 2024" in titles[desc_id]


def test_the_svg_has_no_style_attributes_because_the_csp_forbids_them():
    chart = gantt.build([action(), action("1.2", end=None)], today=D(2024, 6, 15))
    assert all(el.get("style") is None for el in parse(chart).iter())


def test_the_window_runs_in_whole_months_from_the_earliest_start_to_the_latest_due_date():
    rows = [action("1", D(2023, 11, 14), D(2024, 3, 2)), action("2", D(2024, 2, 1), D(2025, 7, 9))]
    chart = gantt.build(rows, today=D(2024, 6, 1))
    assert chart.start == D(2023, 11, 1)
    assert chart.end == D(2025, 8, 1)


def test_the_window_stretches_to_include_today():
    chart = gantt.build([action(start=D(2024, 1, 1), end=D(2024, 3, 31))], today=D(2024, 9, 20))
    assert chart.start == D(2024, 1, 1)
    assert chart.end == D(2024, 10, 1)


@pytest.mark.parametrize(("start", "end", "expected_fraction_start", "expected_fraction_end"), [
    (D(2024, 1, 1), D(2024, 12, 31), 0.0, 1.0),  # the whole window
    (D(2024, 7, 1), D(2024, 12, 31), 182 / 366, 1.0),  # from half way through 2024 (a leap year)
    (D(2024, 1, 1), D(2024, 1, 31), 0.0, 31 / 366),  # January only
])
def test_bars_start_and_end_at_their_dates(start, end, expected_fraction_start, expected_fraction_end):
    frame = [action("0", D(2024, 1, 1), D(2024, 12, 31))]
    chart = gantt.build([*frame, action("1", start, end)], today=D(2024, 3, 1))
    bar = bars(parse(chart))["1"]
    left, right = gantt.LABEL_WIDTH + 8, gantt.WIDTH - gantt.RIGHT_MARGIN
    x = float(bar.get("x"))
    width = float(bar.get("width"))
    assert x == pytest.approx(left + (right - left) * expected_fraction_start, abs=0.2)
    assert x + width == pytest.approx(left + (right - left) * expected_fraction_end, abs=0.2)
    assert bar.get("data-start") == start.isoformat()
    assert bar.get("data-end") == end.isoformat()


def test_a_bar_starting_on_the_first_of_a_month_starts_at_that_months_tick():
    rows = [action("1", D(2024, 1, 1), D(2024, 12, 31)), action("2", D(2024, 4, 1), D(2024, 6, 30))]
    chart = gantt.build(rows, today=D(2024, 2, 1))
    april = next(t for t in chart.ticks if t.label == "Apr")
    assert float(bars(parse(chart))["2"].get("x")) == april.x


def test_a_later_action_is_drawn_further_right():
    rows = [action("1", D(2024, 1, 1), D(2024, 2, 28)), action("2", D(2024, 9, 1), D(2024, 10, 31))]
    found = bars(parse(gantt.build(rows, today=D(2024, 5, 1))))
    assert float(found["2"].get("x")) > float(found["1"].get("x")) + float(found["1"].get("width"))


def test_the_today_line_is_drawn_at_today():
    rows = [action("1", D(2024, 1, 1), D(2024, 12, 31)), action("2", D(2024, 6, 1), D(2024, 6, 30))]
    chart = gantt.build(rows, today=D(2024, 6, 1))
    root = parse(chart)
    line = next(el for el in root.iter(f"{SVG}line") if "app-chart__today" in (el.get("class") or ""))
    assert float(line.get("x1")) == float(bars(root)["2"].get("x"))
    group = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "app-gantt__today")
    assert group.get("data-date") == "2024-06-01"
    assert any(t.text == "Today" for t in group.iter(f"{SVG}text"))


def test_each_bar_is_filled_with_its_status_colour_and_says_its_status_in_words():
    rows = [action("1", status="Off track", colour="red"), action("2", status="Completed", colour="blue")]
    root = parse(gantt.build(rows, today=D(2024, 6, 1)))
    found = bars(root)
    assert found["1"].get("fill") == gantt.PALETTE["red"]
    assert found["2"].get("fill") == gantt.PALETTE["blue"]
    assert "app-gantt__bar--red" in found["1"].get("class")
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "Off track" in texts and "Completed" in texts


def test_every_bar_has_a_dark_outline_so_pale_colours_still_stand_out():
    root = parse(gantt.build([action(colour="yellow"), action("2", colour="grey")], today=D(2024, 6, 1)))
    assert {bar.get("stroke") for bar in bars(root).values()} == {gantt.PALETTE["black"]}


def test_an_action_with_its_due_date_to_be_confirmed_runs_dashed_to_the_edge_and_says_so():
    rows = [action("1", D(2024, 1, 1), D(2024, 12, 31)), action("2", D(2024, 3, 1), None, status="Not due yet")]
    chart = gantt.build(rows, today=D(2024, 2, 1))
    root = parse(chart)
    bar = bars(root)["2"]
    assert bar.get("stroke-dasharray")
    assert bar.get("data-end") == "tbc"
    assert float(bar.get("x")) + float(bar.get("width")) == pytest.approx(gantt.WIDTH - gantt.RIGHT_MARGIN, abs=0.2)
    row_text = " ".join(t.text or "" for g in root.iter(f"{SVG}g") if g.get("data-code") == "2"
                        for t in g.iter(f"{SVG}text"))
    assert "due date to be confirmed" in row_text


def test_an_action_with_no_dates_says_so_instead_of_drawing_a_bar():
    root = parse(gantt.build([action(), action("2", None, None)], today=D(2024, 6, 1)))
    assert "2" not in bars(root)
    row = next(g for g in root.iter(f"{SVG}g") if g.get("data-code") == "2")
    assert any(t.text == "No dates yet" for t in row.iter(f"{SVG}text"))


def test_a_priority_row_is_drawn_as_a_bold_span_above_its_actions():
    rows = [gantt.Row("1", "Communication", D(2024, 1, 1), D(2024, 12, 31), level=0), action("1.1")]
    root = parse(gantt.build(rows, today=D(2024, 6, 1)))
    span = bars(root)["1"]
    assert span.get("class") == "app-gantt__span"
    label = next(t for g in root.iter(f"{SVG}g") if g.get("data-code") == "1" for t in g.iter(f"{SVG}text"))
    assert label.get("font-weight") == "bold"


def test_long_titles_are_shortened_in_the_chart_and_given_whole_in_the_tooltip():
    long_title = "Ensure that CYP experiencing any sort of transition to the next phase across education, health and social care services are well supported"
    row = gantt.Row("C1", long_title, D(2024, 1, 1), D(2024, 6, 30), "On track, no concerns", "green")
    root = parse(gantt.build([row], today=D(2024, 2, 1)))
    group = next(g for g in root.iter(f"{SVG}g") if g.get("data-code") == "C1")
    label = next(group.iter(f"{SVG}text")).text
    assert label.endswith("…") and len(label) < len(long_title)
    assert long_title in group.find(f"{SVG}title").text


def test_text_is_escaped():
    row = gantt.Row("1", 'Health & care <script>"x"</script>', D(2024, 1, 1), D(2024, 2, 1))
    chart = gantt.build([row], today=D(2024, 1, 15))
    assert "<script>" not in chart.svg
    assert "Health & care" in parse(chart).find(f".//{SVG}g[@data-code='1']/{SVG}title").text


@pytest.mark.parametrize(("start", "end", "step_months"), [
    (D(2024, 1, 1), D(2024, 12, 31), 1),
    (D(2024, 1, 1), D(2026, 12, 31), 3),
    (D(2020, 1, 1), D(2025, 12, 31), 6),
    (D(2015, 1, 1), D(2026, 12, 31), 12),
])
def test_the_axis_labels_fewer_months_the_longer_the_plan(start, end, step_months):
    chart = gantt.build([action(start=start, end=end)], today=start)
    labels = [t.label for t in chart.ticks]
    assert labels[0] == "Jan"
    assert labels[1] == gantt.MONTHS[step_months % 12]


def test_each_january_tick_carries_its_year():
    chart = gantt.build([action(start=D(2023, 10, 1), end=D(2025, 3, 31))], today=D(2024, 1, 1))
    years = [t.year_label for t in chart.ticks if t.label == "Jan"]
    assert years == ["2024", "2025"]


@pytest.mark.parametrize(("day", "month_only", "expected"), [
    (D(2024, 2, 3), False, "3 Feb 2024"),
    (D(2024, 2, 1), True, "Feb 2024"),
    (None, False, "To be confirmed"),
])
def test_dates_are_written_at_their_precision(day, month_only, expected):
    assert gantt.date_label(day, month_only=month_only) == expected


@pytest.mark.parametrize(("day", "start", "end"), [
    (D(2024, 2, 14), D(2024, 2, 1), D(2024, 2, 29)),
    (D(2023, 2, 14), D(2023, 2, 1), D(2023, 2, 28)),
    (D(2024, 12, 31), D(2024, 12, 1), D(2024, 12, 31)),
])
def test_month_precision_dates_cover_the_whole_month(day, start, end):
    assert gantt.month_start(day) == start
    assert gantt.month_end(day) == end


def test_an_empty_plan_still_draws_a_timeline_around_today():
    chart = gantt.build([], today=D(2024, 6, 15))
    root = parse(chart)
    assert chart.start <= D(2024, 6, 15) < chart.end
    assert any(el.get("class") == "app-gantt__today" for el in root.iter(f"{SVG}g"))


@pytest.mark.parametrize(("colour", "text_fill"), [("green", "#ffffff"), ("yellow", gantt.PALETTE["black"])])
def test_words_inside_a_bar_are_white_on_dark_colours_and_black_on_light_ones(colour, text_fill):
    frame = action("0", D(2024, 1, 1), D(2024, 12, 31))
    wide = action("1", D(2024, 1, 1), D(2024, 12, 31), status="On track", colour=colour)
    root = parse(gantt.build([frame, wide], today=D(2024, 6, 1)))
    row = next(g for g in root.iter(f"{SVG}g") if g.get("data-code") == "1")
    words = next(t for t in row.iter(f"{SVG}text") if t.text == "On track")
    assert words.get("fill") == text_fill
    assert ("app-gantt__on-dark" in (words.get("class") or "")) == (text_fill == "#ffffff")
