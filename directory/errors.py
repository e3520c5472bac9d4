"""Errors the directory raises; ``web/errors.py`` maps each to one status and shape."""

from __future__ import annotations


class DirectoryError(Exception):
    """Base class: a message for people and optional details (one line per problem)."""

    code = "error"

    def __init__(self, message: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = list(details or [])

    def __str__(self) -> str:
        return self.message


class NotFound(DirectoryError):
    """A record that was asked for by id does not exist."""

    code = "not_found"


class InvalidInput(DirectoryError):
    """Input that breaks the rules; ``details`` lists every problem with its place."""

    code = "invalid_input"


class Conflict(DirectoryError):
    """A change that clashes with the current state (e.g. a stale version)."""

    code = "conflict"


def stale(details: list[str]) -> Conflict:
    """The conflict of an edit based on versions that are no longer current (one
    ``kind/id: ...`` line per record); the same words wherever it is found."""
    return Conflict("someone else changed this meanwhile; nothing was changed — reload it and "
                    "make your change again", details)


def stale_line(kind: str, record_id: str, version: int, now: int) -> str:
    return f"{kind}/{record_id}: version {version} is no longer current (now {now})"


class Unauthorized(DirectoryError):
    """Who is asking is not known: a wrong name or password, or an unknown token."""

    code = "unauthorized"


class TooManyAttempts(Unauthorized):
    """Sign-in for this name is paused after repeated failures; ``retry_after`` in seconds."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Forbidden(DirectoryError):
    """The user's role does not allow this action."""

    code = "forbidden"


class StoreUnavailable(DirectoryError):
    """The store cannot be opened or reached, or is not a KernteamDB store."""

    code = "unavailable"


class StorageFull(StoreUnavailable):
    """The store's disk is full: the write was not saved (none of it). The
    store can still be read."""


class StoreReadOnly(StoreUnavailable):
    """The store's file or folder cannot be written: reads work, writes are refused."""
