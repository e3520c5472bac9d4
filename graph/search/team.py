"""The team a search with several needs proposes: who may be proposed for
each need (never without hours or retired), and the cover and cost handed to
``graph.team.propose_team``."""

from __future__ import annotations

import math
from collections.abc import Collection
from datetime import date
from itertools import islice, takewhile

from directory.consultations.hours import half_year, level
from directory.pool.freshness import unconfirmed_for_a_year
from directory.pool.model import Professional
from directory.ports import PoolWithSearch, Ranking
from directory.search.queries import TeamProposal
from graph.search.candidates import NeedCandidates
from graph.team import MIN_COVER, propose_team


def team_for(store: Ranking, lists: dict[str, NeedCandidates], needs: list[str],
          requester: str | None, today: date) -> TeamProposal | None:
    """Who to bring together for several needs: cost between two people is
    1 / (1 + their two-step tie strength). Everyone who may be proposed for
    a need (``_proposable``) is handed over, so the team is the best over all
    of them (``propose_team`` searches exactly, or says it did not); a need
    none of them meets comes back uncovered. Someone covers a need only when
    on a par with the best who may be proposed for it (``ON_PAR``): with the
    debt counsellors the demo's Tom Visser left out, the closest colleague
    who could cover debts at all was an addiction counsellor, proposed
    instead of four debt counsellors."""
    pool: set[str] = set()
    bar: dict[str, float] = {}
    for need in needs:
        able = _proposable(store, lists[need], requester, today)
        pool.update(able)
        if able:
            bar[need] = _bar(float(lists[need].skill_of(able[:1])[0]))
    members = sorted(pool)
    per_need = {need: lists[need].skill_of(members).tolist() for need in needs}
    # below the bar a member does not cover the need (a 0 says so to propose_team)
    skills = {pid: {need: skill if skill >= bar.get(need, math.inf) else 0.0
                    for need, skill in ((n, per_need[n][i]) for n in needs)}
              for i, pid in enumerate(members)}
    ties: dict[str, dict[str, float]] = {}
    targets: set[str] = set(pool)

    def among(people: Collection[str]) -> None:
        # the costs asked next are among these: look each one's ties up to them only
        ties.clear()
        targets.clear()
        targets.update(people)

    def cost(a: str, b: str) -> float:
        # propose_team asks each pair once, in id order: a's ties to those after it will do
        if a not in ties:
            ties[a] = store.proximity(a, [t for t in targets if t > a])
        return 1.0 / (1.0 + ties[a].get(b, 0.0))

    return propose_team(skills, needs, cost, among=among)


TEAM_BLOCK = 20  # candidates read at a time while looking for who may be proposed
#: A team member covers a need when their skill for it is at least this share of
#: the best skill among those who may be proposed for it.
ON_PAR = 0.75


def _proposable(store: PoolWithSearch, candidates: NeedCandidates, requester: str | None,
                today: date) -> list[str]:
    """Everyone who may be proposed for a need and is on a par (``ON_PAR``)
    with the strongest of them, strongest first. A team proposal is a
    suggestion to call these people now, so it never names someone without
    hours left this half-year (a request to them is refused:
    ``directory.consultations.hours.level``) or retired, and someone whose
    profile was not confirmed for over a year only when no one confirmed
    meets the need. The ranking merely lowers such people; here they are left
    out. Read in skill order, so the reading stops at the first confirmed
    person below the bar. Empty when no one available meets it."""
    able = ((skill, pid) for skill, pid in takewhile(lambda e: e[0] >= MIN_COVER, candidates.order)
            if pid != requester)
    fresh: list[tuple[float, str]] = []
    stale: list[tuple[float, str]] = []
    start, end = half_year(today)
    while block := list(islice(able, TEAM_BLOCK)):
        people = store.get_many("professionals", [pid for _, pid in block])
        booked = store.hours_booked([pid for _, pid in block], start, end)
        for skill, pid in block:
            person = people.get(pid)
            if not isinstance(person, Professional) or not person.active or \
                    level(person.hours_per_half_year, booked.get(pid, 0.0)) == "exhausted":
                continue
            (stale if unconfirmed_for_a_year(person, today) else fresh).append((skill, pid))
        if fresh and block[-1][0] < _bar(fresh[0][0]):
            break
    chosen = fresh or stale
    return [pid for skill, pid in chosen if chosen and skill >= _bar(chosen[0][0])]


def _bar(best: float) -> float:
    """The skill a team member needs for a need whose best available has ``best``."""
    return max(MIN_COVER, ON_PAR * best)
