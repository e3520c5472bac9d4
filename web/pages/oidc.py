"""Signing in with the organisation's account (OpenID Connect): ``/inloggen/<key>``
sends the browser to the provider, ``/inloggen/<key>/terug`` takes it back.

Authlib's Flask client runs the authorization code flow as the standard asks it:
PKCE with S256, a random ``state`` and ``nonce`` kept in this browser's session and
checked on the way back, and the ID token validated — its signature against the
provider's published keys (JWKS, from the discovery document), the issuer (the
configured one, whatever the discovery document says), the audience (our client
id, asked for explicitly: ``_expected``), expiry and issue time (``LEEWAY`` of
clock skew), the nonce and ``at_hash``. A token response without an ID token is
refused: Authlib would hand it back unchecked. What the checked claims decide
(who, which role, create or refuse) is ``directory.accounts.federation``'s; this
module runs the flow, starts the session (``web.guard.start_session``) and turns
every way it can fail into a Dutch sentence on the login page, counted as a failed
sign-in — never a 500. The providers and their clients: ``web.pages.parts.providers``.
"""

from __future__ import annotations

import logging
import re
from typing import Any, cast

import requests
from authlib.integrations.base_client import MismatchingStateError
from flask import Blueprint, Flask, abort, redirect, request, session, url_for
from flask.blueprints import BlueprintSetupState
from flask_babel import gettext
from joserfc.errors import JoseError

from directory.accounts import federation
from directory.accounts.providers import Provider
from directory.accounts.roles import User
from directory.errors import Unauthorized
from web import metrics
from web.guard import current_user, start_session, store
from web.next_page import safe_next
from web.pages.auth import login_page
from web.pages.parts import providers as configured

bp = Blueprint("oidc", __name__)
log = logging.getLogger(__name__)
#: Where to go after signing in (kept in the session while the browser is at the provider).
NEXT = "oidc_next"
#: Seconds of clock skew allowed between us and the provider when checking a token's times.
LEEWAY = 60


class _Refused(Exception):
    """The sign-in stops here; ``message`` for the login page, with ``status``."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.message, self.status = message, status


@bp.record_once
def _configure(state: BlueprintSetupState) -> None:
    """Read the providers when the app is made: a wrong file stops it there."""
    configured.configure(cast(Flask, state.app))


def _provider(key: str) -> Provider:
    found = configured.provider_named(key)
    if found is None:
        abort(404)
    return found


def _unreachable(provider: Provider) -> _Refused:
    return _Refused(gettext("%(organisatie)s is nu niet bereikbaar. Probeer het later opnieuw.",
                            organisatie=provider.label), 503)


def _not_checked(provider: Provider) -> _Refused:
    return _Refused(gettext("Het antwoord van %(organisatie)s kon niet worden gecontroleerd. "
                            "Je bent niet ingelogd.", organisatie=provider.label), 401)


@bp.get("/inloggen/<key>")
def start(key: str) -> Any:
    """Off to the provider. A link, not a form: the pages' Content-Security-Policy lets
    forms post only to this site, and a form's redirect to the provider would be
    blocked. Nothing is changed but this browser's own sign-in state, so another
    site linking here achieves nothing: the state and nonce stay tied to this session."""
    provider = _provider(key)
    if current_user() is not None:
        return redirect(safe_next(request.args.get("next")))
    session[NEXT] = request.args.get("next", "")
    try:
        return configured.client(provider).authorize_redirect(
            url_for("oidc.callback", key=key, _external=True))
    except configured.PROVIDER_ERRORS as exc:
        log.warning("cannot start signing in with %s: %s", provider.key, type(exc).__name__)
        refused = _unreachable(provider)
    metrics.sign_in_failed()
    return login_page(refused.message, refused.status)


@bp.get("/inloggen/<key>/terug")
def callback(key: str) -> Any:
    provider = _provider(key)
    try:
        user = _signed_in(provider, _checked_claims(provider))
    except _Refused as refused:
        metrics.sign_in_failed()
        return login_page(refused.message, refused.status)
    following = session.pop(NEXT, "")
    start_session(user)
    session[configured.SIGNED_IN_WITH] = provider.key
    return redirect(safe_next(following))


def _checked_claims(provider: Provider) -> dict[str, Any]:
    """The claims of the provider's checked ID token; ``_Refused`` saying why there are none."""
    error = request.args.get("error")
    if error == "access_denied":
        raise _Refused(gettext("Inloggen bij %(organisatie)s is afgebroken. Je bent niet ingelogd.",
                               organisatie=provider.label), 401)
    if error:  # the code only when it looks like one: the address is anyone's to write
        log.warning("%s answered the sign-in with error %s", provider.key,
                    error if re.fullmatch(r"[a-z_]{1,40}", error) else "(not a code)")
        raise _Refused(gettext("%(organisatie)s liet je niet inloggen. Probeer het opnieuw; lukt het "
                               "niet, vraag het dan je beheerder.", organisatie=provider.label), 401)
    try:
        token = configured.client(provider).authorize_access_token(claims_options=_expected(provider),
                                                                   leeway=LEEWAY)
    except MismatchingStateError:
        raise _Refused(gettext("Deze inlogpoging is verlopen of niet in deze browser begonnen. "
                               "Probeer het opnieuw."), 400) from None
    except configured.PROVIDER_ERRORS as exc:
        log.warning("refused the answer of %s: %s", provider.key, _why(exc))
        raise (_unreachable(provider) if _is_network(exc) else _not_checked(provider)) from None
    if not token.get("userinfo"):  # no ID token at all: nothing says who this is
        log.warning("refused the answer of %s: no ID token", provider.key)
        raise _not_checked(provider)
    return dict(token["userinfo"])


def _expected(provider: Provider) -> dict[str, Any]:
    """The issuer and audience the ID token must name. Authlib checks the issuer of the
    discovery document by default and the audience only through ``azp``: a token for
    another client that names us as its authorized party would pass."""
    return {"iss": {"essential": True, "value": provider.issuer},
            "aud": {"essential": True, "value": provider.client_id}}


def _is_network(exc: Exception) -> bool:
    return isinstance(exc, requests.RequestException)


def _signed_in(provider: Provider, claims: dict[str, Any]) -> User:
    try:
        return federation.sign_in(store(), provider, claims)
    except federation.NoRole:
        raise _Refused(gettext("Je account bij %(organisatie)s geeft geen toegang tot KernteamDB. Vraag je "
                               "beheerder om je aan de juiste groep toe te voegen.",
                               organisatie=provider.label), 403) from None
    except Unauthorized:
        raise _not_checked(provider) from None


def _why(exc: Exception) -> str:
    """For the log: the kind of failure, and for a token check which claim (never the token)."""
    return f"{type(exc).__name__} ({exc})" if isinstance(exc, JoseError) else type(exc).__name__
