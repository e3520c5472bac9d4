"""The collaboration graph ``graph.network`` walks, as both stores build it.

A node per professional (their id) and hub nodes per team (``(TEAM, id)``)
and organisation (``(ORG, id)``). Two professionals are joined directly when
one knows the other (``knows``: how many of the two directions) or when they
took part in the same cases (``shared``: how many, with their recency weight
and latest day as ``shared_weight`` and ``shared_last``, the sums of
``graph.stores.core.sums``). The embedded store keeps the whole graph in
memory (``graph.stores.embedded.memory_index``); the Neo4j store fetches the parts a
question needs into one of the same shape (``graph.stores.neo4j.network``).
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from typing import Any

import networkx as nx

TEAM = "team"
ORG = "org"

_EDGE_KEYS = ("knows", "shared", "shared_weight", "shared_last")


class EdgeData(MutableMapping[str, Any]):
    """The data on an edge of the collaboration graph, as networkx wants it (a
    mapping), in a third of the memory of a dict: the graph of a million
    cases has 3.4 million edges. Holds only the keys the index writes
    (``knows``, ``shared``, ``shared_weight``, ``shared_last``); an absent
    key is None inside.

    >>> data = EdgeData(knows=1)
    >>> data.get("shared", 0), dict(data)
    (0, {'knows': 1})
    >>> data.update(shared=2, shared_weight=1.5); sorted(data)
    ['knows', 'shared', 'shared_weight']
    >>> data["colour"] = "red"
    Traceback (most recent call last):
    KeyError: 'an edge of the collaboration graph holds only knows, shared, shared_weight, shared_last'
    """

    __slots__ = _EDGE_KEYS

    def __init__(self, knows: int | None = None, shared: int | None = None,
                 shared_weight: float | None = None, shared_last: float | None = None) -> None:
        self.knows, self.shared = knows, shared
        self.shared_weight, self.shared_last = shared_weight, shared_last

    def get(self, key: str, default: Any = None) -> Any:
        value = getattr(self, key) if key in _EDGE_KEYS else None
        return default if value is None else value

    def __getitem__(self, key: str) -> Any:
        value = getattr(self, key) if key in _EDGE_KEYS else None
        if value is None:
            raise KeyError(key)
        return value

    def __setitem__(self, key: str, value: Any) -> None:
        if key not in _EDGE_KEYS:
            raise KeyError(f"an edge of the collaboration graph holds only {', '.join(_EDGE_KEYS)}")
        setattr(self, key, value)

    def __delitem__(self, key: str) -> None:
        if self.get(key) is None:
            raise KeyError(key)
        setattr(self, key, None)

    def __iter__(self) -> Iterator[str]:
        return (key for key in _EDGE_KEYS if getattr(self, key) is not None)

    def __len__(self) -> int:
        return sum(getattr(self, key) is not None for key in _EDGE_KEYS)

    def __repr__(self) -> str:
        return repr(dict(self))

    def __reduce__(self) -> tuple[Any, ...]:  # compact in the index snapshot
        return EdgeData, (self.knows, self.shared, self.shared_weight, self.shared_last)


class CollaborationGraph(nx.Graph):
    """A networkx graph whose edges hold ``EdgeData``."""

    edge_attr_dict_factory = EdgeData
