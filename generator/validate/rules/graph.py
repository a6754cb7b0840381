"""Cycles in a graph of IDs: dependencies between milestones, formulas between metrics."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence


def cycles(edges: Mapping[str, Sequence[str]]) -> Iterator[tuple[str, list[str]]]:
    """Each cycle once, as (the node whose edge closes it, the cycle from its first node back to it).

    Edges to nodes outside the graph are ignored: unknown references are another rule's finding.
    """
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, trail: list[str]) -> Iterator[tuple[str, list[str]]]:
        state[node] = 1
        for dep in edges[node]:
            if dep not in edges:
                continue
            if state.get(dep) == 1:
                yield node, [*trail[trail.index(dep) :], dep]
            elif dep not in state:
                yield from visit(dep, [*trail, dep])
        state[node] = 2

    for node in edges:
        if node not in state:
            yield from visit(node, [node])
