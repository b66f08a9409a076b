import pytest

from indicators import suppression
from indicators.suppression import SUPPRESSED as C


@pytest.mark.parametrize("count, shown", [(0, 0), (1, C), (4, C), (5, 5), (123, 123), (None, None)])
def test_counts_of_one_to_four_are_suppressed_and_zero_is_shown(count, shown):
    assert suppression.suppress_count(count) == shown


@pytest.mark.parametrize(
    "value, numerator, denominator, shown",
    [(50.0, 2, 4, C), (40.0, 2, 5, C), (60.0, 6, 10, 60.0), (0.0, 0, 10, 0.0), (None, 3, 10, None)],
)
def test_a_percentage_worked_out_from_a_small_count_is_suppressed(value, numerator, denominator, shown):
    assert suppression.suppress_rate(value, numerator=numerator, denominator=denominator) == shown


def _recoverable(parts: dict, total) -> bool:
    """Could a reader work out any hidden part from the total and the shown parts?"""
    if total in (None, C):
        return False
    hidden = [k for k, v in parts.items() if v == C]
    return len(hidden) == 1


def test_a_single_hidden_part_is_joined_by_another_so_it_cannot_be_subtracted_from_the_total():
    group = suppression.suppress_group({"maintain": 40, "amend": 55, "cease": 3}, total=98)
    assert group.parts["cease"] == C
    assert group.parts["maintain"] == C  # the smallest other part is hidden too
    assert group.parts["amend"] == 55
    assert group.total == 98
    assert not _recoverable(group.parts, group.total)


def test_two_hidden_parts_that_would_both_have_to_be_one_are_protected():
    # 1 + 1 = 2 hidden: knowing the hidden sum is 2 reveals both are 1
    group = suppression.suppress_group({"a": 1, "b": 1, "c": 20, "d": 30}, total=52)
    assert group.parts["c"] == C
    assert group.parts["d"] == 30


def test_two_hidden_parts_whose_split_is_uncertain_need_nothing_more():
    group = suppression.suppress_group({"a": 2, "b": 3, "c": 20}, total=25)
    assert group.parts == {"a": C, "b": C, "c": 20}


def test_without_a_total_only_the_small_counts_are_hidden():
    group = suppression.suppress_group({"a": 3, "b": 20, "c": 0})
    assert group.parts == {"a": C, "b": 20, "c": 0}
    assert group.total is None


def test_when_nothing_else_can_be_hidden_the_total_is_hidden():
    group = suppression.suppress_group({"a": 3, "b": 0}, total=3)
    assert group.parts["a"] == C and group.total == C


def test_a_small_total_is_itself_suppressed():
    group = suppression.suppress_group({"a": 2, "b": 1}, total=3)
    assert group.total == C and group.parts == {"a": C, "b": C}


def test_nothing_is_hidden_when_every_count_is_large():
    group = suppression.suppress_group({"a": 10, "b": 20}, total=30)
    assert group.parts == {"a": 10, "b": 20} and group.total == 30 and not group.any_suppressed


def _possible_values(parts: dict, group) -> dict:
    """Brute force what a reader could work out: every hidden part's possible values, given the
    shown parts, the shown total, and that a hidden small count is 1 to 4 (a larger one 5 or more)."""
    import itertools

    hidden = [k for k, v in group.parts.items() if v == C]
    shown_sum = sum(v for v in group.parts.values() if v != C)
    remaining = group.total - shown_sum
    ranges = [range(1, 5) if suppression.is_small(parts[k]) else range(5, remaining + 1) for k in hidden]
    possible = {k: set() for k in hidden}
    for combo in itertools.product(*ranges):
        if sum(combo) == remaining:
            for k, v in zip(hidden, combo, strict=True):
                possible[k].add(v)
    return possible


@pytest.mark.parametrize("parts", [
    {"a": 1, "b": 7, "c": 9, "d": 12}, {"a": 4, "b": 4, "c": 20}, {"a": 1, "b": 1, "c": 1, "d": 5},
    {"a": 2, "b": 0, "c": 0, "d": 6, "e": 7}, {"a": 1, "b": 1, "c": 30}, {"a": 4, "b": 4, "c": 4, "d": 9},
])
def test_no_hidden_part_can_be_worked_out_from_the_total(parts):
    group = suppression.suppress_group(parts, total=sum(parts.values()))
    assert group.any_suppressed
    if group.total != C:
        assert all(len(values) > 1 for values in _possible_values(parts, group).values())


@pytest.mark.parametrize("value, places, text", [(C, 0, "Fewer than 5"), (None, 0, "Not available"),
                                                  (1234, 0, "1,234"), (46.44, 1, "46.4")])
def test_suppressed_figures_are_written_in_words(value, places, text):
    assert suppression.display(value, places=places) == text
