"""The steps of a consultation (``directory.consultations.service`` describes
the flow): asking, accepting and declining, the chair's assigning, triage's
questions and advice, notes, hours, escalation, handing over the regie,
closing and withdrawing. Each reads the consultation, checks who may take the
step in its state, and writes it in one transaction (``flow``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from directory.accounts.roles import MANAGE_CONSULTATIONS, User, actor, may
from directory.consultations import access
from directory.consultations import values as check
from directory.consultations.flow import (
    Done,
    asked_person,
    begin,
    budget_warnings,
    budgets,
    case_record,
    helpers,
    notice_lead,
    save,
    with_answer,
    with_ask,
    with_step,
)
from directory.consultations.hours import Budget, half_year
from directory.consultations.records import (
    Booking,
    Notice,
)
from directory.consultations.schedule import escalation_meeting_due, next_meeting
from directory.consultations.workdays import local_day
from directory.errors import Conflict, Forbidden, InvalidInput
from directory.pool.model import (
    Outcome,
    Professional,
)
from directory.ports import (
    Consulting,
    PoolWithConsultations,
)
from directory.problems import Problem


def ask(store: Consulting, consultation_id: str, specialist: str, *, by: User, version: int | None = None,
        override: str | None = None, now: datetime | None = None) -> Done:
    """Ask a specialist: the regisseur in the network, the triagist routing a
    request (``route`` is the same step), or a coordinator."""
    specialist = check.id(specialist, "specialist")
    now, c = begin(store, consultation_id, by, version, now)
    if c.model == "expertiseteam":
        raise Conflict(Problem.of("", "chair_assigns_at_meeting"))
    if c.model == "triage":
        access.require_triagist(store, c, by, "route this request")
    else:
        access.require_lead(c, by, "ask a specialist")
    c, warnings = with_ask(store, c, specialist, by, now, override)
    notice = Notice(professional=specialist, at=now, consultation=c.id, what="gevraagd")
    return save(store, c, version, by, now, "ask", [notice], warnings)


route = ask


def bring_together(store: Consulting, consultation_id: str, specialists: list[str], *, by: User,
                   version: int | None = None, now: datetime | None = None) -> Done:
    """The triagist asks several specialists at once (one request, several answers)."""
    specialists = check.ids(specialists, "specialists")
    now, c = begin(store, consultation_id, by, version, now)
    if c.model != "triage":
        raise Conflict(Problem.of("", "triagist_brings_together"))
    access.require_triagist(store, c, by, "route this request")
    if len(set(specialists)) < 2:
        raise InvalidInput("choose at least two specialists", [Problem.of("specialists", "choose_two")])
    warnings: list[Problem] = []
    notices = []
    for person in dict.fromkeys(specialists):
        c, more = with_ask(store, c, person, by, now, None)
        warnings += more
        notices.append(Notice(professional=person, at=now, consultation=c.id, what="gevraagd"))
    return save(store, c, version, by, now, "ask", notices, warnings)


def accept(store: PoolWithConsultations, consultation_id: str, *, by: User, version: int | None = None,
           now: datetime | None = None) -> Done:
    """The asked specialist takes the request on."""
    now, c = begin(store, consultation_id, by, version, now)
    person = asked_person(c, by)
    c = with_answer(c, person, "geaccepteerd", None, now, by)
    c = replace(c, state="lopend", first_answer=c.first_answer or now)
    c = with_step(c, now, by, "geaccepteerd", professional=person)
    return save(store, c, version, by, now, "accept", [notice_lead(c, now, "geaccepteerd")])


def decline(store: PoolWithConsultations, consultation_id: str, reason: str, *, by: User,
            version: int | None = None, now: datetime | None = None) -> Done:
    """The asked specialist declines, saying why (the regisseur can ask someone else)."""
    now, c = begin(store, consultation_id, by, version, now)
    person = asked_person(c, by)
    problems: list[Problem] = []
    why = check.text(store, reason, "reason", problems, required=True)
    if problems:
        raise InvalidInput("say why you decline", problems)
    c = with_answer(c, person, "afgewezen", why, now, by)
    if not any(a.status in ("gevraagd", "geaccepteerd") for a in access.latest_asks(c)):
        c = replace(c, state="nieuw")
    c = with_step(c, now, by, "afgewezen", text=why, professional=person)
    return save(store, c, version, by, now, "decline", [notice_lead(c, now, "afgewezen")])


def assign(store: Consulting, consultation_id: str, specialists: list[str], *, by: User,
           version: int | None = None, override: str | None = None, now: datetime | None = None) -> Done:
    """At the meeting, the chair of the expertiseteam assigns one or more of its
    specialists (they were there: their ask is accepted at once)."""
    specialists = check.ids(specialists, "specialists")
    now, c = begin(store, consultation_id, by, version, now)
    if c.model != "expertiseteam" or c.via is None:
        raise Conflict(Problem.of("", "chair_only"))
    access.require_chair(store, c.via, by)
    if not specialists:
        raise InvalidInput("choose at least one specialist", [Problem.of("specialists", "choose_one")])
    warnings: list[Problem] = []
    notices = []
    for person in dict.fromkeys(specialists):
        c, more = with_ask(store, c, person, by, now, override, status="geaccepteerd")
        warnings += more
        notices.append(Notice(professional=person, at=now, consultation=c.id, what="toegewezen"))
    c = replace(c, state="lopend", first_answer=c.first_answer or now)
    notices.append(notice_lead(c, now, "specialisten-toegewezen"))
    return save(store, c, version, by, now, "assign", notices, warnings)


def schedule_again(store: PoolWithConsultations, consultation_id: str, *, by: User,
                   version: int | None = None, now: datetime | None = None) -> Done:
    """Move a request that was not discussed to the team's next meeting."""
    now, c = begin(store, consultation_id, by, version, now)
    if c.model != "expertiseteam" or c.via is None or c.state != "geagendeerd":
        raise Conflict(Problem.of("", "agenda_only"))
    access.require_chair(store, c.via, by)
    after = max(local_day(now), c.meeting or local_day(now)) + timedelta(days=1)
    meeting = next_meeting(store, c.via, after)
    if meeting is None:
        raise Conflict(Problem.of("", "no_schedule", team=c.via))
    c = with_step(replace(c, meeting=meeting), now, by, "geagendeerd", text=meeting.isoformat())
    return save(store, c, version, by, now, "schedule", [notice_lead(c, now, "geagendeerd")])


