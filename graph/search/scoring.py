"""The parts of a search score and how each is worked out for one person:
the weights of the formula (``graph.search``), skill per area and need,
availability from the hours booked, and the reasons each part gives for a
person's place (``reasons_for``). Pure functions: the candidate lists
(``graph.search.candidates``) and the ranking (``graph.search.ranking``) share
them, so a bound and a full score are the same floats to the last bit."""

from __future__ import annotations

import math
from datetime import date

from directory.consultations.hours import budget
from directory.pool.freshness import unconfirmed_for_a_year
from directory.pool.model import Professional
from directory.search import reasons
from directory.search.queries import MatchedArea, SearchQuery
from directory.search.reasons import Reason

NARROWER_DISCOUNT = 0.6
WEIGHTS = {"skill": 0.60, "history": 0.15, "proximity": 0.10, "wijk": 0.08, "available": 0.07}
NO_HOURS_FACTOR = 0.8
STALE_FACTOR = 0.95


def saturating(amount: float, scale: float) -> float:
    """0 for nothing, approaching 1 for much: more evidence helps, less and less."""
    return 1.0 - math.exp(-amount / scale)



def availability(person: Professional, booked: float, today: date) -> tuple[float | None, float, bool, float]:
    """Hours left this half-year, the availability part of the score, whether
    the profile is stale, and the factor for no hours left and a stale profile."""
    standing = budget(person.hours_per_half_year, booked)
    left = standing.left
    available = left / standing.budget if standing.budget > 0 else 0.0
    stale = unconfirmed_for_a_year(person, today)
    factor = (NO_HOURS_FACTOR if left == 0 else 1.0) * (STALE_FACTOR if stale else 1.0)
    return left, WEIGHTS["available"] * available, stale, factor



def area_skill(area: str, need: str, claims: dict[str, int],
                evidence: dict[str, tuple[int, float, date]]) -> float:
    """Skill in one area for one need: declared level and recency-weighted
    cases, discounted when the area is narrower than the need."""
    entry = evidence.get(area)
    skill = 0.55 * claims.get(area, 0) / 3 + (0.45 * saturating(entry[1], 2.0) if entry else 0.0)
    return skill if area == need else skill * NARROWER_DISCOUNT


def need_skill(need: str, claims: dict[str, int], evidence: dict[str, tuple[int, float, date]]) -> float:
    """How well a person meets one need: their best area among those they
    claim or have cases in (``claims`` and ``evidence`` hold only the areas
    that meet the need; an area they have neither in counts 0)."""
    return max((area_skill(area, need, claims, evidence) for area in {*claims, *evidence}),
               default=0.0)


def best_cover(need: str, areas: list[str], via: str, claims: dict[str, int],
                evidence: dict[str, tuple[int, float, date]]) -> MatchedArea:
    """Which area answers a need best for a person, and how it was matched
    (someone asked for 'verslaving' is shown with their alcohol expertise)."""
    area = max(areas, key=lambda a: (area_skill(a, need, claims, evidence), a == need))
    count = evidence[area][0] if area in evidence else 0
    return MatchedArea(area, via if area == need else f"{via}, narrower area", claims.get(area),
                       count)


def reasons_for(matched: tuple[MatchedArea, ...], evidence: dict[str, tuple[int, float, date]],
         shared: tuple[int, float, date] | None, query: SearchQuery, serves_wijk: bool,
         left: float | None, stale: bool) -> tuple[Reason, ...]:
    """The reasons for a person's place, as codes with values (``directory.search.reasons``)."""
    found = []
    for m in matched:
        last = evidence[m.area][2] if m.area in evidence else None
        if m.level:
            found.append(Reason.of(reasons.LEVEL, area=m.area, level=m.level,
                                   cases=m.cases if last else None, last=last))
        elif last:
            found.append(Reason.of(reasons.CASES, area=m.area, cases=m.cases, last=last))
    if shared:
        found.append(Reason.of(reasons.SHARED, cases=shared[0], last=shared[2], team=bool(query.team)))
    if serves_wijk:
        found.append(Reason.of(reasons.WIJK, wijk=query.wijk))
    if left is not None:
        found.append(Reason.of(reasons.NO_HOURS) if left == 0 else Reason.of(reasons.HOURS, hours=left))
    if stale:
        found.append(Reason.of(reasons.STALE))
    return tuple(dict.fromkeys(found))  # two needs met by one area: say it once
