"""The OpenAPI description of the writes and the coordinator's tools of
``/api/v1`` (``web.api.maintain``), joined into the document of
``web.openapi.document``.

Request bodies are derived from the same generated record schemas as the
answers: a new record is the record (its id may be left out, except an
area's), a change is any of its fields plus the version it was based on.
"""

from __future__ import annotations

import copy
from typing import Any

from directory.accounts.audit import AUDIT_KINDS
from directory.accounts.roles import ROLES
from directory.accounts.users import MAX_PASSWORD, MIN_PASSWORD
from directory.pool.browse import MAX_OFFSET
from directory.pool.changes import MAX_VERSION
from directory.pool.characters import SAFE_ID, SAFE_ID_RULE
from web.openapi.parts import (
    AN_ID,
    IF_MATCH_PATTERN,
    RECORDS,
    STRING,
    STRINGS,
    closed,
    id_in_path,
    nullable,
    or_empty,
    query,
    ref,
)

ID_CHOSEN_BY_HAND = ("expertise",)
VERSION: dict[str, Any] = {"type": "integer", "minimum": 0, "maximum": MAX_VERSION,
                           "description": "The version the change is based on (or send If-Match)"}
#: Where the version may be left out: null says the same.
OPTIONAL_VERSION = nullable(VERSION)
_ANY_OBJECT: dict[str, Any] = nullable({"type": "object"})
#: ``audit.parse_moment``: a day or an ISO 8601 time (empty: no bound).
MOMENT_OR_DAY = or_empty({"anyOf": [{"type": "string", "format": "date"},
                                    {"type": "string", "format": "date-time"}]})


def write_schemas(records: dict[str, Any]) -> dict[str, Any]:
    """Bodies of POST and PATCH per record, of the actions, and the answers of the tools."""
    schemas: dict[str, Any] = {}
    for kind, name in RECORDS.items():
        new = copy.deepcopy(records[name])
        new["properties"]["id"] = {"type": "string", "maxLength": 100, "pattern": SAFE_ID.pattern,
                                   "description": SAFE_ID_RULE.capitalize()}
        if kind not in ID_CHOSEN_BY_HAND:
            new["required"] = [r for r in new["required"] if r != "id"]
        schemas[f"{name}New"] = new
        change = copy.deepcopy(records[name])
        del change["properties"]["id"]  # an id never changes
        change["properties"]["version"] = VERSION
        change["required"] = ["version"]
        change["description"] = "The fields to change and the version they are based on (or If-Match)"
        schemas[f"{name}Change"] = change
    schemas["Action"] = closed({"version": OPTIONAL_VERSION}, optional=("version",))
    duplicate = {**STRING, "minLength": 1, "description": "Id of the record merged into this one (it goes)"}
    schemas["Merge"] = closed({"duplicate": duplicate, "version": OPTIONAL_VERSION,
                               "duplicate_version": OPTIONAL_VERSION},
                              optional=("version", "duplicate_version"))
    schemas["LikelyDuplicate"] = closed({"a": STRING, "b": STRING, "reasons": STRINGS,
                                         "score": {"type": "number", "minimum": 0, "maximum": 100}})
    schemas["DuplicateList"] = closed({"items": {"type": "array", "items": ref("LikelyDuplicate")}})
    schemas["AuditEntry"] = closed({
        "seq": {"type": "integer"}, "at": {"type": "string", "format": "date-time"}, "user": STRING,
        "kind": {"enum": list(AUDIT_KINDS)}, "id": nullable(STRING), "action": STRING,
        "before": _ANY_OBJECT, "after": _ANY_OBJECT, "revision": nullable({"type": "integer"})})
    schemas["AuditPage"] = closed({"items": {"type": "array", "items": ref("AuditEntry")},
                                   "limit": {"type": "integer"}, "offset": {"type": "integer"}})
    schemas["PersonExport"] = _person_export()
    role = {"enum": list(ROLES)}
    user_name = {**STRING, "pattern": r"^\s*[A-Za-z0-9][A-Za-z0-9._@-]{1,63}\s*$",
                 "description": "2-64 characters: letters, digits, . _ @ - (kept in lower case)"}
    schemas["UserNew"] = closed({"name": user_name, "role": role,
                                 "password": {**STRING, "minLength": MIN_PASSWORD, "maxLength": MAX_PASSWORD},
                                 "professional": nullable(AN_ID)}, optional=("professional",))
    schemas["UserChange"] = closed({"role": role, "professional": nullable(AN_ID)},
                                   optional=("role", "professional"))
    return schemas


def _person_export() -> dict[str, Any]:
    named = closed({"id": STRING, "name": nullable(STRING)})
    participation = closed({"opened": {"type": "string", "format": "date"},
                            "closed": nullable({"type": "string", "format": "date"}),
                            "areas": STRINGS, "team": nullable(STRING),
                            "role": {"enum": ["regie", "specialist", "triage"]},
                            "hours": nullable({"type": "number"})})
    counts = {"type": "object", "additionalProperties": {"type": "integer"}}
    return closed({
        "exported": {"type": "string", "format": "date-time"},
        "professional": ref("Professional"), "version": nullable({"type": "integer"}),
        "organisation": nullable(named), "teams": {"type": "array", "items": named},
        "accounts": {"type": "array", "items": closed({"name": STRING, "role": STRING,
                                                         "created": nullable(STRING)})},
        "cases": closed({"count": {"type": "integer"}, "hours": {"type": "number"}, "by_area": counts,
                         "by_role": counts, "participations": {"type": "array", "items": participation}}),
        "audit": {"type": "array", "items": closed({
            "at": {"type": "string", "format": "date-time"}, "kind": STRING, "action": STRING,
            "before": _ANY_OBJECT, "after": _ANY_OBJECT})},
    })


