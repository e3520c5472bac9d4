"""Who is asking: a signed-in browser session or an API token, on every request.

Everything but the login page, the health check and the static files needs
one (the directory holds staff contact details). Signed out, a page redirects
to the login page and the API answers 401 in the error shape.

The session cookie carries the user's name and a random session id whose
record the server keeps (``directory.accounts.sessions``): signing out deletes it, so
a copied cookie is refused from then on, and a new password, another role or
removing the user deletes all of that user's sessions. A session also ends
after ``SIGNED_IN_AT_MOST`` whatever happens.
"""

from __future__ import annotations

import time
from contextlib import suppress
from typing import Any

from flask import Flask, current_app, g, redirect, request, session, url_for
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from directory.accounts import sessions
from directory.accounts import users as accounts
from directory.accounts.roles import User
from directory.errors import DirectoryError, StoreUnavailable, Unauthorized
from directory.ports import Store

PUBLIC_ENDPOINTS = {"auth.login", "static", "home.healthz", "language.choose", "accessibility.statement",
                    "metrics.scrape",  # /metrics checks its own token or loopback (web.metrics)
                    "oidc.start", "oidc.callback"}  # signing in with the organisation's account
STORE = "kernteamdb.store"


def store() -> Store:
    """The store of the running app."""
    found: Store = current_app.extensions[STORE]
    return found


def wants_json() -> bool:
    """API, health-check and metrics requests are answered in JSON, everything else in HTML."""
    return request.path.startswith("/api/") or request.path in ("/healthz", "/metrics")


def current_user() -> User | None:
    return g.get("user")


def signed_in() -> User:
    """The user of a page that needs one (``identify`` already turned everyone
    else away; this keeps it so if that ever changes)."""
    user = current_user()
    if user is None:
        raise Unauthorized("sign in first")
    return user


def session_values(user: User) -> dict[str, Any]:
    """What a signed-in session holds: the name, the id of its record in the store
    (made here: the session exists on the server from now on) and the time."""
    return {"user": user.name, "since": int(time.time()),
            "sid": sessions.start(store(), user, current_app.config["SIGNED_IN_AT_MOST"])}


def start_session(user: User) -> None:
    """Sign ``user`` in: a fresh session (nothing from before it carries over,
    and a session this browser had before is ended on the server)."""
    end_session()
    session.permanent = True
    session.update(session_values(user))


def end_session() -> None:
    """Sign out: the session's record goes, so its cookie is refused even when replayed."""
    session_id = session.get("sid")
    session.clear()
    if isinstance(session_id, str):
        sessions.end(store(), session_id)


def session_digest() -> str | None:
    """What the store knows this browser's session by (None without one)."""
    session_id = session.get("sid")
    return sessions.digest_of(session_id) if isinstance(session_id, str) and session_id else None


def _session_user() -> User | None:
    name, session_id = session.get("user"), session.get("sid")
    if not name:
        return None
    user = sessions.user_of(store(), session_id) if isinstance(session_id, str) else None
    age = time.time() - session.get("since", 0)  # the record ends then too; this needs no store
    if user is None or user.name != name or age > current_app.config["SIGNED_IN_AT_MOST"].total_seconds():
        session.clear()
        return None
    return user


def _token_user(header: str) -> User:
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("send the API token as 'Authorization: Bearer TOKEN'")
    return accounts.user_for_token(store(), token.strip())


def token_user_or_none() -> User | None:
    """The user of this request's bearer token, or None (no token, a wrong one, or a
    store that cannot be asked): for a public page that may say more to a token."""
    header = request.headers.get("Authorization")
    if not header:
        return None
    try:
        return _token_user(header)
    except DirectoryError:
        return None


def _public() -> bool:
    """Whether anyone may ask this; a method a public page does not take (``DELETE
    /healthz``) is answered with its 405, not with "sign in"."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return True
    if not isinstance(request.routing_exception, MethodNotAllowed):
        return False
    try:
        endpoint, _ = current_app.url_map.bind_to_environ(request.environ).match(method="GET")
    except HTTPException:
        return False
    return endpoint in PUBLIC_ENDPOINTS


def identify() -> Any:
    """Before every request: set ``g.user`` and turn away who is not signed in."""
    header = request.headers.get("Authorization")
    if header and request.path.startswith("/api/"):
        g.user, g.via_token = _token_user(header), True
    else:
        g.user, g.via_token = _session_user(), False
    if g.user is None and not _public():
        if wants_json():
            raise Unauthorized("sign in, or send an API token as 'Authorization: Bearer TOKEN'")
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    return None


def register(app: Flask, opened: Store) -> None:
    app.extensions[STORE] = opened
    app.before_request(identify)

    @app.context_processor
    def the_user() -> dict[str, Any]:
        """``user`` and, when linked, the professional they are (``signed_in_as``) for every
        page (not ``person``: a profile page names the person it is about so)."""
        user = current_user()
        person = None
        if user is not None and user.professional:
            with suppress(StoreUnavailable):  # an error page must render even then
                person = store().get("professionals", user.professional)
        return {"user": user, "signed_in_as": person}
