"""Maintaining the pool through ``/api/v1``: POST, PATCH and DELETE on
professionals, organisations, teams and expertise, the actions (confirm,
retire, reactivate, merge), the coordinator's tools (likely duplicates,
the audit trail, a person's data), and the admin's users (POST, PATCH and
DELETE on ``/users``, through ``directory.accounts.users``).

Each endpoint only reads the request and calls one service of
``directory`` — the role rules, validation, versions and audit trail are
theirs, so the API refuses exactly what every other way in refuses. An edit
states the version it was based on, in the body (``"version": 12``) or as
``If-Match: "12"`` (the ``ETag`` of the GET); when the record has moved on
the answer is 409 and nothing is changed.
"""

from __future__ import annotations

import re
from typing import Any

import orjson
from flask import Response, g, jsonify, request, url_for

from directory.accounts import audit
from directory.accounts import users as accounts
from directory.accounts.roles import MANAGE_USERS, User, require
from directory.errors import InvalidInput
from directory.pool import avg, browse, duplicates, merge
from directory.pool import maintain as pool
from directory.pool.changes import MAX_VERSION
from directory.pool.model import whole_float
from directory.problems import Problem, unknown
from web.api.routes import KINDS, _only, _today, _user_json, _whole_number, bp, saved_answer
from web.guard import store
from web.openapi.parts import IF_MATCH_PATTERN

#: How deep a body may nest (the deepest the API takes is about 4); deeper is refused
#: before anything walks it, so no reader of a body meets Python's recursion limit.
MAX_NESTING = 32
#: An ``If-Match`` the API understands: one ETag it gave (``"12"``, weak ``W/"12"`` or bare).
IF_MATCH = re.compile(IF_MATCH_PATTERN)
RETIRABLE = "any(organisations, teams, professionals)"
MERGEABLE = "any(professionals, expertise)"


def _user() -> User:
    user: User = g.user
    return user


def _body(*, optional: bool = False) -> dict[str, Any]:
    """The JSON object sent (an empty body is ``{}`` where the body is optional).

    The one place a body is read: anything but a JSON object, text that is not
    UTF-8, NaN and Infinity, and nesting deeper than ``MAX_NESTING`` are 400 in
    the error shape (``orjson`` stops at 1024 levels where the standard library
    would raise a RecursionError)."""
    raw = request.get_data(cache=True)
    if optional and not raw:
        return {}
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        if "depth" in exc.msg:
            raise _too_deep() from None
        if raw.strip():  # what is wrong, and where (an empty body is simply no object)
            raise InvalidInput("send a JSON object",
                               [Problem.of("(body)", "not_json_body", message=exc.msg, line=exc.lineno,
                                           column=exc.colno)]
                               ) from None
        data = None
    if not isinstance(data, dict):
        raise InvalidInput("send a JSON object", [Problem.of("(body)", "json_object")])
    if _nesting(data) > MAX_NESTING:
        raise _too_deep()
    return data


def _too_deep() -> InvalidInput:
    return InvalidInput(f"the JSON is nested more than {MAX_NESTING} levels deep",
                        [Problem.of("(body)", "too_deep", levels=MAX_NESTING)])


def _nesting(value: Any) -> int:
    """How many levels of objects and arrays ``value`` has (without recursion)."""
    deepest, waiting = 0, [(value, 1)]
    while waiting:
        item, level = waiting.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if level <= MAX_NESTING:
                waiting.extend((x, level + 1) for x in (item.values() if isinstance(item, dict) else item))
    return deepest


def _version(body: dict[str, Any], *, required: bool) -> int | None:
    """The version the change is based on: ``version`` in the body, else ``If-Match``
    (``"12"`` or ``W/"12"``, as the ETag gave it; anything else is refused even
    beside a version in the body). A whole number may be written as ``12.0``
    (JSON Schema counts it as an integer); null is the same as leaving it out."""
    raw: Any = body.pop("version", None)
    header = request.headers.get("If-Match")
    if header is not None:
        matched = IF_MATCH.fullmatch(header.strip())
        if matched is None:
            raise InvalidInput("If-Match holds the ETag of the version your change is based on",
                               [Problem.of("If-Match", "given", value=repr(header))])
        if raw is None:
            raw = int(matched.group(1))
    if raw is None:
        if required:
            raise InvalidInput("state the version your change is based on (from GET: version or ETag)",
                               [Problem.of("version", "version_or_if_match")])
        return None
    raw = whole_float(raw)
    if isinstance(raw, bool) or not isinstance(raw, int) or not 0 <= raw <= MAX_VERSION:
        raise InvalidInput("the version is a whole number", [Problem.of("version", "given", value=repr(raw))])
    return raw


@bp.post(f"/<{KINDS}:kind>")
def create(kind: str) -> Any:
    found = pool.create(store(), kind, _body(), by=_user())
    response = saved_answer(found, 201)
    response.headers["Location"] = url_for("api.one", kind=kind, record_id=found.record.id)
    return response


@bp.patch(f"/<{KINDS}:kind>/<path:record_id>")
def edit(kind: str, record_id: str) -> Any:
    body = _body()
    version = _version(body, required=True)
    return saved_answer(pool.edit(store(), kind, record_id, body, version=version, by=_user()))


