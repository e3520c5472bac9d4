"""``kernteamdb user add|list`` and ``kernteamdb token create``: accounts from
the server's command line. Whoever runs these holds the store file, so they
act as the operator (no role check); every problem is one line and exit 2,
with nothing changed."""

from __future__ import annotations

import sys

import click

from directory import accounts
from web.cli_support import Opener, pass_opener, reports_errors


@click.group()
def user() -> None:
    """Add, change, remove and list the people who may sign in."""


@user.command("add")
@click.argument("name")
@click.option("--role", required=True, help="wijkwerker, specialist, triagist, coordinator or admin.")
@click.option("--professional", help="Link the user to this professional id (used as requester in search).")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
@pass_opener
@reports_errors()
def add(opener: Opener, name: str, role: str, professional: str | None, password_stdin: bool) -> None:
    """Add user NAME; asks for the password twice (hidden)."""
    store = opener()
    name = accounts.check_new_user(store, name, role, professional)  # before asking anything
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True, err=True)
    added = accounts.add_user(store, name, role, password, professional=professional)
    click.echo(f"user {added.name} added ({added.role})")


@user.command("change")
@click.argument("name")
@click.option("--role", help="The new role.")
@click.option("--professional", help="Link the user to this professional id.")
@click.option("--unlink", is_flag=True, help="Link the user to no professional.")
@pass_opener
@reports_errors()
def change(opener: Opener, name: str, role: str | None, professional: str | None, unlink: bool) -> None:
    """Give user NAME another role or professional."""
    changed = accounts.change_user(opener(), name, role=role, professional=professional, unlink=unlink)
    click.echo(f"user {changed.name}: {changed.role}, {changed.professional or 'no professional'}")


@user.command("remove")
@click.argument("name")
@pass_opener
@reports_errors()
def remove(opener: Opener, name: str) -> None:
    """Remove user NAME and their API tokens."""
    accounts.remove_user(opener(), name)
    click.echo(f"user {accounts.normalise_name(name)} removed")


@user.command("list")
@pass_opener
@reports_errors()
def list_(opener: Opener) -> None:
    """Every user: name, role and linked professional."""
    for found in accounts.list_users(opener()):
        click.echo(f"{found.name:20} {found.role:12} {found.professional or '-'}")


@click.group()
def token() -> None:
    """API tokens (``Authorization: Bearer TOKEN``)."""


@token.command("create")
@click.argument("name")
@pass_opener
@reports_errors()
def create(opener: Opener, name: str) -> None:
    """Create an API token for user NAME and print it (the only time it is shown)."""
    made = accounts.create_token(opener(), name)
    click.echo(made)
    click.echo("kernteamdb: keep this token secret; it is not shown again", err=True)
