"""Working days, for the time limits of consultations: a first answer within
2 working days, an opschalen meeting within 5 (the Almere practice in
domain.md). Saturdays, Sundays and the Dutch public holidays (the
``holidays`` package: Nieuwjaarsdag, Pasen, Koningsdag, Hemelvaart, Pinksteren,
Kerst, and Bevrijdingsdag in the lustrum years) are not working days.

Moments are stored in UTC; the day a moment falls on is the day in the
Netherlands (``local_day``).
"""

from __future__ import annotations

import functools
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays

NETHERLANDS = ZoneInfo("Europe/Amsterdam")
#: The limits, in working days.
FIRST_ANSWER_DAYS = 2
ESCALATION_MEETING_DAYS = 5


@functools.lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("NL", years=year))


def local_day(moment: datetime) -> date:
    """The day ``moment`` falls on in the Netherlands."""
    return moment.astimezone(NETHERLANDS).date()


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a public holiday.

    >>> is_working_day(date(2026, 12, 25)), is_working_day(date(2026, 12, 28))
    (False, True)
    """
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(day: date, count: int) -> date:
    """The ``count``-th working day after ``day`` (a request on Friday with 2
    working days is due on Tuesday).

    >>> add_working_days(date(2026, 12, 4), 2)  # Friday
    datetime.date(2026, 12, 8)
    >>> add_working_days(date(2026, 12, 24), 2)  # over Christmas
    datetime.date(2026, 12, 29)
    """
    while count > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """How many working days after ``start`` up to and including ``end`` (0 when ``end <= start``).

    >>> working_days_between(date(2026, 12, 4), date(2026, 12, 8))
    2
    """
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_working_day(day)
    return count
