"""The dependency rules (pure): no action waits for itself, and no loop of dependencies."""

import pytest

from plans import dependencies as rules

NAMES = {1: "1.1", 2: "1.2", 3: "1.3", 4: "2.1"}.get


@pytest.mark.parametrize(("graph", "action", "depends_on"), [
    ({}, 2, 1),                          # the first dependency
    ({2: {1}}, 3, 2),                    # a chain 3 → 2 → 1
    ({2: {1}, 3: {1}}, 4, 3),            # two actions waiting for the same one
    ({2: {1}, 3: {2}}, 3, 1),            # a shortcut past the chain is not a loop
    ({3: {2}, 2: {1}}, 4, 2),
])
def test_a_dependency_that_makes_no_loop_is_allowed(graph, action, depends_on):
    rules.check_new_dependency(action, depends_on, graph, NAMES)


def test_an_action_cannot_depend_on_itself():
    with pytest.raises(rules.DependencyProblem, match=r"^1\.2 cannot depend on itself$"):
        rules.check_new_dependency(2, 2, {}, NAMES)


@pytest.mark.parametrize(("graph", "action", "depends_on", "message"), [
    ({1: {2}}, 2, 1, "1.2 cannot depend on 1.1, because 1.1 already depends on 1.2 (1.1 → 1.2)"),
    ({1: {2}, 2: {3}}, 3, 1, "1.3 cannot depend on 1.1, because 1.1 already depends on 1.3 (1.1 → 1.2 → 1.3)"),
    ({4: {3}, 3: {2}, 2: {1}}, 1, 4,
     "1.1 cannot depend on 2.1, because 2.1 already depends on 1.1 (2.1 → 1.3 → 1.2 → 1.1)"),
])
def test_a_dependency_that_would_close_a_loop_is_refused_with_the_chain(graph, action, depends_on, message):
    with pytest.raises(rules.DependencyProblem) as problem:
        rules.check_new_dependency(action, depends_on, graph, NAMES)
    assert str(problem.value) == message


def test_the_chain_is_the_shortest_one():
    graph = {1: {2, 4}, 2: {3}, 4: {3}, 3: set()}
    assert rules.chain(1, 3, graph) in ([1, 2, 3], [1, 4, 3])
    assert rules.chain(3, 1, graph) is None


def test_checking_a_whole_set_reports_every_problem_and_keeps_the_good_links():
    problems = rules.check_graph([(2, 1), (3, 2), (1, 3), (4, 4)], NAMES)
    assert problems == ["1.1 cannot depend on 1.3, because 1.3 already depends on 1.1 (1.3 → 1.2 → 1.1)",
                        "2.1 cannot depend on itself"]


def test_needed_by_turns_the_graph_round():
    assert rules.needed_by({3: {1, 2}, 2: {1}}) == {1: [2, 3], 2: [3]}
