"""Ranking professionals for a need: ``rank_experts``.

Every component is explained in the result's ``reasons`` (codes with values,
``directory.reasons``, that each page says in its own language) and in the
same reasons as Dutch ``why`` lines (the JSON and the command line); the
ranking is deterministic (equal scores are ordered by id). For each professional:

* **skill** per need = 0.55 x declared level / 3 + 0.45 x demonstrated
  expertise, where demonstrated expertise is 1 - exp(-E / 2) and E sums the
  person's cases as specialist in that area, each weighted by recency
  (half-life one year): the document model of expertise retrieval. Someone
  with a few recent cases and no claim outranks a bare level-1 claim. A need
  that names a whole domain is met by its areas at 0.6. Skill is averaged
  over the needs, so people who cover every need come first;
* **shared history** h = 1 - exp(-H / 2), H summing the cases shared with the
  requester or requested by their team, recency-weighted the same way
  ("elkaars gezichten kennen");
* **proximity** p = 1 - exp(-S / 3), S the two-step tie strength between
  requester and candidate in the collaboration graph;
* **wijk** w = 1 when the person serves the requested wijk;
* **availability** a = share of this half-year's hours still free (a profile
  naming no budget has the kernteam's 40 hours, as consultations count it).

score = 0.60 skill + 0.15 h + 0.10 p + 0.08 w + 0.07 a; then x 0.8 when no
hours are left (so an exhausted specialist never ranks above an equal
colleague) and x 0.95 when the profile was not confirmed for over a year.

With several needs the result also proposes a team (``graph.team``): the
fewest people, at most three, who together cover every need and already work
together best; never someone without hours left or retired, someone not
confirmed for over a year only when no one else meets the need, and a need
no one available meets is named (``TeamProposal.uncovered``).
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from itertools import islice, takewhile
from typing import Any

import numpy as np

from directory import reasons
from directory.connection import connection
from directory.freshness import unconfirmed_for_a_year
from directory.hours import DEFAULT_BUDGET, budget, half_year, level
from directory.model import Organisation, Professional
from directory.ports import Pool, PoolRecords, PoolWithSearch, Ranking
from directory.queries import Hit, MatchedArea, Resource, SearchQuery, SearchResult, TeamProposal, Understood
from directory.reasons import Reason
from directory.taxonomy import AreaMatch, Vocabulary
from graph.team import MIN_COVER, POOL_PER_NEED, propose_team

NARROWER_DISCOUNT = 0.6
WEIGHTS = {"skill": 0.60, "history": 0.15, "proximity": 0.10, "wijk": 0.08, "available": 0.07}
NO_HOURS_FACTOR = 0.8
STALE_FACTOR = 0.95


def saturating(amount: float, scale: float) -> float:
    """0 for nothing, approaching 1 for much: more evidence helps, less and less."""
    return 1.0 - math.exp(-amount / scale)


@dataclass(frozen=True, slots=True)
class NeedCandidates:
    """Everyone who can meet one need, strongest first, and their skill for it.
    Built once per need, day and store revision (``Store.derived``); kept in
    arrays (a pool of a million cases has lists of 10,000 people, and a dict
    per list would be most of a search's memory). What the skill rests on is
    read again for the people shown only."""

    ids: tuple[str, ...]  # skill descending, then id
    positions: np.ndarray  # their places in the ``_Places`` table of this revision
    skills: np.ndarray  # their skill, in the same order
    place: dict[str, int]  # that table's places by id (shared, not a copy)
    by_place: np.ndarray  # ``positions`` ascending, to look people up
    at: np.ndarray  # where each of those is in ``positions``

    @property
    def order(self) -> Iterator[tuple[float, str]]:
        """(skill, professional), strongest first."""
        return zip(self.skills.tolist(), self.ids, strict=True)

    def skill_of(self, pids: list[str]) -> np.ndarray:
        """The skill of each of ``pids`` for this need, 0.0 for whoever cannot meet it."""
        wanted = np.fromiter((self.place.get(p, -1) for p in pids), dtype=np.int64, count=len(pids))
        out = np.zeros(len(pids))
        if len(self.by_place):
            found = np.minimum(np.searchsorted(self.by_place, wanted), len(self.by_place) - 1)
            hit = self.by_place[found] == wanted
            out[hit] = self.skills[self.at[found[hit]]]
        return out


_NONE: dict[str, Any] = {}  # read only: a person without claims or evidence in an area


@dataclass(frozen=True, slots=True)
class _Places:
    """Every professional at a place in arrays (by id), so that a search can
    bound all its candidates at once in numpy instead of one by one. Built
    once per store revision."""

    ids: tuple[str, ...]
    place: dict[str, int]
    people: tuple[Professional, ...]


def _places(store: Pool) -> _Places:
    def compute() -> _Places:
        people = tuple(sorted((p for p in store.iter_records("professionals")
                               if isinstance(p, Professional)), key=lambda p: p.id))
        ids = tuple(p.id for p in people)
        return _Places(ids, {pid: i for i, pid in enumerate(ids)}, people)

    return store.derived(("search-places",), compute)


def _budgets(store: Pool, today: date) -> tuple[np.ndarray, np.ndarray]:
    """Per place, the half-year's budget (the profile's, or 40) and the factor
    for a stale profile: what availability takes from the records (kept until
    they change)."""

    def compute() -> tuple[np.ndarray, np.ndarray]:
        people = _places(store).people
        given = np.fromiter((DEFAULT_BUDGET if p.hours_per_half_year is None else p.hours_per_half_year
                             for p in people), dtype=np.float64, count=len(people))
        stale = np.fromiter((STALE_FACTOR if unconfirmed_for_a_year(p, today) else 1.0 for p in people),
                            dtype=np.float64, count=len(people))
        return given, stale

    return store.derived(("search-budgets", today), compute)


def _most_free(store: PoolWithSearch, today: date) -> tuple[np.ndarray, np.ndarray]:
    """Per place, the most the availability part of the score and the factor
    for no hours left and a stale profile can be (made afresh when hours are
    booked, which happens often: in numpy, from the budgets the records give).

    ``availability`` rounds hours to hundredths; these are upper bounds of
    what it gives, so that no candidate is left out: 0.01 hour more free, and
    the no-hours factor only where certainly nothing is left."""

    def compute() -> tuple[np.ndarray, np.ndarray]:
        places = _places(store)
        given, stale = _budgets(store, today)
        booked_by_id = store.hours_booked(places.ids, *half_year(today))
        booked = np.fromiter((booked_by_id.get(pid, 0.0) for pid in places.ids), dtype=np.float64,
                             count=len(places.ids))
        left = np.maximum(0.0, given - booked) + 0.01
        free = WEIGHTS["available"] * np.divide(left, given, out=np.zeros_like(left), where=given > 0)
        factor = np.where(given - booked <= -0.01, NO_HOURS_FACTOR, 1.0) * stale
        return free, factor

    return store.derived(("search-free", today), compute, with_consultations=True)


def _serving(store: Pool, wijk: str) -> np.ndarray:
    """1.0 at the places of the people who serve ``wijk``, else 0.0."""

    def compute() -> np.ndarray:
        people = _places(store).people
        return np.fromiter((wijk in p.wijken for p in people), dtype=np.float64, count=len(people))

    return store.derived(("search-wijk", wijk), compute)


def availability(person: Professional, booked: float, today: date) -> tuple[float | None, float, bool, float]:
    """Hours left this half-year, the availability part of the score, whether
    the profile is stale, and the factor for no hours left and a stale profile."""
    standing = budget(person.hours_per_half_year, booked)
    left = standing.left
    available = left / standing.budget if standing.budget > 0 else 0.0
    stale = unconfirmed_for_a_year(person, today)
    factor = (NO_HOURS_FACTOR if left == 0 else 1.0) * (STALE_FACTOR if stale else 1.0)
    return left, WEIGHTS["available"] * available, stale, factor


def need_candidates(store: PoolWithSearch, need: str, areas: list[str], today: date) -> NeedCandidates:
    """The candidates for ``need`` (met by ``areas``: the need and its narrower
    areas), from the store's cache when another search already asked.

    Filling a list is a search's dearest step (a popular domain has 8,000
    candidates in a pool of 10,000), so it is done in numpy: per area, the
    skill ``_area_skill`` describes, and per person the best of their areas."""

    def compute() -> NeedCandidates:
        place = _places(store).place
        found_places, found_skills = [], []
        for area in areas:
            levels, weights = store.area_strength(area, today)
            at_level = np.fromiter((place[p] for p in levels), dtype=np.int64, count=len(levels))
            at_weight = np.fromiter((place[p] for p in weights), dtype=np.int64, count=len(weights))
            where, inverse = np.unique(np.concatenate([at_level, at_weight]), return_inverse=True)
            level = np.zeros(len(where))
            level[inverse[: len(at_level)]] = np.fromiter(levels.values(), dtype=np.float64,
                                                          count=len(levels))
            shown = np.zeros(len(where))  # demonstrated expertise, 0 without cases
            # math.exp, not numpy's: the same floats as _area_skill to the last bit
            shown[inverse[len(at_level):]] = 0.45 * np.array([saturating(w, 2.0) for w in weights.values()])
            skill = 0.55 * level / 3 + shown
            found_places.append(where)
            found_skills.append(skill if area == need else skill * NARROWER_DISCOUNT)
        if len(found_places) == 1:
            where, skill = found_places[0], found_skills[0]
        else:  # a person's best area for the need
            where, inverse = np.unique(np.concatenate(found_places), return_inverse=True)
            skill = np.zeros(len(where))
            np.maximum.at(skill, inverse, np.concatenate(found_skills))
        order = np.lexsort((where, -skill))  # skill descending, then id (places are in id order)
        where, skill = where[order], skill[order]
        ids = _places(store).ids
        ranked = tuple(ids[i] for i in where)
        at = np.argsort(where)
        return NeedCandidates(ranked, where, skill, place, where[at], at)

    return store.derived(("need-candidates", need, tuple(areas), today), compute)


def _team_history(store: PoolWithSearch, team: str, today: date) -> tuple[np.ndarray, np.ndarray]:
    """The places of everyone with cases requested by ``team`` (ascending)
    and their history part h, kept per store revision and day."""

    def compute() -> tuple[np.ndarray, np.ndarray]:
        found = store.history_summary(None, requester=None, team=team, today=today)
        place = _places(store).place
        where = np.fromiter((place[pid] for pid in found), dtype=np.int64, count=len(found))
        weight = np.fromiter((entry[1] for entry in found.values()), dtype=np.float64, count=len(found))
        order = np.argsort(where)
        # numpy's exp may differ from math.exp in the last bit: only a bound, with room to spare
        return where[order], 1.0 - np.exp(-weight[order] / 2.0)

    return store.derived(("team-history", team, today), compute)


def _take_larger(history: np.ndarray, where: np.ndarray, places: np.ndarray, h: np.ndarray) -> None:
    """``history[i] = max(history[i], h[j])`` where ``where[i] == places[j]``
    (both ascending): the history part at each candidate's place."""
    if not len(places):
        return
    at = np.minimum(np.searchsorted(places, where), len(places) - 1)
    found = places[at] == where
    history[found] = np.maximum(history[found], h[at[found]])


