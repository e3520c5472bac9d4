"""The words the consultation pages use for the service's values: states,
models, kinds of question, outcomes, the log's steps, the time limits — in
the page's language (``directory.consultations.service`` keeps them as Dutch codes, the
same in every language of the API).

``moment`` writes a stored UTC moment as the day and time it happened in the
Netherlands (``web.i18n.moment``), and ``clock`` is the moment a step is taken: now, on the app's ``TODAY``
when that is set (tests and demos anchor the whole app to one day, so the
hours of "this half-year" and the due dates agree with the rest of the pages).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l

from directory.consultations.records import Step
from directory.consultations.workdays import NETHERLANDS
from web.i18n import day, number
from web.i18n import moment as i18n_moment
from web.words.notices import notice_text

STATES: dict[str, Any] = {
    "nieuw": _l("nieuw"), "gevraagd": _l("specialist gevraagd"), "geagendeerd": _l("geagendeerd"),
    "lopend": _l("lopend"), "gesloten": _l("gesloten"), "ingetrokken": _l("ingetrokken")}
MODELS: dict[str, Any] = {"netwerk": _l("netwerk"), "expertiseteam": _l("expertiseteam"),
                          "triage": _l("triage")}
QUESTIONS: dict[str, Any] = {"advies": _l("advies"), "meedenken": _l("meedenken"),
                             "co-huisbezoek": _l("co-huisbezoek"), "opschalen": _l("opschalen")}
URGENCIES: dict[str, Any] = {"normaal": _l("normaal"), "spoed": _l("spoed")}
OUTCOMES: dict[str, Any] = {"zwaardere_zorg_voorkomen": _l("zwaardere zorg voorkomen"),
                            "doorverwezen": _l("doorverwezen naar de tweede lijn"),
                            "onbekend": _l("onbekend")}
AGE_BANDS: dict[str, Any] = {band: band for band in ("0-11", "12-17", "18-26", "27-64", "65+")}
HOUSEHOLDS: dict[str, Any] = {
    "alleenstaand": _l("alleenstaand"), "eenoudergezin": _l("eenoudergezin"), "paar": _l("paar"),
    "gezin met kinderen": _l("gezin met kinderen"), "meergeneratie": _l("meergeneratiehuishouden"),
    "anders": _l("anders")}
ASKS: dict[str, Any] = {"gevraagd": _l("gevraagd, nog geen antwoord"), "geaccepteerd": _l("aangenomen"),
                        "afgewezen": _l("afgewezen")}
LIMITS: dict[str, Any] = {"first_answer": _l("eerste antwoord (2 werkdagen)"),
                          "escalation_meeting": _l("overleg na opschalen (5 werkdagen)")}
#: The log's lines: what each step did (``Step.action``).
ACTIONS: dict[str, Any] = {
    "aangevraagd": _l("aangevraagd"), "gevraagd": _l("specialist gevraagd"),
    "geaccepteerd": _l("aangenomen"), "afgewezen": _l("afgewezen"),
    "geagendeerd": _l("op de agenda gezet"), "toegewezen": _l("specialist toegewezen"),
    "vraag": _l("verhelderende vraag"), "antwoord": _l("antwoord van het wijkteam"),
    "advies": _l("advies"), "notitie": _l("notitie"), "actie": _l("actie"), "uren": _l("uren geboekt"),
    "opgeschaald": _l("opgeschaald"), "plan": _l("overleg en plan"), "afgeschaald": _l("afgeschaald"),
    "regie": _l("regie overgedragen"), "budget-uitzondering": _l("uitzondering op het urenbudget"),
    "toestemming": _l("toestemming van de cliënt vastgelegd"),
    "gesloten": _l("gesloten"), "ingetrokken": _l("ingetrokken")}


def word(table: dict[str, Any], value: str | None) -> str:
    """``value`` in words (the value itself when the table does not know it; empty for None)."""
    if value is None:
        return ""
    return str(table.get(value, value))


_HOURS_TEXT = re.compile(r"^(\d+(?:\.\d+)?) \((\d{4}-\d\d-\d\d)\)$")
_LEADING_DAY = re.compile(r"^(\d{4}-\d\d-\d\d)(?= — |$)")
#: Steps whose text the service writes (a day, hours), not a person.
_WRITTEN_BY_THE_SERVICE = ("geagendeerd", "opgeschaald", "plan")


def step_text(step: Step) -> str:
    """The text of a log line in the page's words: the hours and days the
    service wrote (``1.5 (2026-11-16)``) as ``1,5 uur op 16 nov 2026``;
    outcomes in words; what a person typed as it is."""
    text = step.text or ""
    if step.action == "uren":
        found = _HOURS_TEXT.match(text)
        if found:
            return str(_l("%(hours)s uur op %(day)s", hours=number(float(found.group(1))),
                          day=day(date.fromisoformat(found.group(2)))))
    if step.action == "gesloten":
        return word(OUTCOMES, text)
    if step.action in _WRITTEN_BY_THE_SERVICE:
        return _LEADING_DAY.sub(lambda m: day(date.fromisoformat(m.group(1))), text)
    return text


def moment(value: datetime | None) -> str:
    """A stored moment as the day and time in the Netherlands (empty for none)."""
    return "" if value is None else i18n_moment(value)


def clock() -> datetime:
    """The moment of a step: now, moved to the app's ``TODAY`` when one is set
    (that day in the Netherlands at the time of day it is there now: moving
    the UTC time instead made every step after 23:00 UTC fall on the next
    Dutch day, and the tests that fix ``TODAY`` failed late in the evening)."""
    now = datetime.now(UTC)
    fixed: date | None = current_app.config.get("TODAY")
    if fixed is None:
        return now
    local = now.astimezone(NETHERLANDS)
    return datetime.combine(fixed, local.timetz()).astimezone(UTC)


def today() -> date:
    fixed: date | None = current_app.config.get("TODAY")
    return fixed or datetime.now(NETHERLANDS).date()


def helpers() -> dict[str, Any]:
    """What the consultation templates use to say things."""
    return {"STATES": STATES, "MODELS": MODELS, "QUESTIONS": QUESTIONS, "URGENCIES": URGENCIES,
            "OUTCOMES": OUTCOMES, "HOUSEHOLDS": HOUSEHOLDS, "ASKS": ASKS, "LIMITS": LIMITS,
            "ACTIONS": ACTIONS, "notice_text": notice_text, "step_text": step_text, "word": word,
            "moment": moment}
