"""What every page about the pool starts with: the signed-in user, checked
for permission to read the pool (or, for the coordinator's tools, to change
it: below the web layer, as the API does), and the record the page is about
— or, for a record merged into another, where it went."""

from __future__ import annotations

from typing import TypeVar

from directory.accounts.roles import READ_POOL, WRITE_POOL, User, require
from directory.errors import NotFound
from directory.pool import browse, merge
from directory.pool.model import Record
from web.guard import signed_in, store

R = TypeVar("R", bound=Record)


def reader() -> User:
    """The signed-in user, if their role may read the pool (``Forbidden``: the 403 page)."""
    user = signed_in()
    require(user, READ_POOL)
    return user


def keeper() -> User:
    """The signed-in user, if their role may change the pool: the coordinator's
    tools (``Forbidden``: the 403 page, for a page and for a crafted POST alike)."""
    user = signed_in()
    require(user, WRITE_POOL)
    return user


class MergedAway(NotFound):
    """The record a page is about was merged into ``kept``: a 404 that says where it went."""

    def __init__(self, kind: str, record_id: str, kept: str) -> None:
        super().__init__(f"{kind} '{record_id}' was merged into '{kept}'")
        self.kind, self.record_id, self.kept = kind, record_id, kept


def record(kind: str, record_id: str, cls: type[R]) -> R:
    """The record of ``kind`` a page is about (``NotFound``: the 404 page;
    ``MergedAway`` when it was merged into another record)."""
    try:
        found = browse.record(store(), kind, record_id, by=signed_in())
    except NotFound:
        kept = merge.merged_into(store(), kind, record_id, by=signed_in())
        if kept is not None:
            raise MergedAway(kind, record_id, kept) from None
        raise
    if not isinstance(found, cls):
        raise NotFound(f"unknown {kind} '{record_id}'")
    return found