def rank_experts(store: Ranking, query: SearchQuery, *, today: date | None = None,
                 vocabulary: Vocabulary | None = None) -> SearchResult:
    """Rank active professionals for ``query`` (already checked with ``check_query``).

    Scoring a person in full (their record, hours, shared history and above
    all proximity) is dear, so not everyone is scored. Everything but
    proximity is known per candidate beforehand, in arrays: their skill
    (each need's list from ``need_candidates``), the larger of the team's and
    the requester's history with them, wijk, availability and the factors.
    With proximity at its most that bounds each candidate's score; they are
    scored in order of that bound, a block at a time, until the bound of the
    next falls below the list's last score (Fagin's threshold algorithm with
    exact bounds). The result is exactly that of scoring every candidate (a
    test compares the two on 300 queries), but a search scores a few dozen
    people instead of the thousands who may meet two popular needs.
    """
    with store.one_read():
        return _rank_experts(store, query, today, vocabulary)


def _rank_experts(store: Ranking, query: SearchQuery, today: date | None,
                  vocabulary: Vocabulary | None) -> SearchResult:
    started = time.perf_counter()
    today = today or date.today()
    vocabulary = vocabulary or Vocabulary(store.areas())
    matches: dict[str, AreaMatch] = {m.area: m for m in vocabulary.match(query.q)
                                     if m.area not in query.without}
    chosen = [a for a in query.areas if a not in matches]
    for area in query.areas:
        matches.setdefault(area, AreaMatch(area, "exact"))
    needs = list(matches)
    understood = tuple(Understood(a, vocabulary.label(a), m.words, m.via, a in chosen, m.guessed)
                       for a, m in matches.items())
    covering = {need: [need, *vocabulary.narrower(need)] for need in needs}
    area_ids = sorted({a for areas in covering.values() for a in areas})
    lists = {need: need_candidates(store, need, covering[need], today) for need in needs}

    ranking = _Ranking(store, query, today, lists, covering,
                       {need: match.via for need, match in matches.items()})
    ranking.run()
    ranking.explain([hit.id for _, _, hit in ranking.scored[: query.limit]])
    top = [_explained(replace(hit, matched=ranking.matched_of(hit.id)), vocabulary,
                      ranking.evidence_of(hit.id), ranking.history.get(hit.id), query,
                      *ranking.flags[hit.id]) for _, _, hit in ranking.scored[: query.limit]]
    top = _with_organisations_and_paths(store, top, query.requester)
    team = _team(store, lists, needs, query.requester, today) if len(needs) > 1 else None
    suggested = _suggested(vocabulary, query, needs)
    took = round((time.perf_counter() - started) * 1000, 3)
    return SearchResult(query.id, took, tuple(top), _resources(store, area_ids, query.wijk),
                        tuple(needs), tuple(vocabulary.label(a) for a in suggested), team, understood,
                        suggested)


