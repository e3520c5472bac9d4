"""Gaps in the pool: expertise areas that a wijk cannot count on.

An area is a gap in a wijk when fewer than two active specialists (declared
level 2 or 3) serve that wijk and still have hours this half-year; such a
wijk depends on one person, or on nobody. Coordinators use this to recruit
and to balance the kernteam.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from directory.consultations.hours import half_year, hours_left
from directory.pool.model import ExpertiseArea, Organisation, Professional, Team
from directory.ports import PoolRecords, PoolWithSearch

MIN_SPECIALISTS = 2
MIN_LEVEL = 2


@dataclass(frozen=True, slots=True)
class Gap:
    """An area a wijk has fewer than ``MIN_SPECIALISTS`` available specialists for."""

    wijk: str
    area: str
    available: tuple[str, ...]  # the specialists there are (0 or 1 of them)


def wijken_of(store: PoolRecords) -> list[str]:
    """Every wijk the pool mentions (teams, professionals, organisations)."""
    found: set[str] = set()
    for record in store.iter_records("teams"):
        assert isinstance(record, Team)
        if record.wijk:
            found.add(record.wijk)
    for kind in ("professionals", "organisations"):
        for other in store.iter_records(kind):
            assert isinstance(other, Professional | Organisation)
            found.update(other.wijken)
    return sorted(found)


def gaps(store: PoolWithSearch, today: date, *, min_specialists: int = MIN_SPECIALISTS) -> list[Gap]:
    """Every (wijk, area) with too few available specialists, by wijk then area.

    Domains (areas without ``broader``) are not listed: their areas are."""
    areas = [a.id for a in store.areas() if isinstance(a, ExpertiseArea) and a.broader]
    claims = store.claims(areas)
    people = store.get_many("professionals", claims)
    start, end = half_year(today)
    booked = store.hours_booked(claims, start, end)
    available: dict[tuple[str, str], list[str]] = {}
    for pid, levels in claims.items():
        person = people[pid]
        assert isinstance(person, Professional)
        if hours_left(person.hours_per_half_year, booked.get(pid, 0.0)) == 0:
            continue
        for area, level in levels.items():
            if level >= MIN_LEVEL:
                for wijk in person.wijken:
                    available.setdefault((wijk, area), []).append(pid)
    out = []
    for wijk in wijken_of(store):
        for area in sorted(areas):
            there = sorted(available.get((wijk, area), []))
            if len(there) < min_specialists:
                out.append(Gap(wijk, area, tuple(there)))
    return out
