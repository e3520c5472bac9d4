"""How long an API token works, and how it is named without showing it.

A token expires ``days`` after it was made: ``KERNTEAMDB_TOKEN_DAYS`` (1 to
365, default 90) unless ``token create --days N`` says otherwise. A token
made before tokens expired has no expiry in the store; it is treated as
made with the default of the process asking, so it stops working ``days``
after its creation (at once, if it is older than that). A token is named by
the first 12 characters of its digest: enough to pick it out, and nothing
of the secret (the digest is a SHA-256 of 256 random bits).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import datetime, timedelta

from directory.errors import InvalidInput
from directory.ports import ApiToken
from directory.problems import Problem

ENVIRONMENT = "KERNTEAMDB_TOKEN_DAYS"
DEFAULT_DAYS = 90
MAX_DAYS = 365
ID_LENGTH = 12
#: ``last_used`` is written at most this often per token (not on every request).
USE_RECORDED_EVERY = timedelta(hours=1)


def checked_days(value: object) -> int:
    """A lifetime of 1 to ``MAX_DAYS`` whole days (``InvalidInput`` otherwise)."""
    try:
        days = int(str(value))
    except ValueError:
        days = 0
    if not 1 <= days <= MAX_DAYS or isinstance(value, bool):
        raise InvalidInput(f"an API token lasts a whole number of days from 1 to {MAX_DAYS}",
                           [Problem.of("days", "given", value=repr(value))])
    return days


def days_from(environ: Mapping[str, str] | None = None) -> int:
    """The default lifetime: ``KERNTEAMDB_TOKEN_DAYS``, else ``DEFAULT_DAYS``."""
    raw = (os.environ if environ is None else environ).get(ENVIRONMENT, "").strip()
    return checked_days(raw) if raw else DEFAULT_DAYS


def expires(token: ApiToken, *, default_days: int | None = None) -> datetime:
    """When ``token`` stops working (for a token without an expiry: ``default_days``
    after its creation)."""
    if token.expires is not None:
        return token.expires
    return token.created + timedelta(days=default_days or days_from())


def token_id(token: ApiToken) -> str:
    """How lists, the audit trail and ``token revoke`` name a token."""
    return token.digest[:ID_LENGTH]


def use_worth_recording(token: ApiToken, now: datetime) -> bool:
    """Whether to write ``now`` as the token's last use (coarsely: writes are not free)."""
    return token.last_used is None or now - token.last_used >= USE_RECORDED_EVERY
