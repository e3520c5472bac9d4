"""A synthetic pool with realistic skew (devkit/synthetic.py), small enough for
tests, for checking fast algorithms against straightforward ones."""

from __future__ import annotations

from datetime import date

import orjson
import pytest

from devkit.synthetic import generate
from directory.exchange.document import import_document
from graph.stores import open_store

POOL_TODAY = date(2026, 11, 15)


@pytest.fixture(scope="session")
def pool(tmp_path_factory):
    path = tmp_path_factory.mktemp("pool") / "pool.db"
    store = open_store(f"sqlite:///{path}", create=True)
    import_document(orjson.dumps(generate(600, 6000, seed=3, today=POOL_TODAY)), store)
    yield store
    store.close()
