"""What every ``kernteamdb`` command shares: the lazily opened store and the
translation of directory errors into one line and an exit status."""

from __future__ import annotations

import functools
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


pass_opener = click.make_pass_decorator(Opener)


def fail(message: str, code: int, details: list[str] | None = None) -> None:
    click.echo(f"kernteamdb: {message}", err=True)
    for line in details or []:
        click.echo(f"  {line}", err=True)
    sys.exit(code)


def reports_errors(invalid_code: int = 2) -> Callable[[F], F]:
    """Turn directory errors into one clear message and an exit status, never a traceback."""

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

        return wrapper  # type: ignore[return-value]

    return decorate
