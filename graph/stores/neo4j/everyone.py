"""Everyone's ties at once: the collaboration graph of the whole pool in five
statements, for the first network question a process asks.

A search's paths and proximity walk from its requester and hits through
their colleagues. Fetched one person per round trip (``Neighbourhoods.ensure``),
a process's first searches sent 60-200 statements each and took 250-1,400 ms
on the test server (10,000 professionals, 100,000 cases); by its first
hundred searches it had fetched most of the graph anyway. Here every
person, their ties (``KNOWS``, the ``partners`` sums), their teams and
organisation come in five statements of a few compact columns each (lists
collected on the server: one record per statement, not one per row).

Above ``AT_MOST`` professionals the whole graph would be more memory than a
process should hold for questions that look at a corner of it: then nothing
is fetched here and ``Neighbourhoods`` fetches per person, as before.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson

from graph.stores.core.collaboration import ORG, TEAM
from graph.stores.neo4j.connection import Bolt

#: The most professionals whose whole graph is fetched at once.
AT_MOST = 50_000

_IDS = "MATCH (p:Professional) RETURN collect(p.id) AS ids"
_PARTNERS = ("MATCH (p:Professional) WHERE p.partners IS NOT NULL "
             "RETURN collect(p.id) AS ids, collect(p.partners) AS partners")
_KNOWS = "MATCH (a:Professional)-[:KNOWS]->(b:Professional) RETURN collect(a.id) AS a, collect(b.id) AS b"
_HUBS = {kind: f"MATCH (p:Professional)-[:{link}]->(h:{label}) RETURN collect(p.id) AS p, collect(h.id) AS h"
         for kind, link, label in ((TEAM, "MEMBER_OF", "Team"), (ORG, "WORKS_AT", "Organisation"))}

#: Per node, its neighbours and each edge's data (networkx's adjacency, a dict per tie).
Adjacency = dict[Any, dict[Any, dict[str, Any]]]


def _one(bolt: Bolt, query: str) -> Any:
    rows = bolt.read(query)
    return rows[0] if rows else None


def fetch(bolt: Bolt) -> tuple[list[str], Adjacency, set[Any]] | None:
    """Everyone (their ids), the whole graph's adjacency and its hubs, or
    None when there are more than ``AT_MOST`` professionals. Each edge's data
    is what ``Neighbourhoods.ensure`` makes of the same relationships."""
    row = _one(bolt, _IDS)
    people: list[str] = list(row["ids"]) if row else []
    if len(people) > AT_MOST:
        return None
    adjacency: Adjacency = {person: {} for person in people}
    row = _one(bolt, _PARTNERS)
    if row:
        _add_partners(adjacency, row["ids"], row["partners"])
    row = _one(bolt, _KNOWS)
    if row:
        _add_knows(adjacency, zip(row["a"], row["b"], strict=True))
    hubs: set[Any] = set()
    for kind, query in _HUBS.items():
        row = _one(bolt, query)
        for person, hub in zip(row["p"], row["h"], strict=True) if row else ():
            node = (kind, hub)
            adjacency.setdefault(person, {})[node] = {}
            adjacency.setdefault(node, {})[person] = {}
            hubs.add(node)
    return people, adjacency, hubs


def _tie(adjacency: Adjacency, a: str, b: str) -> dict[str, Any]:
    """The edge between two people, one dict seen from both ends (made empty when new)."""
    data = adjacency.setdefault(a, {}).get(b)
    if data is None:
        data = adjacency[a][b] = adjacency.setdefault(b, {})[a] = {"knows": 0, "shared": 0}
    return data


def _add_partners(adjacency: Adjacency, ids: list[str], texts: list[str]) -> None:
    """Shared cases, from each person's ``partners`` sums. A pair's are on
    both, the same numbers (written together): the edge is made from the end
    read first and the other passes it by (making and setting an edge from
    each end was three quarters of a fill's time)."""
    for person, text in zip(ids, texts, strict=True):
        mine = adjacency.setdefault(person, {})
        for other, (count, weight, last) in orjson.loads(text).items():
            if other not in mine:
                mine[other] = adjacency.setdefault(other, {})[person] = {"knows": 0, "shared": int(count),
                                                                         "shared_weight": float(weight),
                                                                         "shared_last": float(last)}


def _add_knows(adjacency: Adjacency, pairs: Iterable[tuple[str, str]]) -> None:
    """Knowing each other: ``knows`` counts the directions declared."""
    for a, b in pairs:
        if a != b:
            _tie(adjacency, a, b)["knows"] += 1
