"""Schemathesis against the OpenAPI document, through the Flask app (WSGI, no
network): every read and write endpoint, asked with generated requests by a
wijkwerker's and by an admin's API token (the two ends of the roles), keeps
to what the document says. Never a 5xx; a request the document allows is
never refused as invalid (positive data acceptance) and one it forbids is
never accepted (negative data rejection); status, content type, headers and
body schema are the documented ones, and every 405 names the methods that
are allowed (``Allow``).

Each operation gets a fresh copy of the demo store, so writes of one do not
leave another a pool it was not written for; runs are deterministic
(``derandomize``) and bounded (``max_examples``)."""

from __future__ import annotations

import re
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
    negative_data_rejection,
    not_a_server_error,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from directory.accounts import users as accounts
from graph.stores import open_store
from tests.web.conftest import bearer
from web import create_app
from web.openapi.document import openapi_document

pytestmark = pytest.mark.slow

schema = schemathesis.openapi.from_dict(openapi_document())
#: What every answer must keep to, whatever was asked.
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]

#: The refusals no OpenAPI document can foresee: they depend on what the pool
#: holds (a referenced record that is not there, a record merged into itself)
#: or on who asks (an account not linked to a professional), weigh two
#: fields or two items against each other, or read what free text says (client
#: identity). Everything else a 400 says is something the document must say too.
NOT_IN_A_SCHEMA = re.compile("|".join((
    r"unknown (expertise area|organisation|team|professional|case|user) '",
    r"is the (professional|expertise area) kept", r"would be its own broader area",
    r"cannot know themselves", r"only a coordinator files a request for someone else",
    r"the client's consent is needed", r"is listed twice",
    r"looks like .* remove it, case notes hold no client identity",
    r"your account is not linked to a professional",
    r"is not a member of",
    r"is not an? (expertiseteam|\S+ team)",
    r"lies before the start of the period", r"the period is longer than",
    r"in the (expertiseteam|triage) the",
)))


@schemathesis.check
def valid_requests_are_accepted(ctx: Any, response: Any, case: Any) -> bool | None:
    """``positive_data_acceptance``, except for a 400 whose every problem is one
    of ``NOT_IN_A_SCHEMA``."""
    if response.status_code == 400:
        details = response.json().get("error", {}).get("details") or ["(none)"]
        if all(NOT_IN_A_SCHEMA.search(line) for line in details):
            return None
    return positive_data_acceptance(ctx, response, case)


#: And what the document promises about which requests are accepted (and about 405s).
STRICT = [*CHECKS, response_headers_conformance, valid_requests_are_accepted, negative_data_rejection,
          unsupported_method]


@pytest.fixture(params=["wijkwerker", "admin"])
def demo_app(request: pytest.FixtureRequest, demo_store_file: Path, tmp_path: Path
             ) -> Iterator[tuple[Flask, str]]:
    """The app on a fresh copy of the demo store, and an API token of one of its users."""
    copy = tmp_path / "demo.db"
    shutil.copyfile(demo_store_file, copy)
    store = open_store(f"sqlite:///{copy}")
    token = accounts.create_token(store, request.param)
    app = create_app({"TESTING": True}, store=store)
    yield app, token
    store.close()


@schema.parametrize()
@settings(max_examples=30, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_the_api_keeps_to_its_document(case: Any, demo_app: tuple[Flask, str]) -> None:
    app, token = demo_app
    case.call_and_validate(app=app, headers=bearer(token), checks=STRICT)
