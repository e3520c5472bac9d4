"""What was stored before the guard knew better: find it, and redact it.

The guard only checks text as it comes in. Text stored before it caught
names and street addresses (or before a rule was added) may hold client
identity, so a coordinator asks ``scan`` where: by record and field, with the
kinds found (a name, a phone number) but never the text itself — a report
about leaked identity must not leak it again. ``redact`` replaces every
finding with ``[verwijderd]`` in one transaction, each record at the version
it was read at (someone writing meanwhile makes it a ``Conflict`` and nothing
changes), with one audit entry that only counts.

Fields looked at: a case's notes; a consultation's need, wijk, plan and
lessons, the text of each step and the reason of each ask — every field the
guard checks on the way in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from directory.accounts.roles import MANAGE_CONSULTATIONS, WRITE_POOL, User, actor, require
from directory.consultations.records import Consultation
from directory.pool.model import Case
from directory.ports import AuditEntry, ImportPlan, PoolWithConsultations
from directory.privacy import Finding, identity_in, redacted
from directory.privacy.known import KnownNames, pool_names


@dataclass(frozen=True, slots=True)
class Leak:
    """Client identity in one stored field: where, and what kinds (never the text)."""

    kind: str  # cases or consultations
    record: str
    field: str  # notes, need, steps[2].text, asks[1].reason, ...
    found: tuple[str, ...]  # the kinds: name, phone, ...


@dataclass(frozen=True, slots=True)
class Redacted:
    """What ``redact`` changed: fields, and the records they are in."""

    fields: int
    cases: int
    consultations: int


def _consultation_fields(c: Consultation) -> Iterator[tuple[str, str | None]]:
    yield "need", c.need
    yield "wijk", c.wijk
    yield "plan", c.plan
    yield "lessons", c.lessons
    for i, step in enumerate(c.steps):
        yield f"steps[{i}].text", step.text
    for i, ask in enumerate(c.asks):
        yield f"asks[{i}].reason", ask.reason


def _findings(text: str | None, known: KnownNames, today: date) -> list[Finding]:
    return identity_in(text, known=known, today=today) if text else []


def _allowed(by: User | None) -> None:
    """Reading every case note and redacting them is a coordinator's work;
    ``by`` None is the operator at the command line."""
    if by is not None:
        require(by, WRITE_POOL)
        require(by, MANAGE_CONSULTATIONS)


def scan(store: PoolWithConsultations, *, by: User | None = None, today: date | None = None) -> list[Leak]:
    """Every stored free-text field the guard would refuse now, cases first, in id order."""
    _allowed(by)
    known = pool_names(store)
    today = today or date.today()
    leaks = []
    for case in sorted(store.iter_records("cases"), key=lambda r: r.id):
        if isinstance(case, Case):
            found = _findings(case.notes, known, today)
            if found:
                leaks.append(Leak("cases", case.id, "notes", _kinds(found)))
    for c in sorted(store.consultations(), key=lambda c: c.id):
        for name, text in _consultation_fields(c):
            found = _findings(text, known, today)
            if found:
                leaks.append(Leak("consultations", c.id, name, _kinds(found)))
    return leaks


def _kinds(found: list[Finding]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(f.kind for f in found))


def _clean(text: str | None, known: KnownNames, today: date) -> str | None:
    found = _findings(text, known, today)
    return redacted(text, found) if text and found else text


def _cleaned_consultation(c: Consultation, clean: Callable[[str | None], str | None]) -> Consultation:
    return replace(c, need=clean(c.need), wijk=clean(c.wijk), plan=clean(c.plan), lessons=clean(c.lessons),
                   steps=tuple(replace(s, text=clean(s.text)) for s in c.steps),
                   asks=tuple(replace(a, reason=clean(a.reason)) for a in c.asks))


def redact(store: PoolWithConsultations, *, by: User | None = None, now: datetime | None = None) -> Redacted:
    """Replace every finding of ``scan`` with ``[verwijderd]``, all in one
    audited transaction (nothing at all when someone wrote meanwhile)."""
    _allowed(by)
    now = now or datetime.now(UTC)
    today = now.date()
    leaks = scan(store, by=by, today=today)
    if not leaks:
        return Redacted(0, 0, 0)
    known = pool_names(store)

    def clean(text: str | None) -> str | None:
        return _clean(text, known, today)

    case_ids = sorted({leak.record for leak in leaks if leak.kind == "cases"})
    consultation_ids = sorted({leak.record for leak in leaks if leak.kind == "consultations"})
    versions = store.versions("cases", case_ids)  # before the records: see Store.versions
    found = store.get_many("cases", case_ids)
    expected: dict[tuple[str, str], int | None] = {}
    cases = []
    for case_id in case_ids:
        case = found.get(case_id)
        if isinstance(case, Case):
            cases.append(replace(case, notes=clean(case.notes)))
            expected[("cases", case_id)] = versions.get(case_id)
    consultations = []
    for consultation_id in consultation_ids:
        c = store.consultation(consultation_id)
        if c is not None:
            consultations.append(replace(_cleaned_consultation(c, clean), version=0))
            expected[("consultations", c.id)] = c.version
    entry = AuditEntry(now, actor(by), "privacy", None, "redact", None,
                       {"fields": len(leaks), "cases": len(cases), "consultations": len(consultations)})
    store.apply(ImportPlan({"cases": tuple(cases)} if cases else {}, expected=expected, audit=(entry,),
                           consultations=tuple(consultations)))
    return Redacted(len(leaks), len(cases), len(consultations))
