"""Fixtures for the command-line tests: ``run`` invokes ``kernteamdb`` on a
fresh store, ``loaded`` on one holding the small pool."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TypeVar

import pytest
from click.testing import CliRunner

from directory.ports import Store
from graph.stores import open_store
from tests.conftest import small_document
from web.cli.main import main

T = TypeVar("T")


@pytest.fixture
def run(store_url):
    runner = CliRunner()

    def invoke(*args: str, store: str | None = None, input: str | None = None):
        return runner.invoke(main, ["--store", store or store_url, *args], input=input)

    return invoke


@pytest.fixture
def loaded(run, tmp_path):
    path = tmp_path / "pool.json"
    path.write_text(json.dumps(small_document()), encoding="utf-8")
    result = run("import", str(path))
    assert result.exit_code == 0, result.output
    return run


#: The password of ``pool_with_anna``'s specialist.
ANNA_PASSWORD = "een goed lang wachtwoord"


@pytest.fixture
def pool_with_anna(store_url) -> tuple[str, str]:
    """The small pool with anna, a specialist who signs in with ``ANNA_PASSWORD``:
    the store's URL and anna's API token."""
    from directory.accounts import users as accounts
    from directory.exchange.document import import_document

    store = open_store(store_url, create=True)
    import_document(json.dumps(small_document()), store)
    accounts.add_user(store, "anna", "specialist", ANNA_PASSWORD)
    token = accounts.create_token(store, "anna")
    store.close()
    return store_url, token


def on_store(store_url: str, build: Callable[[Store], T]) -> T:
    """``build(store)`` on the store at ``store_url``, opened and closed around it
    (a test's own setup, beside what the command line does)."""
    store = open_store(store_url)
    try:
        return build(store)
    finally:
        store.close()
