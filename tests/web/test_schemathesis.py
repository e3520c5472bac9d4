"""Schemathesis against the OpenAPI document, through the Flask app (WSGI, no
network): every read and write endpoint, asked with generated requests by a
coordinator's API token, never answers 5xx and never answers outside what
the document says (status, content type, body schema).

Each operation gets a fresh copy of the demo store, so writes of one do not
leave another a pool it was not written for; runs are deterministic
(``derandomize``) and bounded (``max_examples``)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from directory import accounts
from graph.stores import open_store
from tests.web.conftest import bearer
from web import create_app
from web.openapi import openapi_document

pytestmark = pytest.mark.slow

schema = schemathesis.openapi.from_dict(openapi_document())
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


@pytest.fixture
def demo_app(demo_store_file: Path, tmp_path: Path) -> Iterator[tuple[Flask, str]]:
    """The app on a fresh copy of the demo store, and an API token of its coordinator."""
    copy = tmp_path / "demo.db"
    shutil.copyfile(demo_store_file, copy)
    store = open_store(f"sqlite:///{copy}")
    token = accounts.create_token(store, "coordinator")
    app = create_app({"TESTING": True}, store=store)
    yield app, token
    store.close()


@schema.parametrize()
@settings(max_examples=25, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_the_api_keeps_to_its_document(case: Any, demo_app: tuple[Flask, str]) -> None:
    app, token = demo_app
    case.call_and_validate(app=app, headers=bearer(token), checks=CHECKS)
