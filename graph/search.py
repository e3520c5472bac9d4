"""Ranking professionals for a need: ``rank_experts``.

Every component is explained in the result's ``why`` lines, and the ranking
is deterministic (equal scores are ordered by id). For each professional:

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
* **availability** a = share of this half-year's hours still free (1 without
  a budget).

score = 0.60 skill + 0.15 h + 0.10 p + 0.08 w + 0.07 a; then x 0.8 when no
hours are left (so an exhausted specialist never ranks above an equal
colleague) and x 0.95 when the profile was not confirmed for over a year.

With several needs the result also proposes a team (``graph.team``): the
fewest people, at most three, who together cover every need and already work
together best.
"""

from __future__ import annotations

import heapq
import math
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from itertools import islice, takewhile
from typing import Any

from directory.dutch import dutch_number, month_label
from directory.hours import half_year, hours_left
from directory.model import LEVEL_LABELS, Organisation, Professional
from directory.ports import Store
from directory.queries import Hit, MatchedArea, Resource, SearchQuery, SearchResult, TeamProposal
from directory.taxonomy import AreaMatch, Vocabulary
from graph.team import MIN_COVER, POOL_PER_NEED, propose_team

NARROWER_DISCOUNT = 0.6
WEIGHTS = {"skill": 0.60, "history": 0.15, "proximity": 0.10, "wijk": 0.08, "available": 0.07}
NO_HOURS_FACTOR = 0.8
STALE_FACTOR = 0.95
STALE_AFTER_DAYS = 365


def saturating(amount: float, scale: float) -> float:
    """0 for nothing, approaching 1 for much: more evidence helps, less and less."""
    return 1.0 - math.exp(-amount / scale)


@dataclass(frozen=True, slots=True)
class NeedCandidates:
    """Everyone who can meet one need, strongest first, with what their skill
    rests on. Built once per need, day and store revision (``Store.derived``)."""

    order: tuple[tuple[float, str], ...]  # (skill, professional), skill descending, then id
    skill: dict[str, float]
    claims: dict[str, dict[str, int]]
    evidence: dict[str, dict[str, tuple[int, float, date]]]


_NONE: dict[str, Any] = {}  # read only: a person without claims or evidence in an area


def need_candidates(store: Store, need: str, areas: list[str], today: date) -> NeedCandidates:
    """The candidates for ``need`` (met by ``areas``: the need and its narrower
    areas), from the store's cache when another search already asked."""

    def compute() -> NeedCandidates:
        claims = store.claims(areas)
        evidence = store.evidence_summary(areas, today)
        if areas == [need]:  # the common case, one call per person: filling is a search's dearest step
            skill = {pid: _area_skill(need, need, claims.get(pid, _NONE), evidence.get(pid, _NONE))
                     for pid in claims.keys() | evidence.keys()}
        else:
            skill = {pid: _skill(need, claims.get(pid, {}), evidence.get(pid, {}))
                     for pid in claims.keys() | evidence.keys()}
        order = tuple(sorted(((v, pid) for pid, v in skill.items()), key=lambda e: (-e[0], e[1])))
        return NeedCandidates(order, skill, claims, evidence)

    return store.derived(("need-candidates", need, tuple(areas), today), compute)


def _team_history_order(store: Store, team: str, today: date) -> tuple[tuple[float, str], ...]:
    """Everyone with cases requested by ``team``, most shared history first."""

    def compute() -> tuple[tuple[float, str], ...]:
        found = store.history_summary(None, requester=None, team=team, today=today)
        return _by_history(found)

    return store.derived(("team-history", team, today), compute)


def _by_history(found: dict[str, tuple[int, float, date]]) -> tuple[tuple[float, str], ...]:
    """(-h, professional), ascending: most history first, ties by id, and
    ready for ``heapq.merge`` without a key function."""
    return tuple(sorted((-saturating(weight, 2.0), pid) for pid, (_, weight, _) in found.items()))


