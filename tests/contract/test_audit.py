"""The AuditTrail contract: entries written with a change or on their own,
read back filtered.

Parametrised over the backends and the in-memory fake by the ``store``
fixture in conftest.py."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from directory.ports import AuditEntry, Erasure, ImportPlan, Store
from tests.contract.conftest import another_process, entry, renamed

FAKED = True
NOW = datetime(2026, 11, 16, 12, 0, tzinfo=UTC)


def test_audit_entries_are_written_with_the_change_and_read_back(small_store: Store):
    earlier = len(small_store.audit_entries())  # those of the import that made the pool
    revision = small_store.apply(ImportPlan(
        {"professionals": (renamed(small_store, "p-anna", "Anna V."),)}, audit=(entry(),)))
    found = small_store.audit_entries(offset=earlier)
    assert len(found) == 1
    assert found[0] == replace(entry(), revision=revision, seq=found[0].seq)


def test_another_process_reads_the_entries_at_once(small_store: Store):
    other = another_process(small_store)
    try:
        earlier = len(other.audit_entries())
        small_store.write_audit([entry("export")])
        assert [e.action for e in other.audit_entries(offset=earlier)] == ["export"]
    finally:
        other.close()


def test_audit_entries_are_filtered_by_user_kind_record_and_period(store: Store):
    store.write_audit([
        entry("sign_in", "anna", "anna", NOW - timedelta(days=2), "signin"),
        entry("update", "p-anna", "coordinator", NOW - timedelta(days=1)),
        entry("update", "p-bram", "coordinator", NOW),
        entry("create", "kt-x", "admin", NOW, "teams"),
    ])

    def actions(**filters):
        return [(e.action, e.record) for e in store.audit_entries(**filters)]

    assert actions(user="coordinator") == [("update", "p-anna"), ("update", "p-bram")]
    assert actions(kind="teams") == [("create", "kt-x")]
    assert actions(kind="professionals", record="p-bram") == [("update", "p-bram")]
    assert actions(since=NOW - timedelta(days=1), until=NOW) == [("update", "p-anna")]
    assert actions(limit=1, offset=1) == [("update", "p-anna")]
    assert len(actions()) == 4


def test_an_erasure_keeps_the_entries_but_nothing_of_the_person(small_store: Store):
    earlier = len(small_store.audit_entries())
    small_store.write_audit([
        AuditEntry(NOW, "anna", "professionals", "p-anna", "update", {"name": "Anna"}, {"name": "Anna V."}),
        AuditEntry(NOW, "coordinator", "cases", "c-0001", "update", {"lead": "p-anna"}, {"lead": "p-bram"}),
        AuditEntry(NOW, "bram", "signin", "anna", "sign_in_failed"),
    ])
    small_store.apply(ImportPlan({}, erasures=(Erasure("p-anna", "p-gewist-1", ("anna",)),)))
    person, case, signin = small_store.audit_entries(offset=earlier)
    assert (person.user, person.record, person.before, person.after) == \
        ("(erased user)", "p-gewist-1", None, None)
    assert (case.user, case.before, case.after) == ("coordinator", {"lead": "p-gewist-1"}, {"lead": "p-bram"})
    assert (signin.user, signin.record) == ("bram", "(erased user)")
