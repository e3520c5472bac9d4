"""The OpenAPI document describes what the endpoints really return: real
responses of every endpoint, errors included, are checked against it with
openapi-core (JSON Schema 2020-12, the dialect of OpenAPI 3.1)."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qsl, urlencode

import pytest
from jsonschema import Draft202012Validator
from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from openapi_spec_validator import validate
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Response

from tests.web.conftest import bearer
from tests.web.test_errors import API_ERRORS
from web.openapi.document import openapi_document

SUCCESSES = [
    "/api/v1/search?q=geheugenproblemen",
    "/api/v1/search?q=dementie+en+schulden&area=nah&requester=p-eva&team=wt-zuidoost&wijk=Zuidoost&limit=2",
    "/api/v1/search?q=het+regent",
    "/api/v1/professionals", "/api/v1/professionals?limit=1&offset=1", "/api/v1/professionals/p-anna",
    "/api/v1/professionals/p-dina",
    "/api/v1/organisations", "/api/v1/organisations/org-cafe",
    "/api/v1/expertise", "/api/v1/expertise/dementie",
    "/api/v1/teams", "/api/v1/teams/wt-zuidoost",
    "/api/v1/network/path?from=p-eva&to=p-anna", "/api/v1/network/path?from=p-anna&to=p-dina",
    "/api/v1/network/ego/p-anna", "/api/v1/network/ego/p-bram?depth=2",
    "/api/v1/me", "/api/v1/users", "/api/v1/openapi.json", "/healthz",
    "/api/v1/evaluation", "/api/v1/evaluation?from=2026-01-01&to=2026-12-31",
]


@pytest.fixture(scope="module")
def openapi() -> OpenAPI:
    return OpenAPI.from_dict(openapi_document())


def check(openapi: OpenAPI, answer, *, valid_request: bool = True) -> None:
    request = WerkzeugOpenAPIRequest(answer.request)
    if valid_request:
        openapi.validate_request(request)
    openapi.validate_response(request, WerkzeugOpenAPIResponse(answer))


def test_the_document_is_valid_openapi_3_1():
    document = openapi_document()
    assert document["openapi"] == "3.1.0"
    validate(document)


@pytest.mark.parametrize("url", SUCCESSES)
def test_every_endpoint_answers_as_documented(openapi, client, tokens, url):
    answer = client.get(url, headers=bearer(tokens["admin"]))
    assert answer.status_code == 200
    check(openapi, answer)


def test_a_session_signed_request_is_documented_too(openapi, as_role):
    check(openapi, as_role("wijkwerker").get("/api/v1/search?q=dementie"))


ERROR_SCHEMA = openapi_document()["components"]["schemas"]["Error"]
DOCUMENTED_ERRORS = [case for case in API_ERRORS if "/test/" not in case[1] and case[4] != 405]


@pytest.mark.parametrize(("method", "url", "who", "body", "status", "code"), DOCUMENTED_ERRORS,
                         ids=[f"{c[4]}-{c[1][:60]}" for c in DOCUMENTED_ERRORS])
def test_every_error_answers_as_documented(openapi, faulty, method, url, who, body, status, code):
    answer = faulty(method, url, who, body)
    assert answer.status_code == status
    if url.startswith("/api/v1/no-such-thing") or url == "/api/v1/cases":
        Draft202012Validator(ERROR_SCHEMA).validate(answer.get_json())  # no such path to look up
    else:
        check(openapi, answer, valid_request=False)


@pytest.mark.parametrize(("method", "url", "who", "body", "status", "code"),
                         [case for case in API_ERRORS if case not in DOCUMENTED_ERRORS])
def test_errors_off_the_documented_paths_have_the_error_schema(faulty, method, url, who, body, status,
                                                               code):
    Draft202012Validator(ERROR_SCHEMA).validate(faulty(method, url, who, body).get_json())


def test_a_response_that_drifts_from_the_document_is_caught(openapi, client, tokens):
    """The check above can fail: a key the document does not know, or one it
    requires gone, is an error."""
    answer = client.get("/api/v1/search?q=dementie", headers=bearer(tokens["admin"]))
    body = answer.get_json()
    for drifted in ({**body, "results": [{**body["results"][0], "phone": "06-00000000"}]},
                    {k: v for k, v in body.items() if k != "resources"},
                    {**body, "took_ms": "fast"}):
        fake = Response(json.dumps(drifted), status=200, mimetype="application/json")
        with pytest.raises(Exception, match="(?i)invalid|additional|required|type"):
            openapi.validate_response(WerkzeugOpenAPIRequest(answer.request), WerkzeugOpenAPIResponse(fake))


def test_every_api_route_is_in_the_document(app):
    documented = set(openapi_document()["paths"])
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/"):
            continue
        kinds = re.search(r"<any\(([^)]*)\):kind>", rule.rule)
        expanded = [rule.rule.replace(kinds.group(0), k.strip()) for k in kinds.group(1).split(",")] \
            if kinds else [rule.rule]
        for path in expanded:
            path = re.sub(r"<(?:path:)?\w+>", "{id}", path)
            assert path in documented, f"{path} is served but not in the OpenAPI document"


#: Writes and the coordinator's tools: (method, url, JSON body, role, status). ``VERSION`` in a
#: body stands for the record's current version.
VERSION = "current version"
WRITES = [
    ("POST", "/api/v1/teams", {"name": "Kernteam West", "kind": "kernteam"}, "coordinator", 201),
    ("POST", "/api/v1/organisations", {"id": "org-humanitas", "name": "Humanitas", "line": "0"},
     "coordinator", 201),
    ("POST", "/api/v1/expertise", {"id": "gokken", "label": "Gokken", "broader": "hersenen-cognitie"},
     "coordinator", 201),
    ("POST", "/api/v1/professionals", {"name": "Nieuw", "expertise": [{"area": "nah", "level": 2}]},
     "coordinator", 201),
    ("PATCH", "/api/v1/professionals/p-cees", {"bio": "Ervaren", "phone": None, "version": VERSION},
     "coordinator", 200),
    ("PATCH", "/api/v1/professionals/p-anna", {"hours_per_half_year": 20, "version": VERSION},
     "specialist", 200),
    ("PATCH", "/api/v1/teams/kt-zuidoost", {"meets": "dinsdag", "version": VERSION}, "coordinator", 200),
    ("PATCH", "/api/v1/expertise/nah", {"synonyms": ["CVA"], "version": VERSION}, "coordinator", 200),
    ("PATCH", "/api/v1/organisations/org-cafe", {"wijken": ["West"], "version": 0}, "coordinator", 409),
    ("PATCH", "/api/v1/teams/kt-zuidoost", {"kind": "buurtteam", "version": VERSION}, "coordinator", 400),
    ("PATCH", "/api/v1/teams/kt-zuidoost", {"name": "X", "version": VERSION}, "wijkwerker", 403),
    ("DELETE", "/api/v1/organisations/org-cafe", None, "coordinator", 204),
    ("DELETE", "/api/v1/professionals/p-dina", None, "coordinator", 204),
    ("DELETE", "/api/v1/teams/wt-zuidoost", None, "coordinator", 409),
    ("DELETE", "/api/v1/teams/nope", None, "coordinator", 404),
    ("POST", "/api/v1/professionals/p-anna/confirm", None, "specialist", 200),
    ("POST", "/api/v1/teams/kt-zuidoost/retire", {}, "coordinator", 200),
    ("POST", "/api/v1/organisations/org-cafe/reactivate", {"version": VERSION}, "coordinator", 200),
    ("POST", "/api/v1/professionals/p-cees/retire", None, "triagist", 403),
    ("POST", "/api/v1/professionals/p-anna/merge", {"duplicate": "p-cees"}, "coordinator", 200),
    ("POST", "/api/v1/expertise/dementie/merge", {"duplicate": "nah"}, "admin", 200),
    ("GET", "/api/v1/duplicates", None, "coordinator", 200),
    ("GET", "/api/v1/audit?kind=users&limit=3", None, "coordinator", 200),
    ("GET", "/api/v1/audit", None, "specialist", 403),
    ("GET", "/api/v1/evaluation?from=2026-12-01&to=2026-01-01", None, "coordinator", 400),
    ("GET", "/api/v1/evaluation", None, "wijkwerker", 403),
    ("GET", "/api/v1/professionals/p-anna/export", None, "specialist", 200),
    ("GET", "/api/v1/professionals/p-cees/export", None, "specialist", 403),
]


@pytest.mark.parametrize(("method", "url", "body", "role", "status"), WRITES,
                         ids=[f"{w[4]}-{w[0]}-{w[1]}-{w[3]}" for w in WRITES])
def test_every_write_and_tool_answers_as_documented(openapi, writer, method, url, body, role, status):
    if body and body.get("version") == VERSION:
        record = url.removesuffix("/reactivate")
        body = {**body, "version": writer("GET", record).get_json()["version"]}
    answer = writer(method, url, json=body, role=role)
    assert answer.status_code == status, answer.get_json()
    # the app has read the request's body; openapi-core is given the same request afresh
    headers = {k: v for k, v in answer.request.headers.items() if k in ("Authorization", "If-Match")}
    sent = EnvironBuilder(path=url, method=method, json=body, headers=headers).get_request()
    request = WerkzeugOpenAPIRequest(sent)
    if status < 400:
        openapi.validate_request(request)
    openapi.validate_response(request, WerkzeugOpenAPIResponse(answer))


def documented(openapi: OpenAPI, method: str, url: str, body=None, headers=None) -> bool:
    """Whether the document allows this request (openapi-core, before it is sent).
    openapi-core refuses every empty query value (OpenAPI's deprecated
    ``allowEmptyValue``); schemathesis sends them as the empty text, so an empty
    one is checked against its parameter's schema here."""
    path, _, query_text = url.partition("?")
    given = parse_qsl(query_text, keep_blank_values=True)
    schemas = {p["name"]: p["schema"] for p in openapi_document()["paths"].get(path, {}).get(
        method.lower(), {}).get("parameters", []) if p["in"] == "query"}
    for name in {n for n, v in given if v == ""}:
        if name not in schemas or not Draft202012Validator(schemas[name]).is_valid(""):
            return False
    url = path + ("?" + urlencode([(n, v) for n, v in given if v]) if any(v for _, v in given) else "")
    builder = EnvironBuilder(url, method=method, json=body,
                             headers={"Authorization": "Bearer kt_x", **(headers or {})})
    try:
        openapi.validate_request(WerkzeugOpenAPIRequest(builder.get_request()))
    except Exception:  # noqa: BLE001  (any validation error: not allowed)
        return False
    return True


