"""The OpenAPI 3.1 description of ``/api/v1``, served at ``/api/v1/openapi.json``.

The record schemas are generated from the model's dataclasses (the same
annotations that validate imports), so they cannot drift from the records;
the rest is written out here. ``tests/web/test_openapi.py`` checks real
responses of every endpoint, errors included, against this document.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

from pydantic import TypeAdapter

from directory.accounts.roles import PERMISSIONS, ROLES
from directory.pool.browse import DEFAULT_PAGE, MAX_OFFSET, MAX_PAGE
from directory.pool.changes import STATUS_KINDS
from directory.pool.model import Document
from directory.search.queries import MAX_LIMIT, MAX_QUERY_LENGTH
from directory.search.reasons import CODES
from web.openapi.consult import add_consult_paths, consult_schemas
from web.openapi.evaluation import add_evaluation_path, evaluation_schemas
from web.openapi.parts import AN_ID, RECORDS, STRING, STRINGS, closed, id_in_path, nullable, query, ref
from web.openapi.writes import add_user_paths, add_write_paths, write_schemas

ERROR_CODES = ("invalid_input", "unauthorized", "forbidden", "not_found", "method_not_allowed",
               "conflict", "too_large", "internal_error", "unavailable")


LINK_KINDS = ["shared_case", "team", "knows", "organisation"]

#: One problem of an error (``directory.problems``), inline in ``Error`` so that the
#: error schema stands on its own.
PROBLEM: dict[str, Any] = closed({
    "field": {**STRING, "description": "Where: a field (expertise[0].area), a record "
              "(professionals/p-anna), a file's row (teams.csv row 3, column name); empty for none."},
    "code": {**STRING, "description": "What, as a stable snake_case code (unknown_area, not_email, "
             "stale_version, ...), or pydantic's error type for a schema rule (string_too_long, "
             "less_than_equal, ...); 'text' for a problem that is only words (values.text)."},
    "values": {"type": "object", "description": "The values the words need (ids, names, counts, "
               "bounds; dates as ISO dates, lists as lists)."}})

HAND_WRITTEN: dict[str, Any] = {
    "Error": closed({"error": closed({
        "code": {"type": "string", "enum": list(ERROR_CODES)},
        "message": STRING,
        "details": {**STRINGS, "description": "One English line per problem, 'place: what is wrong' "
                    "(the same words the command line prints)."},
        "problems": {"type": "array", "items": PROBLEM,
                     "description": "The details as data, one per line of details, in its order: "
                                    "for saying them in another language or placing them at a "
                                    "form's field."}})}),
    "MatchedArea": closed({"area": STRING, "via": STRING, "level": nullable({"type": "integer"}),
                            "cases": {"type": "integer"}}),
    "Hit": closed({
        "id": STRING, "name": STRING, "score": {"type": "number"},
        "organisation": nullable(closed({"id": STRING, "name": STRING})),
        "matched": {"type": "array", "items": ref("MatchedArea")},
        "shared_cases": {"type": "integer"}, "path": nullable(STRINGS),
        "hours_left": nullable({"type": "number"}), "why": STRINGS,
        "budget_level": {"type": "string", "enum": ["ok", "warning", "exhausted"],
                         "description": "How the hours budget stands this half-year: warning from 80% "
                                        "used, exhausted at 100% (new requests are blocked)."},
        "reasons": {"type": "array", "items": ref("Reason"),
                    "description": "The why lines as codes with values, one per line of why, in its "
                                   "order, for saying them in another language."}}),
    "Reason": closed({
        "code": {"type": "string", "enum": list(CODES)},
        "values": {"type": "object", "description": "level: area, level, cases, last; cases: area, "
                   "cases, last; shared: cases, last, team; wijk: wijk; hours: hours; via: ids, "
                   "names (area an id, last an ISO date, team true for the requester's team)."}}),
    "Resource": closed({"id": STRING, "name": STRING,
                         "line": nullable({"type": "string", "enum": ["0", "1", "2"]}),
                         "wijken": STRINGS}),
    "TeamProposal": closed({"members": STRINGS,
                             "covers": {"type": "object", "additionalProperties": STRING},
                             "cost": {"type": "number"},
                             "uncovered": {**STRINGS, "description": "Needs (area ids) that no one "
                                           "available covers: no one with hours left this half-year "
                                           "has the expertise. The members cover the other needs."},
                             "exact": {"type": "boolean", "description": "True when the team is the best "
                                       "one over everyone with hours left (smallest, then closest "
                                       "colleagues); false when there were too many needs (over 5) or "
                                       "possibilities and the strongest few per need were compared."}}),
    "SearchResult": closed({
        "id": nullable(STRING), "took_ms": {"type": "number"},
        "results": {"type": "array", "items": ref("Hit")},
        "resources": {"type": "array", "items": ref("Resource")},
        "areas": STRINGS, "suggestions": STRINGS, "team": nullable(ref("TeamProposal")),
        "understood": {"type": "array", "items": ref("Understood"),
                       "description": "Per area searched for (in the order of 'areas'): the words of q "
                                      "that named it, or chosen: true when the caller asked for it."},
        "suggested": {**STRINGS, "description": "The area ids of 'suggestions' (bedoelde je ...), offered "
                                                "when nothing or only a whole domain was understood."}}),
    "Understood": closed({"area": STRING, "label": STRING, "words": STRINGS, "via": STRING,
                          "chosen": {"type": "boolean"},
                          "guessed": {"type": "boolean", "description": "Recognised from example needs, "
                                      "not named by a word of the vocabulary: less sure."}}),
    "Link": closed({"a": STRING, "b": STRING, "kind": {"type": "string", "enum": LINK_KINDS},
                     "weight": {"type": "number"}}),
    "PathResult": closed({"from": STRING, "to": STRING, "path": nullable(STRINGS),
                           "links": {"type": "array", "items": ref("Link")}}),
    "Node": closed({"id": STRING, "label": STRING, "kind": {"const": "professional"},
                     "role": nullable(STRING), "organisation": nullable(STRING),
                     "center": {"type": "boolean"}}),
    "EgoNetwork": closed({"center": STRING, "depth": {"enum": [1, 2]},
                           "nodes": {"type": "array", "items": ref("Node")},
                           "edges": {"type": "array", "items": ref("Link")}}),
    "HoursThisHalfYear": closed({"from": {"type": "string", "format": "date"},
                                  "to": {"type": "string", "format": "date"},
                                  "budget": nullable({"type": "number"}), "used": {"type": "number"},
                                  "left": nullable({"type": "number"})}),
    "UserSummary": closed({"name": STRING, "role": {"enum": list(ROLES)},
                            "professional": nullable(STRING)}),
    "Me": closed({"name": STRING, "role": {"enum": list(ROLES)}, "professional": nullable(STRING),
                   "permissions": {"type": "array", "items": {
                       "enum": sorted(set().union(*PERMISSIONS.values()))}}}),
    "UserList": closed({"items": {"type": "array", "items": ref("UserSummary")}}),
    "Health": {"type": "object", "properties": {"status": {"enum": ["ok", "unavailable"]},
                                                "revision": {"type": "integer"},
                                                "reason": STRING}, "required": ["status"]},
}


def _with(schema: dict[str, Any], extra: dict[str, Any], *, required: tuple[str, ...] = ()
          ) -> dict[str, Any]:
    grown = copy.deepcopy(schema)
    grown["properties"].update(extra)
    grown["required"] = [*grown.get("required", []), *required]
    return grown


def _record_schemas() -> dict[str, Any]:
    """The exchange-format records, generated from ``directory.pool.model``; as the
    API answers them they carry their version (and ``active: false`` for a
    retired organisation or team), and a professional's detail adds the hours
    of this half-year."""
    generated = TypeAdapter(Document).json_schema(ref_template="#/components/schemas/{model}")["$defs"]
    schemas = {name: generated[name] for name in (*RECORDS.values(), "Claim")}
    version = {"type": "integer", "minimum": 0,
               "description": "Changes with every write; state it when editing (also the ETag)"}
    for kind, name in RECORDS.items():
        extra = {"version": version}
        if kind in STATUS_KINDS:
            extra["active"] = {"type": "boolean", "description": "false: retired"}
        schemas[f"{name}Stored"] = _with(schemas[name], extra, required=("version",))
    schemas["ProfessionalDetail"] = _with(schemas["ProfessionalStored"],
                                          {"hours_this_half_year": ref("HoursThisHalfYear")},
                                          required=("hours_this_half_year",))
    for name in RECORDS.values():
        schemas[f"{name}Page"] = closed({
            "items": {"type": "array", "items": ref(f"{name}Stored")},
            "total": {"type": "integer", "minimum": 0},
            "limit": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
            "offset": {"type": "integer", "minimum": 0}})
    return schemas


_ERRORS = {400: "Invalid input (`invalid_input`)", 401: "Not signed in and no valid token (`unauthorized`)",
           403: "The user's role does not allow this (`forbidden`)", 404: "Unknown id (`not_found`)",
           409: "The record changed meanwhile, or is still in use (`conflict`)"}


def _get(summary: str, schema: str, *, tag: str, errors: tuple[int, ...] = (401, 403),
         parameters: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    responses: dict[str, Any] = {"200": {"description": "OK", "content": {
        "application/json": {"schema": ref(schema)}}}}
    for status in errors:
        responses[str(status)] = {"$ref": f"#/components/responses/E{status}"}
    responses["default"] = {"$ref": "#/components/responses/Error"}
    operation: dict[str, Any] = {"summary": summary, "tags": [tag], "responses": responses}
    if parameters:
        operation["parameters"] = parameters
    return {"get": operation}


def _paths() -> dict[str, Any]:
    paths = {**_read_paths(), **_meta_paths()}
    add_write_paths(paths)
    add_user_paths(paths)
    add_evaluation_path(paths)
    add_consult_paths(paths)
    return paths


def _read_paths() -> dict[str, Any]:
    """Search, the pool's records, the network and who is asking."""
    page = [query("limit", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": DEFAULT_PAGE},
                   "How many records"),
            query("offset", {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET, "default": 0},
                  "How many to skip")]
    search = [
        query("q", {"type": "string", "maxLength": MAX_QUERY_LENGTH}, "What the household needs, in words"),
        {**query("area", STRINGS, "Expertise area id (repeatable)"), "style": "form", "explode": True},
        {**query("without", STRINGS, "An area q names that is not meant (repeatable): not searched for"),
         "style": "form", "explode": True},
        query("requester", STRING, "Professional asking (default: the signed-in user's own)"),
        query("team", STRING, "The requester's team id"),
        query("wijk", STRING, "The wijk the household lives in"),
        query("limit", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": 10},
               "How many people"),
    ]
    paths: dict[str, Any] = {
        "/api/v1/search": _get("Rank professionals for a need", "SearchResult", tag="search",
                               errors=(400, 401, 403, 404), parameters=search),
    }
    for kind, name in RECORDS.items():
        paths[f"/api/v1/{kind}"] = _get(f"A page of {kind}, in id order", f"{name}Page", tag="pool",
                                        errors=(400, 401, 403), parameters=page)
        paths[f"/api/v1/{kind}/{{id}}"] = _get(
            f"One record of {kind}", "ProfessionalDetail" if kind == "professionals" else f"{name}Stored",
            tag="pool", errors=(401, 403, 404), parameters=[id_in_path("id", "Record id", kind)])
    paths["/api/v1/network/path"] = _get(
        "The strongest connection between two professionals", "PathResult", tag="network",
        errors=(400, 401, 403, 404),
        parameters=[query("from", AN_ID, "Professional id", required=True),
                    query("to", AN_ID, "Professional id", required=True)])
    paths["/api/v1/network/ego/{id}"] = _get(
        "The people around a professional and the links among them", "EgoNetwork", tag="network",
        errors=(400, 401, 403, 404),
        parameters=[id_in_path("id", "Professional id"),
                    query("depth", {"type": "integer", "enum": [1, 2], "default": 1}, "Steps out")])
    paths["/api/v1/me"] = _get("Who is asking and what they may do", "Me", tag="accounts", errors=(401,))
    paths["/api/v1/users"] = _get("Every user (admins only)", "UserList", tag="accounts")
    return paths


