"""The JSON API, ``/api/v1`` (interfaces.md, section 3).

Every request needs a signed-in session or a bearer token (``web.guard``)
and the ``read_pool`` permission; a write signed by a session also needs the
CSRF token. Search and paths give exactly what ``kernteamdb search --json``
and ``path --json`` print (both use ``web.answers``); records are written as
the exchange format writes them, plus their ``version`` (what an edit
states, also the ``ETag``) and, for a retired organisation or team,
``"active": false``. The writes and the coordinator's tools are in
``web.api.maintain``, consultations in ``web.api.consult``. Errors come back
in the one shape of ``web.errors``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from flask import Blueprint, Flask, current_app, g, jsonify, request
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from directory.accounts import users as accounts
from directory.accounts.roles import PERMISSIONS, READ_POOL, User, require
from directory.errors import InvalidInput
from directory.exchange.document import record_to_dict
from directory.pool import browse
from directory.pool.changes import Saved
from directory.pool.model import Professional, Record
from directory.problems import Problem
from directory.search.connection import connection
from directory.search.queries import MAX_LIMIT, SearchQuery, SearchResult
from web import answers
from web.answers import VOCABULARY
from web.guard import store
from web.openapi.document import openapi_document

bp = Blueprint("api", __name__, url_prefix="/api/v1")
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
SEARCH_PARAMS = {"q", "area", "without", "requester", "team", "wijk", "limit"}
KINDS = "any(expertise, organisations, teams, professionals)"
#: The endpoints of one record, whose ``<path:record_id>`` would also swallow
#: an action's path (``/professionals/p-1/merge``).
ONE_RECORD = {"api.one", "api.edit", "api.delete"}


def _user() -> User:
    user: User = g.user
    return user


@bp.before_request
def allowed() -> None:
    """Reading needs ``read_pool``; a write signed by a session cookie (not a
    token) also needs the CSRF token, as forms do."""
    require(_user(), READ_POOL)
    _no_action_by_another_method()
    if request.method not in SAFE_METHODS and not g.get("via_token"):
        current_app.extensions["csrf"].protect()


def _no_action_by_another_method() -> None:
    """``DELETE /professionals/p-1/merge`` is a method the merge does not take
    (405 naming the ones it does), not a record ``p-1/merge`` to delete."""
    record_id = (request.view_args or {}).get("record_id", "")
    if request.endpoint not in ONE_RECORD or "/" not in record_id or request.method == "OPTIONS":
        return
    adapter = current_app.url_map.bind_to_environ(request.environ)
    allowed_methods = set()
    for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        try:
            endpoint, _ = adapter.match(method=method)
        except HTTPException:
            continue
        if endpoint not in ONE_RECORD:
            allowed_methods |= {method, "HEAD", "OPTIONS"} if method == "GET" else {method, "OPTIONS"}
    if allowed_methods:
        raise MethodNotAllowed(valid_methods=sorted(allowed_methods))


def _today() -> date | None:
    today: date | None = current_app.config["TODAY"]
    return today


def _whole_number(args: MultiDict[str, str], name: str, default: int) -> int:
    raw = args.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise InvalidInput(f"{name} must be a whole number",
                           [Problem.of(name, "given", value=repr(raw))]) from None


def _only(args: Mapping[str, Any], allowed_names: set[str]) -> None:
    unknown = sorted(set(args) - allowed_names)
    if unknown:
        raise InvalidInput(f"unknown parameter '{unknown[0]}'",
                           [Problem.of(name, "unknown_parameter") for name in unknown])


def _own_professional() -> str | None:
    """The signed-in user's professional, the requester when none is given."""
    linked = _user().professional
    return linked if linked and store().get("professionals", linked) is not None else None


