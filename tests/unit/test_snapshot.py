"""The index snapshot beside a large embedded store: used when it is right,
ignored when it is stale, foreign or tampered with."""

from __future__ import annotations

import json
import os
import pickle
from datetime import date

import pytest

from directory.exchange.document import export_document, import_document
from graph.stores import open_store
from graph.stores.embedded import snapshot
from tests.conftest import small_document


@pytest.fixture
def small_threshold(monkeypatch):
    monkeypatch.setattr(snapshot, "MIN_CASES", 1)


def test_a_large_store_leaves_a_snapshot_that_the_next_open_uses(store_url, small_threshold,
                                                                  monkeypatch):
    store = open_store(store_url, create=True)
    import_document(json.dumps(small_document()), store)
    expected = export_document(store)
    store.close()
    database = store_url[len("sqlite:///"):]
    assert os.path.exists(database + ".index")
    assert oct(os.stat(database + ".index").st_mode & 0o777) == "0o600"  # holds contact details

    rebuilt = []
    monkeypatch.setattr("graph.stores.embedded.store.read_case_facts",
                        lambda *a, **k: rebuilt.append(1) or iter(()))
    reopened = open_store(store_url)
    assert reopened.count("cases") == 3
    assert rebuilt == []  # the cases came from the snapshot, not from SQLite
    assert reopened.path("p-eva", "p-anna").ids == ("p-eva", "p-bram", "p-anna")
    assert export_document(reopened) == expected
    reopened.close()


def test_writes_after_the_snapshot_are_caught_up(store_url, small_threshold):
    store = open_store(store_url, create=True)
    import_document(json.dumps(small_document()), store)
    store.close()
    other = open_store(store_url)  # changes the file but leaves no newer snapshot
    import_document(json.dumps({"format": "kernteamdb/1", "cases": [
        {"id": "c-new", "opened": "2026-10-01", "areas": ["nah"],
         "participants": [{"professional": "p-cees", "hours": 1},
                          {"professional": "p-eva", "role": "regie"}]}]}), other)
    other._conn.close()  # a process that ends without writing a snapshot
    fresh = open_store(store_url)
    assert fresh.count("cases") == 4
    assert fresh.history_summary(["p-cees"], requester="p-eva", team=None,
                                 today=date(2026, 11, 16)) != {}
    fresh.close()


def _write_snapshot(database: str, payload: object) -> None:
    with open(database + ".index", "wb") as handle:
        pickle.dump(payload, handle)


class Boom:
    def __reduce__(self):
        return (os.system, ("echo pwned > /dev/null",))


@pytest.mark.parametrize("payload", [
    (snapshot.TAG, "another-store", 1, None),
    (snapshot.TAG, "SAME", 10_000, None),  # newer than the database: not ours
    ("kernteamdb-index/1", "SAME", 1, None),  # made by an older index layout
    ("something else", "SAME", 1, None),
    Boom(),
    "garbage",
])
def test_a_snapshot_that_does_not_fit_is_ignored(store_url, payload):
    store = open_store(store_url, create=True)
    import_document(json.dumps(small_document()), store)
    store_id = store._store_id()
    expected = export_document(store)
    store.close()
    if isinstance(payload, tuple):
        payload = tuple(store_id if part == "SAME" else part for part in payload)
    _write_snapshot(store_url[len("sqlite:///"):], payload)
    reopened = open_store(store_url)
    assert export_document(reopened) == expected
    assert reopened.count("cases") == 3
    reopened.close()


def test_a_snapshot_cannot_run_code_when_loaded(tmp_path):
    database = str(tmp_path / "x.db")
    _write_snapshot(database, Boom())
    assert snapshot.load(database, "id", 5) is None
