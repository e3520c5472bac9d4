"""The hours side of the half-year evaluation (``directory.evaluation.report``).

**Hours** are split by the role they were booked in: on cases by the
participant's role and booking day (``Case.booked_on``), on consultations
still open by the role closing would record (``case_record``) and the day
of each booking — the same hours ``Store.hours_booked`` sums. Only the
specialists' hours count against a budget: the budgets of the calendar
half-years the period falls in (``directory.consultations.hours.budget``: 40 unless the
profile names another number; a period within one half-year has one
budget). Those rows are every active professional with a budget of their
own and everyone who booked hours as a specialist in the period; a row is
over budget when its hours exceed its budget. The regisseurs' (the
wijkteam's) and triagists' hours are reported apart, per person, never
against a budget.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from directory.consultations.hours import budget
from directory.consultations.records import Consultation
from directory.consultations.service import case_record
from directory.consultations.workdays import local_day
from directory.evaluation.figures import Hours, RoleHours
from directory.evaluation.period import Period
from directory.pool.model import Case, Organisation, Professional, Team
from directory.ports import PoolRecords

#: The roles hours are booked in; only the specialists' count against a budget.
ROLES = ("specialist", "regie", "triage")


@dataclass(frozen=True, slots=True)
class Booked:
    """The hours of a period per role and person, and on how many cases or
    open consultations each person booked them in that role."""

    hours: dict[str, dict[str, float]]
    on: dict[str, Counter[str]]


def booked_hours(store: PoolRecords, period: Period, cases: list[Case],
            consultations: list[Consultation]) -> Booked:
    """The hours of the period per role and person (see the module's docstring)."""
    out: dict[str, dict[str, float]] = {}
    on: dict[str, Counter[str]] = {}

    def add(role: str, person: str, hours: float) -> None:
        per_role = out.setdefault(role, {})
        per_role[person] = per_role.get(person, 0.0) + hours

    for case in cases:
        if period.holds(case.booked_on):
            for p in case.participants:
                if p.hours:
                    add(p.role, p.professional, p.hours)
                    on.setdefault(p.role, Counter())[p.professional] += 1
    for c in consultations:
        mine = [b for b in c.bookings if period.holds(b.day)] if c.is_open else []
        if not mine:
            continue
        roles = {p.professional: p.role for p in case_record(store, c, local_day(c.opened)).participants}
        seen: set[tuple[str, str]] = set()
        for b in mine:
            role = roles.get(b.professional, "specialist")
            add(role, b.professional, b.hours)
            if (role, b.professional) not in seen:
                seen.add((role, b.professional))
                on.setdefault(role, Counter())[b.professional] += 1
    return Booked({role: {p: round(h, 2) for p, h in hours.items()} for role, hours in out.items()}, on)


def specialist_hours(store: PoolRecords, period: Period, people: dict[str, Professional],
           booked: Booked) -> tuple[tuple[Hours, ...], tuple[Hours, ...]]:
    """The specialists' hours against their budgets, per person and per organisation."""
    used = booked.hours.get("specialist", {})
    with_budget = {p.id for p in store.iter_records("professionals")
                   if isinstance(p, Professional) and p.active and p.hours_per_half_year is not None}
    ids = sorted({p for p, h in used.items() if h} | with_budget)
    people.update(professionals_by_id(store, [i for i in ids if i not in people]))
    halves = len(period.half_years())
    rows = []
    for pid in ids:
        person = people.get(pid)
        given = budget(getattr(person, "hours_per_half_year", None), 0).budget * halves
        rows.append(Hours(pid, person.name if person else pid, getattr(person, "organisation", None),
                          1, given, round(used.get(pid, 0.0), 2)))
    rows.sort(key=lambda h: (-h.used, h.name.lower(), h.key or ""))
    names = names_by_id(store, "organisations", [h.organisation for h in rows if h.organisation])
    totals: dict[str | None, list[Hours]] = {}
    for row in rows:
        totals.setdefault(row.organisation, []).append(row)
    grouped = [Hours(org, names.get(org, org) if org else "", org, len(members),
                     round(sum(h.budget for h in members), 2), round(sum(h.used for h in members), 2))
               for org, members in totals.items()]
    grouped.sort(key=lambda h: (h.key is None, -h.used, h.name.lower(), h.key or ""))
    return tuple(rows), tuple(grouped)


def role_hours(store: PoolRecords, booked: Booked, role: str,
                people: dict[str, Professional]) -> tuple[RoleHours, ...]:
    """The hours booked in ``role`` (regie, triage) per person, most first: no budget."""
    used = {p: h for p, h in booked.hours.get(role, {}).items() if h}
    people.update(professionals_by_id(store, [p for p in used if p not in people]))
    counts = booked.on.get(role, Counter())
    rows = [RoleHours(pid, people[pid].name if pid in people else pid,
                      getattr(people.get(pid), "organisation", None), role, hours, counts[pid])
            for pid, hours in used.items()]
    return tuple(sorted(rows, key=lambda h: (-h.hours, h.name.lower(), h.key)))


# --- names of what the figures name ----------------------------------------

def professionals_by_id(store: PoolRecords, ids: Iterable[str]) -> dict[str, Professional]:
    found = store.get_many("professionals", list(dict.fromkeys(ids)))
    return {pid: p for pid, p in found.items() if isinstance(p, Professional)}


def names_by_id(store: PoolRecords, kind: str, ids: list[str]) -> dict[str, str]:
    found = store.get_many(kind, list(dict.fromkeys(ids)))
    return {rid: r.name for rid, r in found.items() if isinstance(r, (Organisation, Team))}
