"""What every page about the pool starts with: the signed-in user, checked
for permission to read the pool (below the web layer, as the API does), and
the record the page is about."""

from __future__ import annotations

from typing import TypeVar

from directory import browse
from directory.errors import NotFound
from directory.model import Record
from directory.roles import READ_POOL, User, require
from web.guard import signed_in, store

R = TypeVar("R", bound=Record)


def reader() -> User:
    """The signed-in user, if their role may read the pool (``Forbidden``: the 403 page)."""
    user = signed_in()
    require(user, READ_POOL)
    return user


def record(kind: str, record_id: str, cls: type[R]) -> R:
    """The record of ``kind`` a page is about (``NotFound``: the 404 page)."""
    found = browse.record(store(), kind, record_id, by=signed_in())
    if not isinstance(found, cls):
        raise NotFound(f"unknown {kind} '{record_id}'")
    return found
