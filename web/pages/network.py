"""Netwerk: who knows whom, drawn and listed. Three views share one page:
the ego network around anyone (depth 1 or 2, filtered by kind of link), the
strongest path between two people, and the organisations with the cases
their people shared.

Every view works without JavaScript: the server writes the same graph as
tables (``web.pages.parts.network_graph``); with JavaScript ``static/network.js`` draws
it with cytoscape.js, lets the link-kind boxes hide links in the drawing and
the table at once, and opens a profile when a node is clicked.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request
from flask_babel import gettext

from directory.errors import NotFound
from directory.pool.model import Professional
from directory.problems import unknown
from directory.search.connection import connection
from web.guard import store
from web.pages.parts.network_graph import (
    KIND_LABELS,
    KINDS,
    LINKS_PER_PAGE,
    RING_LABELS,
    Edge,
    Graph,
    ego_graph,
    organisation_graph,
    people_graph,
    read_kinds,
    read_page,
)
from web.pages.parts.signed_in import reader
from web.pages.search import requester_and_team
from web.words.connection import path_steps

bp = Blueprint("network", __name__, url_prefix="/netwerk")


def _people() -> list[tuple[str, str]]:
    """(id, "name, role") of every active professional, by name: the person menus."""
    def build() -> list[tuple[str, str]]:
        found = [p for p in store().iter_records("professionals") if isinstance(p, Professional) and p.active]
        found.sort(key=lambda p: (p.name.casefold(), p.id))
        return [(p.id, f"{p.name}, {p.role}" if p.role else p.name) for p in found]

    return store().derived(("web.people-menu",), build)


def _render(view: str, graph: Graph | None, context: dict[str, Any], status: int = 200) -> Any:
    return render_template("network.html", view=view, graph=graph, people=_people(), kinds=KINDS,
                           kind_labels=KIND_LABELS, ring_labels=RING_LABELS, per_page=LINKS_PER_PAGE,
                           **context), status


def _known(person_id: str) -> str:
    if not isinstance(store().get("professionals", person_id), Professional):
        raise NotFound(unknown("professionals", person_id))
    return person_id


@bp.get("")
def ego() -> Any:
    reader()
    kinds = read_kinds(request.args.getlist("soort"))
    depth_text = request.args.get("diepte", "1")
    center = request.args.get("center") or requester_and_team()[0]
    context: dict[str, Any] = {"center": center, "depth": depth_text, "shown_kinds": kinds, "message": None}
    if depth_text not in ("1", "2"):
        context["message"] = gettext("Kies diepte 1 (directe relaties) of 2 (ook via een ander).")
        return _render("ego", None, context, 400)
    page = read_page(request.args.get("pagina"))
    graph = ego_graph(store(), _known(center), int(depth_text), kinds, page) if center else None
    return _render("ego", graph, context)


@bp.get("/pad")
def path() -> Any:
    reader()
    source = request.args.get("van") or requester_and_team()[0] or ""
    target = request.args.get("naar") or ""
    context: dict[str, Any] = {"source": source, "target": target, "steps": None, "message": None,
                               "shown_kinds": KINDS}
    if not (request.args.get("van") and target):
        return _render("path", None, context)
    found = connection(store(), _known(source), _known(target))
    steps = path_steps(found)
    edges = [Edge(x.a, x.b, x.kind, x.weight) for x in found.links]
    ends = {source: 0, target: 0}
    graph = people_graph(store(), list(found.ids or ()), edges, rings=ends, kinds=KINDS, layout="path") \
        if steps else None
    context["steps"] = steps
    return _render("path", graph, context)


@bp.get("/organisaties")
def organisations() -> Any:
    reader()
    return _render("organisations", organisation_graph(store()), {"shown_kinds": ("shared_case",)})
