"""Teams and Organisaties: browsing who works where. A team page shows its
members and who links it to specialists of other organisations (brokers); an
organisation page its people, the help it offers, the wijken it works in and
the organisations its people share cases with."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from flask import Blueprint, render_template
from flask_babel import lazy_gettext as _l

from directory.pool.model import Organisation, Professional, Team
from web.guard import store
from web.pages.parts.lookups import lookups
from web.pages.parts.signed_in import reader, record
from web.pages.profile import names_of

bp = Blueprint("pool", __name__)

TEAM_KINDS = {"wijkteam": _l("sociaal wijkteam"), "kernteam": _l("kernteam"),
              "expertiseteam": _l("expertiseteam (komt samen)"), "netwerk": _l("expertisenetwerk"),
              "triage": _l("triage")}
LINES = {"0": _l("informeel (lijn 0)"), "1": _l("eerste lijn"), "2": _l("tweede lijn")}


def _people(predicate: Callable[[Professional], bool]) -> list[Professional]:
    return [p for p in store().iter_records("professionals") if isinstance(p, Professional) and predicate(p)]


@bp.get("/teams")
def teams() -> Any:
    reader()
    sizes = Counter(t for p in _people(lambda p: p.active) for t in p.teams)
    listed = [t for t in store().iter_records("teams") if isinstance(t, Team)]
    return render_template("teams.html", teams=listed, kinds=TEAM_KINDS, sizes=sizes,
                           retired=store().inactive("teams"))


@bp.get("/teams/<path:team_id>")
def team(team_id: str) -> Any:
    found = record("teams", team_id, Team)
    brokers = store().brokers(found.id)
    names = names_of([b for b, _ in brokers])
    organisation = store().get("organisations", found.organisation) if found.organisation else None
    return render_template("team.html", team=found, kinds=TEAM_KINDS,
                           members=_people(lambda p: found.id in p.teams),
                           brokers=[(b, names[b]) for b, _ in brokers], organisation=organisation,
                           retired=found.id in store().inactive("teams"))


@bp.get("/organisaties")
def organisations() -> Any:
    reader()
    sizes = Counter(p.organisation for p in _people(lambda p: p.active))
    listed = [o for o in store().iter_records("organisations") if isinstance(o, Organisation)]
    return render_template("organisations.html", organisations=listed, lines=LINES, sizes=sizes,
                           retired=store().inactive("organisations"))


@bp.get("/organisaties/<path:organisation_id>")
def organisation(organisation_id: str) -> Any:
    found = record("organisations", organisation_id, Organisation)
    known = lookups(store())
    people = _people(lambda p: p.organisation == found.id and p.active)
    partners = [(b if a == found.id else a, shared) for a, b, shared in store().organisation_links()
                if found.id in (a, b)]
    names = {o.id: o.name for o in store().get_many("organisations", [o for o, _ in partners]).values()
             if isinstance(o, Organisation)}
    covered = Counter(c.area for p in people for c in p.expertise)
    website = found.website if found.website and found.website.startswith(("https://", "http://")) \
        else None  # a stored "javascript:" address must never become a link
    return render_template(
        "organisation.html", organisation=found, website=website, lines=LINES,
        retired=found.id in store().inactive("organisations"),
        areas=[(a, known.label(a)) for a in found.areas],
        people=people, people_wijken=sorted({w for p in people for w in p.wijken}),
        covered=sorted(((a, known.label(a), n) for a, n in covered.items()), key=lambda e: (-e[2], e[1])),
        partners=sorted(((o, names.get(o, o), n) for o, n in partners), key=lambda e: (-e[2], e[1])))
