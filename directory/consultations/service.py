"""Consultations: a wijkteam asks a specialist for help, in the three ways
wijkteams work with specialists (domain.md, "How a consultation flows").

* **netwerk** — the worker picks a specialist (from the ranked search) and
  asks them; the specialist accepts or declines with a reason; hours and an
  outcome are booked; the worker closes it.
* **expertiseteam** — the request goes on the agenda of the team's next
  meeting (``MeetingSchedule``); at the meeting the chair assigns one or
  more specialists; notes and actions are recorded.
* **triage** — the request lands in the triage team's inbox; the triagist
  asks clarifying questions, answers directly, routes it to one specialist or
  brings several together. A first answer is due within 2 working days.

Whatever the model, the **regie** stays with the wijkteam: the lead of a
consultation is always a member of a wijkteam, and a specialist can never
become regisseur. Escalation is recorded as steps: opschalen (with consent;
a meeting within 5 working days and a plan) and afschalen (back to the
wijkteam). Hours are booked per person and day (more than 0, at most 24 per
booking); a specialist whose half-year budget is used up cannot be asked
again unless a coordinator overrides it with a reason.

Every free-text field passes the privacy guard. Closing writes the
anonymised case record (``directory.pool.model.Case``) in the same transaction as
the closed consultation, so it counts for search at once. A step that is not
allowed in the consultation's state (closing twice, booking hours on a
declined request) is refused with ``Conflict`` and writes nothing; a step the
user may not take is ``Forbidden``; bad values are ``InvalidInput`` with one
problem (field, code, values: ``directory.problems``) each. Services return
``Done``: the consultation as stored, warnings for the user (problems on no
field), and the notices written (``web`` mails them).

This module is the face of consultations: reading them, filing a request,
a team's meeting schedule and one's notices are here; the steps are
``directory.consultations.steps`` and what every step does alike (read at a
version, write in one transaction, ask within the budget, the case record)
is ``directory.consultations.flow``. Every name is importable from here.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from directory.accounts.roles import CONSULT, MANAGE_CONSULTATIONS, User, actor, may, require
from directory.consultations import access as access
from directory.consultations import values as check
from directory.consultations.access import ROUTE_OF_TEAM_KIND as ROUTE_OF_TEAM_KIND
from directory.consultations.access import may_see as may_see
from directory.consultations.flow import NEEDS_CONSENT as NEEDS_CONSENT
from directory.consultations.flow import Done as Done
from directory.consultations.flow import budgets as budgets
from directory.consultations.flow import case_record as case_record
from directory.consultations.flow import get as get
from directory.consultations.flow import save, with_ask, with_step
from directory.consultations.records import (
    Consultation,
    MeetingSchedule,
    Notice,
    Step,
    Urgency,
)
from directory.consultations.schedule import Late as Late
from directory.consultations.schedule import escalation_meeting_due as escalation_meeting_due
from directory.consultations.schedule import first_answer_due as first_answer_due
from directory.consultations.schedule import lateness as lateness
from directory.consultations.schedule import meeting_on_or_after as meeting_on_or_after
from directory.consultations.schedule import next_meeting as next_meeting
from directory.consultations.schedule import schedule_of as schedule_of
from directory.consultations.steps import STEPS as STEPS
from directory.consultations.steps import accept as accept
from directory.consultations.steps import advise as advise
from directory.consultations.steps import ask as ask
from directory.consultations.steps import assign as assign
from directory.consultations.steps import book_hours as book_hours
from directory.consultations.steps import bring_together as bring_together
from directory.consultations.steps import clarify as clarify
from directory.consultations.steps import close as close
from directory.consultations.steps import decline as decline
from directory.consultations.steps import deescalate as deescalate
from directory.consultations.steps import escalate as escalate
from directory.consultations.steps import hand_over as hand_over
from directory.consultations.steps import note as note
from directory.consultations.steps import plan_escalation as plan_escalation
from directory.consultations.steps import record_consent as record_consent
from directory.consultations.steps import reply as reply
from directory.consultations.steps import route as route
from directory.consultations.steps import schedule_again as schedule_again
from directory.consultations.steps import withdraw as withdraw
from directory.consultations.values import MAX_HOURS_PER_BOOKING as MAX_HOURS_PER_BOOKING
from directory.consultations.values import MAX_TEXT as MAX_TEXT
from directory.consultations.workdays import local_day
from directory.errors import InvalidInput
from directory.pool.model import (
    AgeBand,
    Household,
    Professional,
    QuestionKind,
    Team,
)
from directory.ports import (
    AuditEntry,
    ConsultationReads,
    Consulting,
    ImportPlan,
    Pool,
    PoolWithConsultations,
)
from directory.problems import Problem

# --- reading -----------------------------------------------------------------------

def visible(store: PoolWithConsultations, *, by: User, open_only: bool = False) -> list[Consultation]:
    """The consultations ``by`` may see, newest first."""
    require(by, CONSULT)
    if may(by, MANAGE_CONSULTATIONS):
        found = store.consultations(open_only=open_only)
    elif by.professional is None:
        found = []
    else:
        seen = {c.id: c for c in store.consultations(open_only=open_only, person=by.professional)}
        person = store.get("professionals", by.professional)
        for team in person.teams if isinstance(person, Professional) else ():
            for c in store.consultations(open_only=open_only, team=team):
                if c.via == team and c.model != "netwerk":
                    seen.setdefault(c.id, c)
        found = list(seen.values())
    return sorted(found, key=lambda c: (c.opened, c.id), reverse=True)


def inbox(store: PoolWithConsultations, team_id: str, *, by: User) -> list[Consultation]:
    """A triage team's open requests that nobody has taken up yet or that wait
    for the triagist, oldest first (what the triagist works through)."""
    access.team_of_route(store, team_id, "triage")
    access.require_member_or_manager(store, by, team_id, "see this team's inbox")
    return [c for c in store.consultations(open_only=True, team=team_id)
            if c.via == team_id and c.model == "triage"]


def agenda(store: PoolWithConsultations, team_id: str, meeting: date, *, by: User) -> list[Consultation]:
    """The requests on the agenda of ``team_id``'s meeting on ``meeting``."""
    access.team_of_route(store, team_id, "expertiseteam")
    access.require_member_or_manager(store, by, team_id, "see this team's agenda")
    return [c for c in store.consultations(open_only=True, team=team_id)
            if c.via == team_id and c.model == "expertiseteam" and c.meeting == meeting]