def rank_experts(store: Store, query: SearchQuery, *, today: date | None = None,
                 vocabulary: Vocabulary | None = None) -> SearchResult:
    """Rank active professionals for ``query`` (already checked with ``check_query``).

    Fagin's threshold algorithm: the candidates come in order of their skill
    (each need's list from ``need_candidates``, combined for several needs),
    and the people with shared history in order of that history; people are
    scored as they come, a block at a time, until no one not yet seen could
    still reach the list — the weights bound their score by the skill and
    history last seen plus the most proximity, wijk and availability could
    add. The result is exactly that of scoring every candidate (a test
    compares the two), but a search reads a few dozen people instead of the
    thousand who may claim a popular area.
    """
    started = time.perf_counter()
    today = today or date.today()
    vocabulary = vocabulary or Vocabulary(store.areas())
    matches: dict[str, AreaMatch] = {m.area: m for m in vocabulary.match(query.q)}
    for area in query.areas:
        matches.setdefault(area, AreaMatch(area, "exact"))
    needs = list(matches)
    covering = {need: [need, *vocabulary.narrower(need)] for need in needs}
    area_ids = sorted({a for areas in covering.values() for a in areas})
    lists = {need: need_candidates(store, need, covering[need], today) for need in needs}

    ranking = _Ranking(store, query, today, lists, covering,
                       {need: match.via for need, match in matches.items()})
    ranking.run()
    top = [_explained(replace(hit, matched=ranking.matched_of(hit.id)), vocabulary,
                      ranking.evidence_of(hit.id), ranking.history.get(hit.id), query,
                      *ranking.flags[hit.id]) for _, _, hit in ranking.scored[: query.limit]]
    top = _with_organisations_and_paths(store, top, query.requester)
    team = _team(store, lists, needs, query.requester) if len(needs) > 1 else None
    suggestions = () if needs else tuple(vocabulary.suggest(query.q))
    took = round((time.perf_counter() - started) * 1000, 3)
    return SearchResult(query.id, took, tuple(top), _resources(store, area_ids, query.wijk),
                        tuple(needs), suggestions, team)


