"""The exact team: the smallest set of people, drawn from everyone who may be
proposed, that covers every need, and among those the one that works
together best (lowest total pairwise cost), then the most skill, then ids.

Why it is exact and still fast: a team of minimum size never holds two
people who cover the same set of needs, nor anyone whose needs the others
already cover (either could be dropped). So a smallest team is one person
from each of a few *distinct* covered-needs sets ("masks") whose union is
every need; with at most five needs there are at most 31 masks, and the
mask combinations of the smallest size are enumerated outright. Within one
combination the people are chosen by branch and bound, one group at a time:
the cost so far plus, for every pair still open, the cheapest cost that pair
can have (from each chosen person to the group, and between two open
groups) is a lower bound on any completion, and a branch whose bound is
above the best team found is cut. Only a bound strictly above is cut, so
teams of equal cost are all compared on skill and ids, as brute force does.

The work is bounded before any cost is asked (``Budget.pairs``: the costs
between groups that the bound needs, ``Budget.lookups``) and while searching
(``Budget.nodes``);
beyond either the search gives up (``TooMuchWork``) and the caller takes the
pruned path, saying so.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np

#: Told whose costs will be asked (in id order); may answer with all of them at once.
CostsAmong = Callable[[list[str]], "np.ndarray | None"]

#: The key a team is compared on, smallest best: (size, rounded cost,
#: minus the rounded strength, the member ids in order).
TeamKey = tuple[int, float, float, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class Budget:
    """How much work the exact search may do before the pruned path takes over."""

    pairs: int = 100_000  # costs between people of different groups that the bound needs
    #: the people whose costs are needed, squared: the caller is told who they
    #: are (``among``) and asks the store for every pair's ties at once
    #: (``graph.search.team``), which grows with this square
    lookups: int = 250_000
    nodes: int = 50_000  # partial teams looked at by the branch and bound


DEFAULT_BUDGET = Budget()


class TooMuchWork(Exception):
    """The exact search would exceed its budget: too many people could cover the needs."""


def exact_team(skills: Mapping[str, Mapping[str, float]], needs: Sequence[str],
               cost: Callable[[str, str], float], *, max_size: int, min_cover: float,
               budget: Budget = DEFAULT_BUDGET, among: CostsAmong | None = None) -> TeamKey | None:
    """The key of the best team (see the module docstring) among everyone in
    ``skills``; None when no team of at most ``max_size`` covers ``needs``
    (every need is taken to be coverable by someone). Raises
    ``TooMuchWork`` when the budget would be exceeded. ``among`` is told,
    before any cost is asked, whose costs will be asked (in id order); it may
    answer with their costs as a square table in that order (each the float
    ``cost`` gives), which spares asking pair by pair."""
    groups = _groups(skills, needs, min_cover)
    combos = _smallest_covers(list(groups), len(needs), max_size)
    if not combos:
        return None
    if len(combos[0]) == 1:  # one person covers everything: no cost to compare
        return min(_key((p,), skills, needs, cost) for p in groups[combos[0][0]])
    wanted = sum(len(groups[a]) * len(groups[b]) for combo in combos for a, b in combinations(combo, 2))
    people = {p for combo in combos for mask in combo for p in groups[mask]}
    if wanted > budget.pairs or len(people) ** 2 > budget.lookups:
        raise TooMuchWork(f"{wanted} costs to compare among {len(people)} people")
    ordered = sorted(people)
    table = among(ordered) if among is not None else None
    if table is None:  # asked pair by pair, each pair in id order as brute force asks it
        table = np.zeros((len(ordered), len(ordered)))
        for (i, a), (j, b) in combinations(enumerate(ordered), 2):
            table[i, j] = table[j, i] = cost(a, b)
    search = _Search(skills, needs, budget.nodes, ordered, table)
    for combo in combos:
        search.run([groups[mask] for mask in combo])
    return search.best


def _groups(skills: Mapping[str, Mapping[str, float]], needs: Sequence[str],
            min_cover: float) -> dict[int, list[str]]:
    """Everyone who covers at least one need, by the set of needs they cover (a bit mask)."""
    groups: dict[int, list[str]] = {}
    for person in sorted(skills):
        mask = sum(1 << i for i, need in enumerate(needs) if skills[person].get(need, 0.0) >= min_cover)
        if mask:
            groups.setdefault(mask, []).append(person)
    return groups


def _smallest_covers(masks: list[int], count: int, max_size: int) -> list[tuple[int, ...]]:
    """The combinations of distinct masks of the smallest size that cover all ``count`` needs."""
    full = (1 << count) - 1
    for size in range(1, min(max_size, len(masks)) + 1):
        found = [combo for combo in combinations(sorted(masks), size) if _union(combo) == full]
        if found:
            return found
    return []


def _union(masks: tuple[int, ...]) -> int:
    out = 0
    for mask in masks:
        out |= mask
    return out


def _key(team: tuple[str, ...], skills: Mapping[str, Mapping[str, float]], needs: Sequence[str],
         cost: Callable[[str, str], float]) -> TeamKey:
    """The comparison key of a team, worked out as brute force would (the same sums in the same order)."""
    team = tuple(sorted(team))
    total = sum(cost(a, b) for a, b in combinations(team, 2))
    strength = sum(max(skills[p].get(n, 0.0) for p in team) for n in needs)
    return (len(team), round(total, 6), -round(strength, 6), team)


class _Search:
    """Branch and bound over the groups of one mask combination; keeps the
    best key over all the combinations it is run on."""

    def __init__(self, skills: Mapping[str, Mapping[str, float]], needs: Sequence[str], nodes: int,
                 people: list[str], table: np.ndarray) -> None:
        self.skills, self.needs = skills, needs
        self.nodes_left = nodes
        self.best: TeamKey | None = None
        self.table = table  # the costs among ``people``, in their order
        self.at = {p: i for i, p in enumerate(people)}

    def pair(self, a: str, b: str) -> float:
        """The cost of a pair, read in id order as brute force asks it."""
        first, second = (a, b) if a < b else (b, a)
        return self.table.item(self.at[first], self.at[second])

    def run(self, groups: list[list[str]]) -> None:
        groups = sorted(groups, key=len)
        self.groups = groups
        count = len(groups)
        # the cheapest cost from each person to each other group, and between two groups
        self.to_group: dict[tuple[str, int], float] = {}
        for i in range(count):
            for j in range(count):
                if j != i:
                    cheapest = self._cheapest(groups[i], groups[j])
                    self.to_group.update(((p, j), c) for p, c in zip(groups[i], cheapest, strict=True))
        self.between = {(i, j): min(self.to_group[p, j] for p in groups[i])
                        for i in range(count) for j in range(i + 1, count)}
        self._extend([], 0.0)

    def _cheapest(self, people: list[str], group: list[str]) -> list[float]:
        """Each person's cheapest cost to anyone in ``group``."""
        at = self.at
        rows = np.fromiter((at[p] for p in people), dtype=np.int64, count=len(people))
        columns = np.fromiter((at[q] for q in group), dtype=np.int64, count=len(group))
        return self.table[np.ix_(rows, columns)].min(axis=1).tolist()

    def _bound(self, chosen: list[str], partial: float) -> float:
        """A lower bound on the cost of any team that completes ``chosen``."""
        level, count = len(chosen), len(self.groups)
        open_cost = sum(self.to_group[p, j] for p in chosen for j in range(level, count))
        return partial + open_cost + sum(self.between[i, j] for i in range(level, count)
                                         for j in range(i + 1, count))

    def _cut(self, bound: float) -> bool:
        # cut only when even the bound is above the best (the slack covers summing in another order)
        return self.best is not None and round(bound - 1e-9, 6) > self.best[1]

    def _extend(self, chosen: list[str], partial: float) -> None:
        self.nodes_left -= 1
        if self.nodes_left < 0:
            raise TooMuchWork("too many partial teams")
        level = len(chosen)
        if level == len(self.groups):
            key = _key(tuple(chosen), self.skills, self.needs, self.pair)
            if self.best is None or key < self.best:
                self.best = key
            return
        self.nodes_left -= len(self.groups[level])
        children = []
        for person in self.groups[level]:
            cost = partial + sum(self.pair(p, person) for p in chosen)
            children.append((self._bound([*chosen, person], cost), person, cost))
        children.sort()
        for bound, person, cost in children:
            if self._cut(bound):
                break  # the rest are bounded higher still
            self._extend([*chosen, person], cost)