def clarify(store: PoolWithConsultations, consultation_id: str, question: str, *, by: User,
            version: int | None = None, now: datetime | None = None) -> Done:
    """The triagist asks the regisseur a clarifying question (a first answer)."""
    now, c = begin(store, consultation_id, by, version, now)
    if c.model != "triage":
        raise Conflict(Problem.of("", "clarify_in_triage"))
    access.require_triagist(store, c, by, "ask about this request")
    text = check.required_text(store, question, "question")
    c = replace(c, first_answer=c.first_answer or now)
    c = with_step(c, now, by, "vraag", text=text, professional=by.professional)
    return save(store, c, version, by, now, "clarify", [notice_lead(c, now, "vraag")])


def reply(store: PoolWithConsultations, consultation_id: str, answer: str, *, by: User,
          version: int | None = None, now: datetime | None = None) -> Done:
    """The regisseur answers a clarifying question."""
    now, c = begin(store, consultation_id, by, version, now)
    access.require_lead(c, by, "answer for the wijkteam")
    text = check.required_text(store, answer, "answer")
    c = with_step(c, now, by, "antwoord", text=text, professional=c.lead)
    notices = [Notice(professional=p, at=now, consultation=c.id, what="antwoord")
               for p in helpers(c) if p != c.lead]
    return save(store, c, version, by, now, "reply", notices)


def advise(store: PoolWithConsultations, consultation_id: str, advice: str, *, by: User,
           version: int | None = None, now: datetime | None = None) -> Done:
    """Advice to the regisseur: from the triagist answering directly, or from a
    specialist who took the request on."""
    now, c = begin(store, consultation_id, by, version, now)
    person = by.professional
    is_helper = person is not None and (
        (c.ask_of(person) is not None and c.ask_of(person).status == "geaccepteerd")  # type: ignore[union-attr]
        or (c.model == "triage" and access.is_member(store, person, c.via)))
    if not is_helper and not may(by, MANAGE_CONSULTATIONS):
        raise Forbidden("only the triagist or a specialist who took the request on gives advice")
    text = check.required_text(store, advice, "advice")
    c = replace(c, first_answer=c.first_answer or now,
                state="lopend" if c.state == "nieuw" else c.state)
    c = with_step(c, now, by, "advies", text=text, professional=person)
    return save(store, c, version, by, now, "advise", [notice_lead(c, now, "advies")])


def note(store: PoolWithConsultations, consultation_id: str, text: str, *, action: bool = False, by: User,
         version: int | None = None, now: datetime | None = None) -> Done:
    """A note (or, with ``action``, an agreed action: a call, a joint home
    visit) by anyone taking part: meeting notes of an expertiseteam too."""
    now, c = begin(store, consultation_id, by, version, now)
    access.require_taking_part(store, c, by)
    body = check.required_text(store, text, "text")
    c = with_step(c, now, by, "actie" if action else "notitie", text=body, professional=by.professional)
    return save(store, c, version, by, now, "note")


def book_hours(store: Consulting, consultation_id: str, hours: Any, *, by: User, day: Any = None,
               professional: str | None = None, version: int | None = None,
               now: datetime | None = None) -> Done:
    """Book hours spent on the consultation (by the person themselves, or by a
    coordinator for them). Refused: not more than 0 or more than 24 in one
    booking, a day in the future or before the request, a closed request, and
    anyone who did not take part (a declined or unanswered ask books nothing)."""
    now, c = begin(store, consultation_id, by, version, now)
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
    c = with_step(c, now, by, "uren", text=f"{check.hours_text(amount)} ({when.isoformat()})",
              professional=person)
    after = budgets(store, [person], local_day(now))[person]
    booked = Budget(after.budget, after.booked + amount) if when >= half_year(local_day(now))[0] else after
    warnings = budget_warnings(store, person, booked)
    return save(store, c, version, by, now, "book", [], warnings)


