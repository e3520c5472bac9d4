"""Reading the pool on behalf of a signed-in user: pages of records, one
record (each with its version, to state when editing it), and a
professional's hours this half-year.

Every function takes the ``User`` it acts for and checks the permission
first, so that no way into the directory can read it without one. Cases are
not browsable: they are reached only through search and the network.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from directory.accounts.roles import READ_POOL, User, require
from directory.consultations.hours import BudgetLevel, budget, half_year
from directory.errors import InvalidInput, NotFound
from directory.pool.changes import STATUS_KINDS, Saved, saved
from directory.pool.model import Professional, Record
from directory.ports import BookedHours, PoolRecords
from directory.problems import Problem, unknown

BROWSABLE = ("expertise", "organisations", "teams", "professionals")
DEFAULT_PAGE = 50
MAX_PAGE = 100
#: The furthest a page may start (beyond any pool): larger numbers would not fit
#: a store's integers and failed with a 500 instead of a 400.
MAX_OFFSET = 2**31 - 1


@dataclass(frozen=True, slots=True)
class Page:
    """``limit`` records from ``offset`` in id order, and how many there are in all;
    the version of each, and which of them are retired organisations or teams."""

    items: tuple[Record, ...]
    total: int
    limit: int
    offset: int
    versions: Mapping[str, int] = field(default_factory=dict)
    inactive: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class HoursUsed:
    """A professional's hours in the calendar half-year ``start``-``end``, and
    how their budget stands (``directory.consultations.hours.level``)."""

    start: date
    end: date
    budget: float | None
    used: float
    left: float | None
    level: BudgetLevel = "ok"


def check_page(limit: int, offset: int) -> None:
    """Refuse a page size outside 1-``MAX_PAGE`` or an offset outside 0-``MAX_OFFSET``."""
    problems: list[Problem] = []
    if not 1 <= limit <= MAX_PAGE:
        problems.append(Problem.of("limit", "page_size", value=limit, max=MAX_PAGE))
    problems.extend(offset_problems(offset))
    if problems:
        raise InvalidInput(f"limit must be from 1 to {MAX_PAGE} and offset from 0 to {MAX_OFFSET}", problems)


def offset_problems(offset: int) -> list[Problem]:
    """What is wrong with ``offset`` (nothing: an empty list)."""
    if offset < 0:
        return [Problem.of("offset", "offset_negative", value=offset)]
    if offset > MAX_OFFSET:
        return [Problem.of("offset", "offset_too_far", value=offset, max=MAX_OFFSET)]
    return []


def page(store: PoolRecords, kind: str, *, by: User, limit: int = DEFAULT_PAGE, offset: int = 0) -> Page:
    """One page of the records of ``kind`` (one of ``BROWSABLE``)."""
    require(by, READ_POOL)
    if kind not in BROWSABLE:
        raise NotFound(f"no such list '{kind}'")
    check_page(limit, offset)
    ids = [r.id for r in itertools.islice(store.iter_records(kind), offset, offset + limit)]
    versions = store.versions(kind, ids)  # before the records: see Store.versions
    found = store.get_many(kind, ids)
    items = tuple(found[i] for i in ids if i in found)
    inactive = store.inactive(kind) & set(ids) if kind in STATUS_KINDS else frozenset()
    return Page(items, store.count(kind), limit, offset, versions, frozenset(inactive))


def record(store: PoolRecords, kind: str, record_id: str, *, by: User) -> Record:
    """One record of ``kind`` (one of ``BROWSABLE``); ``NotFound`` when there is none."""
    require(by, READ_POOL)
    found = store.get(kind, record_id) if kind in BROWSABLE else None
    if found is None:
        raise NotFound(unknown(kind, record_id))
    return found


def stored(store: PoolRecords, kind: str, record_id: str, *, by: User) -> Saved:
    """One record of ``kind`` (one of ``BROWSABLE``) with its version and status."""
    require(by, READ_POOL)
    if kind not in BROWSABLE:
        raise NotFound(unknown(kind, record_id))
    return saved(store, kind, record_id)


def hours_this_half_year(store: BookedHours, person: Professional, today: date | None = None) -> HoursUsed:
    """Hours booked and left in the half-year that holds ``today``."""
    start, end = half_year(today or date.today())
    used = store.hours_booked([person.id], start, end).get(person.id, 0.0)
    standing = budget(person.hours_per_half_year, used)  # the profile's, or the kernteam's 40
    return HoursUsed(start, end, standing.budget, round(used, 2), standing.left, standing.level)
