"""``POST /api/v1/users``, ``PATCH`` and ``DELETE /api/v1/users/{name}``: admins
only (403 for every other role), bad bodies a 400 per field, nothing changed
on any error, every answer as the OpenAPI document says."""

from __future__ import annotations

import pytest
from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from werkzeug.test import EnvironBuilder

from directory.accounts.roles import ROLES
from web.openapi.document import openapi_document

NEW = {"name": "Nieuw", "role": "triagist", "password": "een lang wachtwoord", "professional": "p-eva"}


@pytest.fixture(scope="module")
def openapi() -> OpenAPI:
    return OpenAPI.from_dict(openapi_document())


def documented(openapi, answer, method, url, body, *, valid_request=True):
    headers = {k: v for k, v in answer.request.headers.items() if k == "Authorization"}
    request = WerkzeugOpenAPIRequest(EnvironBuilder(path=url, method=method, json=body,
                                                    headers=headers).get_request())
    if valid_request:
        openapi.validate_request(request)
    openapi.validate_response(request, WerkzeugOpenAPIResponse(answer))


def users(writer):
    return {u["name"]: u for u in writer("GET", "/api/v1/users", role="admin").get_json()["items"]}


@pytest.mark.parametrize("role", [r for r in ROLES if r != "admin"])
def test_only_admins_write_users(writer, openapi, role):
    before = users(writer)
    for method, url, body in (("POST", "/api/v1/users", NEW),
                              ("PATCH", "/api/v1/users/triagist", {"role": "admin"}),
                              ("DELETE", "/api/v1/users/triagist", None)):
        answer = writer(method, url, json=body, role=role)
        assert answer.status_code == 403 and answer.get_json()["error"]["code"] == "forbidden"
        documented(openapi, answer, method, url, body)
    assert users(writer) == before


def test_an_admin_adds_changes_and_removes_a_user(writer, openapi, fresh_app):
    added = writer("POST", "/api/v1/users", json=NEW, role="admin")
    assert added.status_code == 201 and added.get_json() == {"name": "nieuw", "role": "triagist",
                                                             "professional": "p-eva"}
    documented(openapi, added, "POST", "/api/v1/users", NEW)
    change = {"role": "specialist", "professional": None}
    changed = writer("PATCH", "/api/v1/users/nieuw", json=change, role="admin")
    assert changed.get_json() == {"name": "nieuw", "role": "specialist", "professional": None}
    documented(openapi, changed, "PATCH", "/api/v1/users/nieuw", change)
    removed = writer("DELETE", "/api/v1/users/nieuw", role="admin")
    assert removed.status_code == 204 and "nieuw" not in users(writer)
    documented(openapi, removed, "DELETE", "/api/v1/users/nieuw", None)
    trail = fresh_app.extensions["kernteamdb.store"].audit_entries(kind="users", record="nieuw")
    assert [(e.user, e.action) for e in trail] == [("admin", "create"), ("admin", "update"),
                                                   ("admin", "remove")]


@pytest.mark.parametrize(("method", "url", "body", "status", "detail"), [
    ("POST", "/api/v1/users", {**NEW, "password": "kort"}, 400, None),
    ("POST", "/api/v1/users", {**NEW, "role": "baas"}, 400, None),
    ("POST", "/api/v1/users", {**NEW, "professional": "p-niemand"}, 400,
     "professional: unknown professional 'p-niemand'"),
    ("POST", "/api/v1/users", {**NEW, "name": "coordinator"}, 409, None),
    ("POST", "/api/v1/users", {**NEW, "admin": True}, 400, "admin: unknown parameter"),
    ("POST", "/api/v1/users", {"role": "triagist", "password": "een lang wachtwoord"}, 400, "name: required"),
    ("POST", "/api/v1/users", {**NEW, "name": 7}, 400, "name: must be text"),
    ("PATCH", "/api/v1/users/triagist", {"professional": "p-niemand"}, 400, None),
    ("PATCH", "/api/v1/users/triagist", {"role": None}, 400, "role: must be text"),
    ("PATCH", "/api/v1/users/niemand", {"role": "admin"}, 404, None),
    ("DELETE", "/api/v1/users/admin", None, 409, None),
    ("DELETE", "/api/v1/users/niemand", None, 404, None),
])
def test_bad_requests_change_nothing(writer, openapi, method, url, body, status, detail):
    before = users(writer)
    answer = writer(method, url, json=body, role="admin")
    assert answer.status_code == status, answer.get_json()
    if detail:
        assert detail in answer.get_json()["error"]["details"]
    documented(openapi, answer, method, url, body, valid_request=False)
    assert users(writer) == before