def _suggested(vocabulary: Vocabulary, query: SearchQuery, needs: list[str]) -> tuple[str, ...]:
    """'Bedoelde je ...' when nothing, or only a whole domain, was understood: the
    closest areas, but none the worker already has or removed."""
    if any(vocabulary.areas[n].broader for n in needs if n in vocabulary.areas):
        return ()
    return tuple(a for a in vocabulary.suggest_areas(query.q, limit=6)
                 if a not in needs and a not in query.without)[:3]


class _Ranking:
    """One run of the threshold algorithm (see ``rank_experts``): candidates
    in order of the most their score can be."""

    BLOCK = 10  # people scored in the first round; doubling after
    MAX_BLOCK = 160

    def __init__(self, store: Ranking, query: SearchQuery, today: date,
                 lists: dict[str, NeedCandidates], covering: dict[str, list[str]],
                 vias: dict[str, str]) -> None:
        self.store, self.query, self.today, self.lists = store, query, today, lists
        self.covering, self.vias = covering, vias
        self.needs = list(lists)
        self.half = half_year(today)
        self.scored: list[tuple[float, str, Hit]] = []
        self.flags: dict[str, tuple[bool, bool]] = {}  # serves the wijk, stale profile
        self.history: dict[str, tuple[int, float, date]] = {}
        self.claims: dict[str, dict[str, int]] = {}
        self.evidence: dict[str, dict[str, tuple[int, float, date]]] = {}

    def run(self) -> None:
        if not self.needs:  # nothing asked that anyone could meet: nobody, not the history
            return
        where, bounds = self._bounds()
        order = np.argsort(-bounds, kind="stable")
        ids = _places(self.store).ids
        limit, block_size, start = self.query.limit, self.BLOCK, 0
        while start < len(order):
            taken = order[start:start + block_size]
            start += len(taken)
            self._score([ids[i] for i in where[taken]])
            self.scored.sort()
            del self.scored[limit:]
            block_size = min(2 * block_size, self.MAX_BLOCK)  # long reads in fewer rounds
            if start == len(order) or len(self.scored) < limit:
                continue
            # (a hair above the bound: float sums in another order may differ in the last bit)
            if round(float(bounds[order[start]]) + 1e-9, 4) < -self.scored[limit - 1][0]:
                break

    def _bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """Every candidate's place (but the requester's) and the most their score can
        be before their record is read: skill, shared history (the larger of
        the team's and the requester's, whichever the score takes), wijk,
        availability and factors are known per place; only proximity is
        taken at its most. Worked out in numpy over the needs' lists, so the
        cost grows with the number of candidates, not with the pool."""
        query, store, w = self.query, self.store, WEIGHTS
        places = _places(store)
        lists = [self.lists[n] for n in self.needs]
        if len(lists) == 1:
            where, skill = lists[0].positions, lists[0].skills
        else:  # a person's skill over all needs: the mean of theirs per need
            where, inverse = np.unique(np.concatenate([c.positions for c in lists]), return_inverse=True)
            skill = np.bincount(inverse, weights=np.concatenate([c.skills for c in lists]),
                                minlength=len(where)) / len(lists)
        history = np.zeros(len(where))
        if query.team:
            team_places, team_h = _team_history(store, query.team, self.today)
            _take_larger(history, where, team_places, team_h)
        if query.requester:
            partners = store.history_summary(None, requester=query.requester, team=None, today=self.today)
            if partners:
                pairs = sorted((places.place[pid], saturating(weight, 2.0))
                               for pid, (_, weight, _) in partners.items())
                _take_larger(history, where, np.array([p for p, _ in pairs], dtype=np.int64),
                             np.array([h for _, h in pairs]))
        free, factor = _most_free(store, self.today)
        most = (w["skill"] * skill + w["history"] * history + free[where]
                + w["proximity"] * bool(query.requester))
        if query.wijk:
            most += w["wijk"] * _serving(store, query.wijk)[where]
        most *= factor[where]
        if query.requester in places.place:
            keep = where != places.place[query.requester]
            where, most = where[keep], most[keep]
        return where, most

    def _skills_of(self, pids: list[str]) -> list[float]:
        """Each person's skill over all needs: the mean of theirs per need
        (summed in the needs' order, as ``sum`` would)."""
        total = np.zeros(len(pids))
        for need in self.needs:
            total = total + self.lists[need].skill_of(pids)
        return (total / len(self.needs)).tolist()

    def explain(self, shown: list[str]) -> None:
        """Read the claims and case evidence of the people shown (the needs'
        lists keep only their skill: a list of 10,000 people with all it
        rests on would hold most of a search's memory)."""
        areas = sorted({a for n in self.needs for a in self.covering[n]})
        self.evidence = self.store.evidence_summary(areas, self.today, professional_ids=shown)
        wanted = set(areas)
        self.claims = {pid: {c.area: c.level for c in person.expertise if c.area in wanted}
                       for pid, person in self.store.get_many("professionals", shown).items()
                       if isinstance(person, Professional)}

    def matched_of(self, pid: str) -> tuple[MatchedArea, ...]:
        """How a person meets each need (worked out for the people shown only)."""
        claims, evidence = self.claims.get(pid, {}), self.evidence.get(pid, {})
        return tuple(_best_cover(n, self.covering[n], self.vias[n], claims, evidence) for n in self.needs)

    def evidence_of(self, pid: str) -> dict[str, tuple[int, float, date]]:
        return self.evidence.get(pid, {})

    def _score(self, block: list[str]) -> None:
        """Score a block of people fully, except that proximity - the dearest
        part - is only worked out for those who could still reach the list
        with the most proximity can add."""
        if not block:
            return
        store, query, today, w = self.store, self.query, self.today, WEIGHTS
        people: dict[str, Professional] = store.get_many("professionals", block)  # type: ignore[assignment]
        booked = store.hours_booked(block, *self.half)
        history = store.history_summary(block, requester=query.requester, team=query.team, today=today)
        self.history.update(history)
        kth = -self.scored[query.limit - 1][0] if len(self.scored) >= query.limit else -math.inf
        parts = []
        for pid, skill in zip(block, self._skills_of(block), strict=True):
            person = people[pid]
            shared_count, shared_weight, _ = history.get(pid, (0, 0.0, None))
            serves_wijk = bool(query.wijk and query.wijk in person.wijken)
            left, free, stale, factor = availability(person, booked.get(pid, 0.0), today)
            known = w["skill"] * skill + w["history"] * saturating(shared_weight, 2.0)
            wijk = w["wijk"] * serves_wijk
            if query.requester and \
                    round((known + w["proximity"] + wijk + free) * factor + 1e-9, 4) < kth:
                continue  # even the closest tie would not bring them onto the list
            parts.append((pid, person, known, wijk, free, shared_count, left, serves_wijk, stale))
        ties = store.proximity(query.requester, [part[0] for part in parts]) if query.requester else {}
        for pid, person, known, wijk, free, shared_count, left, serves_wijk, stale in parts:
            # summed in the order of the formula, so equal inputs give equal floats
            score = known + w["proximity"] * saturating(ties.get(pid, 0.0), 3.0) + wijk + free
            if left == 0:
                score *= NO_HOURS_FACTOR
            if stale:
                score *= STALE_FACTOR
            hit = Hit(pid, person.name, round(score, 4), None, (), shared_count, None, left, (),
                      level(person.hours_per_half_year, booked.get(pid, 0.0)))
            self.flags[pid] = (serves_wijk, stale)
            self.scored.append((-hit.score, pid, hit))


