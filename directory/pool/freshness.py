"""Freshness: which profiles have not been confirmed for too long.

A profile is *stale* when its ``confirmed`` date lies more than
``STALE_MONTHS`` calendar months before today, or when it was never
confirmed. One rule, used by the coordinator's page (``/beheer/actualiteit``)
and by ``kernteamdb remind``; "today" is a parameter so that tests and the
app's ``TODAY`` setting can fix it. Retired professionals are left out: they
are never proposed, so nobody needs to keep them current. (Search has its
own, milder rule, ``unconfirmed_for_a_year``: it ranks a profile lower after
a year, and a team proposal names it only when no one else meets the need.)
"""

from __future__ import annotations

import calendar
from datetime import date

from directory.accounts.roles import EDIT_OWN_PROFILE, WRITE_POOL, User, may
from directory.errors import NotFound
from directory.pool.changes import allowed
from directory.pool.model import Professional
from directory.ports import PoolRecords
from directory.problems import unknown

STALE_MONTHS = 6


def months_before(today: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (the month's last day
    when it has no such day).

    >>> months_before(date(2026, 11, 16), 6), months_before(date(2026, 8, 31), 6)
    (datetime.date(2026, 5, 16), datetime.date(2026, 2, 28))
    """
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(today.day, last))


def is_stale(person: Professional, today: date) -> bool:
    """Not confirmed for over ``STALE_MONTHS`` months, or never.

    >>> anna = Professional("p-anna", "Anna", confirmed=date(2026, 5, 16))
    >>> is_stale(anna, date(2026, 11, 16)), is_stale(anna, date(2026, 11, 17))
    (False, True)
    """
    return person.confirmed is None or person.confirmed < months_before(today, STALE_MONTHS)


#: Search's milder rule: after this many days unconfirmed a profile ranks lower,
#: and a team proposal names it only when no one confirmed meets the need.
UNCONFIRMED_AFTER_DAYS = 365


def unconfirmed_for_a_year(person: Professional, today: date) -> bool:
    """Confirmed more than ``UNCONFIRMED_AFTER_DAYS`` days ago (a profile never
    confirmed is not held against anyone here: imports may not say).

    >>> tom = Professional("p-tom", "Tom", confirmed=date(2025, 1, 31))
    >>> unconfirmed_for_a_year(tom, date(2026, 1, 31)), unconfirmed_for_a_year(tom, date(2026, 2, 1))
    (False, True)
    """
    return person.confirmed is not None and (today - person.confirmed).days > UNCONFIRMED_AFTER_DAYS


def stale_profiles(store: PoolRecords, *, by: User | None, today: date | None = None,
                   organisation: str | None = None) -> list[Professional]:
    """The active professionals whose profile is stale (of ``organisation`` only,
    when given): never confirmed first, then the oldest confirmation, then by name.
    A coordinator's tool (``Forbidden`` for other roles)."""
    allowed(by, WRITE_POOL)
    if organisation is not None and store.get("organisations", organisation) is None:
        raise NotFound(unknown("organisations", organisation))
    day = today or date.today()
    found = [p for p in store.iter_records("professionals")
             if isinstance(p, Professional) and p.active and is_stale(p, day)
             and (organisation is None or p.organisation == organisation)]
    return sorted(found, key=lambda p: (p.confirmed or date.min, p.name, p.id))


def may_confirm(user: User, professional_id: str) -> bool:
    """Whether ``user`` may confirm this profile: the specialist it belongs to,
    or a coordinator (``pool.confirm`` enforces the same; pages use this to
    decide what to offer)."""
    return may(user, WRITE_POOL) or (may(user, EDIT_OWN_PROFILE) and user.professional == professional_id)
