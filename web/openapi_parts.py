"""Pieces of the OpenAPI document that ``web.openapi`` (reads) and
``web.openapi_writes`` (writes and the coordinator's tools) both use."""

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
STRINGS: dict[str, Any] = {"type": "array", "items": STRING}


def query(name: str, schema: dict[str, Any], description: str, *, required: bool = False) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": required, "schema": schema,
            "description": description}


def id_in_path(name: str, what: str, kind: str = "professionals") -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": STRING, "description": what,
            "example": EXAMPLE_IDS[kind]}