def _team(store: Ranking, lists: dict[str, NeedCandidates], needs: list[str],
          requester: str | None, today: date) -> TeamProposal | None:
    """Who to bring together for several needs: cost between two people is
    1 / (1 + their two-step tie strength). ``propose_team`` only looks at the
    strongest few per need who may be proposed (``_proposable``), so only
    they are handed over; a need none of them meets comes back uncovered.
    Someone covers a need only when on a par with the best who may be
    proposed for it (``ON_PAR``): with the debt counsellors the demo's
    Tom Visser left out, the closest colleague who could cover debts at all
    was an addiction counsellor, proposed instead of four debt counsellors."""
    pool: set[str] = set()
    bar: dict[str, float] = {}
    for need in needs:
        able = _proposable(store, lists[need], requester, today)
        pool.update(able)
        if able:
            bar[need] = max(MIN_COVER, ON_PAR * float(lists[need].skill_of(able[:1])[0]))
    members = sorted(pool)
    per_need = {need: lists[need].skill_of(members).tolist() for need in needs}
    # below the bar a member does not cover the need (a 0 says so to propose_team)
    skills = {pid: {need: skill if skill >= bar.get(need, math.inf) else 0.0
                    for need, skill in ((n, per_need[n][i]) for n in needs)}
              for i, pid in enumerate(members)}
    ties: dict[str, dict[str, float]] = {}

    def cost(a: str, b: str) -> float:
        if a not in ties:
            ties[a] = store.proximity(a, pool)
        return 1.0 / (1.0 + ties[a].get(b, 0.0))

    return propose_team(skills, needs, cost)


