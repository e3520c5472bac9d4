"""How strongly two professionals are tied within two steps: what search's
proximity part and the team proposal's cost rest on."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import chain

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


def two_hop_strength_among(graph: nx.Graph, people: Sequence[str],
                           ties_of: Callable[[str], dict[str, float]] | None = None) -> np.ndarray:
    """The two-step tie strength between every two of ``people``, as a square
    symmetric table in their order: ``table[i, j]`` is ``two_hop_strength_to(
    graph, people[i], [people[j]])``'s number, 0.0 where they have no tie
    (and on the diagonal). What a team proposal's costs rest on: two hundred
    people compared pairwise are 20,000 look-ups, which one by one in Python
    took a third of a search's time.

    Each middle person tied to two of them adds half the weaker of the two
    ties to that pair: every such (pair, middle) is listed at once in numpy,
    from the middles' lists of who among ``people`` is tied to them, and
    summed per pair. The numbers are those of ``two_hop_strength_to`` to the
    last bit although they are added in another order: tie strengths are
    whole numbers and halves (shared cases, knowing each other, a small
    team), so every term is a multiple of a quarter and every sum of them is
    exact.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", shared=2, knows=0)
    >>> g.add_edge("b", "c", shared=1, knows=0)
    >>> two_hop_strength_among(g, ["c", "a", "b"]).tolist()
    [[0.0, 0.5, 1.0], [0.5, 0.0, 2.0], [1.0, 2.0, 0.0]]
    """
    ties_of = ties_of or (lambda node: ties(graph, node))
    count = len(people)
    rows = [ties_of(p) if p in graph else {} for p in people]
    # one entry per tie of each of them: who (their place), to which middle person, how strong
    entries = sum(len(row) for row in rows)
    middle = {m: i for i, m in enumerate(dict.fromkeys(chain.from_iterable(rows)))}
    middles = np.fromiter(map(middle.__getitem__, chain.from_iterable(rows)), dtype=np.int64, count=entries)
    strengths = np.fromiter(chain.from_iterable(row.values() for row in rows), dtype=np.float64,
                            count=entries)
    tied = np.repeat(np.arange(count), [len(row) for row in rows])
    # a tie to one of them is a direct tie
    place = np.full(len(middle), -1)
    for i, person in enumerate(people):
        if person in middle:
            place[middle[person]] = i
    table = np.zeros((count, count))
    other = place[middles]
    direct = other >= 0
    table[tied[direct], other[direct]] = strengths[direct]
    first, second, weaker = _pairs_through_a_middle(tied, middles, strengths)
    through = np.bincount(first * count + second, weights=0.5 * weaker,
                          minlength=count * count).reshape(count, count)
    return table + through + through.T


def _pairs_through_a_middle(tied: np.ndarray, middles: np.ndarray, strengths: np.ndarray
                            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """From entries (person, middle, strength of their tie): every two people
    tied to the same middle, the first before the second in ``people``'s
    order, and the weaker of their two ties to it."""
    order = np.lexsort((tied, middles))  # by middle, then by person
    tied, middles, strengths = tied[order], middles[order], strengths[order]
    starts = np.flatnonzero(np.r_[True, middles[1:] != middles[:-1]])
    sizes = np.diff(np.r_[starts, len(middles)])
    # each entry is paired with the entries after it under the same middle
    later = np.repeat(sizes, sizes) - 1 - (np.arange(len(middles)) - np.repeat(starts, sizes))
    one = np.repeat(np.arange(len(middles)), later)
    other = one + np.arange(len(one)) - np.repeat(np.cumsum(later) - later, later) + 1
    return tied[one], tied[other], np.minimum(strengths[one], strengths[other])