def operation(summary: str, answer: str | None, *, status: int = 200, errors: tuple[int, ...],
               body: str | None = None, optional_body: bool = False, tag: str = "maintain",
               parameters: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    responses: dict[str, Any] = {
        str(status): {"description": "Done", "content": {"application/json": {"schema": ref(answer)}}}
        if answer else {"description": "Done"}}
    for code in errors:
        responses[str(code)] = {"$ref": f"#/components/responses/E{code}"}
    responses["default"] = {"$ref": "#/components/responses/Error"}
    operation: dict[str, Any] = {"summary": summary, "tags": [tag], "responses": responses}
    if body:
        operation["requestBody"] = {"required": not optional_body,
                                    "content": {"application/json": {"schema": ref(body)}}}
    if parameters:
        operation["parameters"] = parameters
    return operation


IF_MATCH = {"name": "If-Match", "in": "header", "required": False,
            "schema": {"type": "string", "pattern": IF_MATCH_PATTERN},
            "description": "The ETag (version) the change is based on, instead of `version` in the body"}
WRITES = (400, 401, 403, 404, 409)


def _the_id(kind: str) -> list[dict[str, Any]]:
    return [id_in_path("id", "Record id", kind)]


def add_write_paths(paths: dict[str, Any]) -> None:
    """POST, PATCH and DELETE on the record lists, the actions and the tools."""
    the_id = _the_id
    for kind, name in RECORDS.items():
        answer = "ProfessionalDetail" if kind == "professionals" else f"{name}Stored"
        paths[f"/api/v1/{kind}"]["post"] = operation(
            f"Add a record to {kind} (coordinators)", answer, status=201, errors=(400, 401, 403, 409),
            body=f"{name}New")
        paths[f"/api/v1/{kind}/{{id}}"]["patch"] = operation(
            "Change the fields sent (null empties one); state the version", answer, errors=WRITES,
            body=f"{name}Change", parameters=[*the_id(kind), IF_MATCH])
        summary = ("Erase the person (AVG): their cases stay, anonymously" if kind == "professionals"
                   else "Remove a record nothing refers to")
        paths[f"/api/v1/{kind}/{{id}}"]["delete"] = operation(
            summary, None, status=204, errors=WRITES, body="Action", optional_body=True,
            parameters=[*the_id(kind), IF_MATCH])
    detail = {"professionals": "ProfessionalDetail", "organisations": "OrganisationStored",
              "teams": "TeamStored", "expertise": "ExpertiseAreaStored"}
    paths["/api/v1/professionals/{id}/confirm"] = {"post": operation(
        "The profile is still current: confirmed becomes today (the person or a coordinator)",
        detail["professionals"], errors=WRITES, body="Action", optional_body=True,
        parameters=[*the_id("professionals"), IF_MATCH])}
    for kind in ("organisations", "teams", "professionals"):
        for action, what in (("retire", "No longer active (kept with its history)"),
                             ("reactivate", "Active again")):
            paths[f"/api/v1/{kind}/{{id}}/{action}"] = {"post": operation(
                what, detail[kind], errors=WRITES, body="Action", optional_body=True,
                parameters=[*the_id(kind), IF_MATCH])}
    for kind in ("professionals", "expertise"):
        paths[f"/api/v1/{kind}/{{id}}/merge"] = {"post": operation(
            "Merge the duplicate into this record; every reference follows, the duplicate goes",
            detail[kind], errors=WRITES, body="Merge", parameters=[*the_id(kind), IF_MATCH])}
    _add_tool_paths(paths)


def _add_tool_paths(paths: dict[str, Any]) -> None:
    """The coordinator's tools: duplicates, the audit trail, a person's export."""
    the_id = _the_id
    paths["/api/v1/duplicates"] = {"get": operation(
        "Professionals who are probably in the pool twice (coordinators)", "DuplicateList",
        errors=(400, 401, 403), tag="tools")}
    paths["/api/v1/audit"] = {"get": operation(
        "The audit trail, oldest first (coordinators)", "AuditPage", errors=(400, 401, 403), tag="tools",
        parameters=[query("user", STRING, "Who acted"),
                    query("kind", {"enum": list(AUDIT_KINDS)}, "Kind of record or event"),
                    query("id", STRING, "Record id"),
                    query("since", MOMENT_OR_DAY, "From this date (YYYY-MM-DD) or time (ISO 8601)"),
                    query("until", MOMENT_OR_DAY, "Before this date or time"),
                    query("limit", {"type": "integer", "minimum": 1, "maximum": 500, "default": 100},
                          "How many entries"),
                    query("offset", {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET, "default": 0},
                          "How many to skip")])}
    paths["/api/v1/professionals/{id}/export"] = {"get": operation(
        "Everything stored about a professional (AVG; themself or a coordinator)", "PersonExport",
        errors=(401, 403, 404), tag="tools", parameters=the_id("professionals"))}


def add_user_paths(paths: dict[str, Any]) -> None:
    """POST on the users, PATCH and DELETE on one (admins)."""
    name = {"name": "id", "in": "path", "required": True, "schema": STRING, "description": "User name",
            "example": "triagist"}
    paths["/api/v1/users"]["post"] = operation(
        "Add a user who signs in with the password (admins)", "UserSummary", status=201,
        errors=(400, 401, 403, 409), body="UserNew", tag="accounts")
    paths["/api/v1/users/{id}"] = {
        "patch": operation("Another role or linked professional (null: none) (admins)", "UserSummary",
                            errors=(400, 401, 403, 404), body="UserChange", tag="accounts",
                            parameters=[name]),
        "delete": operation("Remove a user and their API tokens; never yourself (admins)", None,
                             status=204, errors=(400, 401, 403, 404, 409), tag="accounts",
                             parameters=[name])}
