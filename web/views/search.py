"""Zoeken: the search page. A worker types the household's need in their own
words and gets the few specialists to call, each with the reasons why.

The signed-in user's own professional (if their account is linked to one) is
the requester, and their first team the team, so shared history and "how am I
connected" count for them. "Alleen met uren over" leaves out people without
hours left this half-year, after ranking, so the order stays the ranking's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, current_app, render_template, request

from directory.model import LEVEL_LABELS, WIJKEN_DEN_BOSCH, Professional
from directory.queries import MAX_QUERY_LENGTH, Hit, SearchQuery, SearchResult
from directory.taxonomy import Vocabulary
from web import answers
from web.api import VOCABULARY
from web.guard import current_user, store

bp = Blueprint("search", __name__)

SHOWN = 10
#: How many are ranked when people without hours are left out, so that
#: SHOWN can still be filled.
RANKED_FOR_FILTER = 50


@dataclass(frozen=True)
class Card:
    """What a result card shows about one person (the why lines already say
    how the signed-in worker is connected to them)."""

    hit: Hit
    person: Professional
    organisation: str | None
    levels: list[str]


def requester_and_team() -> tuple[str | None, str | None]:
    """The signed-in user's own professional and their first team, if linked."""
    user = current_user()
    linked = user.professional if user else None
    person = store().get("professionals", linked) if linked else None
    if not isinstance(person, Professional):
        return None, None
    return person.id, (sorted(person.teams)[0] if person.teams else None)


def _cards(result: SearchResult, only_with_hours: bool, vocabulary: Vocabulary) -> list[Card]:
    hits = [h for h in result.results if not (only_with_hours and h.hours_left == 0)][:SHOWN]
    people = store().get_many("professionals", [h.id for h in hits])
    cards = []
    for hit in hits:
        person = people.get(hit.id)
        if not isinstance(person, Professional):
            continue
        levels = [f"{LEVEL_LABELS[m.level]} ({vocabulary.label(m.area).lower()})"
                  for m in hit.matched if m.level]
        cards.append(Card(hit, person, hit.organisation["name"] if hit.organisation else None, levels))
    return cards


@bp.get("/zoeken")
def search() -> Any:
    text = request.args.get("q", "").strip()
    wijk = request.args.get("wijk") or None
    only_with_hours = request.args.get("uren") == "1"
    context: dict[str, Any] = {"q": text, "wijk": wijk, "only_with_hours": only_with_hours,
                               "wijken": WIJKEN_DEN_BOSCH, "max_length": MAX_QUERY_LENGTH,
                               "labels": _labels(), "result": None, "cards": [], "message": None}
    if wijk is not None and wijk not in WIJKEN_DEN_BOSCH:
        context["message"] = "Kies een wijk uit de lijst."
        return render_template("search.html", **context), 400
    if not text:
        if "q" in request.args:
            context["message"] = "Typ wat het huishouden nodig heeft, bijvoorbeeld 'geheugenproblemen'."
        return render_template("search.html", **context), 400 if "q" in request.args else 200
    if len(text) > MAX_QUERY_LENGTH:
        context["message"] = (f"Uw zoekvraag is {len(text)} tekens lang; "
                              f"maak haar korter dan {MAX_QUERY_LENGTH} tekens.")
        context["q"] = text[:MAX_QUERY_LENGTH]
        return render_template("search.html", **context), 400
    requester, team = requester_and_team()
    query = SearchQuery(text, (), requester, team, wijk,
                        RANKED_FOR_FILTER if only_with_hours else SHOWN)
    vocabulary = current_app.extensions[VOCABULARY].get(store())
    result = answers.search(store(), query, today=current_app.config["TODAY"], vocabulary=vocabulary)
    context.update(result=result, cards=_cards(result, only_with_hours, vocabulary),
                   team=_team_names(result), needs=[vocabulary.label(a) for a in result.areas])
    return render_template("search.html", **context)


def _team_names(result: SearchResult) -> list[tuple[str, str]] | None:
    """(need, name) per need of the proposed team."""
    if result.team is None:
        return None
    vocabulary = current_app.extensions[VOCABULARY].get(store())
    people = store().get_many("professionals", result.team.members)
    return [(vocabulary.label(need), getattr(people.get(who), "name", who))
            for need, who in sorted(result.team.covers.items())]


def _labels() -> list[str]:
    """Expertise labels and synonyms for the search box's suggestions (a
    datalist: typeahead that needs no script)."""
    words = {a.label for a in store().areas()} | {s for a in store().areas() for s in a.synonyms}
    return sorted(words, key=str.casefold)
