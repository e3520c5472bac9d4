"""The detail page of one consultation: a title in words, its state and
what comes next for the signed-in user (``web.pages.parts.consult_guide``: the steps
that fit them open, the others folded), its facts, the asks with each
specialist's latest answer, the hours per person against their budgets, and
the log.

``web.pages.parts.consult_guide.offered`` only decides which forms to show:
``directory.consultations.service`` checks every step again (a crafted POST for a step not
offered is refused there, with 403 or 409). The triagist's routing forms
come with the ranked search for the consultation's areas, made the way the
search page makes it (``web.pages.search``), each specialist with how their
hours stand (``web.pages.parts.consult_choices``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from flask import current_app, render_template
from flask_babel import gettext
from flask_wtf import FlaskForm

from directory.accounts.roles import MANAGE_CONSULTATIONS, User, may
from directory.consultations import service as consult
from directory.consultations.access import latest_asks
from directory.consultations.hours import Budget
from directory.consultations.records import Consultation
from directory.consultations.workdays import local_day
from directory.errors import DirectoryError
from directory.search.queries import Hit, SearchQuery
from web import answers
from web.answers import VOCABULARY
from web.guard import store
from web.i18n import day
from web.pages.forms.consult import FORMS, StepForm, pick
from web.pages.parts.consult_choices import offerable, people, team_members, wijkteam_members
from web.pages.parts.consult_guide import guide, offered
from web.pages.parts.lookups import lookups
from web.words.consult import clock, today

#: Ranked suggestions shown to whoever routes a request.
SUGGESTED = 6
#: Words of the need in the page's title.
HEADLINE_WORDS = 7


def names_of(ids: list[str] | tuple[str, ...] | set[str]) -> dict[str, str]:
    """Professionals' names by id (the id itself for someone unknown)."""
    found = store().get_many("professionals", ids)
    return {i: getattr(found.get(i), "name", i) for i in ids}


def named(text: str, names: dict[str, str]) -> str:
    """A message with the professional ids it names written as their names (``Jasper Maas``):
    people read names, never ids."""
    if not names:
        return text
    pattern = re.compile("|".join(re.escape(i) for i in sorted(names, key=len, reverse=True)))
    return pattern.sub(lambda m: names[m.group(0)], text)


def team_names(ids: list[str | None]) -> dict[str, str]:
    wanted = [i for i in ids if i]
    found = store().get_many("teams", wanted)
    return {i: getattr(found.get(i), "name", i) for i in wanted}


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


def headline(c: Consultation) -> str:
    """The consultation in words: the need's first words and the day it was asked
    (``Meneer vergeet steeds de afspraken – 16 nov 2026``); the day alone once the
    need's text was removed after the retention period."""
    opened = day(local_day(c.opened))
    words = (c.need or "").split()
    if not words:
        return gettext("Consultatie van %(day)s", day=opened)
    start = " ".join(words[:HEADLINE_WORDS]) + ("…" if len(words) > HEADLINE_WORDS else "")
    start = start[:1].upper() + start[1:]
    return f"{start} – {opened}"


def _choices(forms: dict[str, Any], c: Consultation, hits: list[Hit], manager: bool,
             names: dict[str, str]) -> None:
    """Who each form lets the user choose, by name and with their budget: exhausted
    specialists only for a coordinator (who gives a reason), never for bringing together."""
    ranked_people = people(h.id for h in hits) if hits else []
    for step in ("ask", "route"):
        if step in forms:
            forms[step].specialist.choices = pick([("", gettext("kies een specialist")), *(
                (p.id, p.label) for p in offerable(ranked_people, override=manager))])
    if "bring_together" in forms:
        forms["bring_together"].specialists.choices = pick(
            (p.id, p.label) for p in offerable(ranked_people, override=False))
    if "assign" in forms:
        forms["assign"].specialists.choices = pick(
            (p.id, p.label) for p in offerable(team_members(c.via, [c.lead]), override=manager))
    if "book_hours" in forms:
        forms["book_hours"].professional.choices = pick(
            [("", gettext("jezelf")), *((p, names.get(p, p)) for p in c.people)])
    if "hand_over" in forms:
        forms["hand_over"].lead.choices = pick(
            [("", gettext("kies een wijkteamlid")), *((i, n) for i, n in wijkteam_members() if i != c.lead)])


def render_detail(c: Consultation, user: User, *, failed: tuple[str, FlaskForm] | None = None,
                  problems: list[str] | None = None, status: int = 200) -> Any:
    """The detail page; ``failed``: the step whose form comes back with its problems and input."""
    steps = offered(c, user)
    forms: dict[str, Any] = {step: blank_form(step, c) for step in steps}
    if failed is not None:
        forms[failed[0]] = failed[1]
        if failed[0] not in steps:
            steps.append(failed[0])
    manager = may(user, MANAGE_CONSULTATIONS)
    hits = suggestions(c) if {"ask", "route", "bring_together"} & set(steps) else []
    names = names_of({*c.people, *(h.id for h in hits)})
    _choices(forms, c, hits, manager, names)
    known = lookups(store())
    latest = latest_asks(c)
    guided = guide(c, user, steps, names)
    first = [s for s in steps if s in guided.first or s == (failed[0] if failed else None)]
    return render_template(
        "consult_detail.html", c=c, forms=forms, steps=steps, first=first,
        more=[s for s in steps if s not in first], guide=guided.sentences, title=headline(c),
        names=names, who=_who(c), teams=team_names([c.team, c.via]),
        areas=[(a, known.label(a)) for a in c.areas], latest=latest, hours=_hours(c, names), hits=hits,
        first_due=consult.first_answer_due(c), meeting_due=consult.escalation_meeting_due(c),
        late=consult.lateness(c, today()), problems=problems or [],
        manager=manager, failed_step=failed[0] if failed else None, now=clock()), status
