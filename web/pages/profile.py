"""Profiel: one professional as a worker needs to see them before calling:
what they know (declared levels and the cases that show it), where they work,
their hours this half-year, the cases they shared with my team (counts per
area and dates only, never client data or case text) and how I am connected
to them (the strongest path, and the people we both know).

At ``/profiel/<id>``, and at ``/professionals/<id>`` for links made from the
API's ids."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import Blueprint, current_app, render_template

from directory.accounts.roles import EDIT_OWN_PROFILE, WRITE_POOL, may
from directory.pool import browse
from directory.pool import maintain as pool
from directory.pool.model import Organisation, Professional
from directory.search.connection import connection
from web.guard import signed_in, store
from web.i18n import level_label
from web.pages.parts.lookups import lookups
from web.pages.parts.signed_in import record
from web.pages.search import requester_and_team
from web.words.connection import Step, names_of, path_steps

bp = Blueprint("profile", __name__)


@dataclass(frozen=True)
class Expertise:
    area: str
    label: str
    level: str | None
    cases: int
    last: date | None


@bp.get("/professionals/<path:professional_id>")
@bp.get("/profiel/<path:professional_id>")  # registered first, so url_for gives this one
def profile(professional_id: str) -> Any:
    person = record("professionals", professional_id, Professional)
    today = current_app.config["TODAY"] or date.today()
    me, my_team = requester_and_team()
    other = me is not None and me != person.id
    organisation = store().get("organisations", person.organisation) if person.organisation else None
    teams = store().get_many("teams", person.teams)
    return render_template(
        "profile.html", person=person, expertise=_expertise(person, today),
        organisation=organisation if isinstance(organisation, Organisation) else None,
        teams=[(t, getattr(teams.get(t), "name", t)) for t in person.teams],
        hours=browse.hours_this_half_year(store(), person, today),
        my_team=store().get("teams", my_team) if my_team else None,
        shared=_shared_with(person.id, my_team) if my_team else [],
        path=_path(me, person.id) if other else None,
        mutual=_mutual(me, person.id) if other and me else [], actions=_actions(person.id))


@dataclass(frozen=True)
class Actions:
    """What the signed-in user may do with this profile (the services check it again)."""

    version: int
    edit: bool
    confirm: bool
    export: bool
    erase: bool


def _actions(person: str) -> Actions:
    user = signed_in()
    own = user.professional == person
    return Actions(version=browse.stored(store(), "professionals", person, by=user).version,
                   edit=pool.may_edit(user, "professionals", person),
                   confirm=own and may(user, EDIT_OWN_PROFILE),
                   export=own or may(user, WRITE_POOL), erase=may(user, WRITE_POOL))


def _expertise(person: Professional, today: date) -> list[Expertise]:
    """Declared areas with their level, and areas with cases but no claim."""
    known = lookups(store())
    evidence = store().evidence_summary(list(known.areas), today, [person.id]).get(person.id, {})
    levels = {c.area: c.level for c in person.expertise}
    rows = []
    for area in sorted(levels.keys() | evidence.keys(), key=lambda a: (-levels.get(a, 0), known.label(a))):
        count, _, last = evidence.get(area, (0, 0.0, None))
        level = levels.get(area)
        rows.append(Expertise(area, known.label(area), level_label(level) if level else None, count, last))
    return rows


def _shared_with(person: str, team: str) -> list[tuple[str, int, date]]:
    """(area label, cases, latest day) of the cases ``team`` asked ``person`` to join."""
    known = lookups(store())
    found = store().team_cases(person, team)
    return sorted(((known.label(a), n, last) for a, (n, last) in found.items()), key=lambda r: (-r[1], r[0]))


def _path(me: str | None, other: str) -> list[Step]:
    """The strongest path from me to ``other`` (empty: none): the one the
    search card and the network page show too (``directory.search.connection``)."""
    return path_steps(connection(store(), me, other)) if me else []


def _mutual(me: str, other: str) -> list[tuple[str, str]]:
    ids = store().mutual_contacts(me, other)
    names = names_of(ids)
    return [(i, names[i]) for i in ids]
