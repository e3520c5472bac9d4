"""Retention: the free text about cases does not stay for ever.

Free text is where client identity can leak in, even past the privacy guard
(domain.md, Privacy), and it is needed only while the help lasts and for a
while after. So some years after a consultation closed (or was withdrawn)
its free text is removed — the need, the texts of its steps, the reasons
specialists gave for declining, the plan and the lessons — and so are the
notes of the cases closed that long ago. What the half-year evaluation and
search count stays: dates, wijk, age band, household, areas, model, kind of
question, who took part with their hours, and the outcome.

The period is 2 years unless configured (``KERNTEAMDB_RETENTION_YEARS``, or
``kernteamdb retention --years N``). Something closed exactly that long ago
stays until the next day. Everything is removed in one transaction, each
record at the version it was read at (someone writing meanwhile makes it a
``Conflict`` and nothing changes), with one audit entry that only counts:
copying the removed text into the audit trail would keep it after all.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from directory.accounts.roles import MANAGE_CONSULTATIONS, WRITE_POOL, User, actor, require
from directory.consultations.records import Consultation
from directory.consultations.workdays import local_day
from directory.errors import InvalidInput
from directory.pool.model import Case
from directory.ports import AuditEntry, ImportPlan, PoolWithConsultations
from directory.problems import Problem

DEFAULT_YEARS = 2
ENVIRONMENT = "KERNTEAMDB_RETENTION_YEARS"
MAX_YEARS = 100


@dataclass(frozen=True, slots=True)
class Swept:
    """What a run removed (or, in a dry run, would remove): the free text of
    ``consultations`` consultations and the notes of ``cases`` cases, all
    closed before ``before`` (``years`` before the day of the run)."""

    years: int
    before: date
    consultations: int
    cases: int
    dry_run: bool = False


def years_from(environ: Mapping[str, str] | None = None) -> int:
    """The retention period in whole years: ``KERNTEAMDB_RETENTION_YEARS``, else 2."""
    raw = (os.environ if environ is None else environ).get(ENVIRONMENT, "").strip()
    return checked_years(raw) if raw else DEFAULT_YEARS


def checked_years(value: object) -> int:
    """A period of 1 to 100 whole years (``InvalidInput`` otherwise)."""
    try:
        years = int(str(value))
    except ValueError:
        years = 0
    if not 1 <= years <= MAX_YEARS or isinstance(value, bool):
        raise InvalidInput(f"the retention period must be a whole number of years from 1 to {MAX_YEARS}",
                           [Problem.of("years", "given", value=repr(value))])
    return years


def cutoff(today: date, years: int) -> date:
    """The day ``years`` years before ``today``: what closed before it is old enough.

    >>> cutoff(date(2026, 12, 2), 2), cutoff(date(2028, 2, 29), 2)
    (datetime.date(2024, 12, 2), datetime.date(2026, 2, 28))
    """
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February in a year that has none
        return today.replace(year=today.year - years, day=28)


def without_text(c: Consultation) -> Consultation:
    """``c`` with every free-text field emptied and every statistic kept."""
    return replace(c, need=None, plan=None, lessons=None,
                   steps=tuple(replace(s, text=None) for s in c.steps),
                   asks=tuple(replace(a, reason=None) for a in c.asks))


def sweep(store: PoolWithConsultations, *, years: int | None = None, by: User | None = None,
          now: datetime | None = None, dry_run: bool = False) -> Swept:
    """Remove the free text of consultations and cases closed more than
    ``years`` (default: ``years_from()``) ago; with ``dry_run`` only count.
    ``by`` None is the operator at the command line; a user needs the
    coordinator's permissions to change cases and consultations."""
    if by is not None:
        require(by, WRITE_POOL)
        require(by, MANAGE_CONSULTATIONS)
    period = years_from() if years is None else checked_years(years)
    now = now or datetime.now(UTC)
    before = cutoff(local_day(now), period)
    expected: dict[tuple[str, str], int | None] = {}
    consultations = []
    for c in store.consultations():
        if c.is_open or c.closed is None or local_day(c.closed) >= before:
            continue
        emptied = without_text(c)
        if emptied != c:
            consultations.append(replace(emptied, version=0))
            expected[("consultations", c.id)] = c.version
    old_cases = [case.id for case in store.iter_records("cases")
                 if isinstance(case, Case) and case.closed is not None and case.closed < before
                 and case.notes is not None]
    versions = store.versions("cases", old_cases)  # before the records: see Store.versions
    found = store.get_many("cases", old_cases)
    cases = []
    for case_id in old_cases:
        case = found.get(case_id)
        if isinstance(case, Case):
            cases.append(replace(case, notes=None))
            expected[("cases", case_id)] = versions.get(case_id)
    swept = Swept(period, before, len(consultations), len(cases), dry_run)
    if dry_run or not (consultations or cases):
        return swept
    entry = AuditEntry(now, actor(by), "retention", None, "remove_text", None,
                       {"years": period, "closed_before": before.isoformat(),
                        "consultations": len(consultations), "cases": len(cases)})
    store.apply(ImportPlan({"cases": tuple(cases)} if cases else {}, expected=expected, audit=(entry,),
                           consultations=tuple(consultations)))
    return swept