def overdue(store: PoolWithConsultations, *, by: User, today: date | None = None) -> list[Late]:
    """Every limit missed among the open consultations ``by`` may see, longest overdue first."""
    today = today or local_day(datetime.now(UTC))
    late = [item for c in visible(store, by=by, open_only=True) for item in lateness(c, today)]
    return sorted(late, key=lambda item: (item.due, item.consultation.id))


# --- filing a request ------------------------------------------------------------------

_FIELDS = ("need", "areas", "wijk", "age_band", "household", "question", "urgency", "named",
           "consent", "via", "specialist", "lead", "team", "override")


def file_request(store: Consulting, values: Mapping[str, Any], *, by: User,
                 now: datetime | None = None) -> Done:
    """A wijkteam member's request for help (``values`` as a form or JSON body
    holds them: need, areas, wijk, age_band, household, question, urgency,
    named, consent, via — the team it goes to, none for the whole network —,
    specialist — netwerk: who to ask —; a coordinator may name the ``lead``;
    ``override``: a coordinator's reason to ask a specialist without hours)."""
    require(by, CONSULT)
    now = now or datetime.now(UTC)
    problems: list[Problem] = []
    unknown = sorted(set(values) - set(_FIELDS))
    problems += [Problem.of(key, "unknown_field") for key in unknown]
    need = check.text(store, values.get("need"), "need", problems, required=True)
    areas = check.areas(store, values.get("areas"), problems)
    wijk = check.choice_text(store, values.get("wijk"), "wijk", problems)
    age_band = check.literal(values.get("age_band"), AgeBand, "age_band", problems)
    household = check.literal(values.get("household"), Household, "household", problems)
    question = check.literal(values.get("question"), QuestionKind, "question", problems) or "advies"
    urgency = check.literal(values.get("urgency"), Urgency, "urgency", problems) or "normaal"
    named = check.flag(values.get("named"), "named", problems)
    consent = check.flag(values.get("consent"), "consent", problems)
    if (named or question in NEEDS_CONSENT) and not consent:
        problems.append(Problem.of("consent", "consent_needed"))
    lead, team = _lead_and_team(store, values, by, problems)
    via_team = _routed_to(store, values, problems)
    model = ROUTE_OF_TEAM_KIND[via_team.kind] if via_team is not None and via_team.kind else "netwerk"
    specialist = _specialist(values, model, problems)
    meeting = _first_meeting(store, via_team, now, problems) if model == "expertiseteam" else None
    if problems:
        raise InvalidInput("the request cannot be filed", problems)
    assert lead is not None and team is not None and need is not None
    consultation = Consultation(
        id="c-" + secrets.token_hex(6), model=model, team=team, lead=lead.id,  # type: ignore[arg-type]
        via=via_team.id if via_team is not None else None, need=need, areas=areas, wijk=wijk,
        age_band=age_band, household=household, question=question,  # type: ignore[arg-type]
        urgency=urgency,  # type: ignore[arg-type]
        named=named, consent=consent, state="geagendeerd" if meeting else "nieuw", opened=now,
        meeting=meeting, steps=(Step(at=now, by=actor(by), action="aangevraagd"),))
    notices: list[Notice] = []
    warnings: list[Problem] = []
    if via_team is not None:
        consultation, notices = _to_the_team(store, consultation, via_team, by, now)
    if specialist is not None:
        consultation, more_warnings = with_ask(store, consultation, str(specialist), by, now,
                                           values.get("override"))
        warnings += more_warnings
        notices.append(Notice(professional=str(specialist), at=now, consultation=consultation.id,
                              what="gevraagd"))
    return save(store, consultation, None, by, now, "file", notices, warnings)


