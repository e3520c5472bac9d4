"""The period a half-year evaluation covers: whole days in the Netherlands,
from one day up to and including another.

By default the calendar half-year that holds today (the kernteam agreement
counts hours and evaluates per half-year, ``directory.consultations.hours``); any other
period of whole days is allowed as long as it starts before it ends and
spans at most ``MAX_YEARS`` years (longer spans say little about a network
that changes every half-year, and cost time to compute).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from directory.consultations.hours import half_year
from directory.consultations.workdays import NETHERLANDS
from directory.errors import InvalidInput
from directory.problems import Problem

MAX_YEARS = 3
#: The longest period, in days (three years, a leap day included).
MAX_DAYS = 365 * MAX_YEARS + 1


@dataclass(frozen=True, slots=True)
class Period:
    """The days ``start`` up to and including ``end``."""

    start: date
    end: date

    @property
    def since(self) -> datetime:
        """The first moment of the period (UTC), for ``Store.consultations``."""
        return datetime.combine(self.start, time(0), tzinfo=NETHERLANDS).astimezone(UTC)

    @property
    def until(self) -> datetime:
        """The first moment after the period (UTC)."""
        return datetime.combine(self.end + timedelta(days=1), time(0),
                                tzinfo=NETHERLANDS).astimezone(UTC)

    def holds(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    def half_years(self) -> list[tuple[date, date]]:
        """The calendar half-years the period falls in, oldest first.

        >>> Period(date(2026, 5, 1), date(2026, 8, 1)).half_years()[1]
        (datetime.date(2026, 7, 1), datetime.date(2026, 12, 31))
        """
        out = [half_year(self.start)]
        while out[-1][1] < self.end:
            out.append(half_year(out[-1][1] + timedelta(days=1)))
        return out


def half_years_before(today: date, count: int = 6) -> list[Period]:
    """The half-year of ``today`` and the ``count - 1`` before it, newest first
    (what a period selector offers).

    >>> [p.start.isoformat() for p in half_years_before(date(2026, 12, 2), 3)]
    ['2026-07-01', '2026-01-01', '2025-07-01']
    """
    out = [Period(*half_year(today))]
    while len(out) < count:
        out.append(Period(*half_year(out[-1].start - timedelta(days=1))))
    return out


def _day(value: Any, name: str, problems: list[Problem]) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    text = str(value).strip()
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        problems.append(Problem.of(name, "not_a_date"))
        return None


def period_of(start: Any = None, end: Any = None, *, today: date) -> Period:
    """The period from ``start`` to ``end`` (dates or ``YYYY-MM-DD`` text);
    neither given: the half-year of ``today``; one given: the other is the end
    or the start of that day's half-year. ``InvalidInput`` (``from: ...`` /
    ``to: ...``) for a day that is not a date, an end before the start or a
    period longer than ``MAX_YEARS`` years.

    >>> period_of("2026-02-01", None, today=date(2026, 12, 2))
    Period(start=datetime.date(2026, 2, 1), end=datetime.date(2026, 6, 30))
    """
    problems: list[Problem] = []
    first, last = _day(start, "from", problems), _day(end, "to", problems)
    if problems:
        raise InvalidInput("the period is not right", problems)
    if first is None and last is None:
        return Period(*half_year(today))
    first = first or half_year(last)[0]  # type: ignore[arg-type]
    last = last or half_year(first)[1]
    if last < first:
        raise InvalidInput("the period is not right", [Problem.of("to", "before_start")])
    if (last - first).days >= MAX_DAYS:
        raise InvalidInput("the period is not right",
                           [Problem.of("to", "period_too_long", years=MAX_YEARS)])
    return Period(first, last)