#: Requests the document allows, which the server refused with 400 (schemathesis found them).
ALLOWED = [
    ("GET", "/api/v1/search?q=", None, None),
    ("GET", "/api/v1/audit?since=&until=&limit=5", None, None),
    ("POST", "/api/v1/notices/read", {"up_to": 3.0}, None),
    ("PUT", "/api/v1/teams/kt-zuidoost/schedule", {"first": "2026-12-01", "every_weeks": 2.0}, None),
    ("POST", "/api/v1/professionals", {"name": "Nieuw", "expertise": [{"area": "dementie", "level": 3.0}]},
     None),
    ("POST", "/api/v1/teams/kt-zuidoost/retire", {"version": None}, {"If-Match": 'W/"1"'}),
]
#: Requests the document forbids, which the server accepted.
FORBIDDEN = [
    ("PUT", "/api/v1/teams/kt-zuidoost/schedule", {"first": "2026-12-01", "chair": {}}, None),
    ("GET", "/api/v1/notices?unread=null", None, None),
    ("POST", "/api/v1/teams/kt-zuidoost/retire", {"version": 1}, {"If-Match": "*"}),
    ("PATCH", "/api/v1/teams/kt-zuidoost", {"name": "Kern", "version": 1}, {"If-Match": '"een"'}),
]


