"""Zoeken: the search page, and the start page after signing in. A worker
types the household's need in their own words and gets the few specialists
to call, each with the reasons why, how to reach them and how they are
connected to the worker.

The signed-in user's own professional (if their account is linked to one) is
the requester, and their first team the team, so shared history and "how am I
connected" count for them. Filters (``web.search_filters``) keep people in
the ranking's order. The search box offers the taxonomy's labels and
synonyms through a ``<datalist>``: typeahead without script, so it works
without JavaScript and under the strict Content-Security-Policy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, current_app, render_template, request
from flask_babel import gettext

from directory.model import KINDS, Professional
from directory.queries import MAX_QUERY_LENGTH, Hit, SearchQuery, SearchResult
from web import answers
from web.api import VOCABULARY
from web.guard import current_user, store
from web.i18n import language, level_label
from web.lookups import Lookups, lookups
from web.pages import reader
from web.search_filters import RANKED_FOR_FILTERS, FilterError, Filters, menus, passes, read_filters

bp = Blueprint("search", __name__)

SHOWN = 10


@dataclass(frozen=True)
class Card:
    """What a result card shows about one person."""

    hit: Hit
    person: Professional
    organisation: str | None
    levels: list[str]  # "specialist (dementie)" per need met with a declared level
    connection: list[tuple[str, str]] | None  # (id, name) from me to them, at most two steps


def requester_and_team() -> tuple[str | None, str | None]:
    """The signed-in user's own professional and their first team, if linked."""
    user = current_user()
    linked = user.professional if user else None
    person = store().get("professionals", linked) if linked else None
    if not isinstance(person, Professional):
        return None, None
    return person.id, (sorted(person.teams)[0] if person.teams else None)


def _cards(result: SearchResult, filters: Filters, known: Lookups) -> list[Card]:
    people = store().get_many("professionals", [h.id for h in result.results])
    kept: list[tuple[Hit, Professional]] = []
    for hit in result.results:
        person = people.get(hit.id)
        if isinstance(person, Professional) and passes(filters, hit, person, known):
            kept.append((hit, person))
            if len(kept) == SHOWN:
                break
    on_paths = {i for hit, _ in kept for i in (hit.path or ())}
    names = {i: getattr(p, "name", i) for i, p in store().get_many("professionals", on_paths).items()}
    return [Card(hit, person, hit.organisation["name"] if hit.organisation else None,
                 [f"{level_label(m.level)} ({known.label(m.area).lower()})" for m in hit.matched if m.level],
                 [(i, names.get(i, i)) for i in hit.path] if hit.path else None)
            for hit, person in kept]


def _team(result: SearchResult, known: Lookups) -> list[tuple[str, str, str]] | None:
    """(need, member id, member name) per need of the proposed team."""
    if result.team is None:
        return None
    people = store().get_many("professionals", result.team.members)
    return [(known.label(need), who, getattr(people.get(who), "name", who))
            for need, who in sorted(result.team.covers.items())]


def _typeahead() -> list[str]:
    """Expertise labels and synonyms (and English labels on English pages) for the datalist."""
    def build() -> list[str]:
        areas = store().areas()
        words = {a.label for a in areas} | {s for a in areas for s in a.synonyms}
        if lang == "en":
            words |= {a.label_en for a in areas if a.label_en}
        return sorted(words, key=str.casefold)

    lang = language()
    return store().derived(("web.typeahead", lang), build)


def render_search(*, start: bool = False) -> Any:
    """The search page for the request's question (``start``: the start page after signing in)."""
    reader()
    args = request.args
    known = lookups(store())
    text = args.get("q", "").strip()
    context: dict[str, Any] = {
        "q": text, "filters": Filters(), "menus": menus(Filters(), known),
        "max_length": MAX_QUERY_LENGTH, "labels": _typeahead(), "result": None, "cards": [],
        "message": None, "counts": None, "demo": False}
    try:
        filters = context["filters"] = read_filters(args, known)
        context["menus"] = menus(filters, known)
    except FilterError as exc:
        context["message"] = str(exc)
        return render_template("search.html", **context), 400
    if len(text) > MAX_QUERY_LENGTH:
        context["message"] = gettext(
            "Je zoekvraag is %(length)s tekens lang; maak haar korter dan %(most)s tekens.",
            length=len(text), most=MAX_QUERY_LENGTH)
        context["q"] = text[:MAX_QUERY_LENGTH]
        return render_template("search.html", **context), 400
    if not text and not filters.domain:
        if "q" in args:
            context["message"] = gettext(
                "Typ wat het huishouden nodig heeft, bijvoorbeeld 'geheugenproblemen', of kies een domein.")
            return render_template("search.html", **context), 400
        context.update(counts={kind: store().count(kind) for kind in KINDS}, demo=store().is_demo())
        return render_template("search.html", **context)
    requester, team = requester_and_team()
    query = SearchQuery(text, () if text else (filters.domain or "",), requester, team, filters.wijk,
                        RANKED_FOR_FILTERS if filters.narrowing else SHOWN)
    vocabulary = current_app.extensions[VOCABULARY].get(store())
    result = answers.search(store(), query, today=current_app.config["TODAY"], vocabulary=vocabulary)
    cards = _cards(result, filters, known)
    context.update(result=result, cards=cards,
                   team=_team(result, known), needs=[known.label(a) for a in result.areas],
                   filtered_out=bool(result.results) and not cards, start=start)
    return render_template("search.html", **context)


@bp.get("/zoeken")
def search() -> Any:
    return render_search()
