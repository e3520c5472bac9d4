"""Who can be chosen on the consultation pages, by name: the ranked
specialists for a request's areas, the members an expertiseteam's chair
assigns, the wijkteam members who may hold the regie, the participants hours
are booked for — never an id to type.

Wherever a specialist can be chosen, the choice says how their hours budget
stands (``directory.consultations.hours``: a warning from 80% used; at 100% exhausted).
An exhausted specialist is not offered to someone who cannot override the
budget: ``directory.consultations.service`` would refuse them, so the page does not
invite the attempt; a coordinator still sees them, marked, and gives a
reason. The wijk a request is about starts as the wijk of the worker's
wijkteam.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext

from directory.consultations import service as consult
from directory.consultations.access import wijkteams
from directory.consultations.hours import Budget
from directory.errors import DirectoryError
from directory.pool.model import Organisation, Professional, Team
from directory.search.queries import SearchQuery
from web import answers
from web.answers import VOCABULARY
from web.guard import store
from web.i18n import number
from web.words.consult import today

#: Ranked specialists a request form or a routing form offers.
OFFERED = 8


@dataclass(frozen=True)
class Person:
    """A professional someone can choose, with their organisation and budget."""

    id: str
    name: str
    organisation: str | None
    budget: Budget

    @property
    def level(self) -> str:
        return self.budget.level

    @property
    def label(self) -> str:
        """What the choice says: name, organisation and how the hours stand."""
        parts = [self.name, *([self.organisation] if self.organisation else []), budget_words(self.budget)]
        return " · ".join(parts)


def budget_words(standing: Budget) -> str:
    """How a budget stands in a few words: hours left, nearly used up, or used up."""
    if standing.level == "exhausted":
        return gettext("geen uren meer dit halfjaar")
    left = gettext("%(hours)s uur over", hours=number(standing.left))
    if standing.level == "warning":
        return gettext("%(left)s (bijna op)", left=left)
    return left


def people(ids: Iterable[str]) -> list[Person]:
    """The professionals ``ids`` (in that order, unknown ones left out) with their budgets."""
    wanted = list(dict.fromkeys(ids))
    found = store().get_many("professionals", wanted)
    persons = [p for p in (found.get(i) for i in wanted) if isinstance(p, Professional)]
    orgs = store().get_many("organisations", [p.organisation for p in persons if p.organisation])
    standing = consult.budgets(store(), [p.id for p in persons], today())
    return [Person(p.id, p.name, _org_name(orgs.get(p.organisation or "")), standing[p.id])
            for p in persons]


def _org_name(org: object) -> str | None:
    return org.name if isinstance(org, Organisation) else None


def offerable(persons: Iterable[Person], *, override: bool) -> list[Person]:
    """Those who can be asked: everyone for a coordinator (who may override), else not the exhausted."""
    return [p for p in persons if override or p.level != "exhausted"]


def ranked(areas: Iterable[str], requester: str | None, team: str | None,
           leave_out: Iterable[str] = ()) -> list[Person]:
    """The best-matching specialists for ``areas`` from ``requester``'s point of
    view, best first, without ``leave_out`` (the regisseur, those already asked);
    empty when there are no areas or the search cannot run."""
    wanted = tuple(dict.fromkeys(areas))
    if not wanted:
        return []
    busy = set(leave_out) | ({requester} if requester else set())
    query = SearchQuery("", wanted, requester, team, None, OFFERED + len(busy))
    vocabulary = current_app.extensions[VOCABULARY].get(store())
    try:
        result = answers.search(store(), query, today=current_app.config["TODAY"], vocabulary=vocabulary)
    except DirectoryError:
        return []
    return people([hit.id for hit in result.results if hit.id not in busy][:OFFERED])


def team_members(team: str | None, leave_out: Iterable[str] = ()) -> list[Person]:
    """The active members of ``team`` by name (an expertiseteam's, for its chair to assign)."""
    if team is None:
        return []
    skip = set(leave_out)
    members = sorted((p for p in store().iter_records("professionals")
                      if isinstance(p, Professional) and p.active and team in p.teams and p.id not in skip),
                     key=lambda p: p.name)
    return people(p.id for p in members)


def wijkteam_members() -> list[tuple[str, str]]:
    """(id, "name (wijkteam)") of everyone in an active wijkteam: who may hold the regie."""
    retired = store().inactive("teams")
    teams = {t.id: t.name for t in store().iter_records("teams")
             if isinstance(t, Team) and t.kind == "wijkteam" and t.id not in retired}
    out = []
    for p in store().iter_records("professionals"):
        if isinstance(p, Professional) and p.active:
            mine = [teams[t] for t in p.teams if t in teams]
            if mine:
                out.append((p.id, f"{p.name} ({', '.join(mine)})"))
    return sorted(out, key=lambda pair: pair[1])


def home_wijk(professional: str | None) -> str | None:
    """The wijk of the professional's (first) wijkteam: where their requests are usually about."""
    person = store().get("professionals", professional) if professional else None
    if not isinstance(person, Professional):
        return None
    for team_id in wijkteams(store(), person):
        team = store().get("teams", team_id)
        if isinstance(team, Team) and team.wijk:
            return team.wijk
    return None


def home_team(professional: str | None) -> str | None:
    """The professional's (first) wijkteam: the point of view the request form ranks from."""
    person = store().get("professionals", professional) if professional else None
    if not isinstance(person, Professional):
        return None
    return next(iter(wijkteams(store(), person)), None)
