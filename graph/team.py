"""Team formation for a request with several needs.

After Lappas, Liu and Terzi, "Finding a team of experts in social networks"
(KDD 2009): the team must cover every need, and among the teams that do, the
one whose members already work together best (lowest communication cost in
the collaboration graph) wins. Our teams are tiny (at most 3 of a short list
of strong candidates), so the search is exhaustive and exact rather than the
paper's approximation, and its tie-breaking is explicit: fewest members,
then lowest cost, then most skill, then ids.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from itertools import combinations

from directory.search.queries import TeamProposal

MAX_TEAM = 3
MIN_COVER = 0.25  # the skill for a need below which a person does not cover it
POOL_PER_NEED = 5


def propose_team(skills: Mapping[str, Mapping[str, float]], needs: list[str],
                 cost: Callable[[str, str], float], *, max_size: int = MAX_TEAM,
                 min_cover: float = MIN_COVER) -> TeamProposal | None:
    """Choose who to bring together, or None when no team of ``max_size`` can.

    ``skills[person][need]`` is how well a person meets a need (0-1), for the
    people who may be proposed (the caller leaves out whoever has no hours);
    ``cost(a, b)`` how far apart two people are (0 = close colleagues). A need
    nobody meets is named in ``uncovered`` and the team covers the others.

    Examples
    --------
    >>> skills = {"a": {"x": 0.9}, "b": {"y": 0.8}, "c": {"y": 0.9}, "d": {"x": 0.5, "y": 0.5}}
    >>> close = {frozenset("ab"): 0.1, frozenset("ac"): 0.9}
    >>> propose_team(skills, ["x", "y"], lambda p, q: close.get(frozenset(p + q), 1.0)).members
    ('d',)
    >>> del skills["d"]
    >>> propose_team(skills, ["x", "y"], lambda p, q: close.get(frozenset(p + q), 1.0)).members
    ('a', 'b')
    >>> propose_team(skills, ["x", "z"], lambda p, q: 1.0).uncovered
    ('z',)
    """
    pool: set[str] = set()
    uncovered = []
    for need in needs:
        able = sorted((p for p in skills if skills[p].get(need, 0.0) >= min_cover),
                      key=lambda p: (-skills[p][need], p))
        if not able:
            uncovered.append(need)
        pool.update(able[:POOL_PER_NEED])
    needs = [n for n in needs if n not in uncovered]
    if not needs:
        return TeamProposal((), {}, 0.0, tuple(uncovered))
    people = sorted(pool)
    for size in range(1, max_size + 1):
        best: tuple[float, float, tuple[str, ...]] | None = None
        for team in combinations(people, size):
            if not all(any(skills[p].get(n, 0.0) >= min_cover for p in team) for n in needs):
                continue
            total_cost = sum(cost(a, b) for a, b in combinations(team, 2))
            strength = sum(max(skills[p].get(n, 0.0) for p in team) for n in needs)
            key = (round(total_cost, 6), -round(strength, 6), team)
            if best is None or key < best:
                best = key
        if best is not None:
            team = best[2]
            covers = {n: _best_for(team, n, skills) for n in needs}
            return TeamProposal(team, covers, best[0], tuple(uncovered))
    return None


def _best_for(team: tuple[str, ...], need: str, skills: Mapping[str, Mapping[str, float]]) -> str:
    return min(team, key=lambda p: (-skills[p].get(need, 0.0), p))
