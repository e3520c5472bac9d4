"""Profiel: one professional as a worker needs to see them before calling:
what they know (declared levels and the cases that show it), where they work,
their hours this half-year, the cases they shared with my team (counts and
dates only, never client data) and how I am connected to them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import Blueprint, current_app, redirect, render_template, url_for

from directory import browse
from directory.dutch import dutch_number, month_label
from directory.errors import NotFound
from directory.model import LEVEL_LABELS, Link, Professional
from web.guard import current_user, store
from web.views.search import requester_and_team

bp = Blueprint("profile", __name__)

LINK_WORDS = {"shared_case": "samen aan casussen gewerkt", "knows": "kennen elkaar",
              "team": "zelfde team", "organisation": "zelfde organisatie"}


@dataclass(frozen=True)
class Expertise:
    label: str
    level: str | None
    cases: int
    last: date | None


@bp.get("/profiel/<path:professional_id>")
def profile(professional_id: str) -> Any:
    user = current_user()
    if user is None:  # guard.identify lets no one here signed out; this keeps it so
        return redirect(url_for("auth.login"))
    person = browse.record(store(), "professionals", professional_id, by=user)  # NotFound: 404 page
    if not isinstance(person, Professional):
        raise NotFound(f"unknown professional '{professional_id}'")
    today = current_app.config["TODAY"] or date.today()
    me, my_team = requester_and_team()
    return render_template(
        "profile.html", person=person, expertise=_expertise(person, today),
        organisation=store().get("organisations", person.organisation) if person.organisation else None,
        teams=[store().get("teams", t) or t for t in person.teams],
        hours=browse.hours_this_half_year(store(), person, today),
        shared=store().history_summary([person.id], requester=None, team=my_team,
                                       today=today).get(person.id) if my_team else None,
        my_team=store().get("teams", my_team) if my_team else None,
        path=(_path_steps(me, person.id) or []) if me and me != person.id else None,
        mutual=_names(store().mutual_contacts(me, person.id)) if me and me != person.id else [],
        month_label=month_label, number=dutch_number)


def _expertise(person: Professional, today: date) -> list[Expertise]:
    """Declared areas with their level, and areas with cases but no claim."""
    areas = {a.id: a.label for a in store().areas()}
    evidence = store().evidence_summary(list(areas), today, [person.id]).get(person.id, {})
    levels = {c.area: c.level for c in person.expertise}
    rows = []
    for area in sorted(levels.keys() | evidence.keys(), key=lambda a: (-levels.get(a, 0), areas[a])):
        count, _, last = evidence.get(area, (0, 0.0, None))
        level = levels.get(area)
        rows.append(Expertise(areas[area], LEVEL_LABELS[level] if level else None, count, last))
    return rows


def _path_steps(me: str, other: str) -> list[tuple[str, str]] | None:
    """(name, how the step to them was made) from me to ``other``; None: no path."""
    found = store().path(me, other)
    if found.ids is None:
        return None
    names = dict(zip(found.ids, _names(list(found.ids)), strict=True))
    steps = [(names[found.ids[0]], "")]
    steps += [(names[link.b], _link_words(link)) for link in found.links]
    return steps


def _link_words(link: Link) -> str:
    return LINK_WORDS[link.kind] + (f" ({int(link.weight)})" if link.kind == "shared_case" else "")


def _names(ids: list[str]) -> list[str]:
    people = store().get_many("professionals", ids)
    return [getattr(people.get(i), "name", i) for i in ids]