TEAM_BLOCK = 20  # candidates read at a time while looking for who may be proposed
#: A team member covers a need when their skill for it is at least this share of
#: the best skill among those who may be proposed for it.
ON_PAR = 0.75


def _proposable(store: PoolWithSearch, candidates: NeedCandidates, requester: str | None,
                today: date) -> list[str]:
    """The strongest few (``POOL_PER_NEED``) who meet a need and may be
    proposed for it, strongest first. A team proposal is a suggestion to
    call these people now, so it never names someone without hours left
    this half-year (a request to them is refused: ``directory.hours.level``)
    or retired, and someone whose profile was not confirmed for over a year
    only when no one confirmed meets the need. The ranking merely lowers such
    people; here they are left out. Empty when no one available meets it."""
    able = (pid for skill, pid in takewhile(lambda e: e[0] >= MIN_COVER, candidates.order)
            if pid != requester)
    fresh: list[str] = []
    stale: list[str] = []
    start, end = half_year(today)
    while len(fresh) < POOL_PER_NEED and (block := list(islice(able, TEAM_BLOCK))):
        people = store.get_many("professionals", block)
        booked = store.hours_booked(block, start, end)
        for pid in block:
            person = people.get(pid)
            if not isinstance(person, Professional) or not person.active or \
                    level(person.hours_per_half_year, booked.get(pid, 0.0)) == "exhausted":
                continue
            (stale if unconfirmed_for_a_year(person, today) else fresh).append(pid)
    return (fresh or stale)[:POOL_PER_NEED]


