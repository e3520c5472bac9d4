"""The detail page of one consultation: its facts, the log, the asks and
their answers, the hours per person against their budgets, and a form for
each step the signed-in user may take now.

``offered`` only decides which forms to show: ``directory.consult`` checks
every step again (a crafted POST for a step not offered is refused there,
with 403 or 409). The triagist's routing forms come with the ranked search
for the consultation's areas, made the way the search page makes it
(``web.views.search``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from flask import current_app, render_template
from flask_wtf import FlaskForm

from directory import consult
from directory.consultation import Ask, Consultation
from directory.errors import DirectoryError
from directory.hours import Budget
from directory.model import Professional, Team
from directory.queries import Hit, SearchQuery
from directory.roles import MANAGE_CONSULTATIONS, User, may
from web import answers
from web.api import VOCABULARY
from web.consult_forms import FORMS, SeveralForm, StepForm, pick
from web.consult_words import clock, today
from web.guard import store
from web.lookups import lookups

#: Ranked suggestions shown to whoever routes a request.
SUGGESTED = 6


def names_of(ids: list[str] | tuple[str, ...] | set[str]) -> dict[str, str]:
    """Professionals' names by id (the id itself for someone unknown)."""
    found = store().get_many("professionals", ids)
    return {i: getattr(found.get(i), "name", i) for i in ids}


def named(text: str, names: dict[str, str]) -> str:
    """A message with the professional ids it names written as names (``Jasper Maas (p-0046)``)."""
    if not names:
        return text
    pattern = re.compile("|".join(re.escape(i) for i in sorted(names, key=len, reverse=True)))
    return pattern.sub(lambda m: f"{names[m.group(0)]} ({m.group(0)})" if names[m.group(0)] != m.group(0)
                       else m.group(0), text)


def team_names(ids: list[str | None]) -> dict[str, str]:
    wanted = [i for i in ids if i]
    found = store().get_many("teams", wanted)
    return {i: getattr(found.get(i), "name", i) for i in wanted}


def _member(person: str | None, team: str | None) -> bool:
    if person is None or team is None:
        return False
    found = store().get("professionals", person)
    return isinstance(found, Professional) and team in found.teams


def offered(c: Consultation, user: User) -> list[str]:
    """The steps whose forms the page shows ``user`` (in the order the page shows them)."""
    if not c.is_open:
        return []
    me = user.professional
    manager = may(user, MANAGE_CONSULTATIONS)
    lead = manager or (me is not None and me == c.lead)
    mine: Ask | None = c.ask_of(me) if me else None
    helper = mine is not None and mine.status == "geaccepteerd"
    member = c.model != "netwerk" and _member(me, c.via)
    triagist = c.model == "triage" and (manager or (user.role == "triagist" and member))
    schedule = consult.schedule_of(store(), c.via) if c.model == "expertiseteam" and c.via else None
    chair = c.model == "expertiseteam" and (manager or (schedule is not None and schedule.chair == me
                                                        and me is not None))
    taking_part = lead or helper or member
    steps: list[str] = []
    if mine is not None and mine.status == "gevraagd":
        steps += ["accept", "decline"]
    if c.model == "netwerk" and lead:
        steps.append("ask")
    if triagist:
        steps += ["clarify", "advise", "route", "bring_together"]
    if chair:
        steps.append("assign")
        if c.state == "geagendeerd":
            steps.append("schedule_again")
    if lead and any(s.action == "vraag" for s in c.steps):
        steps.append("reply")
    if helper and not triagist:
        steps.append("advise")
    if taking_part:
        steps.append("note")
    if lead or helper or (c.model == "triage" and member):
        steps.append("book_hours")
    if lead and not c.consent:
        steps.append("record_consent")
    if taking_part:
        if c.escalated is not None:
            steps += ["plan", "deescalate"]
        elif c.consent:
            steps.append("escalate")
    if lead:
        steps += ["hand_over", "close", "withdraw"]
    return steps


def suggestions(c: Consultation) -> list[Hit]:
    """The ranked search for the consultation's areas, from the lead's point of
    view, without those already asked (empty when the search cannot run)."""
    query = SearchQuery("", c.areas, c.lead, c.team, None, SUGGESTED + len(c.people))
    vocabulary = current_app.extensions[VOCABULARY].get(store())
    try:
        result = answers.search(store(), query, today=current_app.config["TODAY"], vocabulary=vocabulary)
    except DirectoryError:
        return []
    busy = set(c.people)
    return [hit for hit in result.results if hit.id not in busy][:SUGGESTED]