def _lead_and_team(store: Consulting, values: Mapping[str, Any], by: User,
                   problems: list[Problem]) -> tuple[Professional | None, str | None]:
    """The regisseur (the one filing, or whom a coordinator names) and their wijkteam."""
    lead_id = values.get("lead") or by.professional
    if values.get("lead") and not may(by, MANAGE_CONSULTATIONS):
        problems.append(Problem.of("lead", "lead_for_others"))
    if not isinstance(lead_id, str) or not lead_id:
        problems.append(Problem.of("lead", "account_not_linked"))
        return None, None
    found = store.get("professionals", lead_id)
    if not isinstance(found, Professional) or not found.active:
        problems.append(Problem.of("lead", "unknown_professional", id=lead_id))
        return None, None
    return found, access.lead_team(store, found, values.get("team"), problems)


def _routed_to(store: Consulting, values: Mapping[str, Any], problems: list[Problem]) -> Team | None:
    """The expertiseteam, triage team or network the request goes to (none: the whole pool)."""
    if not values.get("via"):
        return None
    asked_team = store.get("teams", str(values["via"]))
    if not isinstance(asked_team, Team) or asked_team.id in store.inactive("teams"):
        problems.append(Problem.of("via", "unknown_team", id=str(values["via"])))
    elif asked_team.kind not in ROUTE_OF_TEAM_KIND:
        problems.append(Problem.of("via", "not_a_routing_team", team=asked_team.id))
    else:
        return asked_team
    return None


