"""``kernteamdb retention [--years N] [--dry-run]``: remove the free text of
consultations and cases closed longer ago than the retention period
(``directory.pool.retention``; default 2 years, or ``KERNTEAMDB_RETENTION_YEARS``).
Prints what was (or, with ``--dry-run``, would be) emptied; meant for a
daily or weekly cron job, so a run with nothing to do is quiet but says so.
"""

from __future__ import annotations

from datetime import UTC, datetime

import click

from directory.pool.retention import DEFAULT_YEARS, ENVIRONMENT, MAX_YEARS, sweep
from web.cli.support import Opener, pass_opener, reports_errors


@click.command("retention")
@click.option("--years", type=click.IntRange(1, MAX_YEARS), envvar=ENVIRONMENT, default=DEFAULT_YEARS,
              show_default=True, help=f"Retention period in whole years (or {ENVIRONMENT}).")
@click.option("--dry-run", is_flag=True, help="Only count what would be removed; change nothing.")
@click.option("--now", type=click.DateTime(["%Y-%m-%d"]), default=None, hidden=True)
@pass_opener
@reports_errors()
def retention(opener: Opener, years: int, dry_run: bool, now: datetime | None) -> None:
    """Remove the free text of consultations and cases closed more than N years ago (statistics stay)."""
    swept = sweep(opener(), years=years, dry_run=dry_run, now=now.replace(tzinfo=UTC) if now else None)
    period = f"{swept.years} year{'' if swept.years == 1 else 's'}"
    click.echo(f"closed before {swept.before.isoformat()} ({period} ago):")
    click.echo(f"consultations {swept.consultations:7} (need, step texts, reasons, plan, lessons)")
    click.echo(f"cases         {swept.cases:7} (notes)")
    if dry_run:
        click.echo("dry run: nothing removed")
    elif swept.consultations or swept.cases:
        click.echo("free text removed; dates, areas, hours, outcomes and participants stay")
    else:
        click.echo("nothing to remove")
