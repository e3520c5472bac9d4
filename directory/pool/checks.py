"""Checking one record built from plain values, as an import checks a document.

A record that a service makes (from a form, the API, a merge) goes through
the same validation as a record in an imported document — the field rules
of ``directory.pool.model``, references that must exist in the store, no
duplicates in lists, no cycles in the taxonomy — so there is one set of
rules and one way of saying what is wrong: a problem per thing wrong, named
by the field, with its code (``directory.problems``; in English
``email: not an e-mail address``,
``expertise[0].area: unknown expertise area 'dementia'``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from directory.errors import InvalidInput
from directory.exchange.document import record_to_dict, validate_document
from directory.pool.model import FORMAT, NOUN, Record
from directory.ports import PoolWithTaxonomy
from directory.problems import Problem


def checked(store: PoolWithTaxonomy, kind: str, values: Mapping[str, Any]) -> Record:
    """The record of ``kind`` these values make, or ``InvalidInput`` listing every
    problem by field. References may point at any record in ``store``."""
    try:
        document = validate_document({"format": FORMAT, kind: [dict(values)]}, store)
    except InvalidInput as exc:
        details = [_by_field(problem, kind) for problem in exc.problems]
        raise InvalidInput(f"the {NOUN[kind]} has {len(details)} problem(s); nothing was changed",
                           details) from None
    record: Record = getattr(document, kind)[0]
    return record


def _by_field(problem: Problem, kind: str) -> Problem:
    """``professionals[0].email`` -> ``email``; the record itself is ``(record)``."""
    head = f"{kind}[0]"
    if problem.field.startswith(head + "."):
        return problem.at(problem.field[len(head) + 1:])
    if problem.field == head:
        return problem.at("(record)")
    return problem


def changed_values(current: Record, changes: Mapping[str, Any]) -> dict[str, Any]:
    """``current`` as plain values with ``changes`` laid over it; a change to None
    (JSON null) empties the field. The id is not a field that can change."""
    if "id" in changes and changes["id"] != current.id:
        raise InvalidInput("the id of a record cannot be changed",
                           [Problem.of("id", "id_stays", id=current.id)])
    values = {**record_to_dict(current), **changes}
    return {name: value for name, value in values.items() if value is not None}


def require_object(values: Any, what: str) -> dict[str, Any]:
    """Plain values must come as one mapping of field names to values."""
    if not isinstance(values, Mapping) or not all(isinstance(k, str) for k in values):
        raise InvalidInput(f"the {what} must be an object of fields and values",
                           [Problem.of("(body)", "json_object")])
    return dict(values)
