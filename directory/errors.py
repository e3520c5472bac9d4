"""Errors the directory raises; ``web/errors.py`` maps each to one status and shape."""

from __future__ import annotations

from collections.abc import Sequence

from directory.problems import Problem


class DirectoryError(Exception):
    """Base class: a message for people and the problems behind it, each with
    its place, code and values (``directory.problems``). ``message`` may be a
    problem itself (a refusal that belongs to no field); ``details`` are the
    problems' English lines, as the API and the command line give them."""

    code = "error"

    def __init__(self, message: str | Problem,
                 details: Sequence[Problem] | None = None) -> None:
        headline = message if isinstance(message, Problem) else Problem.said(message)
        super().__init__(headline.text)
        self.message = headline.text
        self.headline = headline
        self.problems = list(details or ())

    @property
    def details(self) -> list[str]:
        return [p.line for p in self.problems]

    @property
    def shown(self) -> list[Problem]:
        """What a page shows: the problems, or the refusal itself when there are none."""
        return self.problems or [self.headline]

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


def stale(details: Sequence[Problem]) -> Conflict:
    """The conflict of an edit based on versions that are no longer current (one
    ``kind/id`` problem per record); the same words wherever it is found."""
    return Conflict("someone else changed this meanwhile; nothing was changed — reload it and "
                    "make your change again", details)


def stale_line(kind: str, record_id: str, version: int, now: int) -> Problem:
    return Problem.of(f"{kind}/{record_id}", "stale_version", version=version, now=now)


def is_stale(exc: DirectoryError) -> bool:
    """Whether ``exc`` refuses an edit based on a version that is no longer current."""
    return isinstance(exc, Conflict) and any(p.code == "stale_version" for p in exc.problems)


class Unauthorized(DirectoryError):
    """Who is asking is not known: a wrong name or password, or an unknown token."""

    code = "unauthorized"


class TooManyAttempts(Unauthorized):
    """Sign-in for this name is paused after repeated failures; ``retry_after`` in seconds."""

    def __init__(self, message: str | Problem, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Forbidden(DirectoryError):
    """The user's role does not allow this action."""

    code = "forbidden"


class StoreUnavailable(DirectoryError):
    """The store cannot be opened or reached, or is not a KernteamDB store."""

    code = "unavailable"


class SaveUncertain(StoreUnavailable):
    """The connection to the store broke while a change was being committed:
    it may or may not have been saved (so never "nothing was changed")."""


class StorageFull(StoreUnavailable):
    """The store's disk is full: the write was not saved (none of it). The
    store can still be read."""


class StoreReadOnly(StoreUnavailable):
    """The store's file or folder cannot be written: reads work, writes are refused."""
