"""Pieces of the OpenAPI document that ``web.openapi.document`` (reads) and
``web.openapi.writes`` (writes and the coordinator's tools) both use."""

from __future__ import annotations

from typing import Any

#: The record lists of the API and the schema name of one of their records.
RECORDS = {"expertise": "ExpertiseArea", "organisations": "Organisation", "teams": "Team",
           "professionals": "Professional"}
#: An id of each list in the demo network, as the example of a path's id (schemathesis
#: asks these, so that a generated request meets a real record).
EXAMPLE_IDS = {"expertise": "dementie", "organisations": "org-alzheimer-cafe", "teams": "kt-zuidoost",
               "professionals": "p-0046"}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def closed(properties: dict[str, Any], *, optional: tuple[str, ...] = ()) -> dict[str, Any]:
    """A closed object: every property required unless named in ``optional``."""
    return {"type": "object", "additionalProperties": False, "properties": properties,
            "required": [p for p in properties if p not in optional]}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


STRING: dict[str, Any] = {"type": "string"}
#: How a version is stated in an ``If-Match`` header: the ETag the API gave, weak or not
#: (``web.api.maintain`` reads it with this pattern, the document describes it with it).
IF_MATCH_PATTERN = r'^(?:W/)?"?([0-9]{1,18})"?$'
#: An id a caller names (a reference or a path): never empty.
AN_ID: dict[str, Any] = {"type": "string", "minLength": 1}


def or_empty(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema``, or the empty text (a query parameter left empty: as if not given)."""
    return {"anyOf": [schema, {"type": "string", "maxLength": 0}]}
STRINGS: dict[str, Any] = {"type": "array", "items": STRING}


def query(name: str, schema: dict[str, Any], description: str, *, required: bool = False) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": required, "schema": schema,
            "description": description}


def id_in_path(name: str, what: str, kind: str = "professionals") -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": STRING, "description": what,
            "example": EXAMPLE_IDS[kind]}