def members_to_assign(c: Consultation) -> list[tuple[str, str]]:
    """(id, name) of the expertiseteam's members the chair may assign (not the lead)."""
    if c.via is None:
        return []
    people = [p for p in store().iter_records("professionals")
              if isinstance(p, Professional) and p.active and c.via in p.teams and p.id != c.lead]
    return sorted(((p.id, p.name) for p in people), key=lambda pair: pair[1])


def wijkteam_members() -> list[tuple[str, str]]:
    """(id, name) of everyone in a wijkteam: who may hold the regie (for the datalist)."""
    wijkteams = {t.id for t in store().iter_records("teams") if isinstance(t, Team) and t.kind == "wijkteam"}
    people = [p for p in store().iter_records("professionals")
              if isinstance(p, Professional) and p.active and wijkteams & set(p.teams)]
    return sorted(((p.id, p.name) for p in people), key=lambda pair: pair[1])


def blank_form(step: str, c: Consultation) -> StepForm:
    """The form of ``step`` as the page first shows it (not bound to a POST)."""
    form = FORMS[step](prefix=step, formdata=None)
    form.version.data = str(c.version)
    if step == "book_hours":
        form.day.data = today().isoformat()
    return form


@dataclass(frozen=True)
class Hours:
    """One person's hours on this consultation, and their budget this half-year."""

    id: str
    name: str
    booked: float
    budget: Budget


def _hours(c: Consultation, names: dict[str, str]) -> list[Hours]:
    people = [p for p in c.people if c.hours_of(p) or (c.ask_of(p) and c.ask_of(p).status == "geaccepteerd")]  # type: ignore[union-attr]
    standing = consult.budgets(store(), people, today())
    return [Hours(p, names.get(p, p), c.hours_of(p), standing[p]) for p in people]


def _who(c: Consultation) -> dict[str, str]:
    """Who each user name in the log is: the professional they are linked to, when linked."""
    linked: dict[str, str] = {}
    for by in {s.by for s in c.steps} | {a.by for a in c.asks}:
        user = store().get_user(by)
        # a user not linked to a professional is named by their user name; an
        # answered ask names the professional themselves (``consult.accept``)
        linked[by] = user.professional if user is not None and user.professional else by
    names = names_of(set(linked.values()))
    return {by: names[pid] for by, pid in linked.items()}


def render_detail(c: Consultation, user: User, *, failed: tuple[str, FlaskForm] | None = None,
                  problems: list[str] | None = None, status: int = 200) -> Any:
    """The detail page; ``failed``: the step whose form comes back with its problems and input."""
    steps = offered(c, user)
    forms: dict[str, Any] = {step: blank_form(step, c) for step in steps}
    if failed is not None:
        forms[failed[0]] = failed[1]
        if failed[0] not in steps:
            steps.append(failed[0])
    hits = suggestions(c) if {"ask", "route", "bring_together"} & set(steps) else []
    for step in ("bring_together", "assign"):
        if step in forms and isinstance(forms[step], SeveralForm):
            pairs = [(h.id, h.name) for h in hits] if step == "bring_together" else members_to_assign(c)
            forms[step].specialists.choices = pick(pairs)
    names = names_of({*c.people, *(h.id for h in hits)})
    known = lookups(store())
    latest: dict[str, Ask] = {}
    for a in c.asks:
        latest[a.professional] = a
    return render_template(
        "consult_detail.html", c=c, forms=forms, steps=steps, names=names, who=_who(c),
        teams=team_names([c.team, c.via]), areas=[(a, known.label(a)) for a in c.areas],
        asks=c.asks, latest=latest, hours=_hours(c, names), hits=hits,
        first_due=consult.first_answer_due(c), meeting_due=consult.escalation_meeting_due(c),
        late=consult.lateness(c, today()), problems=problems or [],
        wijkteam=wijkteam_members() if "hand_over" in steps else [],
        manager=may(user, MANAGE_CONSULTATIONS), failed_step=failed[0] if failed else None,
        now=clock()), status
