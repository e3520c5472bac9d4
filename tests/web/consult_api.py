"""Helpers for the consultation API tests: the app on a fresh copy of the demo
network, with an API token per demo user (wijkwerker p-0043 in wt-zuidoost,
specialist p-0046 in kt-zuidoost and nw-den-bosch, triagist p-0045 in
tr-west, coordinator, admin) and a second specialist, p-0059 of kt-zuidoost."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator
from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from openapi_core.templating.paths.exceptions import PathNotFound
from werkzeug.test import EnvironBuilder

from directory.accounts import users as accounts
from directory.ports import Store
from graph.stores import open_store
from tests.web.conftest import bearer
from web import create_app
from web.openapi.document import openapi_document

_OPENAPI = OpenAPI.from_dict(openapi_document())
_ERROR = openapi_document()["components"]["schemas"]["Error"]
#: The demo users' professionals.
WORKER, SPECIALIST, TRIAGIST, SECOND = "p-0043", "p-0046", "p-0045", "p-0059"
#: A request for help, and the same as a netwerk request asking the demo specialist.
NEED = {"need": "Vader vergeet afspraken en raakt de weg kwijt", "areas": ["dementie"],
        "wijk": "Zuidoost", "age_band": "65+", "household": "alleenstaand"}
ASKING = {**NEED, "specialist": SPECIALIST}


@dataclass
class ConsultApi:
    """The app, its store, and ``call(role, method, url, json)`` by Bearer token.
    Every answer is checked against the OpenAPI document (and the request too,
    when it succeeded): what these tests see is what the document promises."""

    app: Flask
    store: Store
    tokens: dict[str, str]
    client: FlaskClient = field(init=False)

    def __post_init__(self) -> None:
        self.client = self.app.test_client()

    def call(self, role: str, method: str, url: str, body: Any = None, **headers: str) -> Any:
        sent = {**bearer(self.tokens[role]), **headers}
        answer = self.client.open(f"/api/v1{url}", method=method, json=body, headers=sent)
        path, _, query = url.partition("?")
        # the app has read the request's body; openapi-core is given the same request afresh
        request = WerkzeugOpenAPIRequest(EnvironBuilder(path=f"/api/v1{path}", query_string=query,
                                                        method=method, json=body,
                                                        headers=sent).get_request())
        if answer.status_code < 400:
            _OPENAPI.validate_request(request)
        try:
            _OPENAPI.validate_response(request, WerkzeugOpenAPIResponse(answer))
        except PathNotFound:  # an unknown step: no path of the document, but the Error shape
            assert answer.status_code == 404
            Draft202012Validator(_ERROR).validate(answer.get_json())
        return answer

    def ok(self, role: str, method: str, url: str, body: Any = None, status: int = 200) -> Any:
        """The JSON answer of a call that must succeed with ``status``."""
        answer = self.call(role, method, url, body)
        assert answer.status_code == status, (method, url, answer.get_json())
        return answer.get_json()

    def get(self, consultation_id: str, role: str = "coordinator") -> dict[str, Any]:
        found: dict[str, Any] = self.ok(role, "GET", f"/consultations/{consultation_id}")
        return found

    def step(self, role: str, consultation_id: str, step: str, body: Any = None,
             status: int = 200) -> Any:
        return self.ok(role, "POST", f"/consultations/{consultation_id}/{step}", body or {}, status)

    def refused(self, role: str, consultation_id: str, step: str, body: Any, status: int) -> dict[str, Any]:
        """Take a step that must be refused with ``status``: nothing about the consultation changes."""
        before = self.get(consultation_id)
        answer = self.call(role, "POST", f"/consultations/{consultation_id}/{step}", body)
        assert answer.status_code == status, answer.get_json()
        assert self.get(consultation_id) == before
        error: dict[str, Any] = answer.get_json()["error"]
        return error

    def file(self, body: dict[str, Any], role: str = "wijkwerker") -> dict[str, Any]:
        done: dict[str, Any] = self.ok(role, "POST", "/consultations", body, 201)
        return done

    def hours_left(self, professional: str) -> float:
        detail = self.ok("coordinator", "GET", f"/professionals/{professional}")
        left: float = detail["hours_this_half_year"]["left"]
        return left

    def shared_cases(self, requester: str, professional: str, area: str) -> int:
        """How many cases search counts ``professional`` shared with ``requester``."""
        found = self.ok("coordinator", "GET",
                        f"/search?area={area}&requester={requester}&limit=100")
        hit = next(h for h in found["results"] if h["id"] == professional)
        shared: int = hit["shared_cases"]
        return shared


def consult_api(demo_store_file: Path, tmp_path: Path, config: dict[str, Any] | None = None
                ) -> Iterator[ConsultApi]:
    copy = tmp_path / "demo.db"
    shutil.copyfile(demo_store_file, copy)
    store = open_store(f"sqlite:///{copy}")
    accounts.add_user(store, "specialist2", "specialist", "wachtwoord voor de tests",
                      professional=SECOND)
    tokens = {name: accounts.create_token(store, name)
              for name in ("wijkwerker", "specialist", "triagist", "coordinator", "admin", "specialist2")}
    yield ConsultApi(create_app({"TESTING": True, **(config or {})}, store=store), store, tokens)
    store.close()
