"""What one consultation asks of the person looking at it: where they stand
in it (regisseur, asked specialist, helper, triagist, chair, coordinator),
the steps whose forms fit them and its state, and in a sentence or two
what comes next — with the one or two steps that move it on shown open and
the rest folded away, so a page never shows every form at once.

This only decides what the page shows: ``directory.consultations.service`` checks every
step again (a crafted POST for a step not offered is refused there).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext

from directory.accounts.roles import MANAGE_CONSULTATIONS, User, may
from directory.consultations import service as consult
from directory.consultations.access import is_member, latest_asks
from directory.consultations.records import Ask, Consultation
from web.guard import store
from web.i18n import day


@dataclass(frozen=True)
class Place:
    """Where the user stands in one consultation."""

    manager: bool
    lead: bool  # the regisseur (or a coordinator, who may act as one)
    regisseur: bool  # the regisseur themselves
    mine: Ask | None  # the user's own latest ask, when they were asked
    member: bool  # a member of the expertiseteam or triage team it went to
    triagist: bool
    chair: bool

    @property
    def asked(self) -> bool:
        return self.mine is not None and self.mine.status == "gevraagd"

    @property
    def helper(self) -> bool:
        return self.mine is not None and self.mine.status == "geaccepteerd"


def place_of(c: Consultation, user: User) -> Place:
    me = user.professional
    manager = may(user, MANAGE_CONSULTATIONS)
    member = c.model != "netwerk" and is_member(store(), me, c.via)
    schedule = consult.schedule_of(store(), c.via) if c.model == "expertiseteam" and c.via else None
    return Place(
        manager=manager, lead=manager or (me is not None and me == c.lead),
        regisseur=me is not None and me == c.lead, mine=c.ask_of(me) if me else None, member=member,
        triagist=c.model == "triage" and (manager or (user.role == "triagist" and member)),
        chair=c.model == "expertiseteam" and (manager or (schedule is not None and me is not None
                                                          and schedule.chair == me)))


def question_open(c: Consultation) -> bool:
    """Whether the triagist's latest clarifying question still waits for the wijkteam's answer."""
    for step in reversed(c.steps):
        if step.action == "antwoord":
            return False
        if step.action == "vraag":
            return True
    return False


def offered(c: Consultation, user: User) -> list[str]:
    """The steps whose forms the page shows ``user`` (in the order the page shows them)."""
    if not c.is_open:
        return []
    at = place_of(c, user)
    taking_part = at.lead or at.helper or at.member
    steps: list[str] = []
    if at.asked:
        steps += ["accept", "decline"]
    if c.model == "netwerk" and at.lead:
        steps.append("ask")
    if at.triagist:
        steps += ["clarify", "advise", "route", "bring_together"]
    if at.chair:
        steps.append("assign")
        if c.state == "geagendeerd":
            steps.append("schedule_again")
    if at.lead and question_open(c):
        steps.append("reply")
    if at.helper and not at.triagist:
        steps.append("advise")
    if taking_part:
        steps.append("note")
    if at.lead or at.helper or (c.model == "triage" and at.member):
        steps.append("book_hours")
    if at.lead and not c.consent:
        steps.append("record_consent")
    if taking_part:
        if c.escalated is not None:
            steps += ["plan", "deescalate"]
        elif c.consent:
            steps.append("escalate")
    if at.lead:
        steps += ["hand_over", "close", "withdraw"]
    return steps


@dataclass(frozen=True)
class Guide:
    """What comes next for this user, in words, and the steps shown open for it."""

    sentences: tuple[str, ...]
    first: tuple[str, ...]


def _names(ids: list[str], names: dict[str, str]) -> str:
    return ", ".join(names.get(i, i) for i in ids)


def guide(c: Consultation, user: User, steps: list[str], names: dict[str, str]) -> Guide:
    """The next steps for ``user`` in ``c``: a sentence or two, and the steps that fit them most."""
    if c.state == "gesloten":
        return Guide((gettext("Deze consultatie is gesloten; de casus telt mee in het zoeken."),), ())
    if c.state == "ingetrokken":
        return Guide((gettext("Deze consultatie is ingetrokken."),), ())
    at = place_of(c, user)
    said: list[str] = []
    first: list[str] = []
    latest = latest_asks(c)
    waiting = [a.professional for a in latest if a.status == "gevraagd"]
    helping = [a.professional for a in latest if a.status == "geaccepteerd"]
    due = consult.first_answer_due(c)
    if at.asked:
        said.append(gettext("Je bent gevraagd voor deze consultatie. Neem de vraag aan, of wijs haar af "
                            "met een reden; dan vraagt het wijkteam iemand anders."))
        first += ["accept", "decline"]
    if at.lead and question_open(c):
        said.append(gettext("De triagist heeft een verhelderende vraag gesteld: beantwoord die hieronder."))
        first.append("reply")
    if at.triagist and not latest:
        said.append(gettext("Beoordeel de vraag: stel een verhelderende vraag, geef zelf advies, of zet "
                            "haar door naar een specialist uit de voorstellen."))
        first += ["route", "clarify"]
    if at.chair and c.state == "geagendeerd":
        said.append(gettext("Deze vraag staat op de agenda van het overleg van %(day)s: wijs daar "
                            "specialisten toe, of zet haar door naar het volgende overleg.",
                            day=day(c.meeting) if c.meeting else "–"))
        first.append("assign")
    if at.helper:
        said.append(gettext("Je helpt mee: geef je advies, leg afspraken vast en boek je uren. De regie "
                            "blijft bij %(lead)s.", lead=names.get(c.lead, c.lead)))
        first += ["advise", "book_hours"]
    if at.regisseur and not at.asked:
        said += _for_the_lead(c, waiting, helping, names, due, first)
    if at.manager and not at.regisseur:
        said.append(gettext("Als coördinator kun je elke stap zetten; de regisseur is %(lead)s.",
                            lead=names.get(c.lead, c.lead)))
    if not said and at.member:
        said.append(gettext("Deze vraag is voor je team; wie welke stap zet, staat in het logboek."))
    return Guide(tuple(said), tuple(dict.fromkeys(s for s in first if s in steps)))


def _for_the_lead(c: Consultation, waiting: list[str], helping: list[str],
                  names: dict[str, str], due: object, first: list[str]) -> list[str]:
    """What the regisseur does next (``first`` gets the steps shown open)."""
    if c.escalated is not None and not c.plan:
        first.append("plan")
        return [gettext("De consultatie is opgeschaald: leg het overleg en het plan vast.")]
    if helping:
        first += ["note", "close"]
        return [gettext("%(names)s helpt mee. Leg afspraken vast, boek je uren en sluit de consultatie "
                        "met de uitkomst als het klaar is.", names=_names(helping, names))]
    if waiting:
        return [gettext("Je wacht op het antwoord van %(names)s (een eerste antwoord uiterlijk %(day)s). "
                        "Wijst die af, dan vraag je iemand anders.", names=_names(waiting, names),
                        day=day(due) if isinstance(due, date) else "–")]
    if c.model == "expertiseteam":
        return [gettext("De vraag staat op de agenda van het overleg van %(day)s; daar wijst de voorzitter "
                        "specialisten toe.", day=day(c.meeting) if c.meeting else "–")]
    if c.model == "triage":
        if question_open(c):
            return []
        return [gettext("De triagist beoordeelt de vraag; een eerste antwoord komt uiterlijk %(day)s.",
                        day=day(due) if isinstance(due, date) else "–")]
    first.append("ask")
    return [gettext("Vraag een specialist: kies er een uit de voorstellen hieronder.")]
