"""Who knows whom: algorithms as pure functions of the collaboration graph.

The graph is the one ``graph.stores.memory_index`` keeps: professionals are
nodes named by their id; ``("team", id)`` and ``("org", id)`` are hub nodes;
a direct edge between two professionals carries ``shared`` (cases together)
and ``knows`` (0-2 directions).
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from directory.model import Link, Path

#: The cost of going through a hub: a shared team ranks like one shared case,
#: a shared employer is a weaker tie (large organisations are not acquaintance).
TEAM_HOP = 0.5
ORG_HOP = 1.0


def link_strength(data: dict[str, Any]) -> float:
    """How strong a direct tie is: each shared case counts 1, knowing counts 1."""
    return float(data.get("shared", 0)) + (1.0 if data.get("knows", 0) > 0 else 0.0)


def _cost(u: Any, v: Any, data: dict[str, Any]) -> float:
    if isinstance(u, tuple) or isinstance(v, tuple):
        hub = u if isinstance(u, tuple) else v
        return TEAM_HOP if hub[0] == "team" else ORG_HOP
    return 1.0 / link_strength(data)


def strongest_path(graph: nx.Graph, source: str, target: str) -> Path:
    """The strongest chain of ties between two professionals.

    Strength is turned into cost (``1 / strength`` per direct tie, a fixed cost
    through a team or organisation) and the cheapest chain wins. Among equally
    cheap chains the first found wins, which depends only on the graph's
    insertion order; stores insert in id order, so equal data gives equal paths.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", shared=2, knows=0)
    >>> g.add_edge("b", "c", shared=0, knows=1)
    >>> g.add_edge("a", ("team", "t")); g.add_edge("d", ("team", "t"))
    >>> strongest_path(g, "a", "c").ids
    ('a', 'b', 'c')
    >>> [link.kind for link in strongest_path(g, "a", "d").links]
    ['team']
    """
    if source == target:
        return Path(source, target, (source,), ())
    if source not in graph or target not in graph:
        return Path(source, target, None, ())
    try:
        _, nodes = nx.bidirectional_dijkstra(graph, source, target, weight=_cost)
    except nx.NetworkXNoPath:
        return Path(source, target, None, ())
    return _as_path(graph, source, target, nodes)


def _as_path(graph: nx.Graph, source: str, target: str, nodes: list[Any]) -> Path:
    """Collapse a node path through hubs into professionals and typed links."""
    ids: list[str] = [nodes[0]]
    links: list[Link] = []
    hub: tuple[str, str] | None = None
    for node in nodes[1:]:
        if isinstance(node, tuple):
            hub = node
            continue
        previous = ids[-1]
        if hub is not None:
            kind = "team" if hub[0] == "team" else "organisation"
            links.append(Link(previous, node, kind, 1.0))  # type: ignore[arg-type]
            hub = None
        else:
            data = graph[previous][node]
            if data.get("shared", 0) > 0:
                links.append(Link(previous, node, "shared_case", float(data["shared"])))
            else:
                links.append(Link(previous, node, "knows", 1.0))
        ids.append(node)
    return Path(source, target, tuple(ids), tuple(links))