def _specialist(values: Mapping[str, Any], model: str, problems: list[Problem]) -> str | None:
    """Whom a netwerk request asks; in an expertiseteam or triage nobody is named yet."""
    specialist = values.get("specialist") or None
    if specialist is not None and not isinstance(specialist, str):
        problems.append(Problem.of("specialist", "must_be_professional_id"))
        return None
    if specialist is not None and model != "netwerk":
        problems.append(Problem.of("specialist", "chair_assigns" if model == "expertiseteam"
                                   else "triagist_routes"))
    return specialist


def _to_the_team(store: Consulting, consultation: Consultation, via_team: Team, by: User,
                 now: datetime) -> tuple[Consultation, list[Notice]]:
    """A request to a team: on the expertiseteam's agenda (its chair told), or in the
    triage team's inbox (every triagist told)."""
    notices: list[Notice] = []
    if consultation.meeting is not None:
        consultation = with_step(consultation, now, by, "geagendeerd", text=consultation.meeting.isoformat())
        chair = getattr(schedule_of(store, via_team.id), "chair", None)
        if chair:
            notices.append(Notice(professional=chair, at=now, consultation=consultation.id,
                                  what="nieuw-op-agenda"))
    if consultation.model == "triage":
        notices += [Notice(professional=p, at=now, consultation=consultation.id, what="nieuw-in-triage")
                    for p in access.members(store, via_team.id)]
    return consultation, notices


def _first_meeting(store: Consulting, via_team: Team | None, now: datetime,
                   problems: list[Problem]) -> date | None:
    """The expertiseteam's next meeting, whose agenda the request goes on."""
    if via_team is None:
        return None
    meeting = next_meeting(store, via_team.id, local_day(now))
    if meeting is None:
        problems.append(Problem.of("via", "no_schedule_yet", team=via_team.id))
    return meeting


# --- a team's meetings and one's notices ---------------------------------------------

def set_schedule(store: Pool, values: Mapping[str, Any], *, by: User,
                 now: datetime | None = None) -> MeetingSchedule:
    """A coordinator sets when an expertiseteam meets and who chairs it."""
    require(by, MANAGE_CONSULTATIONS)
    now = now or datetime.now(UTC)
    problems: list[Problem] = []
    team_id = str(values.get("team") or "")
    team = store.get("teams", team_id)
    if not isinstance(team, Team) or ROUTE_OF_TEAM_KIND.get(team.kind or "") != "expertiseteam":
        problems.append(Problem.of("team", "not_an_expertiseteam", team=team_id))
    first = check.day(values.get("first"), None, problems, "first")
    every = check.whole_number(values.get("every_weeks", 2))
    if every is None or not 1 <= every <= 8:
        problems.append(Problem.of("every_weeks", "weeks"))
        every = 2
    chair = values.get("chair")
    chair = None if chair == "" else chair
    if chair is not None and not isinstance(chair, str):
        problems.append(Problem.of("chair", "must_be_professional_id"))
    elif chair is not None:
        person = store.get("professionals", chair)
        if not isinstance(person, Professional) or team_id not in person.teams:
            problems.append(Problem.of("chair", "not_a_member", who=chair))
    time = check.choice_text(store, values.get("time"), "time", problems)
    place = check.choice_text(store, values.get("place"), "place", problems)
    if problems:
        raise InvalidInput("the schedule cannot be saved", problems)
    assert first is not None
    schedule = MeetingSchedule(team=team_id, first=first, every_weeks=every, time=time,
                               chair=str(chair) if chair else None, place=place)
    entry = AuditEntry(now, actor(by), "schedules", team_id, "update", None,
                       {"first": first.isoformat(), "every_weeks": every, "chair": schedule.chair})
    store.apply(ImportPlan({}, schedules=(schedule,), audit=(entry,)))
    return schedule


def mark_read(store: ConsultationReads, up_to: int, *, by: User) -> None:
    """``by`` has read their notices up to ``up_to``."""
    require(by, CONSULT)
    if by.professional is not None:
        store.mark_notices_read(by.professional, up_to)