def _meta_paths() -> dict[str, Any]:
    """This document and the health check."""
    paths: dict[str, Any] = {}
    paths["/api/v1/openapi.json"] = {"get": {
        "summary": "This document", "tags": ["meta"], "responses": {
            "200": {"description": "OpenAPI 3.1", "content": {"application/json": {"schema": {
                "type": "object", "required": ["openapi", "paths"]}}}},
            "401": {"$ref": "#/components/responses/E401"},
            "default": {"$ref": "#/components/responses/Error"}}}}
    paths["/healthz"] = {"get": {
        "summary": "Health check (no sign-in)", "tags": ["meta"], "security": [],
        "description": "Anyone gets only the status. A signed-in admin, or a request with a "
                       "valid API token, also gets the revision and, when not ok, the reason "
                       "(a store that cannot be reached, a full disk, a read-only store).",
        "responses": {"200": {"description": "The store answers", "content": {
            "application/json": {"schema": ref("Health")}}},
            "503": {"description": "The store does not answer", "content": {
                "application/json": {"schema": ref("Health")}}}}}}
    return paths


@functools.cache
def openapi_document() -> dict[str, Any]:
    """The whole document (built once per process; callers must not change it)."""
    error = {"application/json": {"schema": ref("Error")}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "KernteamDB API", "version": "1",
                 "description": "The expertise-network directory for Dutch sociale wijkteams. Every "
                                "error has the shape of the Error schema."},
        "security": [{"bearerToken": []}, {"sessionCookie": []}],
        "paths": _paths(),
        "components": {
            "securitySchemes": {
                "bearerToken": {"type": "http", "scheme": "bearer",
                                "description": "A token made with `kernteamdb token create USER`"},
                "sessionCookie": {"type": "apiKey", "in": "cookie", "name": "kernteamdb_session",
                                  "description": "The browser session after signing in at /inloggen"},
            },
            "responses": {
                **{f"E{status}": {"description": text, "content": error} for status, text in _ERRORS.items()},
                "Error": {"description": "Any other error (405, 413, 500, 503)", "content": error},
            },
            "schemas": {**_record_schemas(), **HAND_WRITTEN, **write_schemas(_record_schemas()),
                        **evaluation_schemas(), **consult_schemas()},
        },
    }