class _Ranking:
    """One run of the threshold algorithm (see ``rank_experts``): streams of
    candidates in skill order and one of the people with shared history."""

    BLOCK = 10  # people taken from each stream in the first round; doubling after
    MAX_BLOCK = 160

    def __init__(self, store: Store, query: SearchQuery, today: date,
                 lists: dict[str, NeedCandidates], covering: dict[str, list[str]],
                 vias: dict[str, str]) -> None:
        self.store, self.query, self.today, self.lists = store, query, today, lists
        self.covering, self.vias = covering, vias
        self.needs = list(lists)
        self.half = half_year(today)
        self.scored: list[tuple[float, str, Hit]] = []
        self.flags: dict[str, tuple[bool, bool]] = {}  # serves the wijk, stale profile
        self.history: dict[str, tuple[int, float, date]] = {}
        self.seen: set[str] = {query.requester} if query.requester else set()
        # the most that proximity, wijk and availability can add to anyone
        self.slack = (WEIGHTS["proximity"] * bool(query.requester) + WEIGHTS["wijk"] * bool(query.wijk)
                      + WEIGHTS["available"])

    def _history_order(self) -> Iterator[tuple[float, str]]:
        """People with shared history, most first: the team's (kept per store
        revision) merged with the requester's own partners (few)."""
        orders: list[Iterable[tuple[float, str]]] = []
        if self.query.team:
            orders.append(_team_history_order(self.store, self.query.team, self.today))
        if self.query.requester:
            orders.append(_by_history(self.store.history_summary(
                None, requester=self.query.requester, team=None, today=self.today)))
        return ((-h, pid) for h, pid in heapq.merge(*orders))

    def run(self) -> None:
        if not self.needs:  # nothing asked that anyone could meet: nobody, not the history
            return
        limit, block_size = self.query.limit, self.BLOCK
        streams = self._skill_streams()
        skills = len(streams)
        last = [1.0] * skills  # the skill (per stream), then the history, last taken from each
        has_history = bool(self.query.requester or self.query.team)
        if has_history:
            streams.append(self._history_order())
            last.append(1.0)
        live = set(range(len(streams)))
        while live:
            block: list[str] = []
            for i in sorted(live):
                for _ in range(block_size):
                    item = next(streams[i], None)
                    if item is None:
                        last[i] = 0.0
                        live.discard(i)
                        break
                    last[i], pid = item
                    if pid not in self.seen:
                        self.seen.add(pid)
                        if i < skills or any(pid in self.lists[n].skill for n in self.needs):
                            block.append(pid)
            self._score(block)
            self.scored.sort()
            del self.scored[limit:]
            block_size = min(2 * block_size, self.MAX_BLOCK)  # long reads in fewer rounds
            skill_bound = max(last[:skills])
            history_bound = last[-1] if has_history else 0.0
            # (a hair above the bound: float sums in another order may differ in the last bit)
            threshold = round(WEIGHTS["skill"] * skill_bound + WEIGHTS["history"] * history_bound
                              + self.slack + 1e-9, 4)
            if len(self.scored) >= limit and threshold < -self.scored[limit - 1][0]:
                break

    def _skill_streams(self) -> list[Iterator[tuple[float, str]]]:
        """Everyone who meets a need, in streams each ordered by the person's
        skill over all needs, so that an unread person is bounded by the best
        skill still unread in their stream. One need: its own list. Several:
        the few who meet more than one need, sorted here, and per need those
        who meet only that one, read from the need's list (their skill is
        their skill for it divided by the number of needs). One stream per
        need instead would bound an unread person by the best unread skill of
        every need at once, while most people meet one need well: a two-need
        query with a requester then read 500 people instead of 80."""
        if len(self.needs) == 1:
            return [iter(self.lists[self.needs[0]].order)]
        how_many: Counter[str] = Counter()
        for need in self.needs:
            how_many.update(self.lists[need].skill.keys())
        several = {pid for pid, count in how_many.items() if count > 1}
        both = sorted(((self._skill_of(pid), pid) for pid in several), key=lambda e: (-e[0], e[1]))
        streams: list[Iterator[tuple[float, str]]] = [iter(both)]
        share = len(self.needs)
        for need in self.needs:
            streams.append((skill / share, pid) for skill, pid in self.lists[need].order
                           if pid not in several)
        return streams

    def _skill_of(self, pid: str) -> float:
        return sum(self.lists[n].skill.get(pid, 0.0) for n in self.needs) / len(self.needs)

    def matched_of(self, pid: str) -> tuple[MatchedArea, ...]:
        """How a person meets each need (worked out for the people shown only)."""
        return tuple(_best_cover(n, self.covering[n], self.vias[n], self.lists[n].claims.get(pid, {}),
                                 self.lists[n].evidence.get(pid, {})) for n in self.needs)

    def evidence_of(self, pid: str) -> dict[str, tuple[int, float, date]]:
        merged: dict[str, tuple[int, float, date]] = {}
        for need in self.needs:
            merged.update(self.lists[need].evidence.get(pid, {}))
        return merged

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
        for pid in block:
            person = people[pid]
            skill = self._skill_of(pid)
            shared_count, shared_weight, _ = history.get(pid, (0, 0.0, None))
            serves_wijk = bool(query.wijk and query.wijk in person.wijken)
            left = hours_left(person.hours_per_half_year, booked.get(pid, 0.0))
            available = 1.0 if left is None or not person.hours_per_half_year else \
                left / person.hours_per_half_year
            stale = person.confirmed is not None and \
                (today - person.confirmed).days > STALE_AFTER_DAYS
            factor = (NO_HOURS_FACTOR if left == 0 else 1.0) * (STALE_FACTOR if stale else 1.0)
            known = w["skill"] * skill + w["history"] * saturating(shared_weight, 2.0)
            wijk, free = w["wijk"] * serves_wijk, w["available"] * available
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
            hit = Hit(pid, person.name, round(score, 4), None, (), shared_count, None, left, ())
            self.flags[pid] = (serves_wijk, stale)
            self.scored.append((-hit.score, pid, hit))


