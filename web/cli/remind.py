"""``kernteamdb remind [--dry-run]``: reminder e-mails for stale profiles.

Who is due and what the mail says is ``directory.pool.reminders``; this command
reads the mail settings (options, or the ``KERNTEAMDB_SMTP_*`` and
``KERNTEAMDB_BASE_URL`` environment variables; the password only from the
environment, so it never shows in a process list) and speaks SMTP through
``web.mail``. Exit 2 with one line when the settings are incomplete or the
mail server cannot be used; the mails sent before that are recorded, the
others are not (the next run tries them again).
"""

from __future__ import annotations

import os
from datetime import datetime

import click

from directory.errors import InvalidInput
from directory.pool.reminders import due, send_reminders
from directory.problems import Problem
from web.cli.support import Opener, fail, pass_opener, reports_errors
from web.mail import MailUnavailable, SmtpSender, SmtpSettings


def _checked(sender: str | None, base_url: str | None, user: str | None, starttls: bool) -> None:
    problems: list[Problem] = []
    if not sender:
        problems.append(Problem.of("--sender (or KERNTEAMDB_SMTP_SENDER)", "sender_required"))
    if not base_url or not base_url.startswith(("https://", "http://")):
        problems.append(Problem.of("--base-url (or KERNTEAMDB_BASE_URL)", "base_url_required"))
    if user and not starttls:
        problems.append(Problem.of("", "user_needs_starttls"))
    if problems:
        raise InvalidInput("the mail settings are incomplete; nothing was sent", problems)


@click.command("remind")
@click.option("--dry-run", is_flag=True, help="List who would get a reminder; send and record nothing.")
@click.option("--smtp-host", envvar="KERNTEAMDB_SMTP_HOST", default="localhost", show_default=True)
@click.option("--smtp-port", envvar="KERNTEAMDB_SMTP_PORT", default=25, type=click.IntRange(1, 65535),
              show_default=True)
@click.option("--starttls", is_flag=True, envvar="KERNTEAMDB_SMTP_STARTTLS",
              help="Encrypt the connection with STARTTLS before anything else.")
@click.option("--smtp-user", envvar="KERNTEAMDB_SMTP_USER",
              help="Sign in to the mail server (password from KERNTEAMDB_SMTP_PASSWORD).")
@click.option("--sender", envvar="KERNTEAMDB_SMTP_SENDER", help="The From address.")
@click.option("--base-url", envvar="KERNTEAMDB_BASE_URL",
              help="The web app's address, for the link in the mail (https://gids.example).")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None, hidden=True)
@pass_opener
@reports_errors()
def remind(opener: Opener, dry_run: bool, smtp_host: str, smtp_port: int, starttls: bool,
           smtp_user: str | None, sender: str | None, base_url: str | None, today: datetime | None) -> None:
    """Mail everyone whose profile was not confirmed for over 6 months (at most once in 14 days)."""
    day = today.date() if today else None
    store = opener()
    if dry_run:
        for person in due(store, by=None, today=day):
            click.echo(f"{person.id}\t{person.name}\t{person.email}\t{person.confirmed or 'nooit'}")
        click.echo("dry run: nothing sent", err=True)
        return
    _checked(sender, base_url, smtp_user, starttls)
    if not due(store, by=None, today=day):
        click.echo("0 reminder(s) sent: nobody is due", err=True)
        return
    assert sender and base_url  # checked above
    settings = SmtpSettings(smtp_host, smtp_port, starttls, smtp_user,
                            os.environ.get("KERNTEAMDB_SMTP_PASSWORD"))
    sent, refused = 0, []
    try:
        with SmtpSender(settings) as send:
            for person, delivered in send_reminders(store, send, sender=sender, base_url=base_url, today=day):
                if delivered:
                    sent += 1
                    click.echo(f"reminder sent to {person.id} ({person.email})")
                else:
                    refused.append(f"{person.id} ({person.email})")
    except MailUnavailable as exc:
        fail(f"{exc.message}; {sent} reminder(s) sent and recorded before that, the others not", 2)
    click.echo(f"{sent} reminder(s) sent", err=True)
    if refused:
        fail(f"the mail server refused {', '.join(refused)}; not recorded, tried again next time", 2)
