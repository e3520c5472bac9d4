"""The data behind the Netwerk page: one ``Graph`` of nodes and typed links,
shown twice from the same object: drawn by cytoscape.js (``as_json``, put in
the page as a JSON data block) and written out as the accessible tables. So
the drawing and the tables can never say different things.

Labels are data, never markup: the JSON is escaped by Jinja's ``tojson`` and
cytoscape draws labels as text on a canvas, so a stored ``<script>`` in a
name stays text in both.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l

from directory.pool.model import Organisation, Professional
from directory.ports import Store

#: Link kinds, in the order the filter offers them.
KINDS = ("shared_case", "knows", "team", "organisation")
#: Shown unless the worker chooses: working together and knowing each other. Sharing a
#: team or an employer is common (a city-wide network of 76 people is 2,850 team links).
DEFAULT_KINDS = ("shared_case", "knows")
KIND_LABELS = {"shared_case": _l("samen aan casussen gewerkt"), "knows": _l("kennen elkaar"),
               "team": _l("zelfde team"), "organisation": _l("zelfde organisatie")}
RING_LABELS = {0: _l("midden"), 1: _l("direct verbonden"), 2: _l("via een ander")}


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    detail: str  # role and organisation, or the kind of organisation
    href: str
    ring: int = 1  # 0 the centre, 1 direct ties, 2 two steps away
    group: str | None = None  # the group (organisation) it is drawn inside, if grouped


@dataclass(frozen=True)
class Edge:
    a: str
    b: str
    kind: str
    weight: float


@dataclass(frozen=True)
class Group:
    """People drawn together (one organisation): a box in the drawing, a row
    group in the table."""

    id: str
    label: str  # "" for the people of no organisation (the page says so in its language)
    members: tuple[Node, ...]


@dataclass(frozen=True)
class LinkPage:
    """Which links a page shows: the table holds page ``number`` of the links,
    strongest first; the drawing holds every link up to the end of that page,
    so "toon meer" adds the next ``LINKS_PER_PAGE`` to the drawing."""

    number: int
    pages: int
    total: int
    first: int  # 1-based position of the table's first row (0 when there are none)
    last: int


#: Links per page of the table (and added to the drawing per "toon meer").
LINKS_PER_PAGE = 50


@dataclass(frozen=True)
class Graph:
    nodes: list[Node]
    edges: list[Edge]
    shown_kinds: tuple[str, ...] = DEFAULT_KINDS
    layout: str = "concentric"
    names: dict[str, str] = field(default_factory=dict)
    groups: tuple[Group, ...] = ()
    rows: list[Edge] | None = None  # the links table when paged (else every edge)
    page: LinkPage | None = None

    @property
    def table(self) -> list[Edge]:
        """The links the table lists."""
        return self.edges if self.rows is None else self.rows

    def as_json(self) -> dict[str, Any]:
        """What network.js draws: cytoscape elements and the layout to use;
        groups become compound nodes (class ``group``) around their members."""
        parents = [{"data": {"id": _group_node(g.id),
                             "label": f"{g.label or _l('zonder organisatie')} ({len(g.members)})"},
                    "classes": "group"} for g in self.groups]
        return {
            "layout": self.layout, "kinds": list(self.shown_kinds),
            "nodes": parents + [{"data": {"id": n.id, "label": n.label, "ring": n.ring, "href": n.href,
                                          **({"parent": _group_node(n.group)} if n.group else {})}}
                                for n in self.nodes],
            "edges": [{"data": {"id": f"e{i}", "source": e.a, "target": e.b, "kind": e.kind,
                                "weight": e.weight}} for i, e in enumerate(self.edges)],
        }


def _group_node(group: str) -> str:
    return f"groep:{group}"


def read_page(text: str | None) -> int:
    """The page of links asked for: a whole number from 1 (anything else: 1;
    past the last page the last is shown)."""
    return int(text) if text and text.isdigit() and 0 < int(text) < 100_000 else 1


def strongest_first(edges: list[Edge], names: dict[str, str]) -> list[Edge]:
    """Links by strength (shared cases weigh their number, a shared team the
    number of teams), then by kind as the filter lists them, then by name."""
    return sorted(edges, key=lambda e: (-e.weight, KINDS.index(e.kind), names.get(e.a, e.a).casefold(),
                                        names.get(e.b, e.b).casefold(), e.a, e.b))


def paged(graph: Graph, number: int) -> Graph:
    """``graph`` (its links strongest first) with page ``number`` of them in
    the table and every link up to that page's end in the drawing."""
    ordered = graph.edges
    pages = max(1, -(-len(ordered) // LINKS_PER_PAGE))
    number = min(number, pages)
    start, end = (number - 1) * LINKS_PER_PAGE, min(len(ordered), number * LINKS_PER_PAGE)
    page = LinkPage(number, pages, len(ordered), start + 1 if end > start else 0, end)
    return replace(graph, edges=ordered[:end], rows=ordered[start:end], page=page)


def grouped(graph: Graph, center: str, organisations: dict[str, str]) -> Graph:
    """``graph`` with its people grouped by organisation (``organisations``:
    person id -> organisation name; none: the group labelled ""): the centre's
    group first, then groups with someone closer, then larger ones; inside a
    group by ring, then name."""
    members: dict[str, list[Node]] = {}
    for node in graph.nodes:
        members.setdefault(organisations.get(node.id) or "", []).append(node)

    def order(item: tuple[str, list[Node]]) -> tuple[Any, ...]:
        label, people = item
        return (all(n.id != center for n in people), min(n.ring for n in people), -len(people),
                label == "", label.casefold())

    groups = []
    for index, (label, people) in enumerate(sorted(members.items(), key=order)):
        gid = f"g{index}"
        people.sort(key=lambda n: (n.ring, n.label.casefold(), n.id))
        # the organisation is the group's name: a member's detail keeps the role
        groups.append(Group(gid, label,
                            tuple(replace(n, group=gid, detail=n.detail.removesuffix(label).rstrip(", "))
                                  for n in people)))
    nodes = [n for g in groups for n in g.members]
    return replace(graph, nodes=nodes, groups=tuple(groups), layout="grouped")


def read_kinds(chosen: Iterable[str]) -> tuple[str, ...]:
    """The link kinds asked for (unknown ones ignored); the defaults when none."""
    wanted = set(chosen)
    return tuple(k for k in KINDS if k in wanted) or DEFAULT_KINDS


def _person_detail(person: Any, organisations: dict[str, Any]) -> str:
    if not isinstance(person, Professional):
        return ""
    org = organisations.get(person.organisation or "")
    return ", ".join(x for x in (person.role, org.name if isinstance(org, Organisation) else None) if x)


def people_graph(store: Store, ids: list[str], edges: list[Edge], *, rings: dict[str, int],
                 kinds: tuple[str, ...], layout: str = "concentric") -> Graph:
    """Nodes for the professionals ``ids`` (in that order) and the given links."""
    people = store.get_many("professionals", ids)
    organisations = store.get_many("organisations", {getattr(p, "organisation", None) or "" for p in
                                                     people.values()})
    nodes = [Node(i, getattr(people.get(i), "name", i), _person_detail(people.get(i), organisations),
                  url_for("profile.profile", professional_id=i), rings.get(i, 1)) for i in ids]
    return Graph(nodes, edges, kinds, layout, {n.id: n.label for n in nodes})


def ego_graph(store: Store, center: str, depth: int, kinds: tuple[str, ...], page: int = 1) -> Graph:
    """``whole_ego_graph`` with its links paged at depth 2 (``paged``), kept per
    store revision: the links of everyone within two steps are thousands of
    objects, made once rather than on every page of them."""
    graph = store.derived(("web.ego-graph", center, depth, kinds),
                          lambda: whole_ego_graph(store, center, depth, kinds))
    return graph if depth == 1 else paged(graph, page)


def whole_ego_graph(store: Store, center: str, depth: int, kinds: tuple[str, ...]) -> Graph:
    """The people within ``depth`` ties of ``center`` (as the API's ego network),
    in rings: the centre, its direct ties (the depth-1 ego network: shared
    cases, knowing each other, a small team), the rest; only the links of
    the ``kinds`` asked for (the people stay, so the rings do not move).
    At depth 2 (a hundred people and 1,400 links in the demo) the people are
    grouped by organisation (``grouped``) and the links put strongest first."""
    people, links = store.ego(center, depth)
    # only the kinds asked for become edges: at depth 2 the demo has 1,400 links of the
    # default kinds among 12,000 of a shared team or employer
    edges = [Edge(x.a, x.b, x.kind, x.weight) for x in links if x.kind in kinds]
    direct = set(people if depth == 1 else store.ego(center, 1)[0])
    rings = {i: 0 if i == center else 1 if i in direct else 2 for i in people}
    ids = sorted(rings, key=lambda i: (rings[i], i))
    graph = people_graph(store, ids, edges, rings=rings, kinds=kinds)
    if depth == 1:
        return graph
    graph = grouped(graph, center, _organisation_names(store, ids))
    return replace(graph, edges=strongest_first(graph.edges, graph.names))


def _organisation_names(store: Store, ids: list[str]) -> dict[str, str]:
    """Person id -> the name of their organisation (those with one)."""
    people = store.get_many("professionals", ids)
    found = store.get_many("organisations", {getattr(p, "organisation", None) or "" for p in people.values()})
    out = {}
    for pid, person in people.items():
        org = found.get(getattr(person, "organisation", None) or "")
        if isinstance(org, Organisation):
            out[pid] = org.name
    return out


def organisation_graph(store: Store) -> Graph:
    """Organisations as nodes, the cases their people shared as weighted links."""
    pairs = store.organisation_links()
    ids = sorted({o for a, b, _ in pairs for o in (a, b)})
    found = store.get_many("organisations", ids)
    nodes = []
    for i in ids:
        org = found.get(i)
        name = org.name if isinstance(org, Organisation) else i
        kind = org.kind if isinstance(org, Organisation) and org.kind else ""
        nodes.append(Node(i, name, kind, url_for("pool.organisation", organisation_id=i)))
    edges = [Edge(a, b, "shared_case", float(n)) for a, b, n in pairs]
    return Graph(nodes, edges, ("shared_case",), "circle", {n.id: n.label for n in nodes})
