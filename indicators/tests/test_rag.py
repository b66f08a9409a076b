import datetime

import pytest

from indicators import rag

D = datetime.date
# send-rules style example: 28% to 50% by January 2024, baseline January 2022
TRAJECTORY = rag.Trajectory(28.0, D(2022, 1, 31), 50.0, D(2024, 1, 31))


@pytest.mark.parametrize(
    "day, expected",
    [
        (D(2021, 6, 30), 28.0),  # before the baseline: the baseline
        (D(2022, 1, 31), 28.0),
        (D(2023, 1, 31), 28.0 + 22.0 * 365 / 730),  # half way (365 of 730 days)
        (D(2024, 1, 31), 50.0),
        (D(2025, 1, 31), 50.0),  # after the target date: the target
    ],
)
def test_the_trajectory_is_a_straight_line_from_baseline_to_target(day, expected):
    assert TRAJECTORY.value_on(day) == pytest.approx(expected)


@pytest.mark.parametrize(
    "value, polarity, expected",
    [
        (50.0, "higher", "green"),  # exactly on target
        (55.0, "higher", "green"),
        (46.0, "higher", "amber"),  # 4 points short, margin 5
        (45.0, "higher", "amber"),  # exactly the margin
        (44.9, "higher", "red"),
        (10.0, "lower", "green"),  # lower is better and the target is 50
        (54.0, "lower", "amber"),
        (56.0, "lower", "red"),
    ],
)
def test_rag_against_the_target_depends_on_polarity_and_the_amber_margin(value, polarity, expected):
    result = rag.status(value, polarity=polarity, basis="target", amber_margin=5.0, on=D(2023, 1, 31),
                        trajectory=TRAJECTORY)
    assert result.status == expected
    assert result.reference == 50.0


def test_rag_against_the_trajectory_uses_where_the_line_is_on_the_value_date():
    half_way = TRAJECTORY.value_on(D(2023, 1, 31))  # about 39%
    on_line = rag.status(40.0, polarity="higher", basis="trajectory", amber_margin=2.0, on=D(2023, 1, 31),
                         trajectory=TRAJECTORY)
    behind = rag.status(36.0, polarity="higher", basis="trajectory", amber_margin=2.0, on=D(2023, 1, 31),
                        trajectory=TRAJECTORY)
    assert on_line.status == "green" and on_line.reference == pytest.approx(half_way)
    assert behind.status == "red"
    # The same 40% a year later is behind the line, though short of the target by the same amount
    later = rag.status(40.0, polarity="higher", basis="trajectory", amber_margin=2.0, on=D(2024, 1, 31),
                       trajectory=TRAJECTORY)
    assert later.status == "red"


@pytest.mark.parametrize(
    "basis, value, expected",
    [("england", 46.4, "green"), ("england", 44.0, "amber"), ("england", 33.3, "red"),
     ("neighbours", 41.0, "green"), ("neighbours", 37.0, "amber"), ("neighbours", 30.0, "red")],
)
def test_rag_against_england_or_the_neighbours(basis, value, expected):
    result = rag.status(value, polarity="higher", basis=basis, amber_margin=5.0, on=D(2024, 12, 31),
                        england=46.4, neighbours_mean=41.0)
    assert result.status == expected


@pytest.mark.parametrize(
    "kwargs",
    [
        {"polarity": "neither", "basis": "target", "trajectory": TRAJECTORY},
        {"polarity": "higher", "basis": "none", "trajectory": TRAJECTORY},
        {"polarity": "higher", "basis": "target", "trajectory": None},
        {"polarity": "higher", "basis": "england", "england": None},
    ],
)
def test_there_is_no_rag_without_a_direction_a_rule_or_a_reference(kwargs):
    assert rag.status(40.0, amber_margin=5.0, on=D(2024, 1, 1), **kwargs) is None


def test_a_missing_value_has_no_rag():
    assert rag.status(None, polarity="higher", basis="target", amber_margin=5, on=D(2024, 1, 1),
                      trajectory=TRAJECTORY) is None


@pytest.mark.parametrize("value, polarity, expected", [(30.0, "higher", True), (45.0, "higher", False),
                                                        (45.0, "lower", True), (30.0, "lower", False)])
def test_off_trajectory_means_worse_than_the_line(value, polarity, expected):
    assert rag.off_trajectory(value, polarity=polarity, trajectory=TRAJECTORY, on=D(2023, 1, 31)) is expected


def test_only_a_red_status_asks_for_an_exception_commentary():
    red = rag.status(10.0, polarity="higher", basis="target", amber_margin=5, on=D(2024, 1, 1), trajectory=TRAJECTORY)
    amber = rag.status(47.0, polarity="higher", basis="target", amber_margin=5, on=D(2024, 1, 1),
                       trajectory=TRAJECTORY)
    assert rag.needs_exception_commentary(red) is True
    assert rag.needs_exception_commentary(amber) is False
    assert rag.needs_exception_commentary(None) is False
