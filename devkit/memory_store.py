"""An in-memory fake of the pool and consultation ports, for service tests
that need no SQLite file and no Bolt server.

``MemoryStore`` implements ``StoreMeta``, ``PoolRecords``, ``AuditTrail``,
``Taxonomy``, ``BookedHours`` and ``ConsultationReads`` (so it is a
``directory.ports.Consulting`` with an audit trail): what ``directory.pool.maintain``,
``directory.consultations.service``, ``directory.consultations.notices`` and an import ask. It claims no
other port: no search sums, no network, no accounts. The contract suites of
its ports (``tests/contract``) run against it as against both adapters, so it
answers the same; what only one process can show (another process seeing a
write) is skipped there for it.

It is one process's dictionaries: ``apply`` builds the next state on copies
and keeps it only when every check passed, so a refused plan changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from directory.consultations.records import (
    Consultation,
    MeetingSchedule,
    Notice,
    consultation_from_dict,
    consultation_to_dict,
)
from directory.errors import Conflict, InvalidInput, NotFound, StoreUnavailable
from directory.pool.model import KINDS, NOUN, Case, ExpertiseArea, Organisation, Professional, Record, Team
from directory.ports import (
    AuditEntry,
    AuditTrail,
    ConsultationReads,
    Consulting,
    Erasure,
    ImportPlan,
    PoolRecords,
    StoreMeta,
)
from graph.stores.core.versions import refuse_stale
from graph.stores.port_views import PortView

T = TypeVar("T")

#: Who an erased person's user accounts become in the audit trail and in
#: consultation steps (the name both adapters write).
ERASED_USER = "(erased user)"
#: Audit kinds whose ``record`` is a user name rather than a pool record.
USER_KINDS = ("users", "signin")
#: Only these are retired and reactivated (``ImportPlan.active``).
STATUS_KINDS = ("organisations", "teams")


def references(record: Record) -> list[tuple[str, str]]:
    """The records ``record`` names, as ``(kind, id)``, in field order.

    >>> references(Team(id="t", name="T", organisation="org"))
    [('organisations', 'org')]
    """
    if isinstance(record, ExpertiseArea):
        named = [("expertise", record.broader)] + [("expertise", r) for r in record.related]
    elif isinstance(record, Organisation):
        named = [("expertise", a) for a in record.areas]
    elif isinstance(record, Team):
        named = [("organisations", record.organisation)]
    elif isinstance(record, Professional):
        named = [("organisations", record.organisation), *(("teams", t) for t in record.teams),
                 *(("expertise", c.area) for c in record.expertise),
                 *(("professionals", k) for k in record.knows)]
    else:
        named = [("teams", record.team), *(("expertise", a) for a in record.areas),
                 *(("professionals", p.professional) for p in record.participants)]
    return [(kind, rid) for kind, rid in named if rid is not None]


@dataclass
class _State:
    """Everything the store holds; ``apply`` works on a copy."""

    records: dict[str, dict[str, Record]] = field(default_factory=lambda: {k: {} for k in KINDS})
    versions: dict[tuple[str, str], int] = field(default_factory=dict)
    retired: set[tuple[str, str]] = field(default_factory=set)
    consultations: dict[str, dict[str, Any]] = field(default_factory=dict)  # as stored documents
    schedules: dict[str, MeetingSchedule] = field(default_factory=dict)
    notices: list[Notice] = field(default_factory=list)
    last_notice: int = 0  # a notice's seq is never given twice, even after notices went
    audit: list[AuditEntry] = field(default_factory=list)

    def copy(self) -> _State:
        return _State({k: dict(v) for k, v in self.records.items()}, dict(self.versions),
                      set(self.retired), dict(self.consultations), dict(self.schedules),
                      list(self.notices), self.last_notice, list(self.audit))


class MemoryStore:
    """The pool and consultation ports in memory (see the module docstring)."""

    def __init__(self) -> None:
        self.url = "memory:"
        self._state = _State()
        self._revision = 0
        self._demo = False
        self._derived: dict[Hashable, Any] = {}
        self._consultation_keys: set[Hashable] = set()

    # --- the ports by name (only those it implements) -----------------------------------
    meta = PortView[StoreMeta]()
    records = PortView[PoolRecords]()
    audit = PortView[AuditTrail]()
    consulting = PortView[ConsultationReads]()

    # --- StoreMeta --------------------------------------------------------------------------
    def close(self) -> None:
        self._derived.clear()

    def revision(self) -> int:
        return self._revision

    def is_demo(self) -> bool:
        return self._demo

    def mark_demo(self) -> None:
        self._demo = True

    def write_problem(self) -> StoreUnavailable | None:
        return None

    def one_read(self) -> AbstractContextManager[None]:
        return nullcontext()

    def derived(self, key: Hashable, compute: Callable[[], T], *, with_consultations: bool = False) -> T:
        if with_consultations:
            self._consultation_keys.add(key)
        if key not in self._derived:
            self._derived[key] = compute()
        value: T = self._derived[key]
        return value

    # --- PoolRecords: reading -----------------------------------------------------------------
    def get(self, kind: str, record_id: str) -> Record | None:
        return self._state.records[kind].get(record_id)

    def get_many(self, kind: str, ids: Iterable[str]) -> dict[str, Record]:
        table = self._state.records[kind]
        return {rid: table[rid] for rid in ids if rid in table}

    def iter_records(self, kind: str) -> Iterator[Record]:
        table = self._state.records[kind]
        return iter([table[rid] for rid in sorted(table)])

    def records_at_one_revision(self) -> dict[str, list[Record]]:
        return {kind: list(self.iter_records(kind)) for kind in KINDS}

    def count(self, kind: str) -> int:
        return len(self._state.records[kind])

    def versions(self, kind: str, ids: Iterable[str]) -> dict[str, int]:
        known = self._state.versions
        return {rid: known[(kind, rid)] for rid in ids if (kind, rid) in known}

    def inactive(self, kind: str) -> frozenset[str]:
        return frozenset(rid for k, rid in self._state.retired if k == kind)

    def cases_referring(self, kind: str, record_id: str) -> list[str]:
        if kind not in ("professionals", "expertise", "teams"):
            raise InvalidInput(f"cases do not refer to {kind}")
        return sorted(case.id for case in self._state.records["cases"].values()
                      if (kind, record_id) in references(case))

    # --- PoolRecords: apply -------------------------------------------------------------------
    def apply(self, plan: ImportPlan) -> int:
        revision = self._revision + 1
        state = self._state.copy()
        _check_versions(state, plan.expected)
        for kind in KINDS:
            for record in plan.writes.get(kind, ()):
                state.records[kind][record.id] = record
                state.versions[(kind, record.id)] = revision
        for kind in reversed(KINDS):
            for rid in plan.deletes.get(kind, ()):
                if state.records[kind].pop(rid, None) is None:
                    raise NotFound(f"unknown {NOUN[kind]} '{rid}'")
                del state.versions[(kind, rid)]
                state.retired.discard((kind, rid))
        for (kind, rid), active in sorted(plan.active.items()):
            _set_active(state, kind, rid, active, revision)
        _check_references(state, plan)
        for c in plan.consultations:
            state.consultations[c.id] = consultation_to_dict(c)
            state.versions[("consultations", c.id)] = revision
        state.schedules.update((s.team, s) for s in plan.schedules)
        state.notices += [replace(n, at=n.at.astimezone(UTC), seq=state.last_notice + i, read=False)
                          for i, n in enumerate(plan.notices, 1)]
        state.last_notice += len(plan.notices)
        _add_audit(state, plan.audit, revision)
        for old, new in plan.relink.items():
            _rename_people(state, old, new, revision)
        for erasure in plan.erasures:
            _erase_traces(state, erasure)
            _rename_people(state, erasure.professional, erasure.replacement, revision, set(erasure.users))
        self._state, self._revision = state, revision
        self._start_caches_afresh(plan)
        return revision

    def _start_caches_afresh(self, plan: ImportPlan) -> None:
        gone = self._derived if plan.changes_pool else self._consultation_keys
        for key in [k for k in self._derived if k in gone]:
            del self._derived[key]

    # --- AuditTrail -------------------------------------------------------------------------------
    def write_audit(self, entries: Iterable[AuditEntry]) -> None:
        _add_audit(self._state, entries, None)

    def audit_entries(self, *, user: str | None = None, kind: str | None = None,
                      record: str | None = None, since: datetime | None = None,
                      until: datetime | None = None, limit: int | None = None,
                      offset: int = 0) -> list[AuditEntry]:
        found = [e for e in self._state.audit
                 if (user is None or e.user == user) and (kind is None or e.kind == kind)
                 and (record is None or e.record == record) and (since is None or e.at >= since)
                 and (until is None or e.at < until)]
        return found[offset:] if limit is None else found[offset:offset + limit]

    # --- Taxonomy and BookedHours -------------------------------------------------------------------
    def areas(self) -> list[ExpertiseArea]:
        return [a for a in self.iter_records("expertise") if isinstance(a, ExpertiseArea)]

    def hours_booked(self, professional_ids: Iterable[str], start: date, end: date) -> dict[str, float]:
        booked: dict[str, float] = {}
        for case in self._state.records["cases"].values():
            if isinstance(case, Case) and start <= case.booked_on <= end:
                for p in case.participants:
                    booked[p.professional] = booked.get(p.professional, 0.0) + (p.hours or 0.0)
        for c in self.consultations(open_only=True):
            for b in c.bookings:
                if start <= b.day <= end:
                    booked[b.professional] = booked.get(b.professional, 0.0) + b.hours
        return {person: booked.get(person, 0.0) for person in professional_ids}

    # --- ConsultationReads ---------------------------------------------------------------------------
    def consultation(self, consultation_id: str) -> Consultation | None:
        doc = self._state.consultations.get(consultation_id)
        if doc is None:
            return None
        return consultation_from_dict(doc, self._state.versions[("consultations", consultation_id)])

    def consultations(self, *, open_only: bool = False, person: str | None = None,
                      team: str | None = None, since: datetime | None = None,
                      until: datetime | None = None) -> list[Consultation]:
        every = (self.consultation(cid) for cid in self._state.consultations)
        found = [c for c in every if c is not None and (c.is_open or not open_only)
                 and (person is None or person in c.people) and (team is None or team in (c.team, c.via))
                 and (since is None or c.opened >= since) and (until is None or c.opened < until)]
        return sorted(found, key=lambda c: (c.opened.astimezone(UTC), c.id))

    def schedules(self) -> list[MeetingSchedule]:
        return [self._state.schedules[team] for team in sorted(self._state.schedules)]

    def notices(self, professional: str, *, unread_only: bool = False, limit: int = 50) -> list[Notice]:
        mine = [n for n in reversed(self._state.notices)
                if n.professional == professional and not (unread_only and n.read)]
        return mine[:limit]

    def mark_notices_read(self, professional: str, up_to: int) -> None:
        self._state.notices = [replace(n, read=True) if n.professional == professional and n.seq <= up_to
                               else n for n in self._state.notices]


# --- the checks and steps of apply ---------------------------------------------------------------

def _check_versions(state: _State, expected: Mapping[tuple[str, str], int | None]) -> None:
    """``Conflict`` in the stores' words when a record is not at the version a change expects."""
    refuse_stale(expected, {key: state.versions.get(key) for key in expected})


