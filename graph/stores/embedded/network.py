"""Who knows whom on the embedded store: the network questions
(``directory.ports.NetworkReads``) answered from the collaboration graph the
in-memory index keeps, and the per-node caches that make them quick.

A mixin of ``EmbeddedStore`` (like ``SqliteChanges``): it reads the store's
index under the store's lock (``synced``). The caches here belong to one
revision of the pool, so the store's ``derived`` and these questions both
start them afresh after a change (``_start_caches_afresh_after_a_change``);
the algorithms themselves are the shared ``graph.network``, so the Neo4j store
(``graph.stores.neo4j.network``) answers the same.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any, TypeVar

import numpy as np

from directory.errors import InvalidInput, NotFound
from directory.pool.model import Link, Path
from directory.problems import Problem, unknown
from graph import network
from graph.stores.core.derived import DerivedValues
from graph.stores.embedded.memory_index import MemoryIndex
from graph.stores.embedded.synced import synced

T = TypeVar("T")

#: How many entries each of the per-node caches may hold (per store revision):
#: the direct ties and the steps out of each node search and paths asked
#: about, and the whole two-step neighbourhood of a source asked about many
#: targets. A budget of entries rather than of nodes: in a pool of a million
#: cases a node has a hundred ties, and memory is what runs out first. At a
#: million cases the ties and the steps caches full take 256 MiB together
#: (1,016 -> 1,272 MiB); 500 searches of bench_search's mix, each team
#: comparing the ties of up to 500 people, ask 2 million ties, and a cache
#: that is emptied when full had them worked out again and again (warm p99
#: 64 ms with 600,000 entries, 39 ms with this).
NODE_CACHE_ENTRIES = 2_500_000
#: How many answers of ``path`` are kept (per store revision): a search with a
#: requester asks one per result shown, again when the search is repeated or
#: paged, and a profile asks the same. Frozen ``Path``s of a few ids each.
PATHS_KEPT = 20_000
#: Proximity is worked out per target, unless one question asks about this many
#: targets: then the source's whole two-step neighbourhood is worked out once
#: and kept (per store revision). Counted per question, not summed over them:
#: many small questions about one person (as a team's costs once were) would
#: otherwise fill the node caches with whole neighbourhoods.
WHOLE_NEIGHBOURHOOD_AFTER = 300


class _NodeCache(dict[Any, Any]):
    """Per-node values worked out when first asked, emptied when they would
    hold more than ``NODE_CACHE_ENTRIES`` entries (and when the graph changes)."""

    def __init__(self) -> None:
        super().__init__()
        self.entries = 0

    def get_or_compute(self, node: Any, compute: Callable[[], T]) -> T:
        found = self.get(node)
        if found is None:
            found = compute()
            size = len(found)  # type: ignore[arg-type]
            if self.entries + size > NODE_CACHE_ENTRIES:
                self.clear()
            self[node] = found
            self.entries += size
        return found

    def clear(self) -> None:
        super().clear()
        self.entries = 0


class IndexNetwork:
    """``directory.ports.NetworkReads`` for ``EmbeddedStore`` (see the module docstring)."""

    _index: MemoryIndex
    _derived: DerivedValues
    _seen: int  # the revision the index holds
    _pool_revision: int  # the last revision that changed records (not only consultations)
    _cached_revision: int  # the revisions the caches belong to
    _cached_pool_revision: int

    def _open_node_caches(self) -> None:
        """Empty caches, made when the store is opened."""
        self._ties_cache = _NodeCache()
        self._costs_cache = _NodeCache()
        self._paths: dict[tuple[str, str, bool], Path] = {}
        self._two_hop = _NodeCache()

    def _start_caches_afresh_after_a_change(self) -> None:
        """After a change of the records everything cached goes; after a change
        of consultations only (a step, hours booked) only what depends on them
        (``derived(..., with_consultations=True)``): search's candidate lists
        and the graph's costs stay valid."""
        if self._cached_revision == self._seen:
            return
        if self._cached_pool_revision != self._pool_revision:
            self._ties_cache.clear()
            self._costs_cache.clear()
            self._paths.clear()
            self._derived.clear()
            self._two_hop.clear()
        else:
            self._derived.forget_consultation_values()
        self._cached_revision = self._seen
        self._cached_pool_revision = self._pool_revision

    def _hop_costs(self, node: Any) -> list[network.Step]:
        return self._costs_cache.get_or_compute(node, lambda: network.hop_costs(self._index.graph, node))

    def _ties(self, node: str) -> dict[str, float]:
        return self._ties_cache.get_or_compute(node, lambda: network.ties(self._index.graph, node))

    def _known_people(self, *ids: str) -> None:
        people = self._index.records["professionals"]
        for person in ids:
            if person not in people:
                raise NotFound(unknown("professionals", person))

    @synced
    def proximity(self, source: str, targets: Iterable[str]) -> dict[str, float]:
        self._start_caches_afresh_after_a_change()
        whole = self._two_hop.get(source)
        if whole is not None:
            return {t: whole[t] for t in targets if t in whole}
        targets = list(targets)
        if len(targets) < WHOLE_NEIGHBOURHOOD_AFTER:
            return network.two_hop_strength_to(self._index.graph, source, targets, self._ties)
        # asked about this many people: the whole neighbourhood at once is cheaper
        # from now on (the same numbers: see two_hop_strength_to)
        whole = self._two_hop.get_or_compute(
            source, lambda: network.two_hop_strength(self._index.graph, source, self._ties))
        return {t: whole[t] for t in targets if t in whole}

    @synced
    def proximity_among(self, people: Sequence[str]) -> np.ndarray:
        self._start_caches_afresh_after_a_change()
        return network.two_hop_strength_among(self._index.graph, people, self._ties)

    @synced
    def path(self, source: str, target: str, *, near: bool = False) -> Path:
        self._known_people(source, target)
        self._start_caches_afresh_after_a_change()
        key = (source, target, near)
        found = self._paths.get(key)
        if found is None:
            find = network.near_path if near else network.strongest_path
            found = find(self._index.graph, source, target, self._hop_costs)
            if len(self._paths) >= PATHS_KEPT:
                self._paths.clear()
            self._paths[key] = found
        return found

    @synced
    def ego(self, center: str, depth: int = 1) -> tuple[list[str], list[Link]]:
        self._known_people(center)
        if depth not in (1, 2):
            raise InvalidInput("depth must be 1 or 2", [Problem.of("depth", "given", value=repr(depth))])
        return network.ego_network(self._index.graph, center, depth)

    @synced
    def mutual_contacts(self, a: str, b: str) -> list[str]:
        self._known_people(a, b)
        return network.mutual_contacts(self._index.graph, a, b)

    @synced
    def brokers(self, team: str, limit: int = 10) -> list[tuple[str, float]]:
        if team not in self._index.records["teams"]:
            raise NotFound(unknown("teams", team))
        members = {p.id for p in self._index.records["professionals"].values() if team in p.teams}
        return network.brokers(self._index.graph, members, limit=limit)

    @synced
    def organisation_links(self) -> list[tuple[str, str, int]]:
        return network.organisation_links(self._index.graph)

    @synced
    def team_cases(self, professional: str, team: str) -> dict[str, tuple[int, date]]:
        self._known_people(professional)
        index = self._index
        out: dict[str, tuple[int, date]] = {}
        for case_id in index.cases_by_professional.get(professional, ()):
            facts = index.cases[case_id]
            if facts.team == team:
                for area in facts.areas:
                    count, last = out.get(area, (0, facts.booked_on))
                    out[area] = (count + 1, max(last, facts.booked_on))
        return out
