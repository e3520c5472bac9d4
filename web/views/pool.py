"""Teams and Organisaties: browsing who works where. A team page shows its
members and who links it to specialists of other organisations (brokers); an
organisation page its people, the help it offers and the organisations its
people share cases with."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, url_for

from directory import browse
from directory.errors import NotFound
from directory.model import Organisation, Professional, Team
from web.guard import current_user, store

bp = Blueprint("pool", __name__)

TEAM_KINDS = {"wijkteam": "sociaal wijkteam", "expertiseteam": "expertiseteam (komt samen)",
              "netwerk": "netwerk", "triage": "triage"}


def _people_in(predicate: Any) -> list[Professional]:
    return [p for p in store().iter_records("professionals")
            if isinstance(p, Professional) and predicate(p)]


@bp.get("/teams")
def teams() -> Any:
    listed = [t for t in store().iter_records("teams") if isinstance(t, Team)]
    return render_template("teams.html", teams=listed, kinds=TEAM_KINDS)


@bp.get("/teams/<path:team_id>")
def team(team_id: str) -> Any:
    user = current_user()
    if user is None:  # guard.identify lets no one here signed out; this keeps it so
        return redirect(url_for("auth.login"))
    found = browse.record(store(), "teams", team_id, by=user)
    if not isinstance(found, Team):
        raise NotFound(f"unknown team '{team_id}'")
    members = _people_in(lambda p: found.id in p.teams)
    brokers = store().brokers(found.id)
    names = {p.id: p.name for p in store().get_many("professionals", [b for b, _ in brokers]).values()
             if isinstance(p, Professional)}
    return render_template("team.html", team=found, kinds=TEAM_KINDS, members=members,
                           brokers=[names.get(b, b) for b, _ in brokers],
                           organisation=store().get("organisations", found.organisation)
                           if found.organisation else None)


@bp.get("/organisaties")
def organisations() -> Any:
    listed = [o for o in store().iter_records("organisations") if isinstance(o, Organisation)]
    return render_template("organisations.html", organisations=listed)


@bp.get("/organisaties/<path:organisation_id>")
def organisation(organisation_id: str) -> Any:
    user = current_user()
    if user is None:
        return redirect(url_for("auth.login"))
    found = browse.record(store(), "organisations", organisation_id, by=user)
    if not isinstance(found, Organisation):
        raise NotFound(f"unknown organisation '{organisation_id}'")
    labels = {a.id: a.label for a in store().areas()}
    partners = [(b if a == found.id else a, shared) for a, b, shared in store().organisation_links()
                if found.id in (a, b)]
    names = {o.id: o.name for o in store().get_many("organisations", [o for o, _ in partners]).values()
             if isinstance(o, Organisation)}
    website = found.website if found.website and found.website.startswith(("https://", "http://")) \
        else None  # a stored "javascript:" address must never become a link
    return render_template(
        "organisation.html", organisation=found, website=website,
        areas=[labels.get(a, a) for a in found.areas],
        people=_people_in(lambda p: p.organisation == found.id and p.active),
        partners=sorted(((names.get(o, o), n) for o, n in partners), key=lambda e: (-e[1], e[0])))
