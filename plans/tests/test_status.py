"""Flags and roll-ups (pure, today passed in): a table of dates for each rule."""

import datetime
from collections import Counter

import pytest

from plans import status as rules
from plans.choices import COMPLETE_MEANINGS, EXCEPTION_MEANINGS, Flag, StatusMeaning

D = datetime.date
TODAY = D(2025, 3, 10)
CYCLE_START = D(2025, 3, 1)


def facts(**fields):
    return rules.ActionFacts(**fields)


def test_the_pure_meanings_and_flags_match_the_choices():
    assert set(rules.MEANINGS) == set(StatusMeaning.values)
    assert rules.COMPLETE == set(COMPLETE_MEANINGS)
    assert rules.EXCEPTIONS == set(EXCEPTION_MEANINGS)
    assert {rules.PAST_DUE, rules.NOT_UPDATED, rules.INDICATOR_OFF_TRAJECTORY} == set(Flag.values)


@pytest.mark.parametrize(("due", "precision", "meaning", "flagged"), [
    (D(2025, 3, 9), "day", "on_track", True),
    (D(2025, 3, 10), "day", "on_track", False),  # due today is not yet late
    (D(2025, 2, 1), "month", "off_track", True),  # February is over
    (D(2025, 3, 1), "month", "on_track", False),  # March is not
    (D(2025, 1, 1), "month", "completed", False),  # complete actions are never late
    (D(2025, 1, 1), "month", "sustained", False),
    (D(2025, 1, 1), "month", None, True),  # never reported on
    (None, "tbc", "on_track", False),
])
def test_an_action_is_past_due_when_its_due_date_has_gone_and_it_is_not_complete(due, precision, meaning, flagged):
    found = rules.flags(facts(due_on=due, due_precision=precision, meaning=meaning), today=TODAY)
    assert (rules.PAST_DUE in found) is flagged


@pytest.mark.parametrize(("last_update", "start", "meaning", "flagged"), [
    (None, None, None, True),  # never updated
    (D(2025, 2, 28), None, "on_track", True),  # updated last cycle only
    (D(2025, 3, 1), None, "on_track", False),  # updated on the first day of this cycle
    (D(2025, 3, 9), D(2024, 1, 1), "some_concerns", False),
    (None, D(2025, 4, 1), None, False),  # not started yet: nothing to report
    (D(2025, 1, 5), None, "completed", False),  # complete: no more updates needed
])
def test_status_not_updated_this_cycle_is_flagged_for_started_unfinished_actions(last_update, start, meaning,
                                                                               flagged):
    found = rules.flags(facts(last_update_on=last_update, start_on=start, meaning=meaning), today=TODAY,
                        cycle_start=CYCLE_START)
    assert (rules.NOT_UPDATED in found) is flagged


def test_with_no_reporting_cycle_nothing_is_flagged_as_not_updated():
    assert rules.flags(facts(), today=TODAY, cycle_start=None) == []


@pytest.mark.parametrize(("trajectories", "meaning", "flagged"), [
    ((True,), "on_track", True),
    ((False, True), "on_track", True),
    ((False, None), "on_track", False),  # unknown is not off trajectory
    ((), "on_track", False),
    ((True,), "completed", False),
])
def test_a_linked_indicator_off_trajectory_flags_an_unfinished_action(trajectories, meaning, flagged):
    found = rules.flags(facts(indicators_off_trajectory=trajectories, meaning=meaning), today=TODAY)
    assert (rules.INDICATOR_OFF_TRAJECTORY in found) is flagged


def test_flags_come_in_a_fixed_order():
    found = rules.flags(facts(due_on=D(2025, 1, 1), due_precision="day", indicators_off_trajectory=(True,)),
                        today=TODAY, cycle_start=CYCLE_START)
    assert found == [rules.PAST_DUE, rules.NOT_UPDATED, rules.INDICATOR_OFF_TRAJECTORY]


def test_roll_up_counts_each_priority_by_meaning_and_counts_no_update_separately():
    counts = rules.rollup([("P1", "on_track"), ("P1", "on_track"), ("P1", None), ("P2", "off_track"),
                           ("P1", "completed")])
    assert list(counts) == ["P1", "P2"]
    assert counts["P1"] == Counter({"on_track": 2, rules.NO_UPDATE: 1, "completed": 1})
    assert counts["P2"] == Counter({"off_track": 1})
    assert rules.total(counts) == Counter({"on_track": 2, rules.NO_UPDATE: 1, "completed": 1, "off_track": 1})


@pytest.mark.parametrize(("counter", "percent"), [
    (Counter({"completed": 1, "sustained": 1, "on_track": 2}), 50.0),
    (Counter({"completed": 1, "on_track": 2}), 33.3),
    (Counter(), None),
])
def test_percent_complete_counts_completed_and_sustained(counter, percent):
    assert rules.percent_complete(counter) == percent


def test_the_top_group_of_a_nested_section_is_its_priority_even_with_a_loop_in_the_data():
    assert rules.top_group(3, {1: None, 2: 1, 3: 2}) == 1
    assert rules.top_group(1, {1: None}) == 1
    assert rules.top_group(5, {5: 6, 6: 5}) in {5, 6}  # ends rather than hangs


@pytest.mark.parametrize(("completed_on", "since", "until", "inside"), [
    (D(2025, 3, 5), D(2025, 2, 20), D(2025, 3, 20), True),
    (D(2025, 2, 20), D(2025, 2, 20), D(2025, 3, 20), False),  # reported in the last report
    (D(2025, 3, 21), D(2025, 2, 20), D(2025, 3, 20), False),
    (D(2020, 1, 1), None, D(2025, 3, 20), True),
    (None, None, D(2025, 3, 20), False),
])
def test_completed_between_takes_the_last_report_exclusive_and_this_one_inclusive(completed_on, since, until,
                                                                                 inside):
    assert rules.completed_between(completed_on, since, until) is inside


def test_due_in_period_skips_completed_actions():
    due = facts(due_on=D(2025, 4, 1), due_precision="month", meaning="on_track")
    done = facts(due_on=D(2025, 4, 1), due_precision="month", meaning="completed")
    assert rules.due_in_period(due, D(2025, 4, 1), D(2025, 4, 30))
    assert not rules.due_in_period(done, D(2025, 4, 1), D(2025, 4, 30))
