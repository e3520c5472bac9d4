"""The strongest connection between two professionals (``strongest_path``,
``near_path``): one computation behind every "hoe je verbonden bent"."""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable
from typing import Any

import networkx as nx

from directory.pool.model import Link, Path
from graph.network.links import Step, hop_costs, link_strength


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
    inf, push = math.inf, heapq.heappush
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
        known, parents, queue = mine.get, came_from[side], frontier[side]  # the inner loop's look-ups
        # a node the other side has not settled is at least this far from the other end
        beyond = best - (frontier[1 - side][0][0] if frontier[1 - side] else inf)
        for cost, is_hub, name, step in costs(node):
            there = here + cost
            if there >= best:
                break  # cheapest first: every later step is dearer still
            if there >= beyond and step not in settled:
                continue  # cannot be on a cheaper chain
            if there < known(step, inf):
                mine[step] = there
                parents[step] = node
                push(queue, (there, is_hub, name, step))
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

