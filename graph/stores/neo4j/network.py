"""Who knows whom on the Neo4j store: the same algorithms as the embedded
store (``graph.network``), over the part of the graph they look at.

``graph.network`` works on the collaboration graph the embedded store keeps
in memory. Here a ``Neighbourhoods`` object fetches everyone's at the first
question, in a few statements (``graph.stores.neo4j.everyone``; in a pool
too large for that, and for the people a write of cases changed, person by
person). Person by person, it fetches, when a question first needs them,
each person's direct ties (shared cases, from their ``partners`` sums;
knowing each other), their teams and organisation, and those hubs' members (up to
one more than the largest hub any algorithm walks through, which is enough
to know it is too large), into a local graph of the same shape. Paths, ties
and ego networks then give the same answers as on the embedded store, at a
cost that grows with the neighbourhood, not with the pool. The local graph
is dropped whenever the pool changes.

``BoltNetwork`` asks the questions (``directory.ports.NetworkReads``) for
``Neo4jStore``, a mixin like ``BoltAccounts``: paths, ties and ego networks on
the neighbourhoods; brokers and the organisations' links on ``whole_graph``,
kept with the store's ``derived`` values.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
import orjson

from directory.errors import InvalidInput, NotFound
from directory.pool.bulk import collector_paused
from directory.pool.model import Link, Path, Record
from directory.problems import Problem, unknown
from graph import network
from graph.network import MAX_HUB, Step, hop_costs, ties
from graph.stores.core.collaboration import ORG, TEAM, CollaborationGraph
from graph.stores.neo4j import everyone
from graph.stores.neo4j.connection import Bolt
from graph.stores.neo4j.kept import POOL, TrackedValues

T = TypeVar("T")

#: Members fetched per team or organisation: one more than any algorithm walks through.
HUB_MEMBERS = MAX_HUB + 1

_PEOPLE = """
UNWIND $ids AS pid
MATCH (p:Professional {id: pid})
RETURN p.id AS id,
       [(p)-[:KNOWS]-(q:Professional) | q.id] AS knows,
       p.partners AS partners,
       [(p)-[:MEMBER_OF]->(t:Team) | t.id] AS teams,
       [(p)-[:WORKS_AT]->(g:Organisation) | g.id] AS orgs
