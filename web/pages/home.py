"""The start page and the health check. After signing in a worker lands on
the search page: finding a specialist is what they come for; it also counts
what the directory holds. The health check answers anyone, but only says
more than ok / not ok to an admin or an API token."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify

from directory.accounts.roles import MANAGE_USERS, may
from web.guard import current_user, store, token_user_or_none
from web.health import HealthCheck
from web.pages.search import render_search

bp = Blueprint("home", __name__)
#: Where the app keeps its ``HealthCheck`` (``app.extensions``).
HEALTH = "kernteamdb.health"


@bp.get("/")
def index() -> Any:
    return render_search(start=True)


@bp.get("/healthz")
def healthz() -> Any:
    """``ok`` (200) or ``unavailable`` (503: the store cannot be reached or did
    not answer within a second, or it cannot save: a full disk, read-only). Only who may see more (a signed-in
    admin, or an API token) gets the revision and the reason: to anyone else
    they would tell how busy and how set up the directory is."""
    detail = _may_see_details()
    checker = current_app.extensions.get(HEALTH) or current_app.extensions.setdefault(
        HEALTH, HealthCheck(store()))  # one per app: the looks it runs are its own
    look = checker.look()  # within a second, whatever the database does (web.health)
    known = {} if look.revision is None else {"revision": look.revision}
    if look.problem is not None:
        return _health("unavailable", detail, **known, reason=look.problem.message)
    return _health("ok", detail, **known)


def _health(status: str, detail: bool, **details: Any) -> Any:
    if "reason" in details:
        current_app.logger.warning("health check: not ok: %s", details["reason"])
    body = {"status": status, **(details if detail else {})}
    return jsonify(body), 200 if status == "ok" else 503


def _may_see_details() -> bool:
    user = current_user()
    if user is not None and may(user, MANAGE_USERS):
        return True
    return token_user_or_none() is not None
