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
from dataclasses import dataclass, field
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l

from directory.model import Organisation, Professional
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


@dataclass(frozen=True)
class Edge:
    a: str
    b: str
    kind: str
    weight: float


@dataclass(frozen=True)
class Graph:
    nodes: list[Node]
    edges: list[Edge]
    shown_kinds: tuple[str, ...] = DEFAULT_KINDS
    layout: str = "concentric"
    names: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """What network.js draws: cytoscape elements and the layout to use."""
        return {
            "layout": self.layout, "kinds": list(self.shown_kinds),
            "nodes": [{"data": {"id": n.id, "label": n.label, "ring": n.ring, "href": n.href}}
                      for n in self.nodes],
            "edges": [{"data": {"id": f"e{i}", "source": e.a, "target": e.b, "kind": e.kind,
                                "weight": e.weight}} for i, e in enumerate(self.edges)],
        }


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


def ego_graph(store: Store, center: str, depth: int, kinds: tuple[str, ...]) -> Graph:
    """The people within ``depth`` ties of ``center`` (as the API's ego network),
    in rings: the centre, its direct ties (the depth-1 ego network: shared
    cases, knowing each other, a small team), the rest; only the links of
    the ``kinds`` asked for (the people stay, so the rings do not move)."""
    people, links = store.ego(center, depth)
    edges = [Edge(x.a, x.b, x.kind, x.weight) for x in links]
    direct = set(people if depth == 1 else store.ego(center, 1)[0])
    rings = {i: 0 if i == center else 1 if i in direct else 2 for i in people}
    ids = sorted(rings, key=lambda i: (rings[i], i))
    return people_graph(store, ids, [e for e in edges if e.kind in kinds], rings=rings, kinds=kinds)


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