def _area_skill(area: str, need: str, claims: dict[str, int],
                evidence: dict[str, tuple[int, float, date]]) -> float:
    """Skill in one area for one need: declared level and recency-weighted
    cases, discounted when the area is narrower than the need."""
    entry = evidence.get(area)
    skill = 0.55 * claims.get(area, 0) / 3 + (0.45 * saturating(entry[1], 2.0) if entry else 0.0)
    return skill if area == need else skill * NARROWER_DISCOUNT


def _skill(need: str, claims: dict[str, int], evidence: dict[str, tuple[int, float, date]]) -> float:
    """How well a person meets one need: their best area among those they
    claim or have cases in (``claims`` and ``evidence`` hold only the areas
    that meet the need; an area they have neither in counts 0)."""
    return max((_area_skill(area, need, claims, evidence) for area in {*claims, *evidence}),
               default=0.0)


def _best_cover(need: str, areas: list[str], via: str, claims: dict[str, int],
                evidence: dict[str, tuple[int, float, date]]) -> MatchedArea:
    """Which area answers a need best for a person, and how it was matched
    (someone asked for 'verslaving' is shown with their alcohol expertise)."""
    area = max(areas, key=lambda a: (_area_skill(a, need, claims, evidence), a == need))
    count = evidence[area][0] if area in evidence else 0
    return MatchedArea(area, via if area == need else f"{via}, narrower area", claims.get(area),
                       count)


