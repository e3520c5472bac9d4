"""``kernteamdb migrate --from URL --to URL``: a whole store moves from the
embedded store to the Neo4j store and back, checked by comparing exports,
with its accounts, tokens, consultations, notices and audit trail."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from devkit.bolt_server import BoltServer
from directory.accounts.roles import User
from directory.accounts.users import add_user, create_token, token_digest, user_for_token
from directory.consultations.records import Notice
from directory.errors import Conflict
from directory.exchange import migration
from directory.exchange.document import export_document, import_document
from directory.exchange.migration import migrate
from directory.pool.demo import load_demo
from directory.ports import AuditEntry, ImportPlan, Store
from graph.stores import open_store
from tests.conftest import DEMO_TODAY, small_document
from tests.contract.conftest import open_bolt_store
from tests.contract.test_consultations import NOW, _consultation
from web.cli.main import main

pytestmark = pytest.mark.neo4j


@pytest.fixture
def credentials(bolt_server: BoltServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KERNTEAMDB_NEO4J_USER", bolt_server.user)
    monkeypatch.setenv("KERNTEAMDB_NEO4J_PASSWORD", bolt_server.password)


def _everything_but_the_pool(store: Store) -> dict[str, object]:
    return {
        "users": store.users(),
        "tokens": store.tokens(),
        "consultations": [replace(c, version=0) for c in store.consultations()],
        "schedules": store.schedules(),
        "notices": {p: [(n.at, n.consultation, n.what, n.read) for n in store.notices(p, limit=-1)]
                    for p in ("p-anna", "p-bram", "p-cees")},
        "audit": [(e.at, e.user, e.kind, e.record, e.action, e.before, e.after)
                  for e in store.audit_entries()],
        "demo": store.is_demo(),
        "retired": (store.inactive("organisations"), store.inactive("teams")),
    }


def _busy_store(store: Store) -> str:
    """The small pool with a user, one who signs in with an identity provider, a
    token, a consultation, notices (one read) and audit entries."""
    import_document(json.dumps(small_document()), store)
    add_user(store, "bram", "wijkwerker", "een lang wachtwoord", professional="p-bram")
    store.add_user(User("anna@example.org", "specialist", "p-anna", None, NOW,
                        "https://login.gemeente.example", "sub-anna"))
    token = create_token(store, "bram")
    store.apply(ImportPlan({}, consultations=(_consultation(),)))
    store.apply(ImportPlan({}, notices=tuple(
        Notice(professional="p-anna", at=NOW, consultation="c-1", what=what)
        for what in ("gevraagd", "gesloten"))))
    first = store.notices("p-anna")[-1].seq  # newest first: the oldest is read
    store.mark_notices_read("p-anna", first)
    store.write_audit([AuditEntry(datetime(2026, 11, 18, 8, 0, tzinfo=UTC), "bram", "signin", "bram",
                                  "signed in")])
    store.apply(ImportPlan({}, active={("teams", "kt-zuidoost"): False,
                                       ("organisations", "org-cafe"): False}))
    return token


def test_a_store_moves_to_neo4j_and_back_with_everything_in_it(tmp_path: Path, bolt_server: BoltServer):
    source = open_store(f"sqlite:///{tmp_path / 'source.db'}", create=True)
    token = _busy_store(source)
    bolt = open_bolt_store(bolt_server)
    back = open_store(f"sqlite:///{tmp_path / 'back.db'}", create=True)
    try:
        moved = migrate(source, bolt)
        assert (moved.users, moved.tokens, moved.consultations, moved.notices) == (2, 1, 1, 2)
        assert moved.records["cases"] == 3
        migrate(bolt, back)
        assert export_document(bolt) == export_document(back) == export_document(source)
        expected = _everything_but_the_pool(source)
        there, here = _everything_but_the_pool(bolt), _everything_but_the_pool(back)
        # the trail comes along, with an entry for each migration
        assert there.pop("audit")[:-1] == expected["audit"] == here.pop("audit")[:-2]
        assert [e.action for e in back.audit_entries()[-2:]] == ["migrate", "migrate"]
        assert back.audit_entries()[-1].after["from"] == bolt.url
        expected.pop("audit")
        assert there == expected == here
        assert user_for_token(bolt, token).name == "bram"  # API tokens keep working
        assert bolt.find_token(token_digest(token))[1] == source.find_token(token_digest(token))[1]
        assert bolt.hours_booked(["p-anna"], NOW.date(), NOW.date()) == \
            source.hours_booked(["p-anna"], NOW.date(), NOW.date())
    finally:
        for store in (source, bolt, back):
            store.close()
        bolt_server.drop_database(bolt.url)


def test_the_demo_network_moves_with_its_mark(demo_store: Store, bolt_server: BoltServer):
    bolt = open_bolt_store(bolt_server)
    try:
        migrate(demo_store, bolt)
        assert bolt.is_demo() and export_document(bolt) == export_document(demo_store)
        assert bolt.schedules() == demo_store.schedules()
    finally:
        bolt.close()
        bolt_server.drop_database(bolt.url)


def test_the_command_moves_a_store_and_refuses_a_target_that_is_not_empty(
        tmp_path: Path, bolt_server: BoltServer, credentials: None):
    source_url = f"sqlite:///{tmp_path / 'source.db'}"
    source = open_store(source_url, create=True)
    load_demo(source, today=DEMO_TODAY)
    source.close()
    target_url = bolt_server.new_database()
    try:
        result = CliRunner().invoke(main, ["migrate", "--from", source_url, "--to", target_url])
        assert result.exit_code == 0, result.output
        assert "the exports are identical" in result.output
        assert "professionals      137" in result.output
        again = CliRunner().invoke(main, ["migrate", "--from", source_url, "--to", target_url])
        assert again.exit_code == 2
        assert "is not empty" in again.output
        back_url = f"sqlite:///{tmp_path / 'back.db'}"
        result = CliRunner().invoke(main, ["migrate", "--from", target_url, "--to", back_url])
        assert result.exit_code == 0, result.output
        exported = CliRunner().invoke(main, ["--store", back_url, "export"]).output
        original = CliRunner().invoke(main, ["--store", source_url, "export"]).output
        assert exported == original and exported.count('"id": "p-') == 0  # one record per line
    finally:
        bolt_server.drop_database(target_url)


def test_a_source_written_to_meanwhile_fails_the_migration(tmp_path: Path, bolt_server: BoltServer,
                                                          monkeypatch: pytest.MonkeyPatch):
    source = open_store(f"sqlite:///{tmp_path / 'source.db'}", create=True)
    import_document(json.dumps(small_document()), source)
    bolt = open_bolt_store(bolt_server)
    real_export = migration.export_document

    def export_then_someone_writes(store: Store) -> str:
        text = real_export(store)
        if store is source and not bolt.count("professionals"):
            add_user(source, "nieuw", "wijkwerker", "een lang wachtwoord")
        return text

    monkeypatch.setattr(migration, "export_document", export_then_someone_writes)
    try:
        with pytest.raises(Conflict, match="changed while it was being copied"):
            migrate(source, bolt)
    finally:
        source.close()
        bolt.close()
        bolt_server.drop_database(bolt.url)


def test_the_same_store_twice_is_refused(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'one.db'}"
    result = CliRunner().invoke(main, ["migrate", "--from", url, "--to", url])
    assert result.exit_code == 2 and "the same store" in result.output
