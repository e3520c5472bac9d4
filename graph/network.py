"""Who knows whom: algorithms as pure functions of the collaboration graph.

The graph is the one ``graph.stores.memory_index`` keeps: professionals are
nodes named by their id; ``("team", id)`` and ``("org", id)`` are hub nodes;
a direct edge between two professionals carries ``shared`` (cases together)
and ``knows`` (0-2 directions).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterable
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


def _adjacent(graph: nx.Graph, node: Any) -> dict[Any, Any]:
    """``graph[node]`` as the plain dict networkx keeps it: iterating the
    view networkx hands out goes through ``collections.abc`` in Python,
    item by item, and this is the inner loop of ties and paths."""
    return graph._adj[node]


def _size(graph: nx.Graph, hub: Any) -> int:
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
    if isinstance(node, tuple):
        if _size(graph, node) > MAX_HUB:
            return []
        hop = TEAM_HOP if node[0] == "team" else ORG_HOP
        return sorted((hop, False, member, member) for member in _adjacent(graph, node))
    steps: list[Step] = []
    for other, data in _adjacent(graph, node).items():
        if isinstance(other, tuple):
            if _size(graph, other) <= MAX_HUB:
                steps.append((TEAM_HOP if other[0] == "team" else ORG_HOP, True, str(other), other))
        else:
            steps.append((1.0 / link_strength(data), False, other, other))
    steps.sort()
    return steps


def strongest_path(graph: nx.Graph, source: str, target: str,
                   costs: Callable[[Any], list[Step]] | None = None) -> Path:
    """How two professionals are connected: their direct tie when they have
    one (cases together, or knowing each other: a worker who has worked with
    someone expects to read that, not a chain of stronger ties through
    others), else the strongest chain of ties.

    Strength is turned into cost (``hop_costs``) and the cheapest chain wins;
    among equally cheap chains the one whose nodes come first by id, so the
    answer does not depend on the order the graph was built in. A
    bidirectional Dijkstra whose steps come cheapest first: once a chain from
    source to target is known, a node's remaining, dearer steps are not even
    looked at (a median search in a pool of 10,000 then settles a few dozen
    nodes instead of relaxing 17,000 edges). ``costs`` lets a caller reuse
    step costs it has already worked out.

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
    >>> g.add_edge("a", "c", shared=0, knows=1)  # dearer than through b, but direct
    >>> strongest_path(g, "a", "c").ids
    ('a', 'c')
    """
    return _connection(graph, source, target, costs, near=False)


def _connection(graph: nx.Graph, source: str, target: str,
                costs: Callable[[Any], list[Step]] | None, *, near: bool) -> Path:
    """``strongest_path`` and ``near_path``: one computation, so that the two
    can never give different paths (``near`` only gives up early)."""
    if source == target:
        return Path(source, target, (source,), ())
    if source not in graph or target not in graph:
        return Path(source, target, None, ())
    data = graph.get_edge_data(source, target)
    if data is not None and link_strength(data) > 0:
        return _as_path(graph, source, target, [source, target])
    costs = costs or (lambda node: hop_costs(graph, node))
    # the cheapest route of at most two steps bounds the search from the start
    seed = _two_step_route(costs, source, target)
    if near and seed[1] is None:
        return Path(source, target, None, ())
    return _strongest(graph, source, target, costs, seed)


def _strongest(graph: nx.Graph, source: str, target: str, costs: Callable[[Any], list[Step]],
               seed: tuple[float, list[Any] | None]) -> Path:
    """The cheapest chain, from the cheapest route of at most two steps
    ``seed`` (``_two_step_route``) on."""
    dist: tuple[dict[Any, float], dict[Any, float]] = ({source: 0.0}, {target: 0.0})
    came_from: tuple[dict[Any, Any], dict[Any, Any]] = ({source: None}, {target: None})
    frontier: tuple[list[tuple[float, bool, str, Any]], ...] = (
        [(0.0, False, source, source)], [(0.0, False, target, target)])
    done: tuple[set[Any], set[Any]] = (set(), set())
    best, short = seed
    meeting = None
    while frontier[0] and frontier[1]:
        if frontier[0][0][0] + frontier[1][0][0] >= best:
            break  # no chain through an unsettled node can be cheaper
        side = 0 if frontier[0][0][0] <= frontier[1][0][0] else 1
        here, _, _, node = heapq.heappop(frontier[side])
        if node in done[side]:
            continue
        done[side].add(node)
        mine, theirs, settled = dist[side], dist[1 - side], done[1 - side]
        # a node the other side has not settled is at least this far from the other end
        beyond = best - (frontier[1 - side][0][0] if frontier[1 - side] else math.inf)
        for cost, is_hub, name, step in costs(node):
            there = here + cost
            if there >= best:
                break  # cheapest first: every later step is dearer still
            if there >= beyond and step not in settled:
                continue  # cannot be on a cheaper chain
            if there < mine.get(step, math.inf):
                mine[step] = there
                came_from[side][step] = node
                heapq.heappush(frontier[side], (there, is_hub, name, step))
                back = theirs.get(step)
                if back is not None and there + back < best:
                    best, meeting = there + back, step
    if meeting is None:
        return _as_path(graph, source, target, short) if short else Path(source, target, None, ())
    half = [meeting]
    while (before := came_from[0][half[-1]]) is not None:
        half.append(before)
    nodes = half[::-1]
    while (after := came_from[1][nodes[-1]]) is not None:
        nodes.append(after)
    return _as_path(graph, source, target, nodes)


def _two_step_route(costs: Callable[[Any], list[Step]], source: str, target: str
                    ) -> tuple[float, list[Any] | None]:
    """The cheapest route of at most two steps and its cost (``inf`` and None
    when the two are further apart). A step is one person further: a direct
    tie, or through a team or organisation (``_one_step``). Ties go to the
    direct route, then to the middle person who comes first by id."""
    mine = _one_step(costs, source)
    if target in mine:
        cost, nodes = mine[target]
        best, route = cost, [source, *nodes]
    else:
        best, route = math.inf, None
    theirs = _one_step(costs, target)
    for middle in sorted(mine.keys() & theirs.keys(), key=str):
        if middle in (source, target):
            continue
        (there, forth), (back, nodes) = mine[middle], theirs[middle]
        if there + back < best:
            best, route = there + back, [source, *forth, *nodes[-2::-1], target]
    return best, route


def _one_step(costs: Callable[[Any], list[Step]], person: str) -> dict[Any, tuple[float, list[Any]]]:
    """The people one step from ``person`` (a direct tie, or a member of a team
    or organisation a path may walk through) and the cheapest way to each:
    (cost, the nodes after ``person``); on equal cost the first in step order."""
    out: dict[Any, tuple[float, list[Any]]] = {}
    for cost, is_hub, _, step in costs(person):
        if is_hub:
            for onward, _, _, member in costs(step):
                if member != person and (member not in out or cost + onward < out[member][0]):
                    out[member] = (cost + onward, [step, member])
        elif step not in out or cost < out[step][0]:
            out[step] = (cost, [step])
    return out


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


#: A shared team counts as a tie of this strength; larger "teams" (a city-wide
#: network of 100 people) are not acquaintance and are left out.
TEAM_TIE = 0.5
MAX_TEAM = 40


def ties(graph: nx.Graph, node: str, *, max_team: int = MAX_TEAM) -> dict[str, float]:
    """The direct ties of a professional and their strength: shared cases,
    knowing each other, and sharing a small team.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", shared=2, knows=1)
    >>> g.add_edge("a", ("team", "t")); g.add_edge("c", ("team", "t"))
    >>> ties(g, "a")
    {'b': 3.0, 'c': 0.5}
    """
    out: dict[str, float] = {}
    if node not in graph:
        return out
    for other, data in _adjacent(graph, node).items():
        if isinstance(other, tuple):
            if other[0] != "team" or _size(graph, other) > max_team:
                continue
            for member in _adjacent(graph, other):
                if member != node:
                    out[member] = out.get(member, 0.0) + TEAM_TIE
        else:
            out[other] = out.get(other, 0.0) + link_strength(data)
    return out


def two_hop_strength(graph: nx.Graph, source: str,
                     ties_of: Callable[[str], dict[str, float]] | None = None) -> dict[str, float]:
    """How well ``source`` is connected to everyone within two steps: direct
    tie strength plus half of the weaker tie of every two-step route (a
    colleague of a colleague). Cheap enough per request: it touches only the
    neighbourhood, not the whole graph; ``ties_of`` lets a caller reuse the
    ties it has already worked out (they depend only on the graph).

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", shared=2, knows=0)
    >>> g.add_edge("b", "c", shared=1, knows=0)
    >>> two_hop_strength(g, "a")
    {'b': 2.0, 'c': 0.5}
    """
    ties_of = ties_of or (lambda node: ties(graph, node))
    first = ties_of(source)
    strength = dict(first)
    for middle, near in first.items():
        for far, onward in ties_of(middle).items():
            if far != source:
                strength[far] = strength.get(far, 0.0) + 0.5 * min(near, onward)
    return strength


def two_hop_strength_to(graph: nx.Graph, source: str, targets: Iterable[str],
                        ties_of: Callable[[str], dict[str, float]] | None = None
                        ) -> dict[str, float]:
    """``two_hop_strength`` for the given targets only, with the same numbers
    (the same terms, summed in the same order), at a cost that grows with the
    number of targets rather than with the whole two-step neighbourhood, which
    in a city-sized pool holds half of everyone. Ties are symmetric, so each
    target's own ties say which of the source's ties lead to it.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", shared=2, knows=0)
    >>> g.add_edge("b", "c", shared=1, knows=0)
    >>> two_hop_strength_to(g, "a", ["c", "d"]) == {"c": two_hop_strength(g, "a")["c"]}
    True
    """
    ties_of = ties_of or (lambda node: ties(graph, node))
    first = ties_of(source)
    order = {middle: i for i, middle in enumerate(first)}  # to add up in two_hop_strength's order
    out: dict[str, float] = {}
    for target in targets:
        if target == source or target not in graph:
            continue
        theirs = ties_of(target)
        total = first.get(target)
        common = first.keys() & theirs.keys()
        common.discard(target)
        for middle in sorted(common, key=order.__getitem__):
            total = (total or 0.0) + 0.5 * min(first[middle], theirs[middle])
        if total is not None:
            out[target] = total
    return out


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


def near_path(graph: nx.Graph, source: str, target: str,
              costs: Callable[[Any], list[Step]] | None = None) -> Path:
    """``strongest_path`` for two people linked by a chain of at most two
    steps, ``ids`` None for anyone further: what a search result shows, cheap
    enough for every result because people further apart are ruled out
    without a search (the path found may be longer than two steps, when a
    chain of strong ties beats the weak short one).

    It is the same path, never another one (one computation, ``_connection``):
    a search card, a profile and the network page must never contradict each
    other about how two people are connected. A "step" is one person
    further, directly or through a team or organisation the path may walk
    through (``hop_costs``), so a strongest path of at most two steps is
    always found.

    >>> g = nx.Graph()
    >>> g.add_edge("a", "m", shared=2, knows=0); g.add_edge("m", "b", shared=0, knows=1)
    >>> near_path(g, "a", "b").ids
    ('a', 'm', 'b')
    >>> g.add_edge("b", "z", shared=1, knows=0)
    >>> near_path(g, "a", "z").ids is None, strongest_path(g, "a", "z").ids
    (True, ('a', 'm', 'b', 'z'))
    """
    return _connection(graph, source, target, costs, near=True)

