"""``kernteamdb backup FILE`` while the app runs, and ``kernteamdb restore FILE``
into an empty store (``graph.stores.backup`` says how each store is copied).
Whoever runs them holds the store, as the operator; every problem is one
message and exit 2, with no file left half written and nothing changed."""

from __future__ import annotations

import click

from graph.stores import backup as backups
from web.cli.privacy import prepare_guard
from web.cli.support import Opener, pass_opener, reports_errors


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False))
@pass_opener
@reports_errors()
def backup(opener: Opener, file: str) -> None:
    """Write the whole store (pool, consultations, accounts, audit trail) to FILE, a new
    file, while the app keeps running. FILE is an embedded store: 'kernteamdb restore' puts
    it back, and any command reads it (--store sqlite:///FILE)."""
    store = opener()
    if backups.embedded_file(store) is None:
        prepare_guard()  # a server store is copied like a migration, which checks case notes
    made = backups.backup(store, file, progress=lambda line: click.echo(line, err=True))
    held = ", ".join(f"{count} {kind}" for kind, count in made.records.items() if count)
    click.echo(f"backup of {store.url} at revision {made.revision} written to {made.path} "
               f"({made.size / 1_048_576:.1f} MB): {held or 'no records'}; {made.users} users, "
               f"{made.consultations} consultations")


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False))
@pass_opener
@reports_errors()
def restore(opener: Opener, file: str) -> None:
    """Copy the backup FILE into the store named by --store, which must be empty (made
    when it is a new file); checked by comparing exports. FILE itself is not changed."""
    backups.check_file(file)  # before a new target store is made for it
    prepare_guard()  # the copied case notes are checked like an import's
    target = opener(create=True)
    moved = backups.restore(file, target, progress=lambda line: click.echo(line, err=True))
    for kind, count in moved.records.items():
        click.echo(f"{kind:14} {count:7}")
    click.echo(f"{'users':14} {moved.users:7} ({moved.tokens} API tokens)")
    click.echo(f"{'consultations':14} {moved.consultations:7}")
    click.echo(f"{'audit entries':14} {moved.audit_entries:7}")
    click.echo(f"restored {file} into {target.url}; the exports are identical")
