"""Why someone ranks where they do, as codes with values (``Reason``), and
the one way of putting a reason into words (``sentence``).

The ranking (``graph.search``) says what it found — a declared level, cases,
shared history, the wijk, hours, a stale profile, the people in between —
as a ``Reason``, not as text, so that every page can say it in its own
language. ``sentence`` writes it with the words it is handed (``Words``):
by default in Dutch, as the JSON's ``why`` lines and the command line have
always said it; the web pages hand it their catalog's translation, the
area's label in the page's language and Babel's months and numbers.

The sentences are marked with ``_l`` so that ``pybabel extract`` (``babel.cfg``
reads this module) puts them in the catalog; here they stay Dutch.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from directory.search.dutch import dutch_number, month_label

#: What a reason's values may be: ids, counts, hours, a day, names.
Value = str | int | float | date | tuple[str, ...] | None


def _l(text: str) -> str:
    """A sentence for the translation catalog; the Dutch source text itself here."""
    return text


#: The codes a reason can have, each with the values it carries.
LEVEL = "level"  # area, level (1-3), cases, last: a declared level in an area (and its cases)
CASES = "cases"  # area, cases, last: cases in an area without a declared level
SHARED = "shared"  # cases, last, team (True: with the requester's team, else with the requester)
WIJK = "wijk"  # wijk: serves the requested wijk
HOURS = "hours"  # hours: hours left this half-year
NO_HOURS = "no_hours"  # no hours left this half-year
STALE = "stale"  # the profile was not confirmed for over a year
VIA = "via"  # ids, names: the people in between on the way from the requester
CODES = (LEVEL, CASES, SHARED, WIJK, HOURS, NO_HOURS, STALE, VIA)

_LEVELS = {1: _l("Basiskennis %(area)s"), 2: _l("Ervaren %(area)s"), 3: _l("Specialist %(area)s")}
_LEVELS_WITH_CASES = {1: _l("Basiskennis %(area)s, %(cases)s, laatste %(month)s"),
                      2: _l("Ervaren %(area)s, %(cases)s, laatste %(month)s"),
                      3: _l("Specialist %(area)s, %(cases)s, laatste %(month)s")}
_SENTENCES = {
    CASES: _l("Geen opgegeven expertise, wel %(cases)s %(area)s, laatste %(month)s"),
    WIJK: _l("Werkt in %(wijk)s"),
    HOURS: _l("Nog %(hours)s uur dit halfjaar"),
    NO_HOURS: _l("Geen uren meer dit halfjaar"),
    STALE: _l("Profiel langer dan een jaar niet bevestigd"),
    VIA: _l("Verbonden via %(names)s"),
}
_SHARED = {True: _l("%(cases)s met jouw team, laatste %(month)s"),
           False: _l("%(cases)s met jou, laatste %(month)s")}
_CASE_COUNT = (_l("%(count)s casus"), _l("%(count)s casussen"))


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason, as a code (``LEVEL``, ``CASES``, ...) and its values."""

    code: str
    values: tuple[tuple[str, Value], ...] = ()

    @classmethod
    def of(cls, code: str, **values: Value) -> Reason:
        return cls(code, tuple(values.items()))

    def get(self, key: str) -> Any:
        return dict(self.values).get(key)

    def as_json(self) -> dict[str, Any]:
        """``{"code": .., "values": {..}}``: days as ISO dates, names as lists."""
        def plain(value: Value) -> Any:
            if isinstance(value, date):
                return value.isoformat()
            return list(value) if isinstance(value, tuple) else value
        return {"code": self.code, "values": {key: plain(value) for key, value in self.values}}


def _and(names: Sequence[str]) -> str:
    return " en ".join(names)


def _lower(label: str) -> str:
    """An area's label inside a sentence: lower case, but an abbreviation (NAH, GGZ) kept."""
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]


@dataclass(frozen=True)
class Words:
    """How ``sentence`` writes: the translation of its sentences, an area's
    label, a month, hours and a list of names. Dutch unless told otherwise."""

    area: Callable[[str], str]
    translate: Callable[[str], str] = field(default=lambda text: text)
    month: Callable[[date], str] = month_label
    number: Callable[[float], str] = dutch_number
    names: Callable[[Sequence[str]], str] = _and


def sentence(reason: Reason, words: Words) -> str:
    """A reason as one line of the result's "why", in ``words``' language."""
    def say(text: str, **values: object) -> str:
        return words.translate(text) % values

    def cases(count: int) -> str:
        return say(_CASE_COUNT[count != 1], count=count)

    code, get = reason.code, reason.get
    area = _lower(words.area(get("area"))) if get("area") else ""
    last = words.month(get("last")) if get("last") else ""
    if code == LEVEL:
        if last:
            return say(_LEVELS_WITH_CASES[get("level")], area=area, cases=cases(get("cases")), month=last)
        return say(_LEVELS[get("level")], area=area)
    if code == CASES:
        return say(_SENTENCES[CASES], cases=cases(get("cases")), area=area, month=last)
    if code == SHARED:
        return say(_SHARED[bool(get("team"))], cases=cases(get("cases")), month=last)
    if code == HOURS:
        return say(_SENTENCES[HOURS], hours=words.number(get("hours")))
    if code == VIA:
        return say(_SENTENCES[VIA], names=words.names(get("names")))
    return say(_SENTENCES[code], wijk=get("wijk"))


def dutch(reasons: Sequence[Reason], label: Callable[[str], str]) -> tuple[str, ...]:
    """The reasons as the Dutch lines of ``why`` (the JSON and the command line)."""
    words = Words(area=label)
    return tuple(sentence(reason, words) for reason in reasons)