def _set_active(state: _State, kind: str, rid: str, active: bool, revision: int) -> None:
    if kind not in STATUS_KINDS:
        raise ValueError(f"only organisations and teams are retired this way, not {kind}")
    if rid not in state.records[kind]:
        raise NotFound(f"unknown {NOUN[kind]} '{rid}'")
    state.versions[(kind, rid)] = revision
    (state.retired.discard if active else state.retired.add)((kind, rid))


def _check_references(state: _State, plan: ImportPlan) -> None:
    """``Conflict`` when a record that stays names a deleted one, or a written
    record names one that does not exist: nothing of the plan is kept."""
    deleted = {(kind, rid) for kind, ids in plan.deletes.items() for rid in ids}
    if deleted:
        for kind in KINDS:
            for owner in sorted(state.records[kind]):
                gone = [named for named in references(state.records[kind][owner]) if named in deleted]
                if gone and kind == "cases":
                    raise Conflict(f"case '{owner}' still names {NOUN[gone[0][0]]} '{gone[0][1]}'; "
                                   "nothing was changed")
                if gone:
                    raise Conflict(f"{NOUN[kind]} '{owner}' still refers to {NOUN[gone[0][0]]} "
                                   f"'{gone[0][1]}'; nothing was changed")
    for kind, records in plan.writes.items():
        for record in records:
            for target, rid in references(record):
                if rid not in state.records[target]:
                    raise Conflict(f"{NOUN[kind]} '{record.id}' refers to unknown {NOUN[target]} "
                                   f"'{rid}'; nothing was changed")


