"""How strongly two professionals are tied within two steps: what search's
proximity part and the team proposal's cost rest on."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import networkx as nx

from graph.network.links import adjacent, hub_size, link_strength

#: A shared team counts as a tie of this strength; larger "teams" (a city-wide
#: network of 100 people) are not acquaintance and are left out.
TEAM_TIE = 0.5
MAX_TEAM = 40


def ties(graph: nx.Graph, node: str, *, max_team: int = MAX_TEAM) -> dict[str, float]:
    """The direct ties of a professional and their strength: shared cases,
    knowing each other, and sharing a small team.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", shared=2, knows=1)
    >>> g.add_edge("a", ("team", "t")); g.add_edge("c", ("team", "t"))
    >>> ties(g, "a")
    {'b': 3.0, 'c': 0.5}
    """
    out: dict[str, float] = {}
    if node not in graph:
        return out
    for other, data in adjacent(graph, node).items():
        if isinstance(other, tuple):
            if other[0] != "team" or hub_size(graph, other) > max_team:
                continue
            for member in adjacent(graph, other):
                if member != node:
                    out[member] = out.get(member, 0.0) + TEAM_TIE
        else:
            out[other] = out.get(other, 0.0) + link_strength(data)
    return out


def two_hop_strength(graph: nx.Graph, source: str,
                     ties_of: Callable[[str], dict[str, float]] | None = None) -> dict[str, float]:
    """How well ``source`` is connected to everyone within two steps: direct
    tie strength plus half of the weaker tie of every two-step route (a
    colleague of a colleague). Cheap enough per request: it touches only the
    neighbourhood, not the whole graph; ``ties_of`` lets a caller reuse the
    ties it has already worked out (they depend only on the graph).

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", shared=2, knows=0)
    >>> g.add_edge("b", "c", shared=1, knows=0)
    >>> two_hop_strength(g, "a")
    {'b': 2.0, 'c': 0.5}
    """
    ties_of = ties_of or (lambda node: ties(graph, node))
    first = ties_of(source)
    strength = dict(first)
    for middle, near in first.items():
        for far, onward in ties_of(middle).items():
            if far != source:
                strength[far] = strength.get(far, 0.0) + 0.5 * min(near, onward)
    return strength


def two_hop_strength_to(graph: nx.Graph, source: str, targets: Iterable[str],
                        ties_of: Callable[[str], dict[str, float]] | None = None
                        ) -> dict[str, float]:
    """``two_hop_strength`` for the given targets only, with the same numbers
    (the same terms, summed in the same order), at a cost that grows with the
    number of targets rather than with the whole two-step neighbourhood, which
    in a city-sized pool holds half of everyone. Ties are symmetric, so each
    target's own ties say which of the source's ties lead to it.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", shared=2, knows=0)
    >>> g.add_edge("b", "c", shared=1, knows=0)
    >>> two_hop_strength_to(g, "a", ["c", "d"]) == {"c": two_hop_strength(g, "a")["c"]}
    True
    """
    ties_of = ties_of or (lambda node: ties(graph, node))
    first = ties_of(source)
    order = {middle: i for i, middle in enumerate(first)}  # to add up in two_hop_strength's order
    out: dict[str, float] = {}
    for target in targets:
        if target == source or target not in graph:
            continue
        theirs = ties_of(target)
        total = first.get(target)
        common = first.keys() & theirs.keys()
        common.discard(target)
        for middle in sorted(common, key=order.__getitem__):
            total = (total or 0.0) + 0.5 * min(first[middle], theirs[middle])
        if total is not None:
            out[target] = total
    return out