def _team(store: Store, lists: dict[str, NeedCandidates], needs: list[str],
          requester: str | None) -> TeamProposal | None:
    """Who to bring together for several needs: cost between two people is
    1 / (1 + their two-step tie strength). ``propose_team`` only looks at the
    strongest few per need, so only they are handed over: each need's list
    is in skill order already."""
    pool: set[str] = set()
    for need in needs:
        able = (pid for skill, pid in takewhile(lambda e: e[0] >= MIN_COVER, lists[need].order)
                if pid != requester)
        pool.update(islice(able, POOL_PER_NEED))
    skills = {pid: {need: lists[need].skill.get(pid, 0.0) for need in needs} for pid in pool}
    ties: dict[str, dict[str, float]] = {}

    def cost(a: str, b: str) -> float:
        if a not in ties:
            ties[a] = store.proximity(a, pool)
        return 1.0 / (1.0 + ties[a].get(b, 0.0))

    return propose_team(skills, needs, cost)


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
    why = _why(vocabulary, hit.matched, evidence, shared, query, serves_wijk, hit.hours_left,
               stale)
    return Hit(hit.id, hit.name, hit.score, hit.organisation, hit.matched, hit.shared_cases,
               hit.path, hit.hours_left, why)


def _with_organisations_and_paths(store: Store, hits: list[Hit], requester: str | None) -> list[Hit]:
    people = store.get_many("professionals", (h.id for h in hits))
    orgs = store.get_many("organisations",
                          {p.organisation for p in people.values() if p.organisation})  # type: ignore[union-attr]
    out = []
    for hit in hits:
        person: Professional = people[hit.id]  # type: ignore[assignment]
        org = orgs.get(person.organisation or "")
        path = store.path(requester, hit.id, near=True).ids if requester else None
        why = hit.why
        if path and len(path) > 2:
            via = store.get_many("professionals", path[1:-1])
            names = [getattr(via.get(i), "name", i) for i in path[1:-1]]
            why = (*why, f"Verbonden via {' en '.join(names)}")
        out.append(Hit(hit.id, hit.name, hit.score,
                       {"id": org.id, "name": org.name} if org else None,  # type: ignore[union-attr]
                       hit.matched, hit.shared_cases, path, hit.hours_left, why))
    return out


def _resources(store: Store, area_ids: list[str], wijk: str | None) -> tuple[Resource, ...]:
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


def _lower_label(label: str) -> str:
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]


def _cases(n: int) -> str:
    return f"{n} {'casus' if n == 1 else 'casussen'}"


def _why(vocabulary: Vocabulary, matched: tuple[MatchedArea, ...],
         evidence: dict[str, tuple[int, float, date]], shared: tuple[int, float, date] | None,
         query: SearchQuery, serves_wijk: bool, left: float | None, stale: bool
         ) -> tuple[str, ...]:
    lines = []
    for m in matched:
        label = _lower_label(vocabulary.label(m.area))
        last = evidence[m.area][2] if m.area in evidence else None
        cases = f"{_cases(m.cases)}, laatste {month_label(last)}" if last else ""
        if m.level:
            lines.append(f"{LEVEL_LABELS[m.level].capitalize()} {label}"
                         + (f", {cases}" if cases else ""))
        elif last:
            lines.append(f"Geen opgegeven expertise, wel {_cases(m.cases)} {label}, "
                         f"laatste {month_label(last)}")
    if shared:
        who = "jouw team" if query.team else "jou"
        lines.append(f"{_cases(shared[0])} met {who}, laatste {month_label(shared[2])}")
    if serves_wijk:
        lines.append(f"Werkt in {query.wijk}")
    if left is not None:
        lines.append("Geen uren meer dit halfjaar" if left == 0
                     else f"Nog {dutch_number(left)} uur dit halfjaar")
    if stale:
        lines.append("Profiel langer dan een jaar niet bevestigd")
    return tuple(dict.fromkeys(lines))  # two needs met by one area: say it once
