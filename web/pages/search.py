"""Zoeken: the search page, and the start page after signing in. A worker
types the household's need in their own words and gets the few specialists
to call, each with the reasons why, how to reach them and how they are
connected to the worker.

The signed-in user's own professional (if their account is linked to one) is
the requester, and their first team the team, so shared history and "how am I
connected" count for them. Filters (``web.pages.parts.search_filters``) keep people in
the ranking's order. The search box offers the taxonomy's labels and
synonyms through a ``<datalist>``: typeahead without script, so it works
without JavaScript and under the strict Content-Security-Policy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, current_app, render_template, request, url_for
from flask_babel import gettext
from werkzeug.datastructures import MultiDict

from directory.pool import browse
from directory.pool.browse import HoursUsed
from directory.pool.freshness import unconfirmed_for_a_year
from directory.pool.model import KINDS, Path, Professional, Team
from directory.search.queries import MAX_QUERY_LENGTH, Hit, SearchQuery, SearchResult
from web import answers
from web.answers import VOCABULARY
from web.guard import current_user, store
from web.i18n import language, level_label
from web.pages.parts.area_picker import NotAnArea, chips, options, resolve
from web.pages.parts.lookups import Lookups, lookups
from web.pages.parts.search_filters import (
    RANKED_FOR_FILTERS,
    FilterError,
    Filters,
    menus,
    passes,
    read_filters,
)
from web.pages.parts.signed_in import reader
from web.words.connection import Step, names_of, path_steps

bp = Blueprint("search", __name__)

SHOWN = 10


@dataclass(frozen=True)
class Card:
    """What a result card shows about one person."""

    hit: Hit
    person: Professional
    organisation: str | None
    levels: list[str]  # "specialist (dementie)" per need met with a declared level
    #: From me to them, worded as the profile and the network page word it
    #: (``web.words.connection``); None when not within two steps.
    connection: list[Step] | None


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
    names = names_of(i for hit, _ in kept for i in (hit.path or ()))
    return [Card(hit, person, hit.organisation["name"] if hit.organisation else None,
                 [f"{level_label(m.level)} ({known.label(m.area).lower()})" for m in hit.matched if m.level],
                 path_steps(Path(hit.path[0], hit.id, hit.path, hit.links), names) if hit.path else None)
            for hit, person in kept]


@dataclass(frozen=True)
class TeamPart:
    """One need of the proposed team and who covers it, with their hours."""

    need: str
    person: Professional
    hours: HoursUsed
    stale: bool  # proposed although not confirmed for over a year: no one else meets the need


@dataclass(frozen=True)
class TeamView:
    """The team proposal as the page shows it: who covers which need, and the
    needs no one available covers (said plainly, not left out)."""

    parts: list[TeamPart]
    uncovered: list[str]
    exact: bool = True  # False: chosen from the strongest few per need, not compared with every team


def _team(result: SearchResult, known: Lookups) -> TeamView | None:
    """The proposed team per need (in the order the needs were understood)."""
    if result.team is None:
        return None
    today = current_app.config["TODAY"] or date.today()
    people = store().get_many("professionals", result.team.members)
    parts = []
    for need in result.areas:
        person = people.get(result.team.covers.get(need, ""))
        if isinstance(person, Professional):
            hours = browse.hours_this_half_year(store(), person, today)
            parts.append(TeamPart(known.label(need), person, hours, unconfirmed_for_a_year(person, today)))
    return TeamView(parts, [known.label(need) for need in result.team.uncovered], result.team.exact)


#: Synonyms per area offered as you type: the first ones, the established terms (SHV, NAH,
#: Alzheimer). The lay words after them (thousands) are for understanding, not for a list.
TYPEAHEAD_SYNONYMS = 5


def _typeahead() -> list[str]:
    """Expertise labels and each area's first synonyms (and English labels on English
    pages) for the datalist."""
    def build() -> list[str]:
        areas = store().areas()
        words = {a.label for a in areas} | {s for a in areas for s in a.synonyms[:TYPEAHEAD_SYNONYMS]}
        if lang == "en":
            words |= {a.label_en for a in areas if a.label_en}
        return sorted(words, key=str.casefold)

    lang = language()
    return store().derived(("web.typeahead", lang), build)


def _link(args: MultiDict[str, str], **lists: list[str]) -> str:
    """This search with other areas added or removed (the picker's text resolved)."""
    kept = MultiDict([(k, v) for k, v in args.items(multi=True) if k not in {"gebied", *lists}])
    for key, values in lists.items():
        for value in dict.fromkeys(values):
            kept.add(key, value)
    return url_for("search.search") + "?" + urlencode(list(kept.items(multi=True)))


def _triage_teams(own_team: str | None) -> list[Team]:
    """The triage teams a worker can put a question to: those of the wijk of the
    worker's team, or every one when that wijk has none."""
    retired = store().inactive("teams")
    teams = [t for t in store().iter_records("teams")
             if isinstance(t, Team) and t.kind == "triage" and t.id not in retired]
    mine = store().get("teams", own_team) if own_team else None
    wijk = mine.wijk if isinstance(mine, Team) else None
    local = [t for t in teams if wijk and t.wijk == wijk]
    return sorted(local or teams, key=lambda t: t.name)


def _areas_asked(args: MultiDict[str, str], known: Lookups) -> tuple[list[str], list[str], str | None]:
    """The areas the worker added (``area``, and the picker's ``gebied``) and removed
    (``zonder``), and a message when the picker's text or an id names no area."""
    added = [a for a in args.getlist("area") if a in known.areas]
    removed = [a for a in args.getlist("zonder") if a in known.areas]
    message = None
    if len(added) < len(args.getlist("area")) or len(removed) < len(args.getlist("zonder")):
        message = gettext("Een gekozen expertisegebied bestaat niet (meer); het is weggelaten.")
    typed = args.get("gebied", "").strip()
    if typed:
        try:
            found = resolve(typed[:MAX_QUERY_LENGTH], current_app.extensions[VOCABULARY].get(store()), known)
        except NotAnArea as exc:
            message = str(exc)
        else:
            added += [a for a in found if a not in added]
            removed = [a for a in removed if a not in found]
    return added, removed, message


def _corrections(args: MultiDict[str, str], result: SearchResult, added: list[str], removed: list[str],
                 known: Lookups) -> dict[str, Any]:
    """The chips of what was understood with their remove links, and the ways on
    when little was: "bedoelde je" areas, the domains to browse, what was removed."""
    shown = chips(result.understood, known)
    only_domains = not any(known.areas[a].broader for a in result.areas if a in known.areas)

    def adding(area: str) -> str:
        return _link(args, area=[*added, area], zonder=removed)

    return {
        "chips": shown,
        "remove_links": {c.area: _link(args, area=[a for a in added if a != c.area]) if c.chosen
                         else _link(args, area=added, zonder=[*removed, c.area]) for c in shown},
        "suggest_links": [(known.label(a), adding(a)) for a in result.suggested],
        "domain_links": [(known.label(d.id), adding(d.id)) for d in known.domains] if only_domains else [],
        "removed": [(known.label(a), _link(args, area=added, zonder=[r for r in removed if r != a]))
                    for a in removed],
        "keep": {"area": added, "zonder": removed},
    }


def render_search(*, start: bool = False) -> Any:
    """The search page for the request's question (``start``: the start page after signing in)."""
    reader()
    args = request.args
    known = lookups(store())
    text = args.get("q", "").strip()
    context: dict[str, Any] = {
        "q": text, "filters": Filters(), "menus": menus(Filters(), known),
        "max_length": MAX_QUERY_LENGTH, "labels": _typeahead(), "result": None, "cards": [],
        "message": None, "counts": None, "demo": False, "options": options(known), "chips": []}
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
    added, removed, context["message"] = _areas_asked(args, known)
    if not text and not filters.domain and not added:
        if "q" in args:
            context["message"] = context["message"] or gettext(
                "Typ wat het huishouden nodig heeft, bijvoorbeeld 'geheugenproblemen', of kies een domein.")
            return render_template("search.html", **context), 400
        context.update(counts={kind: store().count(kind) for kind in KINDS}, demo=store().is_demo())
        return render_template("search.html", **context)
    requester, team = requester_and_team()
    asked = tuple(added) or (() if text else (filters.domain or "",))
    query = SearchQuery(text, asked, requester, team, filters.wijk,
                        RANKED_FOR_FILTERS if filters.narrowing else SHOWN, without=tuple(removed))
    vocabulary = current_app.extensions[VOCABULARY].get(store())
    result = answers.search(store(), query, today=current_app.config["TODAY"], vocabulary=vocabulary)
    cards = _cards(result, filters, known)
    context.update(result=result, cards=cards, team=_team(result, known),
                   needs=[known.label(a) for a in result.areas], start=start,
                   filtered_out=bool(result.results) and not cards,
                   triage=_triage_teams(team) if not cards or not any(
                       known.areas[a].broader for a in result.areas if a in known.areas) else [],
                   **_corrections(args, result, added, removed, known))
    return render_template("search.html", **context)


@bp.get("/zoeken")
def search() -> Any:
    return render_search()
