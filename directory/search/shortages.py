"""Tekorten from demand: where a wijk asks for an expertise that its
specialists cannot give.

Counting every area nobody covers says little (every wijk lacks 23-43 of 79
areas, most of which it never asks for). Here an area is short in a wijk
only when it was asked for there in the last half-year (cases opened and
consultations filed in the last ``WINDOW_DAYS`` days) and the hours it would
take (``HOURS_PER_REQUEST`` per request) exceed the hours the wijk's
available specialists (level 2 or 3, active, hours left this half-year) have
left. Each shortage names who could cover it: available specialists of a
neighbouring wijk, and organisations that offer the area there or city-wide.

A specialist's hours left count for every area and wijk they serve: the
supply is an upper bound, so what is listed is short for certain.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from directory.consultations.hours import half_year, hours_left
from directory.pool.model import Case, ExpertiseArea, Organisation, Professional, Team
from directory.ports import PoolWithConsultations, Reporting
from directory.search.coverage import MIN_LEVEL

#: The demand counted: requests of the last half-year (rolling, so a new
#: half-year does not start with an empty page).
WINDOW_DAYS = 183
#: Specialist hours a request takes: the median of the demo's cases (4.0;
#: a telephone consult takes 1-2, opschalen with a meeting more).
HOURS_PER_REQUEST = 4.0

#: Which wijken of 's-Hertogenbosch border each other (from the map; a
#: planning aid, not an administrative fact). A wijk missing here has no
#: neighbours named.
NEIGHBOURS: dict[str, tuple[str, ...]] = {
    "Binnenstad": ("Noord", "West", "Zuidoost", "Graafsepoort", "Muntel/Vliert"),
    "Noord": ("Binnenstad", "West", "Muntel/Vliert", "Maaspoort", "Engelen"),
    "West": ("Binnenstad", "Noord", "Engelen"),
    "Engelen": ("West", "Noord", "Maaspoort"),
    "Maaspoort": ("Noord", "Muntel/Vliert", "Engelen", "Empel", "Rosmalen Noord"),
    "Muntel/Vliert": ("Binnenstad", "Noord", "Maaspoort", "Graafsepoort"),
    "Graafsepoort": ("Binnenstad", "Muntel/Vliert", "Zuidoost", "Rosmalen Zuid"),
    "Zuidoost": ("Binnenstad", "Graafsepoort", "Rosmalen Zuid"),
    "Empel": ("Maaspoort", "Rosmalen Noord"),
    "Rosmalen Noord": ("Empel", "Maaspoort", "Rosmalen Zuid", "De Groote Wielen"),
    "Rosmalen Zuid": ("Rosmalen Noord", "Graafsepoort", "Zuidoost", "De Groote Wielen", "Nuland"),
    "De Groote Wielen": ("Rosmalen Noord", "Rosmalen Zuid", "Nuland"),
    "Nuland": ("Rosmalen Zuid", "De Groote Wielen", "Vinkel"),
    "Vinkel": ("Nuland",),
}


@dataclass(frozen=True, slots=True)
class Helper:
    """A specialist of a neighbouring wijk with hours left for the area."""

    professional: str
    wijk: str
    hours_left: float


@dataclass(frozen=True, slots=True)
class Shortage:
    """An area asked for in a wijk beyond what its specialists can give."""

    wijk: str
    area: str
    asked: int  # requests in the window (cases and consultations)
    available: tuple[str, ...]  # the wijk's specialists with hours left, by id
    hours_left: float  # theirs, together
    nearby: tuple[Helper, ...]  # most hours left first
    organisations: tuple[str, ...]  # offering the area in the wijk, a neighbour or city-wide

    @property
    def hours_needed(self) -> float:
        return self.asked * HOURS_PER_REQUEST

    @property
    def short_by(self) -> float:
        """How many hours the demand exceeds the hours left (the sort key)."""
        return round(self.hours_needed - self.hours_left, 2)


def demand(store: PoolWithConsultations, today: date) -> Counter[tuple[str, str]]:
    """(wijk, area) -> requests in the window: cases opened and consultations
    filed since ``today - WINDOW_DAYS`` (a consultation that became a case is
    counted once, as its case). The wijk is the request's own, else its team's."""
    since = today - timedelta(days=WINDOW_DAYS)
    team_wijk = {t.id: t.wijk for t in store.iter_records("teams") if isinstance(t, Team) and t.wijk}
    asked: Counter[tuple[str, str]] = Counter()
    for case in store.iter_records("cases"):
        if isinstance(case, Case) and since <= case.opened <= today:
            wijk = case.wijk or team_wijk.get(case.team or "")
            asked.update((wijk, area) for area in set(case.areas) if wijk)
    for consultation in store.consultations():
        if consultation.case is None and since <= consultation.opened.date() <= today:
            wijk = consultation.wijk or team_wijk.get(consultation.team)
            asked.update((wijk, area) for area in set(consultation.areas) if wijk)
    return asked


def shortages(store: Reporting, today: date) -> list[Shortage]:
    """Every (wijk, area) asked for beyond its available hours, shortest
    first (most hours short, then most asked, then wijk and area)."""
    areas = {a.id for a in store.areas() if isinstance(a, ExpertiseArea) and a.broader}
    asked = {key: n for key, n in demand(store, today).items() if key[1] in areas}
    wanted = sorted({area for _, area in asked})
    claims = store.claims(wanted)
    people = store.get_many("professionals", claims)
    start, end = half_year(today)
    booked = store.hours_booked(claims, start, end)
    left: dict[str, float] = {}
    serving: dict[tuple[str, str], list[str]] = {}  # (wijk, area) -> available specialists
    for pid, levels in claims.items():
        person = people.get(pid)
        if not isinstance(person, Professional) or not person.active:
            continue
        left[pid] = hours_left(person.hours_per_half_year, booked.get(pid, 0.0))
        if left[pid] == 0:
            continue
        for area, level in levels.items():
            if level >= MIN_LEVEL:
                for wijk in person.wijken:
                    serving.setdefault((wijk, area), []).append(pid)
    offering = [o for o in store.iter_records("organisations") if isinstance(o, Organisation) and o.areas]
    found = []
    for (wijk, area), count in asked.items():
        here = sorted(set(serving.get((wijk, area), [])))
        supply = round(sum(left[p] for p in here), 2)
        if count * HOURS_PER_REQUEST <= supply:
            continue
        near = NEIGHBOURS.get(wijk, ())
        helpers = {}
        for other in near:
            for pid in serving.get((other, area), []):
                if pid not in here and pid not in helpers:
                    helpers[pid] = Helper(pid, other, left[pid])
        orgs = tuple(o.id for o in offering if area in o.areas
                     and (not o.wijken or wijk in o.wijken or any(w in near for w in o.wijken)))
        found.append(Shortage(wijk, area, count, tuple(here), supply,
                              tuple(sorted(helpers.values(), key=lambda h: (-h.hours_left, h.professional))),
                              orgs))
    found.sort(key=lambda s: (-s.short_by, -s.asked, s.wijk, s.area))
    return found
