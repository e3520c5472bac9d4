"""The app's configuration: defaults, the secret key, and the cookie flags.

The secret key signs the session cookie and the CSRF tokens, so every web
worker of one store must use the same one, and it must survive restarts
(otherwise everyone is signed out). It comes from, in this order: the
``SECRET_KEY`` setting, the environment variable ``KERNTEAMDB_SECRET_KEY``,
or a file beside the store (``FILE.db.secret``, readable by its owner only),
made once by whichever worker starts first. A store without a local file
gets a key for this process only, with a warning.

Behind a reverse proxy, ``TRUSTED_PROXIES`` (or ``KERNTEAMDB_TRUSTED_PROXIES``)
names the proxies whose ``X-Forwarded-For`` is believed (``web.client_address``);
``SIGNIN_PER_MINUTE`` and ``SIGNIN_CHECKS_AT_ONCE`` (or ``KERNTEAMDB_`` and
their name) bound sign-in work (``directory.accounts.throttle``).
"""

from __future__ import annotations

import logging
import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask

from directory.errors import InvalidInput, StoreUnavailable
from directory.ports import Store
from web.client_address import trusted_proxies
from web.notify import mail_settings_from_environment

DEFAULTS: dict[str, Any] = {
    "STORE_URL": None,
    "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,  # larger requests get 413
    "SESSION_COOKIE_NAME": "kernteamdb_session",
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "PERMANENT_SESSION_LIFETIME": timedelta(hours=10),  # a working day without a request ends it
    "SIGNED_IN_AT_MOST": timedelta(hours=12),  # and no session lasts longer than this
    "WTF_CSRF_TIME_LIMIT": None,  # a form stays valid as long as the session does
    "PLAIN_HTTP": False,  # True: no Secure flag on the cookie, for an intranet without HTTPS
    "TODAY": None,  # a fixed date for search and hours (tests); None: the real date
    # sign-in throttling (directory.accounts.throttle, web.client_address)
    "TRUSTED_PROXIES": None,  # addresses/networks whose X-Forwarded-For is believed; None: none
    "SIGNIN_PER_MINUTE": 20,  # sign-in attempts per client address and minute (and burst)
    "SIGNIN_CHECKS_AT_ONCE": 2,  # password checks (argon2, 64 MiB each) running at the same time
    # where users report an accessibility problem (web.pages.accessibility): an e-mail or web address
    "ACCESSIBILITY_CONTACT": None,
}

log = logging.getLogger(__name__)


def configure(app: Flask, config: dict[str, Any] | None, store: Store) -> None:
    """Apply the defaults, ``config``, the secret key and the cookie flags."""
    app.config.update(DEFAULTS)
    app.config.update(mail_settings_from_environment())  # web.notify: mail for consultation notices
    app.config.update(config or {})
    if not app.config["ACCESSIBILITY_CONTACT"]:
        app.config["ACCESSIBILITY_CONTACT"] = os.environ.get("KERNTEAMDB_ACCESSIBILITY_CONTACT") or None
    if os.environ.get("KERNTEAMDB_PLAIN_HTTP", "").lower() in {"1", "true", "yes"}:
        app.config["PLAIN_HTTP"] = True
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = secret_key(store)
    if not app.config.get("METRICS_TOKEN"):  # who may read /metrics besides this machine (web.metrics)
        app.config["METRICS_TOKEN"] = os.environ.get("KERNTEAMDB_METRICS_TOKEN") or None
    if not app.config["TRUSTED_PROXIES"]:
        app.config["TRUSTED_PROXIES"] = os.environ.get("KERNTEAMDB_TRUSTED_PROXIES") or None
    try:
        app.config["TRUSTED_PROXY_NETWORKS"] = trusted_proxies(app.config["TRUSTED_PROXIES"])
    except ValueError as exc:
        raise InvalidInput(f"KERNTEAMDB_TRUSTED_PROXIES: {exc}") from None
    for name in ("SIGNIN_PER_MINUTE", "SIGNIN_CHECKS_AT_ONCE"):
        if name not in (config or {}) and os.environ.get(f"KERNTEAMDB_{name}"):
            app.config[name] = _count(f"KERNTEAMDB_{name}", os.environ[f"KERNTEAMDB_{name}"])
    if "SESSION_COOKIE_SECURE" not in (config or {}):
        app.config["SESSION_COOKIE_SECURE"] = not (app.debug or app.testing or app.config["PLAIN_HTTP"])


def checks_per_worker(workers: int) -> int:
    """Each worker's share of ``SIGNIN_CHECKS_AT_ONCE`` (the environment's, or the default):
    the setting bounds the password checks of the whole server, at 64 MiB each, however
    many worker processes share it (at least one per worker)."""
    name = "KERNTEAMDB_SIGNIN_CHECKS_AT_ONCE"
    total = _count(name, os.environ[name]) if os.environ.get(name) else DEFAULTS["SIGNIN_CHECKS_AT_ONCE"]
    return max(1, total // workers)


def _count(name: str, text: str) -> int:
    """A whole number of at least 1 from an environment variable, or a clear refusal."""
    if not text.strip().isdigit() or int(text) < 1:
        raise InvalidInput(f"{name} must be a whole number of at least 1, not '{text}'")
    return int(text)


def secret_key(store: Store) -> str:
    """The key that signs sessions and forms: ``KERNTEAMDB_SECRET_KEY``, else the file
    beside the store (made when missing), else one for this process only."""
    return os.environ.get("KERNTEAMDB_SECRET_KEY") or _key_beside(store)


def secret_file(store: Store) -> Path | None:
    """``FILE.db.secret`` beside an embedded store's file; None for other stores."""
    if not store.url.startswith("sqlite:///"):
        return None
    return Path(store.url.removeprefix("sqlite:///") + ".secret")


def _key_beside(store: Store) -> str:
    path = secret_file(store)
    if path is None:
        log.warning("no file to keep the secret key in: sessions end when this process stops; "
                    "set KERNTEAMDB_SECRET_KEY to share one key between workers")
        return secrets.token_hex(32)
    try:
        return read_or_make_secret(path)
    except OSError as exc:  # a read-only store's folder: it can still be read and searched
        log.warning("cannot keep the secret key in %s (%s): sessions end when this process "
                    "stops; set KERNTEAMDB_SECRET_KEY", path, exc.strerror or exc)
        return secrets.token_hex(32)


def read_or_make_secret(path: Path) -> str:
    """The key in ``path``, made first if there is none. Written to a private
    temporary file and linked into place, so a worker never reads half a key
    and two workers starting at once end up with the same one."""
    try:
        key = path.read_text(encoding="ascii").strip()
        if key:
            if path.stat().st_mode & 0o077:
                path.chmod(0o600)
            return key
    except FileNotFoundError:
        pass
    temporary = path.with_name(f"{path.name}.{secrets.token_hex(8)}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another worker was first: use its key
    finally:
        temporary.unlink(missing_ok=True)
    key = path.read_text(encoding="ascii").strip()
    if not key:
        raise StoreUnavailable(f"the secret key file {path} is empty; remove it and start again")
    return key
