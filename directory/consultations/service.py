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
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from directory.accounts.roles import CONSULT, MANAGE_CONSULTATIONS, User, actor, may, require
from directory.consultations import access as access
from directory.consultations import values as check
from directory.consultations.access import ROUTE_OF_TEAM_KIND as ROUTE_OF_TEAM_KIND
from directory.consultations.access import may_see as may_see
from directory.consultations.hours import Budget, budget, half_year
from directory.consultations.records import (
    Ask,
    Booking,
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
from directory.consultations.values import MAX_HOURS_PER_BOOKING as MAX_HOURS_PER_BOOKING
from directory.consultations.values import MAX_TEXT as MAX_TEXT
from directory.consultations.workdays import local_day
from directory.errors import Conflict, Forbidden, InvalidInput, NotFound, stale_line
from directory.pool.model import (
    AgeBand,
    Case,
    Household,
    Outcome,
    Participation,
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
    PoolRecords,
    PoolWithConsultations,
)
from directory.problems import Problem

#: Question kinds that need the client's consent (as does a named consultation).
NEEDS_CONSENT = ("opschalen",)


@dataclass(frozen=True, slots=True)
class Done:
    """What a step left: the consultation as stored (with its new version),
    warnings for whoever took the step, and the notices it wrote."""

    consultation: Consultation
    warnings: tuple[Problem, ...] = ()
    notices: tuple[Notice, ...] = ()


# --- reading -----------------------------------------------------------------------

def get(store: PoolWithConsultations, consultation_id: str, *, by: User) -> Consultation:
    """One consultation, for someone who may see it (``NotFound`` otherwise:
    whether it exists is not told to others)."""
    require(by, CONSULT)
    found = store.consultation(consultation_id)
    if found is None or not may_see(store, found, by):
        raise NotFound(f"unknown consultation '{consultation_id}'")
    return found


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


def budgets(store: Consulting, people: Iterable[str], today: date) -> dict[str, Budget]:
    """The hours budget of each professional this half-year (default 40)."""
    ids = list(dict.fromkeys(people))
    found = store.get_many("professionals", ids)
    booked = store.hours_booked(ids, *half_year(today))
    return {pid: budget(getattr(found.get(pid), "hours_per_half_year", None), booked.get(pid, 0.0))
            for pid in ids}


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
    lead_id = values.get("lead") or by.professional
    if values.get("lead") and not may(by, MANAGE_CONSULTATIONS):
        problems.append(Problem.of("lead", "lead_for_others"))
    lead: Professional | None = None
    team = None
    if not isinstance(lead_id, str) or not lead_id:
        problems.append(Problem.of("lead", "account_not_linked"))
    else:
        found = store.get("professionals", lead_id)
        if isinstance(found, Professional) and found.active:
            lead = found
        else:
            problems.append(Problem.of("lead", "unknown_professional", id=lead_id))
    if lead is not None:
        team = access.lead_team(store, lead, values.get("team"), problems)
    via_team: Team | None = None
    if values.get("via"):
        asked_team = store.get("teams", str(values["via"]))
        if not isinstance(asked_team, Team) or asked_team.id in store.inactive("teams"):
            problems.append(Problem.of("via", "unknown_team", id=str(values["via"])))
        elif asked_team.kind not in ROUTE_OF_TEAM_KIND:
            problems.append(Problem.of("via", "not_a_routing_team", team=asked_team.id))
        else:
            via_team = asked_team
    model = ROUTE_OF_TEAM_KIND[via_team.kind] if via_team is not None and via_team.kind else "netwerk"
    specialist = values.get("specialist") or None
    if specialist is not None and not isinstance(specialist, str):
        problems.append(Problem.of("specialist", "must_be_professional_id"))
        specialist = None
    if specialist is not None and model != "netwerk":
        problems.append(Problem.of("specialist", "chair_assigns" if model == "expertiseteam"
                                   else "triagist_routes"))
    meeting = None
    if model == "expertiseteam" and via_team is not None:
        meeting = next_meeting(store, via_team.id, local_day(now))
        if meeting is None:
            problems.append(Problem.of("via", "no_schedule_yet", team=via_team.id))
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
    if meeting is not None and via_team is not None:
        consultation = _step(consultation, now, by, "geagendeerd", text=meeting.isoformat())
        chair = getattr(schedule_of(store, via_team.id), "chair", None)
        if chair:
            notices.append(Notice(professional=chair, at=now, consultation=consultation.id,
                                  what="nieuw-op-agenda"))
    if model == "triage" and via_team is not None:
        notices += [Notice(professional=p, at=now, consultation=consultation.id, what="nieuw-in-triage")
                    for p in access.members(store, via_team.id)]
    if specialist is not None:
        consultation, more_warnings = _ask(store, consultation, str(specialist), by, now,
                                           values.get("override"))
        warnings += more_warnings
        notices.append(Notice(professional=str(specialist), at=now, consultation=consultation.id,
                              what="gevraagd"))
    return _save(store, consultation, None, by, now, "file", notices, warnings)


# --- the steps ------------------------------------------------------------------------------

def ask(store: Consulting, consultation_id: str, specialist: str, *, by: User, version: int | None = None,
        override: str | None = None, now: datetime | None = None) -> Done:
    """Ask a specialist: the regisseur in the network, the triagist routing a
    request (``route`` is the same step), or a coordinator."""
    specialist = check.id(specialist, "specialist")
    now, c = _begin(store, consultation_id, by, version, now)
    if c.model == "expertiseteam":
        raise Conflict(Problem.of("", "chair_assigns_at_meeting"))
    if c.model == "triage":
        access.require_triagist(store, c, by, "route this request")
    else:
        access.require_lead(c, by, "ask a specialist")
    c, warnings = _ask(store, c, specialist, by, now, override)
    notice = Notice(professional=specialist, at=now, consultation=c.id, what="gevraagd")
    return _save(store, c, version, by, now, "ask", [notice], warnings)


route = ask


def bring_together(store: Consulting, consultation_id: str, specialists: list[str], *, by: User,
                   version: int | None = None, now: datetime | None = None) -> Done:
    """The triagist asks several specialists at once (one request, several answers)."""
    specialists = check.ids(specialists, "specialists")
    now, c = _begin(store, consultation_id, by, version, now)
    if c.model != "triage":
        raise Conflict(Problem.of("", "triagist_brings_together"))
    access.require_triagist(store, c, by, "route this request")
    if len(set(specialists)) < 2:
        raise InvalidInput("choose at least two specialists", [Problem.of("specialists", "choose_two")])
    warnings: list[Problem] = []
    notices = []
    for person in dict.fromkeys(specialists):
        c, more = _ask(store, c, person, by, now, None)
        warnings += more
        notices.append(Notice(professional=person, at=now, consultation=c.id, what="gevraagd"))
    return _save(store, c, version, by, now, "ask", notices, warnings)


def accept(store: PoolWithConsultations, consultation_id: str, *, by: User, version: int | None = None,
           now: datetime | None = None) -> Done:
    """The asked specialist takes the request on."""
    now, c = _begin(store, consultation_id, by, version, now)
    person = _asked_person(c, by)
    c = _answer_ask(c, person, "geaccepteerd", None, now, by)
    c = replace(c, state="lopend", first_answer=c.first_answer or now)
    c = _step(c, now, by, "geaccepteerd", professional=person)
    return _save(store, c, version, by, now, "accept", [_notice_lead(c, now, "geaccepteerd")])


def decline(store: PoolWithConsultations, consultation_id: str, reason: str, *, by: User,
            version: int | None = None, now: datetime | None = None) -> Done:
    """The asked specialist declines, saying why (the regisseur can ask someone else)."""
    now, c = _begin(store, consultation_id, by, version, now)
    person = _asked_person(c, by)
    problems: list[Problem] = []
    why = check.text(store, reason, "reason", problems, required=True)
    if problems:
        raise InvalidInput("say why you decline", problems)
    c = _answer_ask(c, person, "afgewezen", why, now, by)
    if not any(a.status in ("gevraagd", "geaccepteerd") for a in access.latest_asks(c)):
        c = replace(c, state="nieuw")
    c = _step(c, now, by, "afgewezen", text=why, professional=person)
    return _save(store, c, version, by, now, "decline", [_notice_lead(c, now, "afgewezen")])


def assign(store: Consulting, consultation_id: str, specialists: list[str], *, by: User,
           version: int | None = None, override: str | None = None, now: datetime | None = None) -> Done:
    """At the meeting, the chair of the expertiseteam assigns one or more of its
    specialists (they were there: their ask is accepted at once)."""
    specialists = check.ids(specialists, "specialists")
    now, c = _begin(store, consultation_id, by, version, now)
    if c.model != "expertiseteam" or c.via is None:
        raise Conflict(Problem.of("", "chair_only"))
    access.require_chair(store, c.via, by)
    if not specialists:
        raise InvalidInput("choose at least one specialist", [Problem.of("specialists", "choose_one")])
    warnings: list[Problem] = []
    notices = []
    for person in dict.fromkeys(specialists):
        c, more = _ask(store, c, person, by, now, override, status="geaccepteerd")
        warnings += more
        notices.append(Notice(professional=person, at=now, consultation=c.id, what="toegewezen"))
    c = replace(c, state="lopend", first_answer=c.first_answer or now)
    notices.append(_notice_lead(c, now, "specialisten-toegewezen"))
    return _save(store, c, version, by, now, "assign", notices, warnings)


def schedule_again(store: PoolWithConsultations, consultation_id: str, *, by: User,
                   version: int | None = None, now: datetime | None = None) -> Done:
    """Move a request that was not discussed to the team's next meeting."""
    now, c = _begin(store, consultation_id, by, version, now)
    if c.model != "expertiseteam" or c.via is None or c.state != "geagendeerd":
        raise Conflict(Problem.of("", "agenda_only"))
    access.require_chair(store, c.via, by)
    after = max(local_day(now), c.meeting or local_day(now)) + timedelta(days=1)
    meeting = next_meeting(store, c.via, after)
    if meeting is None:
        raise Conflict(Problem.of("", "no_schedule", team=c.via))
    c = _step(replace(c, meeting=meeting), now, by, "geagendeerd", text=meeting.isoformat())
    return _save(store, c, version, by, now, "schedule", [_notice_lead(c, now, "geagendeerd")])


def clarify(store: PoolWithConsultations, consultation_id: str, question: str, *, by: User,
            version: int | None = None, now: datetime | None = None) -> Done:
    """The triagist asks the regisseur a clarifying question (a first answer)."""
    now, c = _begin(store, consultation_id, by, version, now)
    if c.model != "triage":
        raise Conflict(Problem.of("", "clarify_in_triage"))
    access.require_triagist(store, c, by, "ask about this request")
    text = check.required_text(store, question, "question")
    c = replace(c, first_answer=c.first_answer or now)
    c = _step(c, now, by, "vraag", text=text, professional=by.professional)
    return _save(store, c, version, by, now, "clarify", [_notice_lead(c, now, "vraag")])


def reply(store: PoolWithConsultations, consultation_id: str, answer: str, *, by: User,
          version: int | None = None, now: datetime | None = None) -> Done:
    """The regisseur answers a clarifying question."""
    now, c = _begin(store, consultation_id, by, version, now)
    access.require_lead(c, by, "answer for the wijkteam")
    text = check.required_text(store, answer, "answer")
    c = _step(c, now, by, "antwoord", text=text, professional=c.lead)
    notices = [Notice(professional=p, at=now, consultation=c.id, what="antwoord")
               for p in _helpers(c) if p != c.lead]
    return _save(store, c, version, by, now, "reply", notices)


def advise(store: PoolWithConsultations, consultation_id: str, advice: str, *, by: User,
           version: int | None = None, now: datetime | None = None) -> Done:
    """Advice to the regisseur: from the triagist answering directly, or from a
    specialist who took the request on."""
    now, c = _begin(store, consultation_id, by, version, now)
    person = by.professional
    is_helper = person is not None and (
        (c.ask_of(person) is not None and c.ask_of(person).status == "geaccepteerd")  # type: ignore[union-attr]
        or (c.model == "triage" and access.is_member(store, person, c.via)))
    if not is_helper and not may(by, MANAGE_CONSULTATIONS):
        raise Forbidden("only the triagist or a specialist who took the request on gives advice")
    text = check.required_text(store, advice, "advice")
    c = replace(c, first_answer=c.first_answer or now,
                state="lopend" if c.state == "nieuw" else c.state)
    c = _step(c, now, by, "advies", text=text, professional=person)
    return _save(store, c, version, by, now, "advise", [_notice_lead(c, now, "advies")])


def note(store: PoolWithConsultations, consultation_id: str, text: str, *, action: bool = False, by: User,
         version: int | None = None, now: datetime | None = None) -> Done:
    """A note (or, with ``action``, an agreed action: a call, a joint home
    visit) by anyone taking part: meeting notes of an expertiseteam too."""
    now, c = _begin(store, consultation_id, by, version, now)
    access.require_taking_part(store, c, by)
    body = check.required_text(store, text, "text")
    c = _step(c, now, by, "actie" if action else "notitie", text=body, professional=by.professional)
    return _save(store, c, version, by, now, "note")


def book_hours(store: Consulting, consultation_id: str, hours: Any, *, by: User, day: Any = None,
               professional: str | None = None, version: int | None = None,
               now: datetime | None = None) -> Done:
    """Book hours spent on the consultation (by the person themselves, or by a
    coordinator for them). Refused: not more than 0 or more than 24 in one
    booking, a day in the future or before the request, a closed request, and
    anyone who did not take part (a declined or unanswered ask books nothing)."""
    now, c = _begin(store, consultation_id, by, version, now)
    person = check.id(professional, "professional") if professional is not None else by.professional
    if person is None:
        raise InvalidInput("say whose hours these are", [Problem.of("professional", "required")])
    if person != by.professional and not may(by, MANAGE_CONSULTATIONS):
        raise Forbidden("you book only your own hours")
    problems: list[Problem] = []
    amount = check.hours(hours, problems)
    when = check.day(day, local_day(now), problems)
    if when is not None and (when > local_day(now) or when < local_day(c.opened)):
        problems.append(Problem.of("day", "day_outside_request"))
    if problems:
        raise InvalidInput("these hours cannot be booked", problems)
    if not access.took_part(store, c, person):
        ask_ = c.ask_of(person)
        if ask_ is not None and ask_.status == "afgewezen":
            raise Conflict(Problem.of("", "declined_no_hours", who=person))
        raise Conflict(Problem.of("", "not_taking_part", who=person))
    assert amount is not None and when is not None
    booking = Booking(professional=person, day=when, hours=amount, by=actor(by), at=now)
    c = replace(c, bookings=(*c.bookings, booking))
    c = _step(c, now, by, "uren", text=f"{check.hours_text(amount)} ({when.isoformat()})",
              professional=person)
    after = budgets(store, [person], local_day(now))[person]
    booked = Budget(after.budget, after.booked + amount) if when >= half_year(local_day(now))[0] else after
    warnings = _budget_warnings(store, person, booked)
    return _save(store, c, version, by, now, "book", [], warnings)


def escalate(store: PoolWithConsultations, consultation_id: str, *, meeting: Any = None,
             reason: str | None = None, by: User, version: int | None = None,
             now: datetime | None = None) -> Done:
    """Opschalen: with the client's consent, a meeting (within 5 working days)
    and a plan; the wijkteam keeps the regie."""
    now, c = _begin(store, consultation_id, by, version, now)
    access.require_taking_part(store, c, by)
    if c.escalated is not None:
        raise Conflict(Problem.of("", "already_escalated"))
    if not c.consent:
        raise Conflict(Problem.of("", "escalate_needs_consent"))
    problems: list[Problem] = []
    day = check.day(meeting, None, problems, "meeting") if meeting not in (None, "") else None
    text = check.text(store, reason, "reason", problems)
    if day is not None and day < local_day(now):
        problems.append(Problem.of("meeting", "meeting_in_past"))
    if problems:
        raise InvalidInput("cannot escalate", problems)
    c = replace(c, escalated=now, escalation_meeting=day, question="opschalen")
    due = escalation_meeting_due(c)
    warnings = []
    if day is not None and due is not None and day > due:
        warnings.append(Problem.of("", "meeting_late", due=due))
    c = _step(c, now, by, "opgeschaald", text=check.joined(day, text))
    notices = [Notice(professional=p, at=now, consultation=c.id, what="opgeschaald")
               for p in _helpers(c) | {c.lead} if p != by.professional]
    return _save(store, c, version, by, now, "escalate", notices, warnings)


def record_consent(store: PoolWithConsultations, consultation_id: str, *, by: User,
                   version: int | None = None, now: datetime | None = None) -> Done:
    """The regisseur records that the client consented."""
    now, c = _begin(store, consultation_id, by, version, now)
    access.require_lead(c, by, "record consent")
    if c.consent:
        raise Conflict(Problem.of("", "consent_recorded"))
    c = _step(replace(c, consent=True), now, by, "toestemming")
    return _save(store, c, version, by, now, "consent")


def plan_escalation(store: PoolWithConsultations, consultation_id: str, *, meeting: Any = None,
                    plan: str | None = None, by: User, version: int | None = None,
                    now: datetime | None = None) -> Done:
    """After opschalen: the meeting day and/or the plan."""
    now, c = _begin(store, consultation_id, by, version, now)
    access.require_taking_part(store, c, by)
    if c.escalated is None:
        raise Conflict(Problem.of("", "not_escalated"))
    problems: list[Problem] = []
    day = check.day(meeting, None, problems, "meeting") if meeting not in (None, "") else None
    text = check.text(store, plan, "plan", problems)
    if day is None and text is None and not problems:
        problems.append(Problem.of("plan", "meeting_or_plan"))
    if problems:
        raise InvalidInput("cannot record the plan", problems)
    warnings = []
    if day is not None:
        due = escalation_meeting_due(c)
        if due is not None and day > due:
            warnings.append(Problem.of("", "meeting_late", due=due))
        c = replace(c, escalation_meeting=day)
    if text is not None:
        c = replace(c, plan=text)
    c = _step(c, now, by, "plan", text=check.joined(day, text))
    return _save(store, c, version, by, now, "plan", [], warnings)


def deescalate(store: PoolWithConsultations, consultation_id: str, *, reason: str | None = None, by: User,
               version: int | None = None, now: datetime | None = None) -> Done:
    """Afschalen: the care goes back to the wijkteam."""
    now, c = _begin(store, consultation_id, by, version, now)
    access.require_taking_part(store, c, by)
    if c.escalated is None:
        raise Conflict(Problem.of("", "not_escalated"))
    problems: list[Problem] = []
    text = check.text(store, reason, "reason", problems)
    if problems:
        raise InvalidInput("cannot hand back", problems)
    c = _step(replace(c, escalated=None), now, by, "afgeschaald", text=text)
    notices = [Notice(professional=p, at=now, consultation=c.id, what="afgeschaald")
               for p in _helpers(c) | {c.lead} if p != by.professional]
    return _save(store, c, version, by, now, "deescalate", notices)


def hand_over(store: PoolWithConsultations, consultation_id: str, new_lead: str, *, by: User,
              version: int | None = None, now: datetime | None = None) -> Done:
    """Pass the regie to another wijkteam member (never to a specialist)."""
    new_lead = check.id(new_lead, "lead")
    now, c = _begin(store, consultation_id, by, version, now)
    access.require_lead(c, by, "pass the regie on")
    person = store.get("professionals", new_lead)
    if not isinstance(person, Professional) or not person.active:
        raise InvalidInput("unknown professional", [Problem.of("lead", "unknown_professional", id=new_lead)])
    teams = access.wijkteams(store, person)
    if not teams:
        raise Conflict(Problem.of("", "regie_stays", who=new_lead))
    if new_lead == c.lead:
        raise Conflict(Problem.of("", "has_regie", who=new_lead))
    # the request belongs to the regisseur's wijkteam (the case is filed under it)
    team = c.team if c.team in teams else teams[0]
    c = replace(c, lead=new_lead, team=team, former_leads=(*c.former_leads, c.lead))
    c = _step(c, now, by, "regie", professional=new_lead)
    return _save(store, c, version, by, now, "hand_over", [_notice_lead(c, now, "regie")])


def close(store: PoolWithConsultations, consultation_id: str, *, outcome: Any, lessons: str | None = None,
          by: User, version: int | None = None, now: datetime | None = None) -> Done:
    """Close the consultation with its outcome and lessons learned; writes the
    anonymised case record in the same transaction."""
    now, c = _begin(store, consultation_id, by, version, now)
    access.require_lead(c, by, "close the consultation")
    problems: list[Problem] = []
    result = check.literal(outcome, Outcome, "outcome", problems)
    if result is None and not problems:
        problems.append(Problem.of("outcome", "required"))
    text = check.text(store, lessons, "lessons", problems)
    if problems:
        raise InvalidInput("the consultation cannot be closed", problems)
    case = case_record(store, replace(c, outcome=result, lessons=text), local_day(now))
    c = replace(c, state="gesloten", closed=now, outcome=result, lessons=text, case=case.id)
    c = _step(c, now, by, "gesloten", text=result)
    notices = [Notice(professional=p, at=now, consultation=c.id, what="gesloten")
               for p in _helpers(c) if p != by.professional]
    return _save(store, c, version, by, now, "close", notices, case=case)


def withdraw(store: PoolWithConsultations, consultation_id: str, *, reason: str | None = None, by: User,
             version: int | None = None, now: datetime | None = None) -> Done:
    """The regisseur withdraws the request (no case is written)."""
    now, c = _begin(store, consultation_id, by, version, now)
    access.require_lead(c, by, "withdraw the request")
    problems: list[Problem] = []
    text = check.text(store, reason, "reason", problems)
    if problems:
        raise InvalidInput("cannot withdraw", problems)
    c = _step(replace(c, state="ingetrokken", closed=now), now, by, "ingetrokken", text=text)
    asked = {a.professional for a in access.latest_asks(c) if a.status == "gevraagd"}
    notices = [Notice(professional=p, at=now, consultation=c.id, what="ingetrokken")
                  for p in sorted(_helpers(c) | asked) if p != by.professional]
    return _save(store, c, version, by, now, "withdraw", notices)


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


# --- the anonymised case ------------------------------------------------------------------------

def case_record(store: PoolRecords, c: Consultation, closed: date) -> Case:
    """The case record of domain.md that closing ``c`` writes: a new random id,
    the dates, wijk, age band, household, areas, model, kind of question,
    requesting team, who took part in which role with their hours, the
    outcome and the lessons (already checked by the privacy guard)."""
    roles: dict[str, str] = {c.lead: "regie"}
    for step in c.steps:
        if step.professional and step.action in ("vraag", "advies") and step.professional != c.lead \
                and c.model == "triage" and access.is_member(store, step.professional, c.via):
            roles.setdefault(step.professional, "triage")
    for ask_ in access.latest_asks(c):
        if ask_.status == "geaccepteerd":
            roles.setdefault(ask_.professional, "specialist")
    for booking in c.bookings:
        roles.setdefault(booking.professional, "specialist")
    participants = tuple(Participation(professional=p, role=role,  # type: ignore[arg-type]
                                       hours=c.hours_of(p) or None)
                         for p, role in roles.items())
    return Case(id="case-" + secrets.token_hex(6), opened=local_day(c.opened), closed=closed,
                team=c.team, wijk=c.wijk, areas=c.areas, model=c.model, question=c.question,
                participants=participants, outcome=c.outcome, age_band=c.age_band,
                household=c.household, notes=c.lessons)


# --- helpers --------------------------------------------------------------------------------

def _begin(store: PoolWithConsultations, consultation_id: str, by: User, version: int | None,
           now: datetime | None) -> tuple[datetime, Consultation]:
    """The consultation a step is taken on: visible to ``by``, still open, and
    at ``version`` when the step states one."""
    c = get(store, consultation_id, by=by)
    if version is not None and version != c.version:
        raise Conflict(Problem.of("", "stale_consultation"),
                       [stale_line("consultations", c.id, version, c.version)])
    if not c.is_open:
        raise Conflict(Problem.of("", "consultation_done", state=c.state))
    return now or datetime.now(UTC), c


def _save(store: PoolRecords, c: Consultation, version: int | None, by: User, now: datetime,
          action: str, notices: list[Notice] | None = None, warnings: list[Problem] | None = None,
          *, case: Case | None = None) -> Done:
    """Write the consultation (and its case, and notices) in one transaction;
    ``Conflict`` when someone else wrote it since it was read."""
    expected: dict[tuple[str, str], int | None] = {
        ("consultations", c.id): c.version if c.version else None}
    writes: dict[str, tuple[Case, ...]] = {}
    after: dict[str, Any] = {"state": c.state, "model": c.model}
    if case is not None:
        writes["cases"] = (case,)
        expected[("cases", case.id)] = None
        after["case"] = case.id
    entry = AuditEntry(now, actor(by), "consultations", c.id, action, None, after)
    fresh = [n for n in notices or () if n.professional]
    revision = store.apply(ImportPlan(writes, expected=expected, audit=(entry,),
                                      consultations=(replace(c, version=0),), notices=tuple(fresh)))
    return Done(replace(c, version=revision), tuple(warnings or ()), tuple(fresh))


def _step(c: Consultation, now: datetime, by: User, action: str, *, text: str | None = None,
          professional: str | None = None) -> Consultation:
    return replace(c, steps=(*c.steps, Step(at=now, by=actor(by), action=action, text=text,
                                            professional=professional)))


def _ask(store: Consulting, c: Consultation, specialist: str, by: User, now: datetime,
         override: Any, status: str = "gevraagd") -> tuple[Consultation, list[Problem]]:
    """``c`` with ``specialist`` asked (or assigned), checking the regie rule and the budget."""
    person = store.get("professionals", specialist)
    if not isinstance(person, Professional) or not person.active:
        raise InvalidInput("unknown specialist",
                           [Problem.of("specialist", "unknown_professional", id=specialist)])
    if specialist == c.lead:
        raise Conflict(Problem.of("", "lead_as_specialist"))
    current = c.ask_of(specialist)
    if current is not None and current.status in ("gevraagd", "geaccepteerd"):
        doing = "already_asked" if current.status == "gevraagd" else "already_taking_part"
        raise Conflict(Problem.of("", doing, who=specialist))
    standing = budgets(store, [specialist], local_day(now))[specialist]
    warnings = _budget_warnings(store, specialist, standing)
    if standing.level == "exhausted":
        reason = override.strip() if isinstance(override, str) else ""
        if not may(by, MANAGE_CONSULTATIONS):
            raise Conflict(Problem.of("", "no_hours_left", who=specialist, used=standing.booked,
                                      budget=standing.budget))
        if not reason:
            raise InvalidInput("give a reason for the exception",
                               [Problem.of("override", "override_reason", who=specialist)])
        checked = check.required_text(store, reason, "override")
        c = _step(c, now, by, "budget-uitzondering", text=checked, professional=specialist)
    ask_ = Ask(professional=specialist, status=status, at=now, by=actor(by))  # type: ignore[arg-type]
    accepted = status == "geaccepteerd" or any(a.status == "geaccepteerd" for a in access.latest_asks(c))
    c = replace(c, asks=(*c.asks, ask_), state="lopend" if accepted else "gevraagd")
    c = _step(c, now, by, "toegewezen" if status == "geaccepteerd" else "gevraagd",
              professional=specialist)
    return c, warnings


def _budget_warnings(store: object, person: str, standing: Budget) -> list[Problem]:
    if standing.level == "ok":
        return []
    return [Problem.of("", "hours_used", who=person, used=standing.booked, budget=standing.budget,
                       share=round(100 * standing.used_share))]


def _answer_ask(c: Consultation, person: str, status: str, reason: str | None,
                now: datetime, by: User) -> Consultation:
    answered = Ask(professional=person, status=status, at=now, by=actor(by),  # type: ignore[arg-type]
                   reason=reason)
    return replace(c, asks=(*c.asks, answered))


def _asked_person(c: Consultation, by: User) -> str:
    """The professional ``by`` answers for: themselves, when asked and not yet answered."""
    person = by.professional
    current = c.ask_of(person) if person else None
    if current is None:
        raise Forbidden("only the specialist who was asked answers this request")
    if current.status != "gevraagd":
        raise Conflict(Problem.of("", "already_answered", status=current.status))
    return person  # type: ignore[return-value]


def _notice_lead(c: Consultation, now: datetime, what: str) -> Notice:
    return Notice(professional=c.lead, at=now, consultation=c.id, what=what)


def _helpers(c: Consultation) -> set[str]:
    """Everyone helping: specialists who took the request on, those who booked
    hours, and the triagist who asked or advised."""
    out = {a.professional for a in access.latest_asks(c) if a.status == "geaccepteerd"}
    out |= {b.professional for b in c.bookings}
    out |= {s.professional for s in c.steps if s.professional and s.action in ("vraag", "advies")}
    return out


#: Every step a consultation can take, by name (the API's ``POST .../{step}``).
STEPS: dict[str, Callable[..., Done]] = {
    "ask": ask, "route": route, "bring_together": bring_together, "accept": accept,
    "decline": decline, "assign": assign, "schedule_again": schedule_again, "clarify": clarify,
    "reply": reply, "advise": advise, "note": note, "book_hours": book_hours, "escalate": escalate,
    "record_consent": record_consent, "plan": plan_escalation, "deescalate": deescalate,
    "hand_over": hand_over, "close": close, "withdraw": withdraw,
}
