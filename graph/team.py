"""Team formation for a request with several needs.

After Lappas, Liu and Terzi, "Finding a team of experts in social networks"
(KDD 2009): the team must cover every need, and among the teams that do, the
one whose members already work together best (lowest communication cost in
the collaboration graph) wins. Our teams are tiny (one member per need at
most, and at most ``MAX_EXACT_NEEDS`` needs), so the team is found exactly
over everyone who may be proposed (``graph.team_exact``) rather than by the
paper's approximation, and its tie-breaking is explicit: fewest members,
then lowest cost, then most skill, then ids. When that would take too much
work, the former pruned search (the ``POOL_PER_NEED`` strongest per need,
at most ``MAX_TEAM``) answers instead, and the proposal says it is not exact.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from itertools import combinations

from directory.search.queries import TeamProposal
from graph.team_exact import DEFAULT_BUDGET, Budget, CostsAmong, TooMuchWork, exact_team

MAX_TEAM = 3  # the pruned search's largest team
MIN_COVER = 0.25  # the skill for a need below which a person does not cover it
POOL_PER_NEED = 5  # the pruned search looks at this many strongest per need
MAX_EXACT_NEEDS = 5  # beyond this many needs the team is not searched exactly


def propose_team(skills: Mapping[str, Mapping[str, float]], needs: list[str],
                 cost: Callable[[str, str], float], *, max_size: int | None = None,
                 min_cover: float = MIN_COVER, budget: Budget = DEFAULT_BUDGET,
                 among: CostsAmong | None = None) -> TeamProposal | None:
    """Choose who to bring together, or None when no team of ``max_size``
    (by default one per need) can.

    ``skills[person][need]`` is how well a person meets a need (0-1), for the
    people who may be proposed (the caller leaves out whoever has no hours);
    ``cost(a, b)`` how far apart two people are (0 = close colleagues; asked
    with ``a`` before ``b`` in id order, so it need not be symmetric). A need
    nobody meets is named in ``uncovered`` and the team covers the others.
    ``exact`` is False when the pruned search answered (too many needs or
    too much work for ``budget``). ``among``, when given, is told whose costs
    will be asked next (before they are, in id order), so that the caller can
    look them up together; it may answer with them as a table (see
    ``graph.team_exact.exact_team``).

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
    >>> propose_team(skills, ["x", "y"], lambda p, q: 1.0, budget=Budget(pairs=1)).exact
    False
    """
    uncovered = tuple(n for n in needs if not any(s.get(n, 0.0) >= min_cover for s in skills.values()))
    needs = [n for n in needs if n not in uncovered]
    if not needs:
        return TeamProposal((), {}, 0.0, uncovered)
    if len(needs) <= MAX_EXACT_NEEDS:
        try:
            key = exact_team(skills, needs, cost, max_size=max_size or len(needs),
                             min_cover=min_cover, budget=budget, among=among)
        except TooMuchWork:
            pass
        else:
            return None if key is None else _proposal(key[3], key[1], needs, skills, uncovered, True)
    return pruned_team(skills, needs, cost, max_size=max_size or MAX_TEAM, min_cover=min_cover,
                       uncovered=uncovered, among=among)


def pruned_team(skills: Mapping[str, Mapping[str, float]], needs: list[str],
                cost: Callable[[str, str], float], *, max_size: int = MAX_TEAM,
                min_cover: float = MIN_COVER, uncovered: tuple[str, ...] = (),
                among: CostsAmong | None = None) -> TeamProposal | None:
    """The former search: every team of at most ``max_size`` among the
    ``POOL_PER_NEED`` strongest for each need (all of ``needs`` coverable).
    Exhaustive over that pool, so not exact over everyone (``exact`` False)."""
    pool: set[str] = set()
    for need in needs:
        able = sorted((p for p in skills if skills[p].get(need, 0.0) >= min_cover),
                      key=lambda p: (-skills[p][need], p))
        pool.update(able[:POOL_PER_NEED])
    people = sorted(pool)
    if among is not None:
        among(people)
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
            return _proposal(best[2], best[0], needs, skills, uncovered, False)
    return greedy_team(skills, needs, cost, people, min_cover=min_cover, uncovered=uncovered)


def greedy_team(skills: Mapping[str, Mapping[str, float]], needs: list[str],
                cost: Callable[[str, str], float], people: list[str], *,
                min_cover: float = MIN_COVER, uncovered: tuple[str, ...] = ()) -> TeamProposal | None:
    """When no small team of ``people`` covers the needs: add, one at a time,
    whoever covers the most needs still open, then is closest to those chosen,
    then strongest for them, then by id. Always a team when ``people`` cover
    every need between them (as the pruned pool does), not the best one."""
    team: list[str] = []
    open_needs = list(needs)
    while open_needs:
        gains = {p: _gain(p, open_needs, team, skills, cost, min_cover) for p in people if p not in team}
        best = min(gains, key=gains.__getitem__, default=None)
        if best is None or gains[best][0] == 0:
            return None
        team.append(best)
        open_needs = [n for n in open_needs if skills[best].get(n, 0.0) < min_cover]
    members = tuple(sorted(team))
    total = round(sum(cost(a, b) for a, b in combinations(members, 2)), 6)
    return _proposal(members, total, needs, skills, uncovered, False)


def _gain(person: str, open_needs: list[str], team: list[str], skills: Mapping[str, Mapping[str, float]],
          cost: Callable[[str, str], float], min_cover: float) -> tuple[int, float, float, str]:
    """What adding ``person`` brings, smallest best: needs covered, cost to the team, skill, id."""
    covered = [n for n in open_needs if skills[person].get(n, 0.0) >= min_cover]
    return (-len(covered), sum(cost(*sorted((person, q))) for q in team),
            -sum(skills[person][n] for n in covered), person)


def _proposal(team: tuple[str, ...], cost: float, needs: list[str],
              skills: Mapping[str, Mapping[str, float]], uncovered: tuple[str, ...],
              exact: bool) -> TeamProposal:
    covers = {n: _best_for(team, n, skills) for n in needs}
    return TeamProposal(team, covers, cost, uncovered, exact)


def _best_for(team: tuple[str, ...], need: str, skills: Mapping[str, Mapping[str, float]]) -> str:
    return min(team, key=lambda p: (-skills[p].get(need, 0.0), p))
