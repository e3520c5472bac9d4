"""Fixtures for the web tests: a pool with one user and one API token per
role, the app around it, and ways to be signed in.

CSRF protection stays on in every web test (as in production): tests that
post a form take the token from the page first, as a browser does.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from flask import Flask, request
from flask.testing import FlaskClient

from directory.accounts import users as accounts
from directory.accounts.roles import ROLES, User
from directory.errors import Conflict, Forbidden
from directory.exchange.document import import_document
from directory.ports import Store
from directory.problems import Problem
from graph.stores import open_store
from tests.conftest import DEMO_TODAY, small_document
from web import create_app, guard

PASSWORD = "wachtwoord voor de tests"
#: The professional each role's user is linked to in the small pool (if any).
LINKED = {"wijkwerker": "p-bram", "specialist": "p-anna"}


@pytest.fixture(scope="session")
def pool_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The small pool with a user per role (named after the role, one shared
    argon2 hash: hashing is slow on purpose) and an API token for each."""
    path = tmp_path_factory.mktemp("web") / "pool.db"
    store = open_store(f"sqlite:///{path}", create=True)
    import_document(json.dumps(small_document()), store)
    hashed = PasswordHasher().hash(PASSWORD)
    tokens = {}
    for role in ROLES:
        store.add_user(User(role, role, LINKED.get(role), hashed, datetime.now(UTC)))
        tokens[role] = accounts.create_token(store, role)
    store.close()
    return path, tokens


@pytest.fixture
def pool(pool_file) -> Iterator[Store]:
    opened = open_store(f"sqlite:///{pool_file[0]}")
    yield opened
    opened.close()


@pytest.fixture
def tokens(pool_file) -> dict[str, str]:
    return pool_file[1]


@pytest.fixture
def app(pool) -> Flask:
    return create_app({"TESTING": True}, store=pool)


@pytest.fixture
def client(app) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def fresh_app(pool_file, tmp_path) -> Iterator[Flask]:
    """An app on its own copy of the pool (users and tokens included), for tests that write."""
    copy = tmp_path / "pool.db"
    shutil.copyfile(pool_file[0], copy)
    store = open_store(f"sqlite:///{copy}")
    yield create_app({"TESTING": True}, store=store)
    store.close()


@pytest.fixture
def writer(fresh_app, tokens) -> Callable[..., Any]:
    """``writer("POST", url, json=..., role="coordinator")``: a request by token to the fresh app."""
    client = fresh_app.test_client()

    def send(method: str, url: str, *, role: str = "coordinator", headers: dict[str, str] | None = None,
             **kwargs: Any) -> Any:
        return client.open(url, method=method, headers={**bearer(tokens[role]), **(headers or {})}, **kwargs)

    return send


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def signed_in_client(app: Flask, name: str) -> FlaskClient:
    """A client whose session is signed in as user ``name`` (without the slow
    password check; signing in itself is tested in test_signin.py)."""
    client = app.test_client()
    with app.app_context():
        values = guard.session_values(app.extensions[guard.STORE].get_user(name))
    with client.session_transaction() as session:
        session.update(values)
    return client


def worker_on(store: Store, document: dict) -> FlaskClient:
    """A client signed in as a wijkwerker linked to Bram, on ``store`` after
    importing ``document`` (a variant of the small pool a test needs)."""
    import_document(json.dumps(document), store)
    store.add_user(User("wijkwerker", "wijkwerker", "p-bram", "x", datetime.now(UTC)))
    return signed_in_client(create_app({"TESTING": True}, store=store), "wijkwerker")


@pytest.fixture
def as_role(app) -> Callable[[str], FlaskClient]:
    """``as_role("admin")``: a client signed in as the admin of the pool."""
    return lambda role: signed_in_client(app, role)


def csrf_token(client: FlaskClient, path: str = "/inloggen") -> str:
    """The CSRF token of the form on ``path``, as a browser would send it back."""
    html = client.get(path).get_data(as_text=True)
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or \
        re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def crash() -> None:
    raise RuntimeError("internal detail that must not leak")


def add_faults(app: Flask) -> Flask:
    """Routes that fail the ways no read endpoint can yet (writes come later)."""

    def conflict() -> None:
        raise Conflict("the record changed meanwhile", [Problem.said("stale version", "professionals[0]")])

    def forbidden() -> None:
        raise Forbidden("a wijkwerker may not change records of the pool")

    def upload() -> str:
        return str(len(request.get_data()))

    app.add_url_rule("/api/v1/test/conflict", "t_conflict", conflict)
    app.add_url_rule("/api/v1/test/crash", "t_api_crash", crash)
    app.add_url_rule("/api/v1/test/upload", "t_upload", upload, methods=["POST"])
    app.add_url_rule("/test/crash", "t_crash", crash)
    app.add_url_rule("/test/forbidden", "t_forbidden", forbidden)
    return app


@pytest.fixture
def faulty(pool_file, tokens):
    """An app with the fault routes on its own store, and a way to ask it."""
    store = open_store(f"sqlite:///{pool_file[0]}")
    app = add_faults(create_app({"TESTING": True}, store=store))
    client = app.test_client()

    def ask(method, url, who, body=None, *, html=False):
        signer = "admin" if who == "closed-store" else who
        headers = {}
        if html:
            asking = signed_in_client(app, signer) if signer else client
        else:
            asking = client
            if who == "bad-token":
                headers = bearer("kt_wrong")
            elif signer:
                headers = bearer(tokens[signer])
        if who == "closed-store":
            store.close()
        return asking.open(url, method=method, data=body, headers=headers)

    yield ask
    store.close()


@pytest.fixture
def demo_app(demo_store_file: Path, tmp_path: Path) -> Iterator[Flask]:
    """The app on its own copy of the demo store, anchored to the demo's day."""
    copy = tmp_path / "demo.db"
    shutil.copyfile(demo_store_file, copy)
    store = open_store(f"sqlite:///{copy}")
    yield create_app({"TESTING": True, "TODAY": DEMO_TODAY}, store=store)
    store.close()