def _add_audit(state: _State, entries: Iterable[AuditEntry], revision: int | None) -> None:
    seq = len(state.audit)
    for i, entry in enumerate(entries, seq + 1):
        if entry.at.tzinfo is None:
            raise ValueError("audit times must carry a time zone")
        state.audit.append(replace(entry, at=entry.at.astimezone(UTC), revision=revision, seq=i))


def _replaced(value: Any, old: str, new: str, users: set[str] | None = None) -> Any:
    """``value`` (a stored document) with ``old`` as a person replaced by ``new``:
    everywhere when ``users`` is None (an audit entry), else only as ``lead`` or
    ``professional``, with a ``by`` among ``users`` becoming ``ERASED_USER`` (a
    consultation, as both adapters rename it)."""
    if isinstance(value, dict):
        if users is None:
            return {k: _replaced(v, old, new) for k, v in value.items()}
        return {k: new if k in ("lead", "professional") and v == old
                else ERASED_USER if k == "by" and v in users else _replaced(v, old, new, users)
                for k, v in value.items()}
    if isinstance(value, list):
        return [_replaced(v, old, new, users) for v in value]
    return new if users is None and value == old else value


def _rename_people(state: _State, old: str, new: str, revision: int, users: set[str] | None = None) -> None:
    """A merge or an erasure: consultations and schedules name ``new`` instead
    of ``old``; ``old``'s notices go."""
    for cid, doc in list(state.consultations.items()):
        if old in consultation_from_dict(doc).people:
            state.consultations[cid] = _replaced(doc, old, new, users or set())
            state.versions[("consultations", cid)] = revision
    state.notices = [n for n in state.notices if n.professional != old]
    for team, schedule in list(state.schedules.items()):
        if schedule.chair == old:
            state.schedules[team] = replace(schedule, chair=new)


def _erase_traces(state: _State, erasure: Erasure) -> None:
    """What the audit trail recorded about the person goes; other mentions name
    ``replacement``, their accounts' names ``ERASED_USER``."""
    person, users = erasure.professional, set(erasure.users)
    kept = []
    for e in state.audit:
        if e.kind == "professionals" and e.record == person:
            e = replace(e, record=erasure.replacement, before=None, after=None)
        e = replace(e, before=_replaced(e.before, person, erasure.replacement),
                    after=_replaced(e.after, person, erasure.replacement))
        if e.user in users:
            e = replace(e, user=ERASED_USER)
        if e.kind in USER_KINDS and e.record in users:
            e = replace(e, record=ERASED_USER, before=None, after=None)
        kept.append(e)
    state.audit = kept


def claimed(store: MemoryStore) -> tuple[Consulting, AuditTrail]:
    """The ports the fake claims, as mypy checks them (``[tool.mypy] modules``):
    the consultation service's and the audit trail, nothing more."""
    return store, store