"""
_TEAM_MEMBERS = """
UNWIND $ids AS hub
MATCH (:Team {id: hub})<-[:MEMBER_OF]-(m:Professional)
WITH hub, m.id AS member ORDER BY member
RETURN hub, collect(member)[..$most] AS members
"""
_ORG_MEMBERS = """
UNWIND $ids AS hub
MATCH (:Organisation {id: hub})<-[:WORKS_AT]-(m:Professional)
WITH hub, m.id AS member ORDER BY member
RETURN hub, collect(member)[..$most] AS members
"""


class LocalGraph(CollaborationGraph):
    """The collaboration graph with plain dicts on its edges: a dict of numbers
    only is not tracked by Python's garbage collector, an ``EdgeData`` is.
    The parts fetched in a search's first pass held 325,000 edges, over half
    of the objects each full collection walked (pauses of 100-600 ms on the
    test machine, in the middle of searches)."""

    edge_attr_dict_factory = dict  # type: ignore[assignment]

_ALL_TEAM_MEMBERS = "MATCH (t:Team)<-[:MEMBER_OF]-(m:Professional) RETURN t.id AS hub, m.id AS member"
_ALL_ORG_MEMBERS = "MATCH (o:Organisation)<-[:WORKS_AT]-(m:Professional) RETURN o.id AS hub, m.id AS member"


class Neighbourhoods:
    """A local copy of the parts of the collaboration graph asked about."""

    def __init__(self, bolt: Bolt) -> None:
        self._bolt = bolt
        #: held while a question fetches and reads (its own lock, not the
        #: store's: a long path search must not hold up other requests' searches)
        self.lock = threading.RLock()
        self.graph: CollaborationGraph = LocalGraph()
        self._complete: set[str] = set()  # people whose every tie is in ``graph``
        self._hubs: set[Any] = set()  # hubs whose members are in ``graph``
        # per node, its steps and ties once worked out (as the embedded store keeps them):
        # a search asks for the same few people's again and again, and working them
        # out was most of a warm search on this store
        self._costs: dict[Any, list[Step]] = {}
        self._ties: dict[str, dict[str, float]] = {}
        self._pending: set[str] = set()  # people whose shared history a write changed (``forget``)
        self._pending_lock = threading.Lock()
        self._filled = False  # whether ``_fill`` has run (it fetches nothing in a very large pool)

    def ensure(self, people: Iterable[str]) -> CollaborationGraph:
        """Fetch the ties of ``people`` not fetched yet (one round trip, two
        when new hubs turn up); unknown ids are left out of the graph."""
        if not self._filled:
            self._fill()
        wanted = sorted({p for p in people if p not in self._complete})
        if not wanted:
            return self.graph
        graph = self.graph
        hubs: set[Any] = set()
        for row in self._bolt.read(_PEOPLE, ids=wanted):
            person = row["id"]
            graph.add_node(person)
            for other, directions in Counter(row["knows"]).items():
                self._tie(person, other)["knows"] = directions
            partners = orjson.loads(row["partners"]) if row["partners"] else {}
            for other, (count, weight, last) in partners.items():
                self._tie(person, other).update(
                    shared=int(count), shared_weight=float(weight), shared_last=float(last))
            for team in row["teams"]:
                graph.add_edge(person, (TEAM, team))
                hubs.add((TEAM, team))
            for org in row["orgs"]:
                graph.add_edge(person, (ORG, org))
                hubs.add((ORG, org))
        for other in wanted:
            self._complete.add(other)
        self._fetch_hubs(hubs - self._hubs)
        return graph

    def _fill(self) -> None:
        """At the first question: everyone's ties, teams and organisation
        (``graph.stores.neo4j.everyone``), into the graph as fetched (empty
        until now: every question starts with ``ensure``). What a write
        changes later is forgotten and fetched again per person, as before."""
        self._filled = True
        # (see ``LocalGraph``: hundreds of thousands of edges, and the collector
        # paused while they are made: parsing the sums took 2 s with it, 0.3 without)
        with collector_paused(freeze_after=True):
            found = everyone.fetch(self._bolt)
            if found is None or len(self.graph):
                return
            people, adjacency, hubs = found
            graph = self.graph
            # networkx's own adjacency, one dict per edge seen from both ends, as ``add_edge``
            # makes it (which took about a second for the 300,000 edges of 10,000 people)
            graph._node.update((node, {}) for node in adjacency)
            graph._adj.update(adjacency)
        self._complete.update(people)
        self._hubs |= hubs | {None}

    def forget(self, people: Iterable[str]) -> None:
        """After a write of cases: the shared history of ``people`` (everyone
        whose ``partners`` sums it changed) is fetched again when next asked
        (done by the next question, under ``lock``: a long path search holding
        it must not hold up the store)."""
        with self._pending_lock:
            self._pending.update(people)

    @contextmanager
    def asking(self) -> Iterator[None]:
        """Around one question: ``lock`` held, and what ``forget`` was told forgotten first."""
        with self.lock:
            self._catch_up()
            yield

    def _catch_up(self) -> None:
        """Forget what ``forget`` was told. A pair's history is on both people,
        so a tie that changed joins two of them: those ties are emptied (but
        for knowing each other) until either end is fetched again; every other
        tie, hub and step stays as it is."""
        with self._pending_lock:
            people, self._pending = self._pending, set()
        if people:
            people = {p for p in people if p in self.graph}
            for person in people:
                for other in [o for o in self.graph.adj[person] if o in people]:
                    knows = self.graph[person][other].get("knows", 0)
                    self.graph.remove_edge(person, other)
                    if knows:
                        self.graph.add_edge(person, other, knows=knows, shared=0)
            for person in people:
                self._complete.discard(person)
                self._costs.pop(person, None)
                self._ties.pop(person, None)

    def _tie(self, a: str, b: str) -> Any:
        """The edge between two people (made empty when new). Its values are
        set, never added to: fetching either end sees the same relationships
        (``knows`` is how many of the two directions were declared)."""
        data = self.graph.get_edge_data(a, b)
        if data is None:
            self.graph.add_edge(a, b, knows=0, shared=0)
            data = self.graph[a][b]
        return data

    def _fetch_hubs(self, hubs: set[Any]) -> None:
        """The members of ``hubs`` (up to ``HUB_MEMBERS``, by id). The first
        time, every team's and organisation's: two statements instead of one
        or two round trips for almost every person a cold search's paths
        walk through (on the test server 39 of the 104 statements of one)."""
        if not self._hubs and hubs:
            self._fetch_all_hubs()
            return
        for kind, query in ((TEAM, _TEAM_MEMBERS), (ORG, _ORG_MEMBERS)):
            ids = sorted(h[1] for h in hubs if h[0] == kind)
            if not ids:
                continue
            for row in self._bolt.read(query, ids=ids, most=HUB_MEMBERS):
                for member in row["members"]:
                    self.graph.add_edge(member, (kind, row["hub"]))
        self._hubs |= hubs

    def _fetch_all_hubs(self) -> None:
        hubs: set[Any] = set()
        for kind, query in ((TEAM, _ALL_TEAM_MEMBERS), (ORG, _ALL_ORG_MEMBERS)):
            members: dict[str, list[str]] = {}
            for row in self._bolt.read(query):
                members.setdefault(row["hub"], []).append(row["member"])
            for hub, ids in members.items():
                for member in sorted(ids)[:HUB_MEMBERS]:  # as ``_TEAM_MEMBERS`` takes them
                    self.graph.add_edge(member, (kind, hub))
                hubs.add((kind, hub))
        self._hubs |= hubs | {None}  # (None: fetched, also when there are no hubs)

    def costs(self, node: Any) -> list[Step]:
        """``graph.network.hop_costs`` with the node's ties fetched first, kept:
        once a person's ties are fetched (and a hub's members: up to one more
        than any walk goes through) they stay as they are until the pool changes."""
        found = self._costs.get(node)
        if found is None:
            if not isinstance(node, tuple):
                self.ensure((node,))
            found = self._costs[node] = hop_costs(self.graph, node)
        return found

    def ties_of(self, person: str) -> dict[str, float]:
        """``graph.network.ties`` of someone already fetched (``ensure``), kept
        as ``costs`` is (their teams' members are fetched with them)."""
        found = self._ties.get(person)
        if found is None:
            found = self._ties[person] = ties(self.graph, person)
        return found


_ALL_KNOWS = "MATCH (a:Professional)-[:KNOWS]->(b:Professional) RETURN a.id AS a, b.id AS b"
_ALL_PARTNERS = ("MATCH (p:Professional) WHERE p.partners IS NOT NULL "
                 "RETURN p.id AS id, p.partners AS partners")
_ALL_ORGS = "MATCH (p:Professional)-[:WORKS_AT]->(o:Organisation) RETURN p.id AS p, o.id AS o"


def whole_graph(bolt: Bolt) -> CollaborationGraph:
    """Everyone's direct ties and organisation: what betweenness (brokers) and
    the organisation-level graph need. Read once per change of the pool."""
    graph = CollaborationGraph()
    for row in bolt.read("MATCH (p:Professional) RETURN p.id AS id"):
        graph.add_node(row["id"])
    for row in bolt.read(_ALL_KNOWS):
        if graph.has_edge(row["a"], row["b"]):
            graph[row["a"]][row["b"]]["knows"] += 1
        else:
            graph.add_edge(row["a"], row["b"], knows=1, shared=0)
    for row in bolt.read(_ALL_PARTNERS):
        for other, (count, _, _) in orjson.loads(row["partners"]).items():
            if graph.has_edge(row["id"], other):
                graph[row["id"]][other]["shared"] = int(count)
            else:
                graph.add_edge(row["id"], other, knows=0, shared=int(count))
    for row in bolt.read(_ALL_ORGS):
        graph.add_edge(row["p"], (ORG, row["o"]))
    return graph


class BoltNetwork:
    """``directory.ports.NetworkReads`` for ``Neo4jStore`` (see the module docstring)."""

    _bolt: Bolt
    _near: Neighbourhoods  # replaced by the store's ``_fresh`` when the pool changes
    _derived: TrackedValues

    if TYPE_CHECKING:  # the store's (declared only: a method here would hide the real one)
        def _fresh(self) -> None: ...

        def get(self, kind: str, record_id: str) -> Record | None: ...

        def get_many(self, kind: str, ids: Iterable[str]) -> dict[str, Record]: ...

        def derived(self, key: Hashable, compute: Callable[[], T], *,
                    with_consultations: bool = False) -> T: ...

    def _neighbourhoods(self) -> Neighbourhoods:
        self._fresh()
        self._derived.note((POOL,))  # a value made from the network goes with any change of the pool
        return self._near

    def _known_people(self, *ids: str) -> None:
        found = self.get_many("professionals", ids)
        for person in ids:
            if person not in found:
                raise NotFound(unknown("professionals", person))

    def proximity(self, source: str, targets: Iterable[str]) -> dict[str, float]:
        targets = list(targets)
        near = self._neighbourhoods()
        with near.asking():
            graph = near.ensure([source, *targets])
            return network.two_hop_strength_to(graph, source, targets, near.ties_of)

    def proximity_among(self, people: Sequence[str]) -> np.ndarray:
        near = self._neighbourhoods()
        with near.asking():
            return network.two_hop_strength_among(near.ensure(people), people, near.ties_of)

    def path(self, source: str, target: str, *, near: bool = False) -> Path:
        self._known_people(source, target)
        hoods = self._neighbourhoods()
        with hoods.asking():
            graph = hoods.ensure([source, target])
            if near:
                return network.near_path(graph, source, target, hoods.costs)
            return network.strongest_path(graph, source, target, hoods.costs)

    def ego(self, center: str, depth: int = 1) -> tuple[list[str], list[Link]]:
        self._known_people(center)
        if depth not in (1, 2):
            raise InvalidInput("depth must be 1 or 2", [Problem.of("depth", "given", value=repr(depth))])
        hoods = self._neighbourhoods()
        with hoods.asking():
            graph = hoods.ensure([center])
            if depth == 2:
                graph = hoods.ensure(network.ties(graph, center))
            people, _ = network.ego_network(graph, center, depth)
            graph = hoods.ensure(people)  # the links among them need everyone's ties
            return network.ego_network(graph, center, depth)

    def mutual_contacts(self, a: str, b: str) -> list[str]:
        self._known_people(a, b)
        hoods = self._neighbourhoods()
        with hoods.asking():
            return network.mutual_contacts(hoods.ensure([a, b]), a, b)

    def _whole_graph(self) -> Any:
        return self.derived(("whole-graph",), lambda: whole_graph(self._bolt))

    def brokers(self, team: str, limit: int = 10) -> list[tuple[str, float]]:
        if self.get("teams", team) is None:
            raise NotFound(unknown("teams", team))
        members = {r["p"] for r in self._bolt.read(
            "MATCH (:Team {id: $team})<-[:MEMBER_OF]-(p:Professional) RETURN p.id AS p", team=team)}
        return network.brokers(self._whole_graph(), members, limit=limit)

    def organisation_links(self) -> list[tuple[str, str, int]]:
        return network.organisation_links(self._whole_graph())

    def team_cases(self, professional: str, team: str) -> dict[str, tuple[int, date]]:
        self._known_people(professional)
        out: dict[str, tuple[int, date]] = {}
        for row in self._bolt.read(
                # (WITH before UNWIND: ArcadeDB finds nothing for ``UNWIND p.cases ... MATCH``)
                "MATCH (p:Professional {id: $p}) WITH coalesce(p.cases, []) AS ids UNWIND ids AS cid "
                "MATCH (c:Case {id: cid}) WHERE c.team = $team RETURN c.day AS day, c.areas AS areas",
                p=professional, team=team):
            day = date.fromordinal(int(row["day"]))
            for area in row["areas"]:
                count, last = out.get(area, (0, day))
                out[area] = (count + 1, max(last, day))
        return out
