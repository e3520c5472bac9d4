"""The embedded store's in-memory side: records by id, the look-up indexes
search needs, and the networkx collaboration graph.

The graph has a node per professional (its id) and hub nodes per team
(``("team", id)``) and organisation (``("org", id)``). Two professionals are
joined directly when one knows the other (``knows``: how many of the two
directions) or when they took part in the same cases (``shared``: how many).
Cases themselves are not nodes: with 100,000 cases that would triple the graph
for no question we ask. Nor are whole case records kept: only their
``CaseFacts`` (day, team, areas, participants), which is what search and the
network ask about; the full record is read from SQLite when someone wants it.
Every record goes in through ``put`` (cases through ``put_case``), which first
takes out what the old version contributed, so the loader, the store's own
writes and catching up with other processes share one path.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date
from itertools import combinations
from typing import Any, NamedTuple

import networkx as nx

from directory.model import KINDS, Case, Professional, Record

TEAM = "team"
ORG = "org"
#: Raise with every change to what MemoryIndex holds: index snapshots made by
#: another layout are then ignored instead of loaded (graph.stores.snapshot).
LAYOUT = 3
#: Recency weights are kept as sums of 2^(days since EPOCH / half-life), so that
#: at query time one multiplication by 0.5^(days from EPOCH to today / half-life)
#: turns them into sums of 0.5^(age / half-life): no walk over the cases.
EPOCH = date(2000, 1, 1)
HALF_LIFE_DAYS = 365.0


def growth(day: date) -> float:
    return float(2.0 ** ((day - EPOCH).days / HALF_LIFE_DAYS))


def half_year_start(day: date) -> date:
    return date(day.year, 1 if day.month <= 6 else 7, 1)


class CaseFacts(NamedTuple):
    """What the index keeps of a case; participants are (professional, role, hours)."""

    booked_on: date
    team: str | None
    areas: tuple[str, ...]
    participants: tuple[tuple[str, str, float | None], ...]

    @classmethod
    def of(cls, case: Case) -> CaseFacts:
        return cls(case.booked_on, case.team, case.areas,
                   tuple((p.professional, p.role, p.hours) for p in case.participants))


def _add(table: dict[Any, list[float]], key: Any, weight: float, day: float) -> None:
    """Count one case in a [count, weight, latest day] entry (the bulk path)."""
    entry = table.get(key)
    if entry is None:
        table[key] = [1.0, weight, day]
    else:
        entry[0] += 1.0
        entry[1] += weight
        if day > entry[2]:
            entry[2] = day


class MemoryIndex:
    """Everything the embedded store answers reads from, kept in step with SQLite."""

    def __init__(self) -> None:
        self.records: dict[str, dict[str, Any]] = {kind: {} for kind in KINDS if kind != "cases"}
        self.cases: dict[str, CaseFacts] = {}
        self.claims_by_area: dict[str, dict[str, int]] = defaultdict(dict)
        self.cases_by_area: dict[str, set[str]] = defaultdict(set)
        self.cases_by_professional: dict[str, set[str]] = defaultdict(set)
        self.cases_by_team: dict[str, set[str]] = defaultdict(set)
        # per person: hours booked per calendar half-year (keyed by its first day)
        self.hours_by_half: dict[str, dict[date, float]] = defaultdict(dict)
        # per area, per person: [cases as specialist, sum of 2^(days since EPOCH / 365),
        # ordinal of the latest such case's day]
        self.evidence: dict[str, dict[str, list[float]]] = defaultdict(dict)
        # the same [count, weight, latest day] for the cases a team requested, per
        # person, and for the cases two people shared, per pair (a < b)
        self.team_history: dict[str, dict[str, list[float]]] = defaultdict(dict)
        self.pair_history: dict[tuple[str, str], list[float]] = {}
        self.graph = nx.Graph()
        self._sorted_ids: dict[str, list[str] | None] = {kind: None for kind in KINDS}

    # --- writing ------------------------------------------------------------------
    def put(self, kind: str, record: Record) -> None:
        """Add ``record`` or replace the one with its id."""
        if kind == "cases":
            assert isinstance(record, Case)
            self.put_case(record.id, CaseFacts.of(record))
            return
        table = self.records[kind]
        old = table.get(record.id)
        if old is None:
            self._sorted_ids[kind] = None
        elif kind == "professionals":
            self._drop_professional(old)
        table[record.id] = record
        if kind == "professionals":
            self._add_professional(record)  # type: ignore[arg-type]

    def put_case(self, case_id: str, facts: CaseFacts) -> None:
        """Add a case's facts or replace those of the case with this id."""
        old = self.cases.get(case_id)
        if old is None:
            self._sorted_ids["cases"] = None
        else:
            self._drop_case(case_id, old)
        self.cases[case_id] = facts
        self._add_case(case_id, facts)

    def load_cases(self, items: Iterable[tuple[str, CaseFacts]]) -> None:
        """Bulk version of ``put_case`` for a store being opened: the same indexes,
        but pair counts are summed first and written to the graph once."""
        if self.cases:
            for case_id, facts in items:
                self.put_case(case_id, facts)
            return
        cases, by_area, by_team, by_person = (self.cases, self.cases_by_area, self.cases_by_team,
                                              self.cases_by_professional)
        pairs: Counter[tuple[str, str]] = Counter()
        hours_by_half, evidence = self.hours_by_half, self.evidence
        team_history, pair_history = self.team_history, self.pair_history
        weights: dict[date, float] = {}
        for case_id, facts in items:
            cases[case_id] = facts
            day = facts.booked_on
            weight = weights.get(day)
            if weight is None:
                weight = weights[day] = growth(day)
            ordinal = float(day.toordinal())
            half = half_year_start(day)
            for area in facts.areas:
                by_area[area].add(case_id)
            people = sorted({p[0] for p in facts.participants})
            for person in people:
                by_person[person].add(case_id)
            # the same sums as _aggregate, inlined: this loop runs for every case
            for person, role, hours in facts.participants:
                if hours:
                    booked = hours_by_half[person]
                    booked[half] = booked.get(half, 0.0) + hours
                if role == "specialist":
                    for area in facts.areas:
                        _add(evidence[area], person, weight, ordinal)
            if facts.team:
                by_team[facts.team].add(case_id)
                history = team_history[facts.team]
                for person in people:
                    _add(history, person, weight, ordinal)
            if len(people) > 1:
                together = list(combinations(people, 2))
                pairs.update(together)
                for pair in together:
                    _add(pair_history, pair, weight, ordinal)
        self._sorted_ids["cases"] = None
        graph = self.graph
        new = []
        for (a, b), shared in pairs.items():  # insertion order follows case ids: deterministic
            data = graph.get_edge_data(a, b)
            if data is None:
                new.append((a, b, {"knows": 0, "shared": shared}))
            else:
                data["shared"] += shared
        graph.add_edges_from(new)

    def ids(self, kind: str) -> dict[str, Any]:
        return self.cases if kind == "cases" else self.records[kind]

    def sorted_ids(self, kind: str) -> list[str]:
        """Ids of ``kind`` in order, cached until a record is added."""
        ids = self._sorted_ids[kind]
        if ids is None:
            ids = self._sorted_ids[kind] = sorted(self.ids(kind))
        return ids

    def _add_professional(self, p: Professional) -> None:
        g = self.graph
        g.add_node(p.id)
        for claim in p.expertise:
            self.claims_by_area[claim.area][p.id] = claim.level
        for team in p.teams:
            g.add_edge(p.id, (TEAM, team))
        if p.organisation:
            g.add_edge(p.id, (ORG, p.organisation))
        for other in p.knows:
            self._bump(p.id, other, "knows", 1)

    def _drop_professional(self, p: Professional) -> None:
        g = self.graph
        for claim in p.expertise:
            self.claims_by_area[claim.area].pop(p.id, None)
        for team in p.teams:
            g.remove_edge(p.id, (TEAM, team))
        if p.organisation:
            g.remove_edge(p.id, (ORG, p.organisation))
        for other in p.knows:
            self._bump(p.id, other, "knows", -1)

    def _add_case(self, case_id: str, case: CaseFacts) -> None:
        self._index_case(case_id, case, +1)

    def _drop_case(self, case_id: str, case: CaseFacts) -> None:
        self._index_case(case_id, case, -1)

    def _index_case(self, case_id: str, case: CaseFacts, sign: int) -> None:
        """Add (+1) or take out (-1) a case's entries in the indexes and the graph."""
        sets = [self.cases_by_area[area] for area in case.areas]
        if case.team:
            sets.append(self.cases_by_team[case.team])
        people = sorted({p[0] for p in case.participants})
        sets.extend(self.cases_by_professional[person] for person in people)
        for members in sets:
            if sign > 0:
                members.add(case_id)
            else:
                members.discard(case_id)
        for a, b in combinations(people, 2):
            self._bump(a, b, "shared", sign)
        self._aggregate(case, sign)

    def _aggregate(self, case: CaseFacts, sign: int) -> None:
        """Add (+1) or take out (-1) a case's hours, its evidence of expertise
        and the history it gives its team and each pair of its participants.

        This runs for every case when a store is built, so adding is kept to
        plain arithmetic; only taking out the latest case of an entry looks
        at other cases (``_latest``)."""
        half = half_year_start(case.booked_on)
        day = float(case.booked_on.toordinal())
        weight = growth(case.booked_on) * sign
        people = sorted({p[0] for p in case.participants})
        entries: list[tuple[dict[Any, list[float]], Any, str, Any]] = []
        for person, role, hours in case.participants:
            if hours:
                booked = self.hours_by_half[person]
                booked[half] = booked.get(half, 0.0) + sign * hours
            if role == "specialist":
                entries.extend((self.evidence[area], person, "area", area) for area in case.areas)
        if case.team:
            history = self.team_history[case.team]
            entries.extend((history, person, "team", case.team) for person in people)
        entries.extend((self.pair_history, pair, "person", pair[1])
                       for pair in combinations(people, 2))
        for table, key, kind, other in entries:
            entry = table.get(key)
            if entry is None:
                entry = table[key] = [0.0, 0.0, 0.0]
            entry[0] += sign
            entry[1] += weight
            if entry[0] <= 0:
                del table[key]
            elif sign > 0:
                if day > entry[2]:
                    entry[2] = day
            elif entry[2] == day:
                person = key[0] if isinstance(key, tuple) else key
                entry[2] = self._latest(person, kind, other)

    def _latest(self, person: str, kind: str, other: str) -> float:
        """The latest day (ordinal) that still counts for an entry, after its
        latest case was taken out: the person's cases in an area (as
        specialist), requested by a team, or shared with another person."""
        mine = self.cases_by_professional.get(person, set())
        if kind == "area":
            cases = [c for c in mine & self.cases_by_area[other]
                     if any(p == person and r == "specialist"
                            for p, r, _ in self.cases[c].participants)]
        elif kind == "team":
            cases = list(mine & self.cases_by_team[other])
        else:
            cases = list(mine & self.cases_by_professional[other])
        return float(max((self.cases[c].booked_on.toordinal() for c in cases), default=0))

    def _bump(self, a: str, b: str, attribute: str, delta: int) -> None:
        """Change a direct link's count; the edge goes when nothing holds it."""
        g = self.graph
        data = g.get_edge_data(a, b)
        if data is None:
            g.add_edge(a, b, knows=0, shared=0)
            data = g[a][b]
        data[attribute] += delta
        if data["knows"] <= 0 and data["shared"] <= 0:
            g.remove_edge(a, b)

    # --- reading ------------------------------------------------------------------
    def is_active(self, professional_id: str) -> bool:
        p = self.records["professionals"].get(professional_id)
        return p is not None and p.active

