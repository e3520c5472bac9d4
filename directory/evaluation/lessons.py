"""Lessons learned, gathered (issue 18, "learning from and with each other"):
what a regisseur wrote when a consultation closed, and the notes of imported
cases, per expertise area and per period, so a kernteam can prepare its
learning meeting from them.

Their one source is the case record (``Case.notes``): closing a consultation
writes its lessons into its case (``directory.consultations.service.case_record``), an
import brings notes that the privacy guard checked, and retention empties
them after some years. A lesson shows only what cannot point to a household:
the text, the areas, the collaboration model, the wijk and the *month* of
closing — never the day, the team, who wrote it, the age band or the
household (those together could narrow a case down to one family).
Only closed cases have lessons: they are written when help ends.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from directory.accounts.roles import READ_POOL, User, require
from directory.pool.model import Case, ExpertiseArea
from directory.ports import PoolWithTaxonomy

#: How many lessons a page shows before "toon alle".
SHOWN = 10


@dataclass(frozen=True, slots=True)
class Lesson:
    """One lesson: its text and what may be said about where it comes from
    (``month``: the first day of the month the case closed)."""

    month: date
    areas: tuple[str, ...]
    model: str | None
    wijk: str | None
    text: str


def of_case(case: Case) -> Lesson | None:
    """The lesson of a closed case with notes (None otherwise)."""
    text = (case.notes or "").strip()
    if case.closed is None or not text:
        return None
    return Lesson(case.closed.replace(day=1), case.areas, case.model, case.wijk, text)


def newest_first(cases: Iterable[Case]) -> tuple[Lesson, ...]:
    """The lessons of ``cases``, the most recently closed first (ties: by case id)."""
    ordered = sorted(cases, key=lambda c: (c.closed or date.min, c.id), reverse=True)
    return tuple(lesson for lesson in map(of_case, ordered) if lesson is not None)


def for_area(store: PoolWithTaxonomy, area_id: str, *, by: User) -> list[Lesson]:
    """The lessons of the cases about ``area_id`` or an area below it, newest
    first, for anyone who may read the pool (the texts passed the privacy guard)."""
    require(by, READ_POOL)
    wanted = _with_narrower(store.areas(), area_id)
    every = store.derived(("lessons",), lambda: newest_first(
        c for c in store.iter_records("cases") if isinstance(c, Case)))
    return [lesson for lesson in every if wanted & set(lesson.areas)]


def _with_narrower(areas: list[ExpertiseArea], area_id: str) -> set[str]:
    """``area_id`` and every area below it (a domain's page gathers its areas' lessons)."""
    below: dict[str, list[str]] = {}
    for area in areas:
        if area.broader:
            below.setdefault(area.broader, []).append(area.id)
    found, todo = {area_id}, [area_id]
    while todo:
        for child in below.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found
