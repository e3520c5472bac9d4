"""A new store and every file beside it are readable by their owner only
(``0600``), whatever the umask: the store holds staff contact details and
password hashes."""

from __future__ import annotations

import json
import os
import stat

import pytest

from directory.exchange.document import import_document
from graph.stores import open_store
from graph.stores.embedded import snapshot
from tests.conftest import small_document
from web import create_app


@pytest.fixture
def loose_umask():
    before = os.umask(0o022)  # the usual default: new files 0644, world-readable
    yield
    os.umask(before)


def modes(folder) -> dict[str, str]:
    return {name: oct(stat.S_IMODE(os.stat(folder / name).st_mode)) for name in os.listdir(folder)}


def test_a_new_store_and_its_side_files_are_owner_only(tmp_path, loose_umask, monkeypatch):
    monkeypatch.setattr(snapshot, "MIN_CASES", 1)  # so that closing leaves an index snapshot
    monkeypatch.delenv("KERNTEAMDB_SECRET_KEY", raising=False)
    store = open_store(f"sqlite:///{tmp_path / 'pool.db'}", create=True)
    import_document(json.dumps(small_document()), store)
    create_app({}, store=store)  # keeps its secret key beside the store
    while_open = modes(tmp_path)
    store.close()
    assert {"pool.db", "pool.db-wal", "pool.db-shm", "pool.db.secret"} <= set(while_open)
    assert set(while_open.values()) == {"0o600"}, while_open
    after = modes(tmp_path)
    assert "pool.db.index" in after and set(after.values()) == {"0o600"}, after