def _explained(hit: Hit, vocabulary: Vocabulary, evidence: dict[str, tuple[int, float, date]],
               shared: tuple[int, float, date] | None, query: SearchQuery, serves_wijk: bool,
               stale: bool) -> Hit:
    found = _why(hit.matched, evidence, shared, query, serves_wijk, hit.hours_left, stale)
    return replace(hit, reasons=found, why=reasons.dutch(found, vocabulary.label))


def _with_organisations_and_paths(store: Ranking, hits: list[Hit], requester: str | None) -> list[Hit]:
    people = store.get_many("professionals", (h.id for h in hits))
    orgs = store.get_many("organisations",
                          {p.organisation for p in people.values() if p.organisation})  # type: ignore[union-attr]
    out = []
    for hit in hits:
        person: Professional = people[hit.id]  # type: ignore[assignment]
        org = orgs.get(person.organisation or "")
        found = connection(store, requester, hit.id, near=True) if requester else None
        path = found.ids if found else None
        why, said = hit.why, hit.reasons
        if path and len(path) > 2:
            via = store.get_many("professionals", path[1:-1])
            names = tuple(getattr(via.get(i), "name", i) for i in path[1:-1])
            reason = Reason.of(reasons.VIA, ids=tuple(path[1:-1]), names=names)
            why, said = (*why, *reasons.dutch([reason], str)), (*said, reason)
        out.append(replace(hit, organisation={"id": org.id, "name": org.name} if org else None,  # type: ignore[union-attr]
                           path=path, why=why, reasons=said, links=found.links if found and path else ()))
    return out


def _resources(store: PoolRecords, area_ids: list[str], wijk: str | None) -> tuple[Resource, ...]:
    """Informal (line 0) and first-line help whose areas cover the need, in the
    requested wijk or city-wide first. A retired organisation is no help any more."""
    wanted = set(area_ids)
    retired = store.inactive("organisations")
    found: list[tuple[tuple[bool, str, str], Resource]] = []
    for org in store.iter_records("organisations"):
        assert isinstance(org, Organisation)
        if org.line in {"0", "1"} and wanted & set(org.areas) and org.id not in retired:
            local = not org.wijken or (wijk is not None and wijk in org.wijken)
            found.append(((not local, org.line or "", org.name),
                          Resource(org.id, org.name, org.line, org.wijken)))
    found.sort(key=lambda item: item[0])
    return tuple(r for _, r in found[:5])


def _why(matched: tuple[MatchedArea, ...], evidence: dict[str, tuple[int, float, date]],
         shared: tuple[int, float, date] | None, query: SearchQuery, serves_wijk: bool,
         left: float | None, stale: bool) -> tuple[Reason, ...]:
    """The reasons for a person's place, as codes with values (``directory.reasons``)."""
    found = []
    for m in matched:
        last = evidence[m.area][2] if m.area in evidence else None
        if m.level:
            found.append(Reason.of(reasons.LEVEL, area=m.area, level=m.level,
                                   cases=m.cases if last else None, last=last))
        elif last:
            found.append(Reason.of(reasons.CASES, area=m.area, cases=m.cases, last=last))
    if shared:
        found.append(Reason.of(reasons.SHARED, cases=shared[0], last=shared[2], team=bool(query.team)))
    if serves_wijk:
        found.append(Reason.of(reasons.WIJK, wijk=query.wijk))
    if left is not None:
        found.append(Reason.of(reasons.NO_HOURS) if left == 0 else Reason.of(reasons.HOURS, hours=left))
    if stale:
        found.append(Reason.of(reasons.STALE))
    return tuple(dict.fromkeys(found))  # two needs met by one area: say it once
