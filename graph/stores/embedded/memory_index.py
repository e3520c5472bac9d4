"""The embedded store's in-memory side: records by id, the look-up indexes
search needs, and the networkx collaboration graph.

The graph is the one ``graph.stores.core.collaboration`` describes; the
edge between two people who shared cases holds the sums of those cases
(``shared``, ``shared_weight``, ``shared_last``: ``graph.stores.core.sums``),
which shared history in search reads.
Cases themselves are not nodes: with 100,000 cases that would triple the graph
for no question we ask. Nor are whole case records kept: only their
``CaseFacts`` (day, team, areas, participants), which is what search and the
network ask about; the full record is read from SQLite when someone wants it.
Every record goes in through ``put`` (cases through ``put_case``), which first
takes out what the old version contributed, so the loader, the store's own
writes and catching up with other processes share one path; a deleted record
goes out through ``drop``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from itertools import combinations
from sys import intern
from typing import Any

from directory.consultations.hours import half_year
from directory.pool.model import KINDS, Case, Professional, Record
from directory.ports.search import Places
from graph.stores.core.case_facts import CaseFacts, shared_object
from graph.stores.core.collaboration import ORG, TEAM, CollaborationGraph, EdgeData
from graph.stores.core.sums import CaseSums, growth, sum_cases
from graph.stores.embedded.columns import Columns

#: Raise with every change to what MemoryIndex holds: index snapshots made by
#: another layout are then ignored instead of loaded (graph.stores.embedded.snapshot).
#: (8: ``CaseFacts`` and the graph's classes live in ``graph.stores.core``;
#: 9: edges and sums of at most one case shared, ``MemoryIndex._put_edge``;
#: 10: the sums by place, ``MemoryIndex.columns``.)
LAYOUT = 10


def _compact(person: Professional) -> Professional:
    """The same professional made of shared objects: the ids they know, their
    teams, wijken, role, organisation and claims are the same few thousand
    strings and claims across 100,000 profiles (a third of their memory)."""
    return replace(
        person, id=intern(person.id), role=intern(person.role) if person.role else person.role,
        organisation=intern(person.organisation) if person.organisation else person.organisation,
        teams=tuple(map(intern, person.teams)), wijken=tuple(map(intern, person.wijken)),
        knows=tuple(map(intern, person.knows)), expertise=tuple(shared_object(c) for c in person.expertise),
        confirmed=shared_object(person.confirmed))


#: Per area or team and person: (cases, sum of recency growth, latest day as
#: ordinal). Tuples with an int count: a million cases leave 1.6 million of
#: them, and a list of floats takes half as much again.
Sums = tuple[int, float, float]


class MemoryIndex:
    """Everything the embedded store answers reads from, kept in step with SQLite."""

    #: every professional at their place (``Store.places``), made when first asked
    #: and let go of when a professional is put or dropped (a class default: an
    #: index from an older snapshot has none of its own)
    _places: Places | None = None

    def __init__(self) -> None:
        self.records: dict[str, dict[str, Any]] = {kind: {} for kind in KINDS if kind != "cases"}
        self.cases: dict[str, CaseFacts] = {}
        self.claims_by_area: dict[str, dict[str, int]] = defaultdict(dict)
        # per person, the cases they took part in (cases per area or team are
        # never asked for: search reads the sums below); lists, not sets: a
        # set of 30 ids takes seven times the memory
        self.cases_by_professional: dict[str, list[str]] = defaultdict(list)
        # per person: hours booked per calendar half-year (keyed by its first day)
        self.hours_by_half: dict[str, dict[date, float]] = defaultdict(dict)
        # per area, per person: [cases as specialist, sum of growth (``graph.stores.core.sums``),
        # ordinal of the latest such case's day]
        self.evidence: dict[str, dict[str, Sums]] = defaultdict(dict)
        # the same [count, weight, latest day] for the cases a team requested, per
        # person; for the cases two people shared, the graph's edge between them
        # holds them: "shared" (count), "shared_weight", "shared_last" (``pair_history``)
        self.team_history: dict[str, dict[str, Sums]] = defaultdict(dict)
        self.graph = CollaborationGraph()
        # one object per value for the edges and the sums of at most one case (``_put_edge``,
        # ``_sums``): nine in ten of them, and the same few thousand values (a day's)
        self._edge_values: dict[tuple[Any, ...], EdgeData] = {}
        self._sum_values: dict[Sums, Sums] = {}
        self._sorted_ids: dict[str, list[str] | None] = {kind: None for kind in KINDS}
        # the evidence, claims and team histories by place, as arrays; every change
        # below says which of them it makes stale
        self.columns = Columns()

    # --- writing ------------------------------------------------------------------
    def put(self, kind: str, record: Record) -> None:
        """Add ``record`` or replace the one with its id."""
        if kind == "cases":
            assert isinstance(record, Case)
            self.put_case(record.id, CaseFacts.of(record))
            return
        table = self.records[kind]
        old = table.get(record.id)
        if kind == "professionals":
            self._places = None
        if old is None:
            self._sorted_ids[kind] = None
        elif kind == "professionals":
            self._drop_professional(old)
        if isinstance(record, Professional):
            self._forget_columns(old, record)
            record = _compact(record)
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
        """Bulk version of ``put_case`` for a store being built: the same indexes,
        with the sums of all cases made at once (``graph.stores.core.sums.sum_cases``)
        rather than case by case (``_aggregate``), and the graph's ``shared``
        counts written once, from the pair sums, at the end."""
        if self.cases:
            for case_id, facts in items:
                self.put_case(case_id, facts)
            return
        cases = self.cases

        def kept(items: Iterable[tuple[str, CaseFacts]]) -> Iterator[tuple[str, CaseFacts]]:
            for case_id, facts in items:
                cases[case_id] = facts
                yield case_id, facts

        # into the index's own tables: a store being built has none of these sums yet
        evidence, team_history = self.evidence, self.team_history
        pair_history = sum_cases(kept(items), CaseSums(evidence, team_history, {}, self.hours_by_half,
                                                       self.cases_by_professional)).pairs
        self._sorted_ids["cases"] = None
        self.columns.forget_all()
        sums = self._sums
        for table in (*evidence.values(), *team_history.values()):  # summed as lists, kept as Sums
            for key, entry in table.items():
                table[key] = sums((int(entry[0]), entry[1], entry[2]))
        # each pair's sums go onto the graph's edge between them (a store being built
        # has no shared cases yet: at most knows edges), new edges in case id order
        edge_data, put = self.graph.get_edge_data, self._put_edge  # plain dict look-ups
        for (a, b), (count, weight, last) in pair_history.items():
            data = edge_data(a, b)
            put(a, b, 0 if data is None else data.knows, int(count), weight, last)

    def drop(self, kind: str, record_id: str) -> None:
        """Take out a deleted record and everything it added. What referred to it
        was rewritten in the same change (the store refuses a deletion that would
        leave a reference dangling) and has been put already, so its node and
        the entries under its id are empty by now: they go too, so that nothing
        of it stays behind (an erased person must not linger in a snapshot)."""
        self._sorted_ids[kind] = None
        if kind == "professionals":
            self._places = None
            self.columns.forget_all()
        elif kind in ("expertise", "teams"):
            self.columns.forget("area" if kind == "expertise" else "team", record_id)
        if kind == "cases":
            facts = self.cases.pop(record_id, None)
            if facts is not None:
                self._drop_case(record_id, facts)
            return
        old = self.records[kind].pop(record_id, None)
        if old is None:
            return
        node: Any
        if kind == "expertise":
            self.claims_by_area.pop(record_id, None)
            self.evidence.pop(record_id, None)
            return
        if kind == "professionals":
            self._drop_professional(old)
            self.cases_by_professional.pop(record_id, None)
            self.hours_by_half.pop(record_id, None)
            node = record_id
        elif kind == "teams":
            self.team_history.pop(record_id, None)
            node = (TEAM, record_id)
        else:
            node = (ORG, record_id)
        if node in self.graph:
            self.graph.remove_node(node)

    def ids(self, kind: str) -> dict[str, Any]:
        return self.cases if kind == "cases" else self.records[kind]

    def sorted_ids(self, kind: str) -> list[str]:
        """Ids of ``kind`` in order, cached until a record is added."""
        ids = self._sorted_ids[kind]
        if ids is None:
            ids = self._sorted_ids[kind] = sorted(self.ids(kind))
        return ids

    def places(self) -> Places:
        """Every professional at their place (``Store.places``), kept until one changes."""
        if self._places is None:
            table = self.records["professionals"]
            ids = tuple(self.sorted_ids("professionals"))
            people = tuple(map(table.__getitem__, ids))
            self._places = Places(ids, {pid: i for i, pid in enumerate(ids)}, people)
        return self._places

    def _forget_columns(self, old: Professional | None, new: Professional) -> None:
        """A new or (un)retired professional moves places or filters: all columns
        go; otherwise those of the areas they claimed or claim."""
        if old is None or old.active != new.active:
            self.columns.forget_all()
            return
        for claim in (*old.expertise, *new.expertise):
            self.columns.forget("area", claim.area)

    def _add_professional(self, p: Professional) -> None:
        g = self.graph
        g.add_node(p.id)
        for claim in p.expertise:
            self.claims_by_area[claim.area][p.id] = claim.level
        for team in p.teams:
            self._put_edge(p.id, (TEAM, team), None, None, None, None)
        if p.organisation:
            self._put_edge(p.id, (ORG, p.organisation), None, None, None, None)
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
        people = sorted({p[0] for p in case.participants})
        for members in (self.cases_by_professional[person] for person in people):
            if sign > 0:
                if case_id not in members:
                    members.append(case_id)
            elif case_id in members:
                members.remove(case_id)
        day = float(case.booked_on.toordinal())
        weight = growth(case.booked_on) * sign
        for a, b in combinations(people, 2):
            self._bump(a, b, "shared", sign)
            data = self.graph.get_edge_data(a, b)
            if data is None:  # neither shared cases nor knowing each other any more
                continue
            total, last = data.shared_weight, data.shared_last
            if data.shared <= 0:
                total = last = None
            else:
                total = (0.0 if total is None else total) + weight
                if sign > 0:
                    last = max(0.0 if last is None else last, day)
                elif last == day:
                    last = self._latest(a, "person", b)
            self._put_edge(a, b, data.knows, data.shared, total, last)
        self._aggregate(case, sign)

    def _aggregate(self, case: CaseFacts, sign: int) -> None:
        """Add (+1) or take out (-1) a case's hours, its evidence of expertise
        and the history it gives its team (each pair's: ``_index_case``).

        This runs for every case when a store is built, so adding is kept to
        plain arithmetic; only taking out the latest case of an entry looks
        at other cases (``_latest``)."""
        half = half_year(case.booked_on)[0]
        day = float(case.booked_on.toordinal())
        weight = growth(case.booked_on) * sign
        people = sorted({p[0] for p in case.participants})
        entries: list[tuple[dict[Any, Sums], Any, str, Any]] = []
        for person, role, hours in case.participants:
            if hours:
                booked = self.hours_by_half[person]
                booked[half] = booked.get(half, 0.0) + sign * hours
                self.columns.put_hours(self, person, half, booked[half])
            if role == "specialist":
                entries.extend((self.evidence[area], person, "area", area) for area in case.areas)
        if case.team:
            history = self.team_history[case.team]
            entries.extend((history, person, "team", case.team) for person in people)
        for table, key, kind, other in entries:
            count, total, last = table.get(key, (0, 0.0, 0.0))
            count += sign
            total += weight
            if count <= 0:
                table.pop(key, None)
            else:
                if sign > 0:
                    last = max(last, day)
                elif last == day:
                    last = self._latest(key, kind, other)
                table[key] = self._sums((count, total, last))
            self.columns.put(self, kind, other, key, table.get(key))

    def _latest(self, person: str, kind: str, other: str) -> float:
        """The latest day (ordinal) that still counts for an entry, after its
        latest case was taken out: the person's cases in an area (as
        specialist), requested by a team, or shared with another person."""
        facts = [self.cases[c] for c in self.cases_by_professional.get(person, ())]
        if kind == "area":
            days = [f.booked_on for f in facts if other in f.areas
                    and any(p == person and r == "specialist" for p, r, _ in f.participants)]
        elif kind == "team":
            days = [f.booked_on for f in facts if f.team == other]
        else:
            days = [f.booked_on for f in facts if any(p == other for p, _, _ in f.participants)]
        return float(max((day.toordinal() for day in days), default=0))

    def _bump(self, a: str, b: str, attribute: str, delta: int) -> None:
        """Change a direct link's count; the edge goes when nothing holds it."""
        g = self.graph
        data = g.get_edge_data(a, b)
        if data is None:
            g.add_edge(a, b, knows=0, shared=0)
            data = g[a][b]
        knows, shared = data.knows + (delta if attribute == "knows" else 0), \
            data.shared + (delta if attribute == "shared" else 0)
        if knows <= 0 and shared <= 0:
            g.remove_edge(a, b)
        else:
            self._put_edge(a, b, knows, shared, data.shared_weight, data.shared_last)

    def _put_edge(self, a: Any, b: Any, knows: int | None, shared: int | None,
                  weight: float | None, last: float | None) -> None:
        """Give the edge between ``a`` and ``b`` (made if need be) these values.

        An edge of at most one shared case (nine in ten of a million cases'
        3.5 million edges) gets the one ``EdgeData`` kept for its values: its
        values are those of a day, so a few thousand objects stand for millions
        (200 MiB less, in memory and in the snapshot). Such an object is
        therefore never changed in place: every change of an edge comes here."""
        if shared is None or shared <= 1:
            key = (knows, shared, weight, last)
            data = self._edge_values.get(key)
            if data is None:
                data = self._edge_values[key] = EdgeData(knows, shared, weight, last)
        else:
            data = EdgeData(knows, shared, weight, last)
        adj = self.graph._adj
        if a not in adj or b not in adj[a]:
            self.graph.add_edge(a, b)
        adj[a][b] = adj[b][a] = data

    def _sums(self, entry: Sums) -> Sums:
        """``entry``, as the one tuple kept for its values when it sums one case
        (a day's values, like the edges of ``_put_edge``; tuples never change)."""
        if entry[0] == 1:
            return self._sum_values.setdefault(entry, entry)
        return entry

    # --- reading ------------------------------------------------------------------
    def pair_history(self, a: str, b: str) -> tuple[float, float, float] | None:
        """The cases ``a`` and ``b`` shared: (count, sum of growth, latest day
        as ordinal), kept on their edge in the graph; None when they shared none."""
        data = self.graph.get_edge_data(a, b)
        if data is None or data.get("shared", 0) <= 0:
            return None
        return float(data["shared"]), data["shared_weight"], data["shared_last"]

    def is_active(self, professional_id: str) -> bool:
        p = self.records["professionals"].get(professional_id)
        return p is not None and p.active

