"""How strongly two professionals are tied within two steps: what search's
proximity part and the team proposal's cost rest on."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable

import networkx as nx
import numpy as np

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



def two_hop_strength_among(graph: nx.Graph, people: Collection[str],
                           ties_of: Callable[[str], dict[str, float]] | None = None
                           ) -> dict[str, dict[str, float]]:
    """For every two of ``people``, ``a`` before ``b`` in id order: ``b``'s
    entry in ``two_hop_strength_to(graph, a, [b])``, the same float to the last
    bit; ``a`` maps to the later people it has a tie with. What a team
    proposal's costs rest on: a hundred people compared pairwise are 5,000
    look-ups, which one by one in Python took most of a search's time, and
    here are a few array operations per person.

    Why it is the same number: the terms are put in a row in the order
    ``two_hop_strength_to`` adds them (the direct tie, then half the weaker
    tie through each middle person in the order of ``a``'s ties), a middle
    person both are not tied to adds an exact 0.0, and a cumulative sum adds
    left to right as Python does.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", shared=2, knows=0)
    >>> g.add_edge("b", "c", shared=1, knows=0)
    >>> two_hop_strength_among(g, ["c", "a", "b"])
    {'a': {'b': 2.0, 'c': 0.5}, 'b': {'c': 1.0}, 'c': {}}
    """
    ties_of = ties_of or (lambda node: ties(graph, node))
    present = sorted({p for p in people if p in graph})
    rows = [ties_of(p) for p in present]
    # a middle person between two of them is tied to both; a direct tie is to one of them
    counts = Counter(m for row in rows for m in row)
    known = set(present)
    column = {m: i for i, m in enumerate([*present, *(m for m, n in counts.items()
                                                      if n > 1 and m not in known)])}
    table = np.zeros((len(present), len(column)))
    middles = []
    for i, row in enumerate(rows):
        at = [column[m] for m in row if m in column]  # in the order of the row
        table[i, at] = [row[m] for m in row if m in column]
        middles.append(at)
    out: dict[str, dict[str, float]] = {}
    for i, a in enumerate(present):
        later, at = present[i + 1:], middles[i]
        terms = np.empty((len(later), len(at) + 1))
        terms[:, 0] = table[i, i + 1:len(present)]  # the direct tie (the first columns are the people)
        np.multiply(0.5, np.minimum(table[i, at], table[i + 1:, at]), out=terms[:, 1:])
        totals = np.cumsum(terms, axis=1)[:, -1]
        out[a] = {b: total for b, total in zip(later, totals.tolist(), strict=True) if total > 0}
    return out
