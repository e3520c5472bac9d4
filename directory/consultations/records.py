"""The records of consultations: a wijkteam's request for a specialist's help,
from filing to closing, and what goes with it (meeting schedules, notices).

A consultation is not part of the exchange format: it is the working record
behind a case. Closing one writes the anonymised ``Case`` (``directory.pool.model``)
that search and who-knows-whom count; until then its hours bookings count
against the specialists' budgets. Like cases it holds no client identity:
every free-text field passes the guard of ``directory.privacy`` when it is
written (``directory.consultations.service``), and ``directory.pool.retention`` empties the free
text some years after closing while the statistics stay.

Records are frozen dataclasses stored as JSON documents
(``consultation_to_dict`` / ``consultation_from_dict``); ``version`` is filled
in by the store (the revision that last wrote it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from pydantic import TypeAdapter

from directory.pool.model import AgeBand, CollaborationModel, Household, Outcome, QuestionKind

State = Literal["nieuw", "gevraagd", "geagendeerd", "lopend", "gesloten", "ingetrokken"]
#: States in which nothing can change any more.
FINAL_STATES = ("gesloten", "ingetrokken")
AskStatus = Literal["gevraagd", "geaccepteerd", "afgewezen"]
Urgency = Literal["normaal", "spoed"]

#: What each step in a consultation's log records (the ``action`` of a ``Step``).
STEP_ACTIONS = (
    "aangevraagd", "gevraagd", "geaccepteerd", "afgewezen", "geagendeerd", "toegewezen",
    "vraag", "antwoord", "advies", "notitie", "actie", "uren", "opgeschaald", "plan",
    "afgeschaald", "regie", "budget-uitzondering", "toestemming", "gesloten", "ingetrokken",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Ask:
    """A specialist asked or assigned to help, and their answer."""

    professional: str
    status: AskStatus
    at: datetime
    by: str
    reason: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Booking:
    """Hours a professional spent on the consultation, on one day."""

    professional: str
    day: date
    hours: float
    by: str
    at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class Step:
    """One line of the consultation's log: who did what, when (``text``: free
    text, checked by the privacy guard; emptied after the retention period)."""

    at: datetime
    by: str
    action: str
    text: str | None = None
    professional: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Consultation:
    """One request for a specialist's help.

    ``team`` is the requesting wijkteam and ``lead`` its member who keeps the
    regie; ``via`` the expertiseteam, triage team or network the request goes
    to (None: the worker asks a specialist of the whole pool directly);
    ``model`` follows from it. ``meeting`` is the expertiseteam meeting that
    has it on the agenda; ``escalated`` the moment of opschalen (None when it
    was never escalated or was handed back), ``escalation_meeting`` the day
    of the opschalen meeting."""

    id: str
    model: CollaborationModel
    team: str
    lead: str
    via: str | None = None
    need: str | None = None
    areas: tuple[str, ...] = ()
    wijk: str | None = None
    age_band: AgeBand | None = None
    household: Household | None = None
    question: QuestionKind = "advies"
    urgency: Urgency = "normaal"
    named: bool = False
    consent: bool = False
    state: State = "nieuw"
    opened: datetime
    first_answer: datetime | None = None
    closed: datetime | None = None
    meeting: date | None = None
    escalated: datetime | None = None
    escalation_meeting: date | None = None
    plan: str | None = None
    asks: tuple[Ask, ...] = ()
    bookings: tuple[Booking, ...] = ()
    steps: tuple[Step, ...] = ()
    outcome: Outcome | None = None
    lessons: str | None = None
    case: str | None = None
    #: Who had the regie before (they still see the consultation).
    former_leads: tuple[str, ...] = ()
    version: int = 0

    @property
    def is_open(self) -> bool:
        return self.state not in FINAL_STATES

    def ask_of(self, professional: str) -> Ask | None:
        """The latest ask of ``professional`` (None if they were never asked)."""
        found = [a for a in self.asks if a.professional == professional]
        return found[-1] if found else None

    def hours_of(self, professional: str) -> float:
        """Hours ``professional`` booked on this consultation."""
        return round(sum(b.hours for b in self.bookings if b.professional == professional), 2)

    @property
    def people(self) -> tuple[str, ...]:
        """Everyone the consultation names: lead, former leads, those asked, those
        who booked hours or took a step, in that order."""
        seen: dict[str, None] = {self.lead: None}
        for person in self.former_leads:
            seen.setdefault(person, None)
        for ask in self.asks:
            seen.setdefault(ask.professional, None)
        for booking in self.bookings:
            seen.setdefault(booking.professional, None)
        for step in self.steps:
            if step.professional:
                seen.setdefault(step.professional, None)
        return tuple(seen)


@dataclass(frozen=True, slots=True, kw_only=True)
class MeetingSchedule:
    """When an expertiseteam meets (every ``every_weeks`` weeks on the weekday
    of ``first``, from ``first`` on) and who chairs it."""

    team: str
    first: date
    every_weeks: int = 2
    time: str | None = None
    chair: str | None = None
    place: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Notice:
    """A message for a professional in the app (and by e-mail): ``what`` is one
    of ``NOTICE_KINDS``; pages say it in the reader's language. ``seq`` is
    filled in by the store."""

    professional: str
    at: datetime
    consultation: str
    what: str
    seq: int = 0
    read: bool = False


NOTICE_KINDS = ("gevraagd", "geaccepteerd", "afgewezen", "toegewezen", "geagendeerd",
                "vraag", "antwoord", "advies", "opgeschaald", "afgeschaald", "regie", "gesloten",
                "nieuw-in-triage", "nieuw-op-agenda", "specialisten-toegewezen", "ingetrokken")

_CONSULTATION = TypeAdapter(Consultation)
_SCHEDULE = TypeAdapter(MeetingSchedule)


def consultation_to_dict(consultation: Consultation) -> dict[str, Any]:
    """The JSON document a store keeps (without ``version``, which is the store's)."""
    out: dict[str, Any] = _CONSULTATION.dump_python(consultation, mode="json", exclude={"version"},
                                                   exclude_none=True)
    return out


def consultation_from_dict(data: dict[str, Any], version: int = 0) -> Consultation:
    """A consultation from its stored document."""
    return _CONSULTATION.validate_python({**data, "version": version})


def schedule_to_dict(schedule: MeetingSchedule) -> dict[str, Any]:
    out: dict[str, Any] = _SCHEDULE.dump_python(schedule, mode="json", exclude_none=True)
    return out


def schedule_from_dict(data: dict[str, Any]) -> MeetingSchedule:
    return _SCHEDULE.validate_python(data)
