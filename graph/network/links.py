"""The collaboration graph's ties, one step at a time: how strong a direct
tie is, and what each step out of a person costs (through a team or an
organisation, hubs too large to mean acquaintance left out). The paths, the
two-step ties and the neighbourhoods all walk the graph through these."""

from __future__ import annotations

from typing import Any

import networkx as nx

#: The cost of going through a hub: a shared team ranks like one shared case,
#: a shared employer is a weaker tie (large organisations are not acquaintance).
TEAM_HOP = 0.5
ORG_HOP = 1.0


def link_strength(data: dict[str, Any]) -> float:
    """How strong a direct tie is: each shared case counts 1, knowing counts 1."""
    try:  # the stores' EdgeData: its slots, not the mapping methods (the inner loop of ties)
        shared, knows = data.shared, data.knows  # type: ignore[attr-defined]
    except AttributeError:  # a plain dict (a graph made by hand)
        shared, knows = data.get("shared"), data.get("knows")
    return float(shared or 0) + (1.0 if knows and knows > 0 else 0.0)


def adjacent(graph: nx.Graph, node: Any) -> dict[Any, Any]:
    """``graph[node]`` as the plain dict networkx keeps it: iterating the
    view networkx hands out goes through ``collections.abc`` in Python,
    item by item, and this is the inner loop of ties and paths."""
    return graph._adj[node]


def hub_size(graph: nx.Graph, hub: Any) -> int:
    return len(graph._adj[hub])


#: Teams and organisations larger than this are not walked through when looking
#: for a path: belonging to the same big employer or city-wide network says
#: little, and walking such hubs makes every search visit most of the graph.
MAX_HUB = 60


#: One step out of a node: (cost, is a hub, id as text, node). Tuples in this
#: order sort cheapest first with ties by id, without a key function.
Step = tuple[float, bool, str, Any]


def hop_costs(graph: nx.Graph, node: Any) -> list[Step]:
    """The steps out of ``node``, cheapest first (ties by id): a direct tie
    costs 1 / its strength, a step into or out of a team costs ``TEAM_HOP``
    and of an organisation ``ORG_HOP``; hubs of more than ``MAX_HUB``
    members are not walked through.

    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", shared=3, knows=1); g.add_edge("a", ("team", "t"))
    >>> [(cost, step) for cost, _, _, step in hop_costs(g, "a")]
    [(0.25, 'b'), (0.5, ('team', 't'))]
    """
    adj = graph._adj
    if isinstance(node, tuple):
        if len(adj[node]) > MAX_HUB:
            return []
        hop = TEAM_HOP if node[0] == "team" else ORG_HOP
        return [(hop, False, member, member) for member in sorted(adj[node])]
    # the inner loop of every path (a person in a million cases has a hundred ties):
    # people and hubs are put in buckets per cost and each bucket is sorted by id,
    # strings only, which is the order of sorting the steps themselves, at a third of the cost
    people: dict[float, list[str]] = {}
    hubs: dict[float, list[Any]] = {}
    for other, data in adj[node].items():
        if other.__class__ is tuple:
            if len(adj[other]) > MAX_HUB:
                continue
            cost, bucket = (TEAM_HOP if other[0] == "team" else ORG_HOP), hubs
        else:
            cost, bucket = 1.0 / link_strength(data), people
        found = bucket.get(cost)
        if found is None:
            bucket[cost] = [other]
        else:
            found.append(other)
    steps: list[Step] = []
    for cost in sorted(people.keys() | hubs.keys()):
        if cost in people:
            steps += [(cost, False, name, name) for name in sorted(people[cost])]
        if cost in hubs:
            steps += [(cost, True, str(hub), hub) for hub in sorted(hubs[cost], key=str)]
    return steps
