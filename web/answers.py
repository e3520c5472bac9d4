"""The answers the command line and the JSON API share, so that
``kernteamdb search --json`` and ``GET /api/v1/search`` (and ``path --json``
and ``GET /api/v1/network/path``) can never drift apart."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

from directory.pool.model import Link, Path, Professional
from directory.ports import Store
from directory.search.queries import SearchQuery, SearchResult, check_query
from directory.search.vocabulary import Vocabulary
from graph.search import rank_experts
from web import metrics


def search(store: Store, query: SearchQuery, *, today: date | None = None,
           vocabulary: Vocabulary | None = None) -> SearchResult:
    """Check ``query`` (``InvalidInput``/``NotFound`` for what cannot be searched) and rank."""
    check_query(query, store)
    result = rank_experts(store, query, today=today, vocabulary=vocabulary)
    metrics.searched(result.took_ms)
    return result


def link_json(link: Link) -> dict[str, Any]:
    return {"a": link.a, "b": link.b, "kind": link.kind, "weight": link.weight}


def path_json(found: Path) -> dict[str, Any]:
    """The ``path --json`` shape of interfaces.md."""
    return {"from": found.source, "to": found.target,
            "path": list(found.ids) if found.ids is not None else None,
            "links": [link_json(x) for x in found.links]}


def ego_json(store: Store, center: str, depth: int) -> dict[str, Any]:
    """The people around ``center`` as nodes (label, kind, role, organisation)
    and the typed, weighted links among them as edges."""
    ids, links = store.ego(center, depth)
    people = store.get_many("professionals", ids)
    nodes = []
    for pid in ids:
        person = people.get(pid)
        known = person if isinstance(person, Professional) else None
        nodes.append({"id": pid, "label": known.name if known else pid, "kind": "professional",
                      "role": known.role if known else None,
                      "organisation": known.organisation if known else None,
                      "center": pid == center})
    return {"center": center, "depth": depth, "nodes": nodes,
            "edges": [link_json(x) for x in links]}


#: Where the app keeps its ``VocabularyCache`` (``app.extensions``): the API and the pages share it.
VOCABULARY = "kernteamdb.vocabulary"


class VocabularyCache:
    """The search vocabulary of a long-running process, rebuilt only when the
    store's revision moves (building it on every request would cost more than
    many searches do)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._revision = -1
        self._vocabulary: Vocabulary | None = None

    def get(self, store: Store) -> Vocabulary:
        revision = store.revision()
        with self._lock:
            if self._vocabulary is None or revision != self._revision:
                self._vocabulary = Vocabulary(store.areas())
                self._revision = revision
            return self._vocabulary
