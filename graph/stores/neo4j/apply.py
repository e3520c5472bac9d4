"""``Neo4jStore.apply``'s steps (``graph.stores.core.plan``) in Cypher, inside
the write's managed transaction.

Records are written by ``graph.stores.neo4j.writes``; the sums search reads
(``graph.stores.neo4j.aggregates``) are made with the nodes of a first
import, and otherwise brought up to date once the records are written and
deleted (``records_done``); consultations, the audit trail and accounts by
their modules' ``*_tx`` functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from directory.consultations.records import Consultation, MeetingSchedule, Notice
from directory.pool.model import KINDS, Case, Record
from directory.ports import AuditEntry, Erasure, ImportPlan
from graph.stores.core.case_facts import CaseFacts
from graph.stores.core.plan import apply_plan
from graph.stores.neo4j import aggregates as aggregates
from graph.stores.neo4j import changes
from graph.stores.neo4j import writes as writes
from graph.stores.neo4j.accounts import relink_accounts_tx, remove_accounts_tx
from graph.stores.neo4j.audit import erase_traces_tx, write_audit_tx
from graph.stores.neo4j.consult import (
    rename_people_tx,
    write_consultations_tx,
    write_notices_tx,
    write_schedules_tx,
)
from graph.stores.neo4j.pipeline import Pipeline
from graph.stores.neo4j.schema import LABEL, record_from_doc, reserve


def apply_tx(tx: Pipeline, plan: ImportPlan) -> int:
    """Apply ``plan`` in ``tx``; the revision it took."""
    revision = reserve(tx, "revision")  # first: it serialises writers
    before = changes.move_pool_revision(tx, revision) if plan.changes_pool else 0
    profiles = changes_profiles(plan)
    if profiles:
        tx.send("MERGE (m:Meta {key: 'profiles_revision'}) SET m.value = $rev", rev=revision)
    steps = BoltPlanSteps(tx, plan, revision)
    apply_plan(steps, plan)
    if plan.changes_pool:  # what other processes must forget: only the sums touched, after cases
        changes.record(tx, revision, before, None if profiles or steps.fresh_store else steps.touched)
    return revision


def changes_profiles(plan: ImportPlan) -> bool:
    """Whether a change touches more than cases: the records kept in memory
    per process (profiles, organisations, teams, areas) must be read again."""
    others = KINDS[:-1]
    return bool(any(plan.writes.get(k) for k in others) or any(plan.deletes.get(k) for k in others)
                or plan.active or plan.relink or plan.erasures)


class BoltPlanSteps:
    """``PlanSteps`` for one plan at one revision: what ``write_records``
    finds (the records' versions before, the cases replaced or deleted)
    serves the sums in ``records_done``."""

    def __init__(self, tx: Pipeline, plan: ImportPlan, revision: int) -> None:
        self.tx, self.plan, self.revision = tx, plan, revision
        self.records: dict[str, list[Record]] = {kind: [] for kind in KINDS}
        self.before: dict[str, dict[str, str]] = {kind: {} for kind in KINDS}
        self.old: dict[str, Any] = {}
        self.case_lists: dict[str, list[str]] = {}
        self.fresh_store = False
        self.touched: dict[str, list[str]] = {}  # per blob kind, the owners whose sums changed

    def check_versions(self, expected: Mapping[tuple[str, str], int | None]) -> None:
        writes.check_versions(self.tx, expected)

    def write_records(self, plan_writes: Mapping[str, Sequence[Record]]) -> None:
        tx, revision = self.tx, self.revision
        records = self.records = {kind: list(plan_writes.get(kind, ())) for kind in KINDS}
        written = {kind: {r.id for r in records[kind]} for kind in KINDS}
        # the kinds with nothing in them yet: nothing to look for (the first import)
        empty = {kind for kind in KINDS if records[kind] and not tx.run(
            f"MATCH (n:{LABEL[kind]}) RETURN n.id AS id LIMIT 1")}
        self.fresh_store = "cases" in empty
        # into a store without cases, the sums and case lists are made here and
        # written with the nodes; otherwise they are brought up to date in ``records_done``
        first = aggregates.first_sums(records["cases"], revision) if self.fresh_store else {}  # type: ignore[arg-type]
        before = self.before
        for kind in KINDS:  # in this order, so that a case's participants exist when it is made
            ids = [r.id for r in records[kind]]
            before[kind] = writes.existing_docs(tx, kind, ids) if ids and kind not in empty else {}
            if kind == "cases":
                for other in KINDS:
                    writes.refuse_dangling(tx, other, records[other], written)
            if records[kind]:
                writes.write_nodes(tx, kind, records[kind], revision, before[kind], first.get(kind))
                writes.drop_references(tx, kind, list(before[kind]))
        for kind, props in first.items():  # what names records this change does not write
            writes.set_properties(tx, kind, {i: p for i, p in props.items() if i not in written[kind]})
        for kind in KINDS:
            if records[kind]:
                writes.link_references(tx, kind, records[kind])
        # each person's cases, before deletions: a person is still named while a case lists them
        gone_cases = writes.existing_docs(tx, "cases", list(self.plan.deletes.get("cases", ())))
        self.old = {rid: record_from_doc("cases", doc)
                    for rid, doc in (*before["cases"].items(), *gone_cases.items())}
        self.case_lists = {} if self.fresh_store else aggregates.relist(
            tx, records["cases"], list(self.old.values()))  # type: ignore[arg-type]

    def delete_records(self, kind: str, ids: Sequence[str]) -> None:
        writes.delete_records(self.tx, kind, ids, self.plan.deletes)

    def set_active(self, kind: str, record_id: str, active: bool) -> None:
        writes.set_active(self.tx, kind, record_id, active, self.revision)

    def records_done(self) -> None:
        """The sums: added for new cases; worked out afresh for everyone in a
        case replaced or deleted, in its old version or its new one (a case
        whose day, team, areas and participants stay the same changes no sum)."""
        if self.fresh_store:
            return
        cases: list[Case] = self.records["cases"]  # type: ignore[assignment]
        before, old = self.before["cases"], self.old
        unchanged = {c.id for c in cases if c.id in before and CaseFacts.of(c) == CaseFacts.of(old[c.id])}
        replaced = [c for c in cases if c.id in before and c.id not in unchanged]
        changed_old = [c for c in old.values() if c.id not in unchanged]
        again = {p.professional for case in (*changed_old, *replaced) for p in case.participants}
        new_cases = [c for c in cases if c.id not in before]
        self.touched = aggregates.update(self.tx, new_cases, again, changed_old, self.case_lists,
                                         self.revision)

    def write_consultations(self, consultations: Sequence[Consultation]) -> None:
        write_consultations_tx(self.tx, consultations, self.revision)

    def write_schedules(self, schedules: Sequence[MeetingSchedule]) -> None:
        write_schedules_tx(self.tx, schedules, self.revision)

    def write_notices(self, notices: Sequence[Notice]) -> None:
        write_notices_tx(self.tx, notices)

    def write_audit(self, entries: Sequence[AuditEntry]) -> None:
        write_audit_tx(self.tx, entries, self.revision)

    def relink_accounts(self, moves: Mapping[str, str]) -> None:
        relink_accounts_tx(self.tx, moves)

    def rename_people(self, moves: Mapping[str, str], *, users: Iterable[str] = (),
                      user_stand_in: str = "") -> None:
        rename_people_tx(self.tx, moves, self.revision, users=users, user_stand_in=user_stand_in)

    def erase_traces(self, erasure: Erasure) -> None:
        erase_traces_tx(self.tx, erasure)

    def remove_accounts(self, users: Iterable[str]) -> None:
        remove_accounts_tx(self.tx, users)
