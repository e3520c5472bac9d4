"""Expertise: the taxonomy as a map of the pool. Per domain and area, how
many people declare it (per level) and how many showed it in cases; per area,
who covers it in which wijk; and the tekorten (``directory.search.shortages``): areas
a wijk asked for beyond the hours its specialists have left. Coordinators use
it to recruit and balance the kernteam; workers to see where help is thin."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import Blueprint, current_app, render_template, request

from directory.consultations.hours import BudgetLevel, half_year, hours_left
from directory.consultations.hours import level as budget_level
from directory.errors import NotFound
from directory.evaluation.lessons import SHOWN
from directory.evaluation.lessons import for_area as lessons_for_area
from directory.pool.model import ExpertiseArea, Organisation, Professional
from directory.search.coverage import MIN_LEVEL, MIN_SPECIALISTS
from directory.search.shortages import HOURS_PER_REQUEST, WINDOW_DAYS, Shortage, shortages
from web.guard import store
from web.i18n import level_label
from web.pages.parts.lookups import lookups
from web.pages.parts.signed_in import reader, record
from web.pages.profile import names_of

bp = Blueprint("expertise", __name__)


@dataclass(frozen=True)
class AreaCount:
    area: ExpertiseArea
    levels: dict[int, int]  # declared level -> active people
    with_cases: int  # active people with cases as specialist in the area


@dataclass(frozen=True)
class Cover:
    """Someone who covers an area, as the per-wijk table shows them."""

    id: str
    name: str
    level: str | None
    cases: int
    hours_left: float | None
    counts: bool  # level 2+ with hours left: counts against a gap
    budget_level: BudgetLevel = "ok"


def _today() -> date:
    today: date = current_app.config["TODAY"] or date.today()
    return today


def _counts(today: date) -> dict[str, AreaCount]:
    """Per area, declared levels and people with case evidence (kept per store revision)."""
    def build() -> dict[str, AreaCount]:
        areas = store().areas()
        ids = [a.id for a in areas]
        levels: dict[str, Counter[int]] = {a: Counter() for a in ids}
        for claimed in store().claims(ids).values():
            for area, level in claimed.items():
                levels[area][level] += 1
        shown = Counter(area for found in store().evidence_summary(ids, today).values() for area in found)
        return {a.id: AreaCount(a, dict(levels[a.id]), shown[a.id]) for a in areas}

    return store().derived(("web.area-counts", today), build)


@bp.get("/expertise")
def areas() -> Any:
    reader()
    counts = _counts(_today())
    known = lookups(store())
    tree = [(domain, sorted((c for c in counts.values() if c.area.broader == domain.id),
                            key=lambda c: known.label(c.area.id).casefold()))
            for domain in known.domains]
    return render_template("expertise.html", tree=tree, counts=counts)


@bp.get("/expertise/tekorten")
def gaps_page() -> Any:
    """Tekorten from demand (``directory.search.shortages``): per wijk how many areas
    were asked for beyond the hours its specialists have left; for one wijk
    those areas, shortest first, with who could cover them."""
    reader()
    today = _today()
    found: list[Shortage] = store().derived(("web.shortages", today), lambda: shortages(store(), today),
                                            with_consultations=True)  # who has hours left
    known = lookups(store())
    per_wijk: dict[str, list[Shortage]] = {w: [] for w in known.wijken}
    for shortage in found:
        per_wijk.setdefault(shortage.wijk, []).append(shortage)
    wijk = request.args.get("wijk") or None
    if wijk is not None and wijk not in per_wijk:
        raise NotFound(f"unknown wijk '{wijk}'")
    shown = per_wijk.get(wijk, []) if wijk else []
    people = {p for s in shown for p in s.available} | {h.professional for s in shown for h in s.nearby}
    names = names_of(sorted(people))
    organisations = store().get_many("organisations", sorted({o for s in shown for o in s.organisations}))
    return render_template("gaps.html", per_wijk=per_wijk, wijk=wijk, shown=shown, names=names, known=known,
                           organisations={i: getattr(o, "name", i) for i, o in organisations.items()},
                           level=level_label(MIN_LEVEL), window=WINDOW_DAYS, per_request=HOURS_PER_REQUEST)


@bp.get("/expertise/<path:area_id>")
def area(area_id: str) -> Any:
    user = reader()
    found = record("expertise", area_id, ExpertiseArea)
    known = lookups(store())
    today = _today()
    narrower = sorted((a for a in known.areas.values() if a.broader == found.id),
                      key=lambda a: known.label(a.id).casefold())
    helping = [o for o in store().iter_records("organisations")
               if isinstance(o, Organisation) and found.id in o.areas]
    lessons = lessons_for_area(store(), found.id, by=user)
    every = request.args.get("lessen") == "alle"
    return render_template("area.html", area=found, known=known, narrower=narrower,
                           broader=known.areas.get(found.broader or ""),
                           per_wijk=_covers_per_wijk(found.id, today), helping=helping,
                           least=MIN_SPECIALISTS, lessons=lessons if every else lessons[:SHOWN],
                           lesson_count=len(lessons))


def _covers_per_wijk(area_id: str, today: date) -> list[tuple[str, list[Cover]]]:
    """Who declares the area or showed it in cases, per wijk they work in
    (strongest first); every wijk of the pool is listed, so empty ones show."""
    claims = {p: levels[area_id] for p, levels in store().claims([area_id]).items()}
    evidence = {p: found[area_id] for p, found in store().evidence_summary([area_id], today).items()}
    ids = sorted(claims.keys() | evidence.keys())
    people = store().get_many("professionals", ids)
    start, end = half_year(today)
    booked = store().hours_booked(ids, start, end)
    per_wijk: dict[str, list[Cover]] = {w: [] for w in lookups(store()).wijken}
    for pid in ids:
        person = people.get(pid)
        if not isinstance(person, Professional):
            continue
        left = hours_left(person.hours_per_half_year, booked.get(pid, 0.0))
        claimed = claims.get(pid)
        cover = Cover(pid, person.name, level_label(claimed) if claimed else None,
                      evidence[pid][0] if pid in evidence else 0, left,
                      (claimed or 0) >= MIN_LEVEL and left != 0,
                      budget_level(person.hours_per_half_year, booked.get(pid, 0.0)))
        for wijk in person.wijken:
            per_wijk.setdefault(wijk, []).append(cover)
    return [(wijk, sorted(covers, key=lambda c: (not c.counts, -(claims.get(c.id) or 0), -c.cases, c.name)))
            for wijk, covers in sorted(per_wijk.items())]
