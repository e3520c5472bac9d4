"""The strongest path: as cheap as the textbook Dijkstra finds, whatever order
the graph was built in."""

from __future__ import annotations

import random

import networkx as nx

from graph import network


def _cost(graph):
    def cost(u, v, data):
        hub = u if isinstance(u, tuple) else v if isinstance(v, tuple) else None
        if hub is not None:
            if graph.degree(hub) > network.MAX_HUB:
                return None
            return network.TEAM_HOP if hub[0] == "team" else network.ORG_HOP
        return 1.0 / network.link_strength(data)
    return cost


def _length(graph, path):
    nodes = path.ids
    total = 0.0
    for link in path.links:
        total += network.TEAM_HOP * 2 if link.kind == "team" else network.ORG_HOP * 2 \
            if link.kind == "organisation" else 1.0 / network.link_strength(graph[link.a][link.b])
    return nodes, total


def test_strongest_paths_are_as_cheap_as_networkx_finds(pool):
    graph = pool._index.graph
    people = sorted(p for p in graph if not isinstance(p, tuple))
    rng = random.Random(4)
    found = 0
    for _ in range(60):
        a, b = rng.sample(people, 2)
        path = pool.path(a, b)
        if network.link_strength(graph.get_edge_data(a, b) or {}) > 0:  # a direct tie is the connection
            assert path.ids == (a, b)
            continue
        try:
            expected = nx.dijkstra_path_length(graph, a, b, weight=_cost(graph))
        except nx.NetworkXNoPath:
            assert path.ids is None
            continue
        nodes, total = _length(graph, path)
        assert nodes[0] == a and nodes[-1] == b
        assert abs(total - expected) < 1e-9, (a, b, path)
        found += 1
    assert found >= 50


def test_the_path_does_not_depend_on_the_order_the_graph_was_built_in(pool):
    graph = pool._index.graph
    shuffled = nx.Graph()
    nodes = list(graph.nodes)
    random.Random(1).shuffle(nodes)
    shuffled.add_nodes_from(nodes)
    edges = list(graph.edges(data=True))
    random.Random(2).shuffle(edges)
    shuffled.add_edges_from(edges)
    people = sorted(p for p in graph if not isinstance(p, tuple))
    rng = random.Random(6)
    for _ in range(40):
        a, b = rng.sample(people, 2)
        assert network.strongest_path(graph, a, b) == network.strongest_path(shuffled, a, b)
