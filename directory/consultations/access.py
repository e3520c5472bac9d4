"""Who may see a consultation and who may take which step: the regisseur
(always a wijkteam member), the asked specialist, the triagist of the triage
team, the chair of the expertiseteam, and coordinators, who may act in any
consultation. ``directory.consultations.service`` asks these before it changes anything;
each refusal is ``Forbidden`` (or ``NotFound`` for a team of the wrong kind).
"""

from __future__ import annotations

from typing import Any

from directory.accounts.roles import CONSULT, MANAGE_CONSULTATIONS, User, may, require
from directory.consultations.records import Ask, Consultation
from directory.consultations.schedule import schedule_of
from directory.errors import Forbidden, NotFound
from directory.pool.model import Professional, Team
from directory.ports import ConsultationReads, PoolRecords
from directory.problems import Problem

#: A team's kind decides the route of a request sent to it.
ROUTE_OF_TEAM_KIND = {"expertiseteam": "expertiseteam", "kernteam": "expertiseteam",
                      "triage": "triage", "netwerk": "netwerk"}


def may_see(store: PoolRecords, consultation: Consultation, by: User) -> bool:
    """Those named in it, the members of the team it went to, and coordinators."""
    if may(by, MANAGE_CONSULTATIONS):
        return True
    if not may(by, CONSULT) or by.professional is None:
        return False
    if by.professional in consultation.people:
        return True
    if consultation.via is not None and consultation.model != "netwerk":
        person = store.get("professionals", by.professional)
        return isinstance(person, Professional) and consultation.via in person.teams
    return False


def may_file(store: PoolRecords, by: User) -> bool:
    """Whether ``by`` can file a request: a coordinator (for a wijkteam member),
    or someone whose account is a member of an active wijkteam — the regie
    always lies with the wijkteam, so a specialist or triagist outside one
    cannot (pages hide the entry for them; ``file_request`` refuses it)."""
    if may(by, MANAGE_CONSULTATIONS):
        return True
    if not may(by, CONSULT) or by.professional is None:
        return False
    person = store.get("professionals", by.professional)
    return isinstance(person, Professional) and person.active and bool(wijkteams(store, person))


def members(store: PoolRecords, team_id: str) -> list[str]:
    return sorted(p.id for p in store.iter_records("professionals")
                  if isinstance(p, Professional) and p.active and team_id in p.teams)


def is_member(store: PoolRecords, person: str | None, team_id: str | None) -> bool:
    if person is None or team_id is None:
        return False
    found = store.get("professionals", person)
    return isinstance(found, Professional) and team_id in found.teams


def wijkteams(store: PoolRecords, person: Professional) -> list[str]:
    teams = store.get_many("teams", person.teams)
    inactive = store.inactive("teams")
    return [t for t in person.teams if isinstance(teams.get(t), Team)
            and teams[t].kind == "wijkteam" and t not in inactive]  # type: ignore[union-attr]


def took_part(store: PoolRecords, c: Consultation, person: str) -> bool:
    current = c.ask_of(person)
    if current is not None:
        return current.status == "geaccepteerd"
    if person == c.lead:
        return True
    return c.model == "triage" and is_member(store, person, c.via)


def require_lead(c: Consultation, by: User, what: str) -> None:
    if by.professional != c.lead and not may(by, MANAGE_CONSULTATIONS):
        raise Forbidden(f"only the regisseur may {what}")


def require_triagist(store: PoolRecords, c: Consultation, by: User, what: str) -> None:
    if may(by, MANAGE_CONSULTATIONS):
        return
    if by.role != "triagist" or not is_member(store, by.professional, c.via):
        raise Forbidden(f"only a triagist of the triage team may {what}")


def require_chair(store: ConsultationReads, team_id: str, by: User) -> None:
    if may(by, MANAGE_CONSULTATIONS):
        return
    schedule = schedule_of(store, team_id)
    if schedule is None or schedule.chair is None or schedule.chair != by.professional:
        raise Forbidden("only the chair of the expertiseteam assigns specialists")


def require_member_or_manager(store: PoolRecords, by: User, team_id: str, what: str) -> None:
    require(by, CONSULT)
    if not may(by, MANAGE_CONSULTATIONS) and not is_member(store, by.professional, team_id):
        raise Forbidden(f"only members of the team may {what}")


def require_taking_part(store: PoolRecords, c: Consultation, by: User) -> None:
    if may(by, MANAGE_CONSULTATIONS) or by.professional is None:
        if not may(by, MANAGE_CONSULTATIONS):
            raise Forbidden("only those taking part in the consultation may do this")
        return
    person = by.professional
    if person == c.lead or took_part(store, c, person) or (
            c.via is not None and c.model != "netwerk" and is_member(store, person, c.via)):
        return
    raise Forbidden("only those taking part in the consultation may do this")


def team_of_route(store: PoolRecords, team_id: str, route: str) -> Team:
    """The team ``team_id``, which must work as ``route`` (a triage team has an
    inbox, an expertiseteam an agenda); ``NotFound`` otherwise."""
    team = store.get("teams", team_id)
    if not isinstance(team, Team):
        raise NotFound(Problem.of("", "unknown_team", id=team_id))
    if ROUTE_OF_TEAM_KIND.get(team.kind or "") != route:
        raise NotFound(Problem.of("", "not_a_route_team", team=team_id, route=route,
                                  article="an" if route[0] in "ae" else "a"))
    return team


def latest_asks(c: Consultation) -> list[Ask]:
    latest: dict[str, Ask] = {}
    for ask_ in c.asks:
        latest[ask_.professional] = ask_
    return list(latest.values())


def lead_team(store: PoolRecords, lead: Professional, asked: Any, problems: list[Problem]) -> str | None:
    """The wijkteam the request comes from: the one named, or the lead's (only) wijkteam."""
    teams = wijkteams(store, lead)
    if not teams:
        problems.append(Problem.of("lead", "lead_outside_wijkteams", who=lead.id))
        return None
    if asked:
        if asked not in teams:
            problems.append(Problem.of("team", "not_in_wijkteam", who=lead.id, team=str(asked)))
            return None
        return str(asked)
    return teams[0]
