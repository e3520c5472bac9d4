"""Who is around a person or a team: the people within one or two ties and
the links among them, mutual contacts, brokers between organisations, and
the organisation-level collaboration graph (the Netwerk page's views)."""

from __future__ import annotations

import networkx as nx

from directory.pool.model import Link
from graph.network.links import link_strength
from graph.network.ties import ties, two_hop_strength


def _organisation(graph: nx.Graph, node: str) -> str | None:
    for other in graph[node]:
        if isinstance(other, tuple) and other[0] == "org":
            return str(other[1])
    return None


def _teams(graph: nx.Graph, node: str) -> set[str]:
    return {str(o[1]) for o in graph[node] if isinstance(o, tuple) and o[0] == "team"}


def links_among(graph: nx.Graph, people: set[str]) -> list[Link]:
    """Every typed link between the given professionals: shared cases (weight:
    how many), knowing each other, a shared team (weight: how many teams) and
    the same organisation. One link per kind per pair, ordered."""
    links: list[Link] = []
    teams = {p: _teams(graph, p) for p in people}
    orgs = {p: _organisation(graph, p) for p in people}
    ordered = sorted(people)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            data = graph.get_edge_data(a, b) or {}
            if data.get("shared", 0) > 0:
                links.append(Link(a, b, "shared_case", float(data["shared"])))
            if data.get("knows", 0) > 0:
                links.append(Link(a, b, "knows", 1.0))
            common = teams[a] & teams[b]
            if common:
                links.append(Link(a, b, "team", float(len(common))))
            if orgs[a] is not None and orgs[a] == orgs[b]:
                links.append(Link(a, b, "organisation", 1.0))
    return links


def ego_network(graph: nx.Graph, center: str, depth: int = 1,
                *, limit: int = 250) -> tuple[list[str], list[Link]]:
    """The people around ``center`` within ``depth`` (1 or 2) ties, strongest
    first when there are more than ``limit``, and every link among them.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", shared=1, knows=0)
    >>> g.add_edge("b", "c", shared=0, knows=1)
    >>> ego_network(g, "a", 1)[0], ego_network(g, "a", 2)[0]
    (['a', 'b'], ['a', 'b', 'c'])
    """
    if depth not in (1, 2):
        raise ValueError("depth must be 1 or 2")
    strength = ties(graph, center) if depth == 1 else two_hop_strength(graph, center)
    nearest = sorted(strength, key=lambda p: (-strength[p], p))[: max(0, limit - 1)]
    people = {center, *nearest}
    return sorted(people), links_among(graph, people)


def mutual_contacts(graph: nx.Graph, a: str, b: str) -> list[str]:
    """People with a direct tie to both ``a`` and ``b``, strongest first.

    >>> g = nx.Graph()
    >>> g.add_edge("a", "m", shared=1, knows=0); g.add_edge("b", "m", shared=0, knows=1)
    >>> mutual_contacts(g, "a", "b")
    ['m']
    """
    first, second = ties(graph, a), ties(graph, b)
    common = (set(first) & set(second)) - {a, b}
    return sorted(common, key=lambda p: (-(first[p] + second[p]), p))


def brokers(graph: nx.Graph, members: set[str], *, limit: int = 10) -> list[tuple[str, float]]:
    """Who links a team to people of other organisations: betweenness on the
    paths from the team's members to everyone outside their organisations,
    over direct ties (shared cases and knowing each other).

    >>> g = nx.Graph()
    >>> g.add_edge("w", "x", shared=1, knows=0); g.add_edge("x", "s", shared=1, knows=0)
    >>> g.add_edge("w", ("org", "gemeente")); g.add_edge("x", ("org", "gemeente"))
    >>> g.add_edge("s", ("org", "ggz"))
    >>> brokers(g, {"w"})
    [('x', 0.5)]
    """
    people = nx.Graph()
    for a, b, data in graph.edges(data=True):
        if not isinstance(a, tuple) and not isinstance(b, tuple):
            people.add_edge(a, b, weight=1.0 / link_strength(data))
    home = {_organisation(graph, m) for m in members if m in graph}
    sources = sorted(m for m in members if m in people)
    targets = sorted(p for p in people if p not in members and _organisation(graph, p) not in home)
    if not sources or not targets:
        return []
    between = nx.betweenness_centrality_subset(people, sources, targets, weight="weight")
    ranked = sorted(((p, round(v, 6)) for p, v in between.items() if v > 0 and p not in members),
                    key=lambda item: (-item[1], item[0]))
    return ranked[:limit]


def organisation_links(graph: nx.Graph) -> list[tuple[str, str, int]]:
    """How many cases people of two organisations shared: the organisation-level
    collaboration graph, as (organisation, organisation, shared cases)."""
    totals: dict[tuple[str, str], int] = {}
    for a, b, data in graph.edges(data=True):
        if isinstance(a, tuple) or isinstance(b, tuple) or data.get("shared", 0) <= 0:
            continue
        oa, ob = _organisation(graph, a), _organisation(graph, b)
        if oa and ob and oa != ob:
            pair = (min(oa, ob), max(oa, ob))
            totals[pair] = totals.get(pair, 0) + int(data["shared"])
    return sorted((a, b, n) for (a, b), n in totals.items())

