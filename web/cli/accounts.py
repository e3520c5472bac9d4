"""``kernteamdb user add|change|remove|list|password`` and ``kernteamdb token
create|list|revoke``: accounts from the server's command line. Whoever runs
these holds the store file, so they act as the operator (no role check);
every problem is one line and exit 2, with nothing changed. A password is
asked twice without echo, or read from the first line of stdin
(``--password-stdin``, or when stdin is no terminal: a script)."""

from __future__ import annotations

import sys
from datetime import UTC, datetime

import click

from directory.accounts import tokens
from directory.accounts import users as accounts
from directory.ports import ApiToken
from web.cli.support import Opener, pass_opener, reports_errors


def _from_terminal() -> bool:
    return sys.stdin.isatty()


def _read_password(from_stdin: bool) -> str:
    """The password from the first line of stdin, or asked twice (hidden)."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=True, err=True))


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
    password = _read_password(password_stdin)
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


@user.command("password")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the new password from the first line of stdin.")
@pass_opener
@reports_errors()
def password(opener: Opener, name: str, password_stdin: bool) -> None:
    """Give user NAME a new password; asks for it twice (hidden), or reads it
    from stdin when that is no terminal. Every browser session of theirs ends."""
    store = opener()
    accounts.existing_user(store, name)  # an unknown user is refused before asking anything
    changed = accounts.change_password(store, name, _read_password(password_stdin or not _from_terminal()))
    click.echo(f"user {changed.name}: password changed; their sessions have ended")


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
@click.option("--days", type=int, help=f"How many days it works (1-{tokens.MAX_DAYS}; default "
              f"{tokens.ENVIRONMENT} or {tokens.DEFAULT_DAYS}).")
@pass_opener
@reports_errors()
def create(opener: Opener, name: str, days: int | None) -> None:
    """Create an API token for user NAME and print it (the only time it is shown)."""
    made = accounts.create_token(opener(), name, days=days)
    click.echo(made)
    click.echo("kernteamdb: keep this token secret; it is not shown again", err=True)


def _when(moment: datetime | None) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M") if moment is not None else "-"


def _line(token: ApiToken) -> str:
    return (f"{tokens.token_id(token)}  created {_when(token.created)}  expires "
            f"{_when(tokens.expires(token))}  last used {_when(token.last_used)}")


@token.command("list")
@click.argument("name")
@pass_opener
@reports_errors()
def list_tokens(opener: Opener, name: str) -> None:
    """The API tokens of user NAME: id, created, expires, last used (UTC; never the token)."""
    for found in accounts.list_tokens(opener(), name):
        click.echo(_line(found))


@token.command("revoke")
@click.argument("token_id", metavar="ID")
@pass_opener
@reports_errors()
def revoke(opener: Opener, token_id: str) -> None:
    """Withdraw the API token ID (as ``token list`` shows it): it stops working at once."""
    gone = accounts.revoke_token(opener(), token_id)
    click.echo(f"token {tokens.token_id(gone)} of {gone.user} revoked")
