"""What ``kernteamdb serve`` says before it takes requests.

A web server that boots while its database server is down must still come
up: it answers 503 until the store can be reached and recovers by itself
(the Neo4j store prepares itself at its first call that gets through). So
what it would read from the store at start (the demo users to sign in with)
is left out then, with a warning that says what happens meanwhile, instead
of the command ending.
"""

from __future__ import annotations

import click

from directory.accounts.users import DEMO_PASSWORD, demo_users
from directory.errors import StoreUnavailable
from directory.ports import Store


def announce_store(store: Store) -> None:
    """The demo users of a demo store, or, when the store cannot be reached
    now, a warning on standard error; never an exit."""
    try:
        listed = demo_users(store)
    except StoreUnavailable as exc:
        click.echo(f"warning: {exc.message}; serving anyway: every page answers 503 and /healthz "
                   "'unavailable' until the store can be reached, then the app goes on by itself",
                   err=True)
        return
    if listed:
        click.echo(f"demo users (password '{DEMO_PASSWORD}'): " + ", ".join(u.name for u in listed))
