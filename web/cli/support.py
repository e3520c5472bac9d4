"""What every ``kernteamdb`` command shares: the lazily opened store and the
translation of directory errors into one line and an exit status."""

from __future__ import annotations

import errno
import functools
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from directory.errors import DirectoryError, InvalidInput, StoreUnavailable
from directory.ports import Store
from graph.stores import open_store

F = TypeVar("F", bound=Callable[..., Any])


class Opener:
    """Opens the store of ``--store`` once, when a command first needs it."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._store: Store | None = None

    def __call__(self, *, create: bool = False) -> Store:
        if self._store is None:
            self._store = open_store(self.url, create=create)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


pass_opener = click.make_pass_decorator(Opener)


def refuse_real_store(store: Store) -> None:
    """The demo goes into an empty store or a demo store, never over a real pool."""
    if not store.is_demo() and store.count("professionals") > 0:
        raise InvalidInput(f"{store.url} holds a real pool; load the demo into another store "
                           "(e.g. --store sqlite:///demo.db)")


def fail(message: str, code: int, details: list[str] | None = None) -> None:
    click.echo(f"kernteamdb: {message}", err=True)
    for line in details or []:
        click.echo(f"  {line}", err=True)
    sys.exit(code)


#: The errors of a write to a disk (or a quota) that is full.
DISK_FULL = (errno.ENOSPC, errno.EDQUOT)


def _drop_unwritable_output() -> None:
    """When standard output is what filled up, send the rest nowhere, so that
    Python's last flush at exit does not fail with a traceback of its own."""
    try:
        sys.stdout.flush()
    except OSError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def reports_errors(invalid_code: int = 2) -> Callable[[F], F]:
    """Turn directory errors, and a disk that fills up while a command writes
    a file or its output, into one clear message and an exit status, never a
    traceback."""

    def decorate(command: F) -> F:
        @functools.wraps(command)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return command(*args, **kwargs)
            except StoreUnavailable as exc:
                fail(exc.message, 2)
            except InvalidInput as exc:
                fail(exc.message, invalid_code, exc.details)
            except DirectoryError as exc:
                fail(exc.message, 2, exc.details)
            except OSError as exc:
                if exc.errno not in DISK_FULL:
                    raise
                _drop_unwritable_output()
                fail(f"disk full: {exc.strerror}; what was being written is not complete", 2)

        return wrapper  # type: ignore[return-value]

    return decorate