def escalate(store: PoolWithConsultations, consultation_id: str, *, meeting: Any = None,
             reason: str | None = None, by: User, version: int | None = None,
             now: datetime | None = None) -> Done:
    """Opschalen: with the client's consent, a meeting (within 5 working days)
    and a plan; the wijkteam keeps the regie."""
    now, c = begin(store, consultation_id, by, version, now)
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
    c = with_step(c, now, by, "opgeschaald", text=check.joined(day, text))
    notices = [Notice(professional=p, at=now, consultation=c.id, what="opgeschaald")
               for p in helpers(c) | {c.lead} if p != by.professional]
    return save(store, c, version, by, now, "escalate", notices, warnings)


def record_consent(store: PoolWithConsultations, consultation_id: str, *, by: User,
                   version: int | None = None, now: datetime | None = None) -> Done:
    """The regisseur records that the client consented."""
    now, c = begin(store, consultation_id, by, version, now)
    access.require_lead(c, by, "record consent")
    if c.consent:
        raise Conflict(Problem.of("", "consent_recorded"))
    c = with_step(replace(c, consent=True), now, by, "toestemming")
    return save(store, c, version, by, now, "consent")


def plan_escalation(store: PoolWithConsultations, consultation_id: str, *, meeting: Any = None,
                    plan: str | None = None, by: User, version: int | None = None,
                    now: datetime | None = None) -> Done:
    """After opschalen: the meeting day and/or the plan."""
    now, c = begin(store, consultation_id, by, version, now)
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
    c = with_step(c, now, by, "plan", text=check.joined(day, text))
    return save(store, c, version, by, now, "plan", [], warnings)


def deescalate(store: PoolWithConsultations, consultation_id: str, *, reason: str | None = None, by: User,
               version: int | None = None, now: datetime | None = None) -> Done:
    """Afschalen: the care goes back to the wijkteam."""
    now, c = begin(store, consultation_id, by, version, now)
    access.require_taking_part(store, c, by)
    if c.escalated is None:
        raise Conflict(Problem.of("", "not_escalated"))
    problems: list[Problem] = []
    text = check.text(store, reason, "reason", problems)
    if problems:
        raise InvalidInput("cannot hand back", problems)
    c = with_step(replace(c, escalated=None), now, by, "afgeschaald", text=text)
    notices = [Notice(professional=p, at=now, consultation=c.id, what="afgeschaald")
               for p in helpers(c) | {c.lead} if p != by.professional]
    return save(store, c, version, by, now, "deescalate", notices)


def hand_over(store: PoolWithConsultations, consultation_id: str, new_lead: str, *, by: User,
              version: int | None = None, now: datetime | None = None) -> Done:
    """Pass the regie to another wijkteam member (never to a specialist)."""
    new_lead = check.id(new_lead, "lead")
    now, c = begin(store, consultation_id, by, version, now)
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
    c = with_step(c, now, by, "regie", professional=new_lead)
    return save(store, c, version, by, now, "hand_over", [notice_lead(c, now, "regie")])


def close(store: PoolWithConsultations, consultation_id: str, *, outcome: Any, lessons: str | None = None,
          by: User, version: int | None = None, now: datetime | None = None) -> Done:
    """Close the consultation with its outcome and lessons learned; writes the
    anonymised case record in the same transaction."""
    now, c = begin(store, consultation_id, by, version, now)
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
    c = with_step(c, now, by, "gesloten", text=result)
    notices = [Notice(professional=p, at=now, consultation=c.id, what="gesloten")
               for p in helpers(c) if p != by.professional]
    return save(store, c, version, by, now, "close", notices, case=case)


def withdraw(store: PoolWithConsultations, consultation_id: str, *, reason: str | None = None, by: User,
             version: int | None = None, now: datetime | None = None) -> Done:
    """The regisseur withdraws the request (no case is written)."""
    now, c = begin(store, consultation_id, by, version, now)
    access.require_lead(c, by, "withdraw the request")
    problems: list[Problem] = []
    text = check.text(store, reason, "reason", problems)
    if problems:
        raise InvalidInput("cannot withdraw", problems)
    c = with_step(replace(c, state="ingetrokken", closed=now), now, by, "ingetrokken", text=text)
    asked = {a.professional for a in access.latest_asks(c) if a.status == "gevraagd"}
    notices = [Notice(professional=p, at=now, consultation=c.id, what="ingetrokken")
                  for p in sorted(helpers(c) | asked) if p != by.professional]
    return save(store, c, version, by, now, "withdraw", notices)


#: Every step a consultation can take, by name (the API's ``POST .../{step}``).
STEPS: dict[str, Callable[..., Done]] = {
    "ask": ask, "route": route, "bring_together": bring_together, "accept": accept,
    "decline": decline, "assign": assign, "schedule_again": schedule_again, "clarify": clarify,
    "reply": reply, "advise": advise, "note": note, "book_hours": book_hours, "escalate": escalate,
    "record_consent": record_consent, "plan": plan_escalation, "deescalate": deescalate,
    "hand_over": hand_over, "close": close, "withdraw": withdraw,
}