@bp.get("/search")
def search() -> Any:
    args = request.args
    _only(args, SEARCH_PARAMS)
    limit = _whole_number(args, "limit", 10)
    if not 1 <= limit <= MAX_LIMIT:  # before anything is looked up, as check_query would
        raise InvalidInput(f"limit must be a whole number from 1 to {MAX_LIMIT}",
                           [Problem.of("limit", "given", value=str(limit))])
    query = SearchQuery(q=args.get("q", ""), areas=tuple(args.getlist("area")),
                        requester=args.get("requester") or _own_professional(),
                        team=args.get("team") or None, wijk=args.get("wijk") or None, limit=limit,
                        without=tuple(args.getlist("without")))
    if not query.q.strip() and not query.areas:
        # nothing asked: nobody found (the document allows an empty q; the pages and the
        # command line ask for words instead, as check_query does)
        return jsonify(SearchResult(id=None, took_ms=0.0, results=()).as_json())
    vocabulary = current_app.extensions[VOCABULARY].get(store())
    return jsonify(answers.search(store(), query, today=_today(), vocabulary=vocabulary).as_json())


def record_json(record: Record, version: int | None, active: bool = True) -> dict[str, Any]:
    """A record as the exchange format writes it, with its version; ``active``
    shows (as false) only for a retired organisation or team."""
    body = record_to_dict(record)
    if version is not None:
        body["version"] = version
    if not active and "active" not in body:
        body["active"] = False
    return body


def saved_answer(found: Saved, status: int = 200) -> Any:
    """A stored record as the answer, its version also as the ``ETag``; a
    professional comes with the hours of this half-year."""
    body = record_json(found.record, found.version, found.active)
    if isinstance(found.record, Professional):
        hours = browse.hours_this_half_year(store(), found.record, _today())
        body["hours_this_half_year"] = {"from": hours.start.isoformat(), "to": hours.end.isoformat(),
                                        "budget": hours.budget, "used": hours.used, "left": hours.left}
    response = jsonify(body)
    response.status_code = status
    response.headers["ETag"] = f'"{found.version}"'
    return response


@bp.get(f"/<{KINDS}:kind>")
def records(kind: str) -> Any:
    _only(request.args, {"limit", "offset"})
    page = browse.page(store(), kind, by=_user(),
                       limit=_whole_number(request.args, "limit", browse.DEFAULT_PAGE),
                       offset=_whole_number(request.args, "offset", 0))
    return jsonify(items=[record_json(r, page.versions.get(r.id), r.id not in page.inactive)
                          for r in page.items],
                   total=page.total, limit=page.limit, offset=page.offset)


@bp.get(f"/<{KINDS}:kind>/<path:record_id>")
def one(kind: str, record_id: str) -> Any:
    return saved_answer(browse.stored(store(), kind, record_id, by=_user()))


@bp.get("/network/path")
def path() -> Any:
    _only(request.args, {"from", "to"})
    source, target = request.args.get("from", ""), request.args.get("to", "")
    missing = [Problem.of(name, "required") for name, value in (("from", source), ("to", target))
               if not value]
    if missing:
        raise InvalidInput("give two professional ids: ?from=...&to=...", missing)
    return jsonify(answers.path_json(connection(store(), source, target)))


@bp.get("/network/ego/<path:center>")
def ego(center: str) -> Any:
    _only(request.args, {"depth"})
    depth = _whole_number(request.args, "depth", 1)
    if depth not in (1, 2):
        raise InvalidInput("depth must be 1 or 2", [Problem.of("depth", "given", value=str(depth))])
    return jsonify(answers.ego_json(store(), center, depth))


def _user_json(user: User) -> dict[str, Any]:
    return {"name": user.name, "role": user.role, "professional": user.professional}


@bp.get("/me")
def me() -> Any:
    """Who is asking, and what their role allows."""
    user = _user()
    return jsonify({**_user_json(user), "permissions": sorted(PERMISSIONS.get(user.role, ()))})


@bp.get("/users")
def users() -> Any:
    """Every user (admins only)."""
    return jsonify(items=[_user_json(u) for u in accounts.list_users(store(), by=_user())])


@bp.get("/openapi.json")
def openapi() -> Any:
    return jsonify(openapi_document())


def register(app: Flask) -> None:
    from web.api import consult as api_consult  # noqa: F401  (their routes join this blueprint)
    from web.api import evaluation as api_evaluation  # noqa: F401  (their routes join this blueprint)
    from web.api import maintain as api_maintain  # noqa: F401  (their routes join this blueprint)

    app.extensions[VOCABULARY] = answers.VocabularyCache()
    app.register_blueprint(bp)
    app.extensions["csrf"].exempt(bp)  # checked in ``allowed`` for session-signed writes only
