"""What every consultation step does alike (``directory.consultations.service``):
read the consultation for someone who may see it at the version they saw, add
a step, ask a specialist within the regie rule and the hours budget, write it
with its case and notices in one transaction, and the anonymised case record
that closing writes. The steps themselves are ``directory.consultations.steps``."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from directory.accounts.roles import CONSULT, MANAGE_CONSULTATIONS, User, actor, may, require
from directory.consultations import access
from directory.consultations import values as check
from directory.consultations.access import may_see
from directory.consultations.hours import Budget, budget, half_year
from directory.consultations.records import (
    Ask,
    Consultation,
    Notice,
    Step,
)
from directory.consultations.workdays import local_day
from directory.errors import Conflict, Forbidden, InvalidInput, NotFound, stale_line
from directory.pool.model import (
    Case,
    Participation,
    Professional,
)
from directory.ports import (
    AuditEntry,
    Consulting,
    ImportPlan,
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


def get(store: PoolWithConsultations, consultation_id: str, *, by: User) -> Consultation:
    """One consultation, for someone who may see it (``NotFound`` otherwise:
    whether it exists is not told to others)."""
    require(by, CONSULT)
    found = store.consultation(consultation_id)
    if found is None or not may_see(store, found, by):
        raise NotFound(f"unknown consultation '{consultation_id}'")
    return found


def budgets(store: Consulting, people: Iterable[str], today: date) -> dict[str, Budget]:
    """The hours budget of each professional this half-year (default 40)."""
    ids = list(dict.fromkeys(people))
    found = store.get_many("professionals", ids)
    booked = store.hours_booked(ids, *half_year(today))
    return {pid: budget(getattr(found.get(pid), "hours_per_half_year", None), booked.get(pid, 0.0))
            for pid in ids}


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


# --- writing a step ------------------------------------------------------------

def begin(store: PoolWithConsultations, consultation_id: str, by: User, version: int | None,
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


def save(store: PoolRecords, c: Consultation, version: int | None, by: User, now: datetime,
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


def with_step(c: Consultation, now: datetime, by: User, action: str, *, text: str | None = None,
          professional: str | None = None) -> Consultation:
    return replace(c, steps=(*c.steps, Step(at=now, by=actor(by), action=action, text=text,
                                            professional=professional)))


def with_ask(store: Consulting, c: Consultation, specialist: str, by: User, now: datetime,
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
    warnings = budget_warnings(store, specialist, standing)
    if standing.level == "exhausted":
        reason = override.strip() if isinstance(override, str) else ""
        if not may(by, MANAGE_CONSULTATIONS):
            raise Conflict(Problem.of("", "no_hours_left", who=specialist, used=standing.booked,
                                      budget=standing.budget))
        if not reason:
            raise InvalidInput("give a reason for the exception",
                               [Problem.of("override", "override_reason", who=specialist)])
        checked = check.required_text(store, reason, "override")
        c = with_step(c, now, by, "budget-uitzondering", text=checked, professional=specialist)
    ask_ = Ask(professional=specialist, status=status, at=now, by=actor(by))  # type: ignore[arg-type]
    accepted = status == "geaccepteerd" or any(a.status == "geaccepteerd" for a in access.latest_asks(c))
    c = replace(c, asks=(*c.asks, ask_), state="lopend" if accepted else "gevraagd")
    c = with_step(c, now, by, "toegewezen" if status == "geaccepteerd" else "gevraagd",
              professional=specialist)
    return c, warnings


def budget_warnings(store: object, person: str, standing: Budget) -> list[Problem]:
    if standing.level == "ok":
        return []
    return [Problem.of("", "hours_used", who=person, used=standing.booked, budget=standing.budget,
                       share=round(100 * standing.used_share))]


def with_answer(c: Consultation, person: str, status: str, reason: str | None,
                now: datetime, by: User) -> Consultation:
    answered = Ask(professional=person, status=status, at=now, by=actor(by),  # type: ignore[arg-type]
                   reason=reason)
    return replace(c, asks=(*c.asks, answered))


def asked_person(c: Consultation, by: User) -> str:
    """The professional ``by`` answers for: themselves, when asked and not yet answered."""
    person = by.professional
    current = c.ask_of(person) if person else None
    if current is None:
        raise Forbidden("only the specialist who was asked answers this request")
    if current.status != "gevraagd":
        raise Conflict(Problem.of("", "already_answered", status=current.status))
    return person  # type: ignore[return-value]


def notice_lead(c: Consultation, now: datetime, what: str) -> Notice:
    return Notice(professional=c.lead, at=now, consultation=c.id, what=what)


def helpers(c: Consultation) -> set[str]:
    """Everyone helping: specialists who took the request on, those who booked
    hours, and the triagist who asked or advised."""
    out = {a.professional for a in access.latest_asks(c) if a.status == "geaccepteerd"}
    out |= {b.professional for b in c.bookings}
    out |= {s.professional for s in c.steps if s.professional and s.action in ("vraag", "advies")}
    return out
