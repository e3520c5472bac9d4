"""Checking one record built from plain values, as an import checks a document.

A record that a service makes (from a form, the API, a merge) goes through
the same validation as a record in an imported document — the field rules
of ``directory.model``, references that must exist in the store, no
duplicates in lists, no cycles in the taxonomy — so there is one set of
rules and one way of saying what is wrong: a line per problem, named by the
field (``email: not an e-mail address``,
``expertise[0].area: unknown expertise area 'dementia'``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from directory.errors import InvalidInput
from directory.exchange import record_to_dict, validate_document
from directory.model import FORMAT, NOUN, Record
from directory.ports import PoolWithTaxonomy


def checked(store: PoolWithTaxonomy, kind: str, values: Mapping[str, Any]) -> Record:
    """The record of ``kind`` these values make, or ``InvalidInput`` listing every
    problem by field. References may point at any record in ``store``."""
    try:
        document = validate_document({"format": FORMAT, kind: [dict(values)]}, store)
    except InvalidInput as exc:
        details = [_by_field(line, kind) for line in exc.details]
        raise InvalidInput(f"the {NOUN[kind]} has {len(details)} problem(s); nothing was changed",
                           details) from None
    record: Record = getattr(document, kind)[0]
    return record


def _by_field(line: str, kind: str) -> str:
    """``professionals[0].email: ...`` -> ``email: ...``."""
    head = f"{kind}[0]"
    if line.startswith(head + "."):
        return line[len(head) + 1:]
    if line.startswith(head + ":"):
        return "(record)" + line[len(head):]
    return line


def changed_values(current: Record, changes: Mapping[str, Any]) -> dict[str, Any]:
    """``current`` as plain values with ``changes`` laid over it; a change to None
    (JSON null) empties the field. The id is not a field that can change."""
    if "id" in changes and changes["id"] != current.id:
        raise InvalidInput("the id of a record cannot be changed",
                           [f"id: stays '{current.id}' (make a new record instead)"])
    values = {**record_to_dict(current), **changes}
    return {name: value for name, value in values.items() if value is not None}


def require_object(values: Any, what: str) -> dict[str, Any]:
    """Plain values must come as one mapping of field names to values."""
    if not isinstance(values, Mapping) or not all(isinstance(k, str) for k in values):
        raise InvalidInput(f"the {what} must be an object of fields and values",
                           ["(body): must be a JSON object"])
    return dict(values)
