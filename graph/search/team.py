"""The team a search with several needs proposes: who may be proposed for
each need (never without hours or retired), and the cover and cost handed to
``graph.team.propose_team``."""

from __future__ import annotations

import math
from datetime import date

import numpy as np

from directory.ports import PoolWithSearch, Ranking
from directory.search.queries import TeamProposal
from graph.search.candidates import NeedCandidates, booked_hours, budgets, place_table
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
    at: dict[str, int] = {}  # the places in the table of costs among those named
    table = [np.zeros((0, 0))]

    def among(people: list[str]) -> np.ndarray:
        # the costs asked next are among these: every pair's ties in one question
        table[0] = 1.0 / (1.0 + store.proximity_among(people))
        at.clear()
        at.update((p, i) for i, p in enumerate(people))
        return table[0]

    def cost(a: str, b: str) -> float:
        # propose_team asks among those it named first; anyone else is looked up
        if a in at and b in at:
            return table[0].item(at[a], at[b])
        return 1.0 / (1.0 + store.proximity(a, [b]).get(b, 0.0))

    return propose_team(skills, needs, cost, among=among)


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
    out. Worked out over the need's list at once, from what is known of
    everyone by place (``_who_may_be_proposed``). Empty when no one
    available meets it."""
    places = place_table(store)
    free, stale = _who_may_be_proposed(store, today)
    where, skill = candidates.positions, candidates.skills
    able = free[where] & (skill >= MIN_COVER)
    if requester in places.place:
        able &= where != places.place[requester]
    fresh = able & ~stale[where]
    chosen = np.flatnonzero(fresh if fresh.any() else able)
    if not len(chosen):
        return []
    chosen = chosen[skill[chosen] >= _bar(float(skill[chosen[0]]))]
    return [places.ids[i] for i in where[chosen].tolist()]


def _who_may_be_proposed(store: PoolWithSearch, today: date) -> tuple[np.ndarray, np.ndarray]:
    """Per place: active with hours left this half-year (``level`` is not
    "exhausted": the booked hours rounded to hundredths below the budget),
    and whether the profile was not confirmed for over a year."""

    def compute() -> tuple[np.ndarray, np.ndarray]:
        given, stale = budgets(store, today)
        booked = np.fromiter((round(h, 2) for h in booked_hours(store, today).tolist()), dtype=np.float64,
                             count=len(given))
        return _active(store) & (booked < given), stale != 1.0

    return store.derived(("team-proposable", today), compute, with_consultations=True)


def _active(store: PoolWithSearch) -> np.ndarray:
    """Per place, whether the person is active (kept until the records change,
    not made afresh with every hour booked as what depends on hours is)."""

    def compute() -> np.ndarray:
        people = place_table(store).people
        return np.fromiter((p.active for p in people), dtype=bool, count=len(people))

    return store.derived(("team-active",), compute)


def _bar(best: float) -> float:
    """The skill a team member needs for a need whose best available has ``best``."""
    return max(MIN_COVER, ON_PAR * best)
