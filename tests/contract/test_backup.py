"""``kernteamdb backup`` / ``restore`` on both stores: a backup holds the whole
store (pool, accounts and tokens, consultations, notices, audit trail), is
taken while the store is written, and comes back into an empty store with
the same export."""

from __future__ import annotations

import hashlib
import json
import stat
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from devkit.bolt_server import BoltServer
from directory.accounts.users import token_digest, user_for_token
from directory.errors import Conflict
from directory.exchange import migration
from directory.exchange.document import export_document, import_document
from directory.pool.model import Professional
from directory.ports import ImportPlan, Store
from graph.stores import backup as backups
from graph.stores import open_store
from tests.conftest import small_document
from tests.contract.conftest import open_bolt_store
from tests.contract.test_migration import _busy_store, _everything_but_the_pool


def _restored(tmp_path: Path, file: Path, name: str = "restored.db") -> Store:
    target = open_store(f"sqlite:///{tmp_path / name}", create=True)
    backups.restore(file, target)
    return target


def test_a_backup_comes_back_whole_into_an_empty_store(store: Store, tmp_path: Path):
    token = _busy_store(store)
    file = tmp_path / "backup.db"
    made = backups.backup(store, file)
    assert stat.S_IMODE(file.stat().st_mode) == 0o600  # staff details and password hashes
    assert made.records["cases"] == 3 and made.users == 2 and made.consultations == 1
    assert not Path(f"{file}.part").exists() and not Path(f"{file}.part.index").exists()
    restored = _restored(tmp_path, file)
    try:
        assert export_document(restored) == export_document(store)
        expected, found = _everything_but_the_pool(store), _everything_but_the_pool(restored)
        trail, copied = expected.pop("audit"), found.pop("audit")
        assert isinstance(trail, list) and isinstance(copied, list)
        # the restore (and a server store's backup, made as a migration) add an entry each
        assert copied[:len(trail)] == trail and {e[4] for e in copied[len(trail):]} == {"migrate"}
        assert found == expected
        assert user_for_token(restored, token).name == "bram"  # API tokens keep working
        assert restored.find_token(token_digest(token)) is not None
    finally:
        restored.close()


def test_a_backup_taken_while_the_store_is_written_is_one_moment(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'busy.db'}"
    store = open_store(url, create=True)
    import_document(json.dumps(small_document()), store)
    writer = open_store(url)  # another process, as far as SQLite can tell
    stop = threading.Event()
    written = [0]

    def write() -> None:
        while not stop.is_set():
            anna = writer.get("professionals", "p-anna")
            assert isinstance(anna, Professional)
            version = writer.versions("professionals", ["p-anna"])["p-anna"]
            writer.apply(ImportPlan({"professionals": (replace(anna, bio=f"edit {written[0]}"),)},
                                    expected={("professionals", "p-anna"): version}))
            written[0] += 1

    thread = threading.Thread(target=write)
    thread.start()
    try:
        revisions = []
        for n in range(3):
            made = backups.backup(store, tmp_path / f"backup-{n}.db")
            revisions.append(made.revision)
            restored = _restored(tmp_path, made.path, f"restored-{n}.db")  # checks the exports
            restored.close()
    finally:
        stop.set()
        thread.join()
        writer.close()
    assert written[0] > 3 and revisions == sorted(revisions) and revisions[-1] > revisions[0]
    store.close()


def test_what_cannot_be_done_changes_nothing_and_leaves_no_file(store: Store, tmp_path: Path):
    import_document(json.dumps(small_document()), store)
    there = tmp_path / "there.db"
    there.write_bytes(b"an older backup")
    with pytest.raises(Exception, match="exists already"):
        backups.backup(store, there)
    assert there.read_bytes() == b"an older backup"
    with pytest.raises(Exception, match="is not a folder"):
        backups.backup(store, tmp_path / "missing" / "b.db")
    assert not (tmp_path / "missing").exists()
    with pytest.raises(Exception, match="not a KernteamDB backup"):
        backups.restore(there, open_store(f"sqlite:///{tmp_path / 'empty.db'}", create=True))
    file = tmp_path / "b.db"
    backups.backup(store, file)
    before = hashlib.sha256(file.read_bytes()).hexdigest()
    exported = export_document(store)
    with pytest.raises(Exception, match="is not empty"):
        backups.restore(file, store)  # never over a pool
    assert export_document(store) == exported
    assert hashlib.sha256(file.read_bytes()).hexdigest() == before  # restoring reads a copy


@pytest.mark.neo4j
def test_a_server_store_that_keeps_changing_is_copied_again_or_refused(
        bolt_server: BoltServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    store = open_bolt_store(bolt_server)
    import_document(json.dumps(small_document()), store)
    real = migration.migrate
    calls = [0]

    def changed_once(source, target, **kwargs):
        calls[0] += 1
        if calls[0] == 1:
            raise Conflict("the source changed while it was copied")
        return real(source, target, **kwargs)

    monkeypatch.setattr(migration, "migrate", changed_once)
    said: list[str] = []
    made = backups.backup(store, tmp_path / "b.db", progress=said.append)
    assert calls[0] == 2 and "starting again" in " ".join(said) and made.records["cases"] == 3

    def always_changed(source, target, **kwargs):
        raise Conflict("the source changed while it was copied")

    monkeypatch.setattr(migration, "migrate", always_changed)
    try:
        with pytest.raises(Conflict, match="changed while it was copied, 3 times"):
            backups.backup(store, tmp_path / "c.db")
        assert sorted(p.name for p in tmp_path.iterdir()) == ["b.db"]
    finally:
        store.close()
        bolt_server.drop_database(store.url)
