"""The embedded store's file layout has a version: older stores are brought up
to date when opened, newer or foreign ones are refused with one clear line."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest

from directory.errors import StoreUnavailable
from directory.exchange.document import export_document
from directory.ports import AuditEntry
from graph.stores import open_store

VERSION_3_TABLES = {"deleted", "retired", "audit"}
VERSION_4_TABLES = {"consultations", "consultation_people", "consultation_hours", "schedules", "notices"}


def _downgrade_to_version_3(path) -> None:
    """What a store written by version 3 looked like: no consultations."""
    conn = sqlite3.connect(path)
    with conn:
        for table in VERSION_4_TABLES:
            conn.execute(f"DROP TABLE {table}")
        conn.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    conn.close()


def _downgrade_to_version_2(path) -> None:
    """What a store written by version 2 looked like: no tombstones, no retired
    organisations or teams, no audit trail."""
    _downgrade_to_version_3(path)
    conn = sqlite3.connect(path)
    with conn:
        for table in VERSION_3_TABLES:
            conn.execute(f"DROP TABLE {table}")
        conn.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    conn.close()


def _downgrade_to_version_1(path) -> None:
    """What a store written by version 1 looked like: the same rows plus the two
    link tables that repeated each case's areas and participants."""
    _downgrade_to_version_2(path)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE case_areas (case_id TEXT, position INTEGER, area TEXT)")
        conn.execute("CREATE TABLE participants (case_id TEXT, position INTEGER, "
                     "professional TEXT, role TEXT, hours REAL)")
        conn.execute("INSERT INTO participants SELECT id, 0, facts ->> '$[1][0][0]', 'specialist', "
                     "NULL FROM cases")
        conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    conn.close()


def _tables(path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()


def test_a_version_1_store_is_migrated_when_opened(small_store, tmp_path):
    before = export_document(small_store)
    path = small_store.file
    small_store.close()
    _downgrade_to_version_1(path)
    reopened = open_store(f"sqlite:///{path}")
    try:
        assert export_document(reopened) == before
        assert reopened.count("cases") == 3
    finally:
        reopened.close()
    assert not {"case_areas", "participants"} & _tables(path)
    assert VERSION_3_TABLES | VERSION_4_TABLES <= _tables(path)
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("4",)
    conn.close()


def test_a_version_2_store_gets_tombstones_status_and_audit_trail(small_store):
    before = export_document(small_store)
    path = small_store.file
    small_store.close()
    _downgrade_to_version_2(path)
    assert not VERSION_3_TABLES & _tables(path)
    reopened = open_store(f"sqlite:///{path}")
    try:
        assert export_document(reopened) == before
        reopened.write_audit([AuditEntry(datetime.now(UTC), "anna", "signin", "anna", "sign_in")])
        assert [e.action for e in reopened.audit_entries()] == ["sign_in"]
        assert reopened.inactive("teams") == frozenset()
    finally:
        reopened.close()


def test_a_version_3_store_gets_consultations(small_store):
    from directory.consultations.records import Consultation
    from directory.ports import ImportPlan

    before = export_document(small_store)
    path = small_store.file
    small_store.close()
    _downgrade_to_version_3(path)
    assert not VERSION_4_TABLES & _tables(path)
    reopened = open_store(f"sqlite:///{path}")
    try:
        assert export_document(reopened) == before
        consultation = Consultation(id="c-1", model="netwerk", team="t", lead="p",
                                    opened=datetime.now(UTC))
        reopened.apply(ImportPlan({}, consultations=(consultation,)))
        assert [c.id for c in reopened.consultations()] == ["c-1"]
    finally:
        reopened.close()


def test_a_store_from_a_newer_version_is_refused(small_store):
    path = small_store.file
    small_store.close()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE meta SET value = '9' WHERE key = 'schema_version'")
    conn.close()
    with pytest.raises(StoreUnavailable, match="has store version 9; this KernteamDB reads version 4"):
        open_store(f"sqlite:///{path}")
