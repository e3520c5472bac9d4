"""The sign-in providers of this app and its password switch, for the login page
(``web.pages.auth``) and the OpenID Connect flow (``web.pages.oidc``).

The providers come from the TOML file named by the ``OIDC_CONFIG`` setting or
``KERNTEAMDB_OIDC_CONFIG`` (``directory.accounts.providers``); ``LOCAL_PASSWORDS``
(``KERNTEAMDB_LOCAL_PASSWORDS=off``) switches signing in with a password off. Both
are read when the app is made (``configure``), so a wrong setting stops it at start
with a message naming the entry. Each provider gets an Authlib client set for the
authorization code flow with PKCE (S256); its discovery document is fetched on
first use, not at start, so a provider that is down does not keep the app down.
"""

from __future__ import annotations

import os
from typing import Any

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app, session, url_for
from joserfc.errors import JoseError

from directory.accounts.providers import Provider, read_providers
from directory.errors import InvalidInput

CLIENTS = "kernteamdb.oidc"
#: Which provider signed this session in, and (after signing out) which one to offer to leave.
SIGNED_IN_WITH, SIGNED_OUT_OF = "oidc_provider", "oidc_signed_out_of"
#: Seconds to wait for a provider (discovery, keys, token).
TIMEOUT = 10
_SWITCH = {"on": True, "true": True, "yes": True, "1": True, "off": False, "false": False, "no": False,
           "0": False}
#: What can go wrong with a provider's answer: unreachable, a protocol error, a bad
#: token, a malformed reply — each a refusal with a sentence, never a 500.
PROVIDER_ERRORS = (requests.RequestException, AuthlibBaseError, JoseError, ValueError, KeyError, TypeError)


def configure(app: Flask) -> None:
    """Read the providers and the password switch, and register each provider's client."""
    path = app.config.get("OIDC_CONFIG") or os.environ.get("KERNTEAMDB_OIDC_CONFIG")
    found = read_providers(path, os.environ) if path else ()
    app.config["OIDC_PROVIDERS"] = {p.key: p for p in found}
    if "LOCAL_PASSWORDS" not in app.config:
        text = os.environ.get("KERNTEAMDB_LOCAL_PASSWORDS", "on")
        if text.strip().lower() not in _SWITCH:
            raise InvalidInput(f"KERNTEAMDB_LOCAL_PASSWORDS must be on or off, not '{text}'")
        app.config["LOCAL_PASSWORDS"] = _SWITCH[text.strip().lower()]
    if not app.config["LOCAL_PASSWORDS"] and not found:
        raise InvalidInput("local passwords are switched off, but no sign-in provider is configured "
                           "(KERNTEAMDB_OIDC_CONFIG): nobody could sign in")
    oauth = OAuth(app)
    for provider in found:
        oauth.register(name=provider.key, client_id=provider.client_id, client_secret=provider.client_secret,
                       server_metadata_url=provider.discovery_url,
                       client_kwargs={"scope": " ".join(provider.scopes), "code_challenge_method": "S256",
                                      "default_timeout": TIMEOUT})
    app.extensions[CLIENTS] = oauth


def local_passwords() -> bool:
    """Whether people may sign in with a name and password here."""
    return bool(current_app.config["LOCAL_PASSWORDS"])


def providers() -> list[Provider]:
    """The configured providers, in the file's order."""
    return list(current_app.config["OIDC_PROVIDERS"].values())


def provider_named(key: str) -> Provider | None:
    found: Provider | None = current_app.config["OIDC_PROVIDERS"].get(key)
    return found


def client(provider: Provider) -> Any:
    """The Authlib client of ``provider`` (a ``FlaskOAuth2App``)."""
    return current_app.extensions[CLIENTS].create_client(provider.key)


def logout_offer() -> tuple[str, str] | None:
    """Once, after signing out of a session a provider signed in: (its name, the
    address that ends the session there too), when its discovery document names an
    ``end_session_endpoint``. Offered, not forced: ending it there signs the person
    out of every other application of their organisation as well (mail, agenda),
    which is rarely what someone leaving KernteamDB wants — on a shared computer it
    is one click away. The address names our client and where to come back to, not
    the ID token (which this app does not keep)."""
    key = session.pop(SIGNED_OUT_OF, None)
    provider = provider_named(key) if isinstance(key, str) else None
    if provider is None:
        return None
    app = client(provider)
    try:
        if not app.load_server_metadata().get("end_session_endpoint"):
            return None
        made = app.create_logout_url(post_logout_redirect_uri=url_for("auth.login", _external=True),
                                     client_id=provider.client_id)
    except PROVIDER_ERRORS:
        return None
    return provider.label, str(made["url"])
