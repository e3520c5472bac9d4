"""The identity providers people may sign in with: read from a TOML file, checked whole.

One table per provider under ``[providers]``; its key is short and appears in the
sign-in addresses (``/inloggen/<key>``)::

    [providers.utrecht]
    label = "Gemeente Utrecht"                  # the button says "Inloggen met Gemeente Utrecht"
    issuer = "https://login.microsoftonline.com/<tenant>/v2.0"
    client_id = "1b2c..."
    client_secret_env = "KERNTEAMDB_OIDC_UTRECHT_SECRET"  # the secret itself is never in the file
    scopes = ["openid", "email", "profile"]     # optional; "openid" is always asked
    role_claim = "groups"                       # the claim whose values give the role
    email_claim = "email"                       # optional (default "email")

    [providers.utrecht.roles]                   # claim value -> role; the first the user has wins
    "kernteamdb-beheer" = "admin"
    "kernteamdb-wijkwerkers" = "wijkwerker"

A wrong file is refused whole, with a message that names the entry (``InvalidInput``),
so the app stops at start instead of turning people away later. The secret is read
from the environment here, once; it is kept out of ``repr`` and never logged.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from directory.accounts.roles import ROLES
from directory.errors import InvalidInput

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")
_HTTPS = re.compile(r"^https://[^/\s]+(/\S*)?$")
#: Plain http only on this machine (a provider under test); tokens never cross a network unencrypted.
_LOOPBACK = re.compile(r"^http://(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(/\S*)?$")
_KNOWN = {"label", "issuer", "client_id", "client_secret_env", "scopes", "role_claim", "roles",
          "email_claim"}


@dataclass(frozen=True, slots=True)
class Provider:
    """An identity provider as configured: where it is, who we are to it, and how
    its claims become a role and a link to a professional."""

    key: str
    label: str
    issuer: str
    client_id: str
    client_secret: str = field(repr=False)
    role_claim: str
    #: (claim value, role) in the file's order: the first value the user has decides.
    roles: tuple[tuple[str, str], ...]
    scopes: tuple[str, ...] = ("openid", "email", "profile")
    email_claim: str = "email"

    @property
    def discovery_url(self) -> str:
        """Where the provider describes itself (OpenID Connect Discovery)."""
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"


def read_providers(path: str, environ: Mapping[str, str]) -> tuple[Provider, ...]:
    """The providers in the TOML file ``path`` (``InvalidInput`` naming the wrong entry)."""
    try:
        with open(path, "rb") as handle:
            text = handle.read().decode("utf-8")
    except OSError as exc:
        raise InvalidInput(f"cannot read the sign-in providers file {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"{path}: not UTF-8 text") from None
    return parse_providers(text, environ, source=path)


def parse_providers(text: str, environ: Mapping[str, str], *,
                    source: str = "providers") -> tuple[Provider, ...]:
    """The providers in TOML ``text``; ``source`` names it in messages."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(f"{source}: not TOML ({exc})") from None
    tables = document.get("providers")
    if not isinstance(tables, dict) or not tables:
        raise InvalidInput(f"{source}: no [providers.<key>] table")
    return tuple(_provider(key, table, environ, f"{source}: [providers.{key}]")
                 for key, table in tables.items())


def _text(table: Mapping[str, Any], name: str, where: str, default: str | None = None) -> str:
    value = table.get(name, default)
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"{where} {name}: give a text")
    return value.strip()


def _provider(key: str, table: Any, environ: Mapping[str, str], where: str) -> Provider:
    if not KEY_PATTERN.match(key):
        raise InvalidInput(f"{where}: a key is 1-32 lower-case letters, digits and -")
    if not isinstance(table, dict):
        raise InvalidInput(f"{where}: not a table")
    unknown = sorted(set(table) - _KNOWN)
    if unknown:
        raise InvalidInput(f"{where}: unknown entry {unknown[0]} (known: {', '.join(sorted(_KNOWN))})")
    issuer = _text(table, "issuer", where)
    if not (_HTTPS.match(issuer) or _LOOPBACK.match(issuer)):
        raise InvalidInput(f"{where} issuer: an https:// address, not '{issuer}'")
    secret_env = _text(table, "client_secret_env", where)
    secret = environ.get(secret_env, "")
    if not secret:
        raise InvalidInput(f"{where} client_secret_env: the environment variable {secret_env} is not set")
    return Provider(key=key, label=_text(table, "label", where), issuer=issuer.rstrip("/"),
                    client_id=_text(table, "client_id", where), client_secret=secret,
                    role_claim=_text(table, "role_claim", where), roles=_roles(table.get("roles"), where),
                    scopes=_scopes(table.get("scopes"), where),
                    email_claim=_text(table, "email_claim", where, "email"))


def _roles(value: Any, where: str) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, dict) or not value:
        raise InvalidInput(f"{where} roles: a table of claim value = role")
    for claim, role in value.items():
        if role not in ROLES:
            raise InvalidInput(f"{where} roles.{claim}: '{role}' is no role (choose from {', '.join(ROLES)})")
    return tuple(value.items())


def _scopes(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ("openid", "email", "profile")
    if not isinstance(value, list) or not all(isinstance(s, str) and s and " " not in s for s in value):
        raise InvalidInput(f"{where} scopes: a list of scope names")
    return tuple(dict.fromkeys(["openid", *value]))
