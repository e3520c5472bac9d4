"""The coordinator's commands: ``kernteamdb audit``, ``duplicates``, ``merge``
and ``person export|erase``. Whoever runs them holds the store file, so they
act as the operator (the audit trail names them ``(command line)``); every
problem is one message and exit 2, with nothing changed."""

from __future__ import annotations

import json
from datetime import datetime

import click

from directory.accounts import audit
from directory.accounts.audit import AUDIT_KINDS
from directory.errors import NotFound
from directory.pool import avg, duplicates, merge
from directory.problems import unknown
from web.cli.support import Opener, pass_opener, reports_errors


def _moment(value: str | None, name: str) -> datetime | None:
    return audit.parse_moment(value, name) if value else None


@click.command("audit")
@click.option("--user", help="Only what this user did.")
@click.option("--kind", type=click.Choice(AUDIT_KINDS), help="Only this kind of record or event.")
@click.option("--id", "record", help="Only about this record id.")
@click.option("--since", help="From this date (YYYY-MM-DD) or time (ISO 8601, UTC unless given).")
@click.option("--until", help="Before this date or time.")
@pass_opener
@reports_errors()
def audit_trail(opener: Opener, user: str | None, kind: str | None, record: str | None,
                since: str | None, until: str | None) -> None:
    """Print the audit trail as JSON lines, oldest first (who, when, what, before, after)."""
    lines = audit.export_lines(opener(), by=None, user=user, kind=kind, record=record,
                               since=_moment(since, "since"), until=_moment(until, "until"))
    for line in lines:
        click.echo(line, nl=False)


@click.command("duplicates")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per pair.")
@pass_opener
@reports_errors()
def likely_duplicates(opener: Opener, as_json: bool) -> None:
    """List professionals who are probably in the pool twice, surest first."""
    store = opener()
    found = duplicates.likely_duplicates(store, by=None)
    people = store.get_many("professionals", {i for d in found for i in (d.a, d.b)})
    for pair in found:
        if as_json:
            click.echo(json.dumps({"a": pair.a, "b": pair.b, "reasons": list(pair.reasons),
                                   "score": pair.score}, ensure_ascii=False))
            continue
        names = " / ".join(f"{getattr(people.get(i), 'name', i)} ({i})" for i in (pair.a, pair.b))
        click.echo(f"{pair.score:5.1f}  {names}: {', '.join(pair.reasons)}")
    if not found and not as_json:
        click.echo("geen waarschijnlijke dubbelingen gevonden")


@click.command("merge")
@click.argument("keep")
@click.argument("duplicate")
@click.option("--areas", is_flag=True, help="Merge two expertise areas instead of two professionals.")
@pass_opener
@reports_errors()
def merge_records(opener: Opener, keep: str, duplicate: str, areas: bool) -> None:
    """Merge DUPLICATE into KEEP: every reference follows, DUPLICATE is removed."""
    merged = merge.merge_areas if areas else merge.merge_professionals
    saved = merged(opener(), keep, duplicate, by=None)
    click.echo(f"{duplicate} merged into {keep} (version {saved.version})")


@click.group()
def person() -> None:
    """A professional's rights (AVG): everything stored about them; erasure."""


@person.command("export")
@click.argument("professional")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True), default="-")
@pass_opener
@reports_errors()
def export_person(opener: Opener, professional: str, file: str) -> None:
    """Write everything stored about PROFESSIONAL as JSON (stdout without FILE)."""
    data = avg.export_person(opener(), professional, by=None)
    with click.open_file(file, "w", encoding="utf-8", atomic=file != "-") as handle:
        handle.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")


@person.command("erase")
@click.argument("professional")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_opener
@reports_errors()
def erase_person(opener: Opener, professional: str, yes: bool) -> None:
    """Erase PROFESSIONAL: their record and accounts go, their cases stay anonymously."""
    store = opener()
    found = store.get("professionals", professional)
    if found is None:
        raise NotFound(unknown("professionals", professional))
    if not yes:
        click.confirm(f"Erase {getattr(found, 'name', '')} ({professional}) for good?", abort=True, err=True)
    replacement = avg.erase_person(store, professional, by=None)
    click.echo(f"{professional} erased; their case participations now belong to {replacement}")
