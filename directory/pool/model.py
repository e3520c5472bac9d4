"""The records of the pool, as frozen dataclasses.

These are plain stdlib dataclasses so that stores can build them cheaply from
rows (no validation on every construction). The field annotations carry the
constraints of the exchange format (``../shared/docs/interfaces.md``), which
``directory.exchange.document`` enforces through pydantic when a document comes in from
outside. Lists are tuples so records stay hashable and immutable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Literal

from annotated_types import Interval
from pydantic import AfterValidator, BeforeValidator, ConfigDict, Strict, StringConstraints

from directory.pool.characters import LINES_PATTERN, NAME_PATTERN, ONE_LINE_PATTERN
from directory.privacy import checked_case_text
from directory.problems import custom_error

FORMAT = "kernteamdb/1"

#: The 14 wijken of 's-Hertogenbosch (domain.md); wijk fields are free text so
#: other municipalities can use the product, but the demo and the UI use these.
WIJKEN_DEN_BOSCH = (
    "Binnenstad", "De Groote Wielen", "Empel", "Engelen", "Graafsepoort", "Maaspoort",
    "Muntel/Vliert", "Noord", "Rosmalen Noord", "Rosmalen Zuid", "West", "Zuidoost",
    "Nuland", "Vinkel",
)

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def whole_float(value: object) -> object:
    """``3.0`` is the whole number 3 (JSON Schema's integer, as a JSON writer may put it);
    anything else is left for the strict check.

    >>> [whole_float(v) for v in (3.0, 2.5, True, "3")]
    [3, 2.5, True, '3']
    """
    return int(value) if isinstance(value, float) and value.is_integer() else value


def parse_iso_date(value: object) -> date:
    """Accept only ``YYYY-MM-DD`` strings (or dates): no timestamps, no times."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise custom_error("not_a_date")
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise custom_error("invalid_date", reason=str(exc)) from None


#: Ids: 1-100 characters, no control characters (C0, DEL, C1), no spaces at either end.
#: A new record's id is held to a safer set (``directory.pool.characters``, checked on import).
Id = Annotated[str, Strict(), StringConstraints(
    min_length=1, max_length=100,
    pattern=r"^[^\x00-\x1f\x7f-\x9f\s]([^\x00-\x1f\x7f-\x9f]*[^\x00-\x1f\x7f-\x9f\s])?$")]
#: Text refuses control characters by pattern (so the OpenAPI document says so too);
#: multi-line text keeps tab and line breaks (``directory.pool.characters``).
Name = Annotated[str, Strict(), StringConstraints(min_length=1, max_length=200, pattern=NAME_PATTERN)]
Short = Annotated[str, Strict(), StringConstraints(max_length=200, pattern=ONE_LINE_PATTERN)]
Text = Annotated[str, Strict(), StringConstraints(max_length=4000, pattern=LINES_PATTERN)]
#: Free text about a case: refused when it holds client identity (``directory.privacy``).
CaseText = Annotated[Text, AfterValidator(checked_case_text)]
_EMAIL_PART = r"[^@\s\x00-\x1f\x7f-\x9f]+"
Email = Annotated[str, Strict(), StringConstraints(
    max_length=200, pattern=rf"^{_EMAIL_PART}@{_EMAIL_PART}\.{_EMAIL_PART}$")]
Phone = Annotated[str, Strict(), StringConstraints(max_length=30, pattern=r"^\+?[0-9][0-9 ()-]{4,28}$")]
IsoDate = Annotated[date, BeforeValidator(parse_iso_date)]
Level = Annotated[int, Strict(), Interval(ge=1, le=3), BeforeValidator(whole_float)]
Hours = Annotated[float, Strict(), Interval(ge=0, le=10_000)]

Line = Literal["0", "1", "2"]
TeamKind = Literal["wijkteam", "kernteam", "expertiseteam", "netwerk", "triage"]
CollaborationModel = Literal["netwerk", "expertiseteam", "triage"]
QuestionKind = Literal["advies", "meedenken", "co-huisbezoek", "opschalen"]
ParticipantRole = Literal["regie", "specialist", "triage"]
Outcome = Literal["zwaardere_zorg_voorkomen", "doorverwezen", "onbekend"]
AgeBand = Literal["0-11", "12-17", "18-26", "27-64", "65+"]
Household = Literal[
    "alleenstaand", "eenoudergezin", "paar", "gezin met kinderen", "meergeneratie", "anders"
]

LEVEL_LABELS = {1: "basiskennis", 2: "ervaren", 3: "specialist"}

_FORBID = ConfigDict(extra="forbid")


@dataclass(frozen=True, slots=True)
class ExpertiseArea:
    """An area of expertise; ``broader`` makes the taxonomy a forest of domains."""

    __pydantic_config__ = _FORBID
    id: Id
    label: Name
    label_en: Short | None = None
    broader: Id | None = None
    synonyms: tuple[Name, ...] = ()
    related: tuple[Id, ...] = ()
    description: Text | None = None


@dataclass(frozen=True, slots=True)
class Organisation:
    """An employer or a resource; ``areas`` is what it offers help for."""

    __pydantic_config__ = _FORBID
    id: Id
    name: Name
    kind: Short | None = None
    line: Line | None = None
    website: Short | None = None
    phone: Phone | None = None
    wijken: tuple[Name, ...] = ()
    areas: tuple[Id, ...] = ()


@dataclass(frozen=True, slots=True)
class Team:
    """A wijkteam, kernteam, expertiseteam, netwerk or triage team."""

    __pydantic_config__ = _FORBID
    id: Id
    name: Name
    kind: TeamKind | None = None
    wijk: Name | None = None
    organisation: Id | None = None
    meets: Text | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """A declared expertise: 1 basiskennis, 2 ervaren, 3 specialist."""

    __pydantic_config__ = _FORBID
    area: Id
    level: Level


@dataclass(frozen=True, slots=True)
class Professional:
    """A person in the pool (fictional in the demo); their profile is theirs (AVG)."""

    __pydantic_config__ = _FORBID
    id: Id
    name: Name
    role: Short | None = None
    organisation: Id | None = None
    teams: tuple[Id, ...] = ()
    wijken: tuple[Name, ...] = ()
    expertise: tuple[Claim, ...] = ()
    hours_per_half_year: Hours | None = None
    knows: tuple[Id, ...] = ()
    email: Email | None = None
    phone: Phone | None = None
    bio: Text | None = None
    languages: tuple[Annotated[str, Strict(), StringConstraints(min_length=2, max_length=20,
                                                                pattern=ONE_LINE_PATTERN)], ...] = ()
    active: Annotated[bool, Strict()] = True
    confirmed: IsoDate | None = None


@dataclass(frozen=True, slots=True)
class Participation:
    """A professional's part in a case: their role and the hours they spent."""

    __pydantic_config__ = _FORBID
    professional: Id
    role: ParticipantRole = "specialist"
    hours: Hours | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Case:
    """An anonymised collaboration: never any client identity (domain.md, Privacy)."""

    __pydantic_config__ = _FORBID
    id: Id
    opened: IsoDate
    closed: IsoDate | None = None
    team: Id | None = None
    wijk: Name | None = None
    areas: tuple[Id, ...]
    model: CollaborationModel | None = None
    question: QuestionKind | None = None
    participants: tuple[Participation, ...]
    outcome: Outcome | None = None
    age_band: AgeBand | None = None
    household: Household | None = None
    notes: CaseText | None = None

    @property
    def booked_on(self) -> date:
        """The day the case's hours count for: closing day, or opening day while open."""
        return self.closed or self.opened


@dataclass(frozen=True, slots=True)
class Document:
    """A whole ``kernteamdb/1`` exchange document."""

    __pydantic_config__ = _FORBID
    format: Literal["kernteamdb/1"]
    expertise: tuple[ExpertiseArea, ...] = ()
    organisations: tuple[Organisation, ...] = ()
    teams: tuple[Team, ...] = ()
    professionals: tuple[Professional, ...] = ()
    cases: tuple[Case, ...] = ()


#: The record kinds in dependency order (a kind may refer to the ones before it).
KINDS = ("expertise", "organisations", "teams", "professionals", "cases")
#: What one record of each kind is called in messages.
NOUN = {"expertise": "expertise area", "organisations": "organisation", "teams": "team",
        "professionals": "professional", "cases": "case"}
Record = ExpertiseArea | Organisation | Team | Professional | Case


@dataclass(frozen=True, slots=True)
class Link:
    """One step of a path between two professionals and why they are connected."""

    a: str
    b: str
    kind: Literal["shared_case", "team", "knows", "organisation"]
    weight: float


@dataclass(frozen=True, slots=True)
class Path:
    """How two professionals are connected: ``ids`` from one to the other, or None."""

    source: str
    target: str
    ids: tuple[str, ...] | None
    links: tuple[Link, ...] = field(default=())
