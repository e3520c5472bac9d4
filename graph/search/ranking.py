"""One search: what the words ask (the vocabulary's needs), the candidates
scored in order of the most their score can be (Fagin's threshold
algorithm), and the result with its explanations, resources and team."""

from __future__ import annotations

import math
import time
from dataclasses import replace
from datetime import date

import numpy as np

from directory.consultations.hours import half_year, level
from directory.pool.model import Professional
from directory.ports import Ranking
from directory.search.queries import Hit, MatchedArea, SearchQuery, SearchResult, Understood
from directory.search.vocabulary import AreaMatch, Vocabulary
from graph.search.candidates import (
    NeedCandidates,
    most_free,
    need_candidates,
    place_table,
    serving,
    take_larger,
    team_history,
)
from graph.search.explain import explained, resources, with_organisations_and_paths
from graph.search.scoring import NO_HOURS_FACTOR, STALE_FACTOR, WEIGHTS, availability, best_cover, saturating
from graph.search.team import team_for


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
    top = [explained(replace(hit, matched=ranking.matched_of(hit.id)), vocabulary,
                      ranking.evidence_of(hit.id), ranking.history.get(hit.id), query,
                      *ranking.flags[hit.id]) for _, _, hit in ranking.scored[: query.limit]]
    top = with_organisations_and_paths(store, top, query.requester)
    team = team_for(store, lists, needs, query.requester, today) if len(needs) > 1 else None
    suggested = _suggested(vocabulary, query, needs)
    took = round((time.perf_counter() - started) * 1000, 3)
    return SearchResult(query.id, took, tuple(top), resources(store, area_ids, query.wijk),
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
        ids = place_table(self.store).ids
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
        places = place_table(store)
        lists = [self.lists[n] for n in self.needs]
        if len(lists) == 1:
            where, skill = lists[0].positions, lists[0].skills
        else:  # a person's skill over all needs: the mean of theirs per need
            where, inverse = np.unique(np.concatenate([c.positions for c in lists]), return_inverse=True)
            skill = np.bincount(inverse, weights=np.concatenate([c.skills for c in lists]),
                                minlength=len(where)) / len(lists)
        history = np.zeros(len(where))
        if query.team:
            team_places, team_h = team_history(store, query.team, self.today)
            take_larger(history, where, team_places, team_h)
        if query.requester:
            partners = store.history_summary(None, requester=query.requester, team=None, today=self.today)
            if partners:
                pairs = sorted((places.place[pid], saturating(weight, 2.0))
                               for pid, (_, weight, _) in partners.items())
                take_larger(history, where, np.array([p for p, _ in pairs], dtype=np.int64),
                             np.array([h for _, h in pairs]))
        free, factor = most_free(store, self.today)
        most = (w["skill"] * skill + w["history"] * history + free[where]
                + w["proximity"] * bool(query.requester))
        if query.wijk:
            most += w["wijk"] * serving(store, query.wijk)[where]
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
        return tuple(best_cover(n, self.covering[n], self.vias[n], claims, evidence) for n in self.needs)

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