@pytest.mark.parametrize(("method", "url", "body", "headers"), ALLOWED)
def test_what_the_document_allows_is_accepted(openapi, writer, method, url, body, headers):
    assert documented(openapi, method, url, body, headers)
    answer = writer(method, url, json=body, headers=headers, role="admin")
    assert answer.status_code < 400, answer.get_json()


def test_an_empty_search_finds_nobody(writer):
    answer = writer("GET", "/api/v1/search?q=", role="wijkwerker")
    assert answer.status_code == 200 and answer.get_json()["results"] == []


@pytest.mark.parametrize(("method", "url", "body", "headers"), FORBIDDEN)
def test_what_the_document_forbids_is_refused(openapi, writer, method, url, body, headers):
    assert not documented(openapi, method, url, body, headers)
    answer = writer(method, url, json=body, headers=headers, role="admin")
    assert answer.status_code == 400 and answer.get_json()["error"]["code"] == "invalid_input"


def test_the_document_says_which_ids_and_fields_a_write_takes():
    schemas = openapi_document()["components"]["schemas"]
    assert "id" not in schemas["TeamChange"]["properties"]  # an id never changes
    assert schemas["TeamChange"]["required"] == ["version"]
    new_id = re.compile(schemas["ProfessionalNew"]["properties"]["id"]["pattern"])
    assert new_id.match("p-anna.2") and not new_id.match("../evil") and not new_id.match("=cmd")