@bp.delete(f"/<{KINDS}:kind>/<path:record_id>")
def delete(kind: str, record_id: str) -> Any:
    body = _body(optional=True)
    _only(body, {"version"})
    pool.delete(store(), kind, record_id, by=_user(), version=_version(body, required=False))
    return Response(status=204)


def _action_body(allowed: set[str]) -> tuple[dict[str, Any], int | None]:
    body = _body(optional=True)
    _only(body, allowed | {"version"})
    return body, _version(body, required=False)


@bp.post("/professionals/<path:record_id>/confirm")
def confirm(record_id: str) -> Any:
    _, version = _action_body(set())
    return saved_answer(pool.confirm(store(), record_id, by=_user(), version=version, today=_today()))


@bp.post(f"/<{RETIRABLE}:kind>/<path:record_id>/retire")
def retire(kind: str, record_id: str) -> Any:
    _, version = _action_body(set())
    return saved_answer(pool.retire(store(), kind, record_id, by=_user(), version=version))


@bp.post(f"/<{RETIRABLE}:kind>/<path:record_id>/reactivate")
def reactivate(kind: str, record_id: str) -> Any:
    _, version = _action_body(set())
    return saved_answer(pool.reactivate(store(), kind, record_id, by=_user(), version=version))


@bp.post(f"/<{MERGEABLE}:kind>/<path:record_id>/merge")
def merge_into(kind: str, record_id: str) -> Any:
    """Merge ``{"duplicate": id}`` into this record."""
    body, version = _action_body({"duplicate", "duplicate_version"})
    duplicate = body.get("duplicate")
    if not isinstance(duplicate, str) or not duplicate:
        raise InvalidInput("name the duplicate to merge into this record",
                           [Problem.of("duplicate", "required_id")])
    other = _version({"version": body.get("duplicate_version")}, required=False)
    merged = merge.merge_professionals if kind == "professionals" else merge.merge_areas
    return saved_answer(merged(store(), record_id, duplicate, by=_user(), keep_version=version,
                               duplicate_version=other))


@bp.get("/duplicates")
def likely_duplicates() -> Any:
    _only(request.args, set())
    found = duplicates.likely_duplicates(store(), by=_user())
    return jsonify(items=[{"a": d.a, "b": d.b, "reasons": list(d.reasons), "score": d.score}
                          for d in found])


@bp.get("/audit")
def audit_trail() -> Any:
    args = request.args
    _only(args, {"user", "kind", "id", "since", "until", "limit", "offset"})
    limit = _whole_number(args, "limit", 100)
    offset = _whole_number(args, "offset", 0)
    found = audit.entries(
        store(), by=_user(), user=args.get("user"), kind=args.get("kind"), record=args.get("id"),
        since=audit.parse_moment(args["since"], "since") if args.get("since") else None,
        until=audit.parse_moment(args["until"], "until") if args.get("until") else None,
        limit=limit, offset=offset)
    return jsonify(items=[audit.entry_json(e) for e in found], limit=limit, offset=offset)


@bp.get("/professionals/<path:record_id>/export")
def person_export(record_id: str) -> Any:
    """Everything stored about a professional (themself or a coordinator)."""
    _only(request.args, set())
    browse.stored(store(), "professionals", record_id, by=_user())  # 404 before 403 for any id
    return jsonify(avg.export_person(store(), record_id, by=_user()))


def _text(body: dict[str, Any], name: str, *, required: bool = False, nullable: bool = False) -> str | None:
    """A text field of the body (None when absent, or null where that is allowed)."""
    value = body.get(name)
    if value is None:
        if required or (name in body and not nullable):
            raise InvalidInput(f"{name} is required" if required else f"{name} must be text",
                               [Problem.of(name, "required" if required else "must_be_text")])
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"{name} must be text", [Problem.of(name, "must_be_text")])
    return value


def _known_professional(professional: str | None) -> None:
    """An unknown professional in a body is a bad field (400), not a missing page."""
    if professional is not None and store().get("professionals", professional) is None:
        raise InvalidInput(unknown("professionals", professional),
                           [unknown("professionals", professional, "professional")])


@bp.post("/users")
def add_user() -> Any:
    """A new user (admins): name, role, password and optionally the linked professional."""
    require(_user(), MANAGE_USERS)
    body = _body()
    _only(body, {"name", "role", "password", "professional"})
    name, role = _text(body, "name", required=True) or "", _text(body, "role", required=True) or ""
    password = _text(body, "password", required=True) or ""
    professional = _text(body, "professional", nullable=True)
    _known_professional(professional)
    added = accounts.add_user(store(), name, role, password, professional=professional, by=_user())
    response = jsonify(_user_json(added))
    response.status_code = 201
    return response


@bp.patch("/users/<name>")
def change_user(name: str) -> Any:
    """Another role and/or linked professional (``"professional": null`` unlinks)."""
    require(_user(), MANAGE_USERS)
    body = _body()
    _only(body, {"role", "professional"})
    role = _text(body, "role")
    professional = _text(body, "professional", nullable=True)
    _known_professional(professional)
    changed = accounts.change_user(store(), name, role=role, professional=professional,
                                   unlink="professional" in body and professional is None, by=_user())
    return jsonify(_user_json(changed))


@bp.delete("/users/<name>")
def remove_user(name: str) -> Any:
    """Remove a user and their API tokens (never yourself)."""
    require(_user(), MANAGE_USERS)
    _only(_body(optional=True), set())
    accounts.remove_user(store(), name, by=_user())
    return Response(status=204)
