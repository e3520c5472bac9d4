"""The order in which a store applies a change (``Store.apply``), written once.

Both stores apply an ``ImportPlan`` inside one transaction of their own, in
this order: check that every record is still at the version the change was
based on; write the records, kind by kind in ``KINDS`` order (so that what a
case names exists first); delete, in the reverse order (cases first, so
nothing left names what goes); retire or reactivate organisations and teams;
let the store bring what it derives from the records up to date; then the
consultations, schedules and notices (closing a consultation writes its case
in the same change), the audit entries, a merge's re-linked accounts and
renamed people, and last the erasures. Each store implements the steps over
its own storage (``PlanSteps``): the embedded store in SQL
(``graph.stores.embedded.sqlite_plan``), the Neo4j store in Cypher
(``graph.stores.neo4j.apply``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from directory.consultations.records import Consultation, MeetingSchedule, Notice
from directory.pool.model import KINDS, Record
from directory.ports import AuditEntry, Erasure, ImportPlan
from graph.stores.core.audit_form import ERASED_USER


class PlanSteps(Protocol):
    """What one store does for each step of ``apply_plan``, inside its
    transaction, at the ``revision`` the change takes."""

    def check_versions(self, expected: Mapping[tuple[str, str], int | None]) -> None:
        """``Conflict`` (``graph.stores.core.versions.refuse_stale``) when a record moved on."""

    def write_records(self, writes: Mapping[str, Sequence[Record]]) -> None:
        """Write the records of every kind (in ``KINDS`` order); ``Conflict`` when
        one names a record that does not exist."""

    def delete_records(self, kind: str, ids: Sequence[str]) -> None:
        """Delete records of ``kind`` (called for every kind, cases first);
        ``NotFound`` for an unknown id, ``Conflict`` when a record that stays names one."""

    def set_active(self, kind: str, record_id: str, active: bool) -> None:
        """Retire (False) or reactivate (True) an organisation or team."""

    def records_done(self) -> None:
        """After the records: bring what the store derives from them up to date."""

    def write_consultations(self, consultations: Sequence[Consultation]) -> None: ...

    def write_schedules(self, schedules: Sequence[MeetingSchedule]) -> None: ...

    def write_notices(self, notices: Sequence[Notice]) -> None: ...

    def write_audit(self, entries: Sequence[AuditEntry]) -> None: ...

    def relink_accounts(self, moves: Mapping[str, str]) -> None:
        """A merge: the accounts of each merged professional act as the one kept."""

    def rename_people(self, moves: Mapping[str, str], *, users: Iterable[str] = (),
                      user_stand_in: str = "") -> None:
        """Consultations, notices and schedules naming someone in ``moves`` name
        the one it maps to (``graph.stores.core.renames``); steps by ``users`` name
        ``user_stand_in``."""

    def erase_traces(self, erasure: Erasure) -> None:
        """The audit trail forgets the person (``graph.stores.core.audit_form``)."""

    def remove_accounts(self, users: Iterable[str]) -> None:
        """An erased person's user accounts, their tokens and sessions go."""


def apply_plan(steps: PlanSteps, plan: ImportPlan) -> None:
    """Apply ``plan`` with ``steps``, in the order the module docstring gives."""
    steps.check_versions(plan.expected)
    steps.write_records({kind: plan.writes.get(kind, ()) for kind in KINDS})
    for kind in reversed(KINDS):
        steps.delete_records(kind, plan.deletes.get(kind, ()))
    for (kind, record_id), active in sorted(plan.active.items()):
        steps.set_active(kind, record_id, active)
    steps.records_done()
    steps.write_consultations(plan.consultations)
    steps.write_schedules(plan.schedules)
    steps.write_notices(plan.notices)
    steps.write_audit(plan.audit)
    if plan.relink:
        steps.relink_accounts(plan.relink)
        steps.rename_people(plan.relink)
    for erasure in plan.erasures:
        steps.erase_traces(erasure)
        steps.remove_accounts(erasure.users)
        steps.rename_people({erasure.professional: erasure.replacement}, users=erasure.users,
                            user_stand_in=ERASED_USER)
