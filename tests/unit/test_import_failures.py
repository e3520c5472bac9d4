"""An import that the store fails says that nothing was imported (an import
is one transaction) — except when the connection broke during the commit,
when it may have been, and says that instead."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from directory.errors import SaveUncertain, StorageFull, StoreUnavailable
from directory.exchange.csv_files import export_csv, import_csv
from directory.exchange.document import import_document
from directory.ports import Store
from graph.stores import open_store
from tests.conftest import small_document


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(f"sqlite:///{tmp_path / 'pool.db'}", create=True)
    yield opened
    opened.close()


def failing_with(store: Store, monkeypatch: pytest.MonkeyPatch, error: StoreUnavailable) -> None:
    def apply(*_: Any, **__: Any) -> int:
        raise error

    monkeypatch.setattr(store, "apply", apply)


def test_a_store_that_cannot_be_reached_during_an_import_says_nothing_was_imported(store, monkeypatch):
    failing_with(store, monkeypatch, StoreUnavailable("cannot reach the Neo4j server at bolt://db: "
                                                      "Connection refused"))
    with pytest.raises(StoreUnavailable) as raised:
        import_document(json.dumps(small_document()), store)
    assert raised.value.message == ("cannot reach the Neo4j server at bolt://db: Connection refused; "
                                    "nothing was imported")
    assert store.count("professionals") == 0


def test_csv_files_say_it_too_and_a_full_disk_keeps_its_own_words(store, tmp_path, monkeypatch):
    import_document(json.dumps(small_document()), store)
    files = {name: text.encode() for name, text in export_csv(store).items()}
    other = open_store(f"sqlite:///{tmp_path / 'other.db'}", create=True)
    failing_with(other, monkeypatch, StoreUnavailable("cannot reach the store"))
    with pytest.raises(StoreUnavailable, match="; nothing was imported$"):
        import_csv(files, other)
    full = StorageFull("disk full: nothing was saved")
    failing_with(other, monkeypatch, full)
    with pytest.raises(StorageFull) as raised:
        import_csv(files, other)
    assert raised.value.message == "disk full: nothing was saved"
    other.close()


def test_a_commit_that_lost_its_answer_does_not_claim_nothing_was_imported(store, monkeypatch):
    lost = SaveUncertain("the connection broke while a change was being saved: it may or may not "
                         "have been saved; look before trying again")
    failing_with(store, monkeypatch, lost)
    with pytest.raises(SaveUncertain) as raised:
        import_document(json.dumps(small_document()), store)
    assert raised.value is lost
