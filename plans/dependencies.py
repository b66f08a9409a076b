"""Dependencies between a plan's actions: "1.3 depends on 1.1" means 1.1 must finish first.

Pure: no Django. A plan's dependencies are a graph ``{action id: {ids it depends on}}``. Two rules
keep it a graph a timeline can be drawn from (a directed graph with no loops):

- ``no_self_dependency``: an action cannot wait for itself;
- ``no_circular_dependency``: an action cannot depend on one that already (perhaps through
  others) depends on it, or neither could ever start.

Each rule's docstring is the message people see, with the actions' names filled in.
"""

from collections import deque
from collections.abc import Callable, Iterable, Mapping

Graph = Mapping[int, Iterable[int]]


class DependencyProblem(ValueError):
    """A dependency that would break one of the rules; ``str()`` is the message to show."""


def chain(start: int, goal: int, graph: Graph) -> list[int] | None:
    """The shortest chain ``start → … → goal`` following "depends on", or None if there is none."""
    previous: dict[int, int | None] = {start: None}
    queue = deque([start])
    while queue:
        current = queue.popleft()
        if current == goal:
            path = []
            while current is not None:
                path.append(current)
                current = previous[current]
            return path[::-1]
        for following in sorted(graph.get(current, ())):
            if following not in previous:
                previous[following] = current
                queue.append(following)
    return None


def no_self_dependency(action: int, depends_on: int, graph: Graph, name: Callable[[int], str]) -> None:
    """{action} cannot depend on itself"""
    if action == depends_on:
        raise DependencyProblem(no_self_dependency.__doc__.format(action=name(action)))


def no_circular_dependency(action: int, depends_on: int, graph: Graph, name: Callable[[int], str]) -> None:
    """{action} cannot depend on {other}, because {other} already depends on {action} ({chain})"""
    path = chain(depends_on, action, graph)
    if path is not None:
        raise DependencyProblem(no_circular_dependency.__doc__.format(
            action=name(action), other=name(depends_on), chain=" → ".join(name(step) for step in path)))


RULES = (no_self_dependency, no_circular_dependency)


def check_new_dependency(action: int, depends_on: int, graph: Graph,
                         name: Callable[[int], str] = str) -> None:
    """Raise DependencyProblem if ``action`` may not depend on ``depends_on`` given ``graph``."""
    for rule in RULES:
        rule(action, depends_on, graph, name)


def check_graph(edges: Iterable[tuple[int, int]], name: Callable[[int], str] = str) -> list[str]:
    """Every problem in a whole set of ``(action, depends_on)`` pairs, adding them one at a time
    (for an import, which reports every problem at once)."""
    graph: dict[int, set[int]] = {}
    problems = []
    for action, depends_on in edges:
        try:
            check_new_dependency(action, depends_on, graph, name)
        except DependencyProblem as problem:
            problems.append(str(problem))
            continue
        graph.setdefault(action, set()).add(depends_on)
    return problems


def needed_by(graph: Graph) -> dict[int, list[int]]:
    """The graph turned round: ``{action id: [ids of the actions that depend on it]}``."""
    result: dict[int, list[int]] = {}
    for action, targets in graph.items():
        for target in targets:
            result.setdefault(target, []).append(action)
    return {key: sorted(value) for key, value in result.items()}
