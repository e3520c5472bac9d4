"""The embedded store's in-memory side: records by id, the look-up indexes
search needs, and the networkx collaboration graph.

The graph has a node per professional (its id) and hub nodes per team
(``("team", id)``) and organisation (``("org", id)``). Two professionals are
joined directly when one knows the other (``knows``: how many of the two
directions) or when they took part in the same cases (``shared``: how many).
Cases themselves are not nodes: with 100,000 cases that would triple the graph
for no question we ask. Every record goes in through ``put``, which first takes
out what the old version of that record contributed, so the loader, the
store's own writes and catching up with other processes share one path.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from itertools import combinations
from typing import Any

import networkx as nx

from directory.model import KINDS, Case, Professional, Record

TEAM = "team"
ORG = "org"


class MemoryIndex:
    """Everything the embedded store answers reads from, kept in step with SQLite."""

    def __init__(self) -> None:
        self.records: dict[str, dict[str, Any]] = {kind: {} for kind in KINDS}
        self.claims_by_area: dict[str, dict[str, int]] = defaultdict(dict)
        self.cases_by_area: dict[str, set[str]] = defaultdict(set)
        self.cases_by_professional: dict[str, set[str]] = defaultdict(set)
        self.cases_by_team: dict[str, set[str]] = defaultdict(set)
        self.graph = nx.Graph()
        self._sorted_ids: dict[str, list[str] | None] = {kind: None for kind in KINDS}

    # --- writing ------------------------------------------------------------------
    def put(self, kind: str, record: Record) -> None:
        """Add ``record`` or replace the one with its id."""
        table = self.records[kind]
        old = table.get(record.id)
        if old is None:
            self._sorted_ids[kind] = None
        elif kind == "professionals":
            self._drop_professional(old)
        elif kind == "cases":
            self._drop_case(old)
        table[record.id] = record
        if kind == "professionals":
            self._add_professional(record)  # type: ignore[arg-type]
        elif kind == "cases":
            self._add_case(record)  # type: ignore[arg-type]

    def sorted_ids(self, kind: str) -> list[str]:
        """Ids of ``kind`` in order, cached until a record is added."""
        ids = self._sorted_ids[kind]
        if ids is None:
            ids = self._sorted_ids[kind] = sorted(self.records[kind])
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

    def _add_case(self, case: Case) -> None:
        for area in case.areas:
            self.cases_by_area[area].add(case.id)
        if case.team:
            self.cases_by_team[case.team].add(case.id)
        people = sorted({p.professional for p in case.participants})
        for person in people:
            self.cases_by_professional[person].add(case.id)
        for a, b in combinations(people, 2):
            self._bump(a, b, "shared", 1)

    def _drop_case(self, case: Case) -> None:
        for area in case.areas:
            self.cases_by_area[area].discard(case.id)
        if case.team:
            self.cases_by_team[case.team].discard(case.id)
        people = sorted({p.professional for p in case.participants})
        for person in people:
            self.cases_by_professional[person].discard(case.id)
        for a, b in combinations(people, 2):
            self._bump(a, b, "shared", -1)

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

    def case_dates_for(self, case_ids: set[str]) -> list[date]:
        cases = self.records["cases"]
        return [cases[c].booked_on for c in case_ids]
