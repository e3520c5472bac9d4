"""``kernteamdb prepare`` and ``kernteamdb privacy scan [--redact]``.

``prepare`` builds what the privacy guard needs (deduce's lookup structures:
once per installation, a minute or two) so that the first start of a server
does not wait for it; ``init`` and ``serve`` do the same when it is missing.
``privacy scan`` lists the stored free text the guard would refuse now, by
record and field and never with the text; ``--redact`` replaces what it
finds with ``[verwijderd]`` in one audited transaction (``directory.privacy.scan``).
"""

from __future__ import annotations

import json
import time

import click

from directory import privacy
from directory.privacy import scan as privacy_scan
from web.cli.support import Opener, pass_opener, reports_errors


def prepare_guard() -> None:
    """Make the privacy guard ready in this process, saying so on standard error."""
    privacy.prepare(lambda line: click.echo(line, err=True))


@click.command("prepare")
def prepare() -> None:
    """Build and load what the privacy guard needs (once per installation; init and serve do it too)."""
    started = time.monotonic()
    prepare_guard()
    click.echo(f"privacy guard ready ({time.monotonic() - started:.0f} s)")


@click.group("privacy")
def privacy_group() -> None:
    """Stored free text that holds client identity."""


@privacy_group.command("scan")
@click.option("--redact", is_flag=True,
              help="Replace what is found with [verwijderd], in one audited transaction.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per finding.")
@pass_opener
@reports_errors()
def scan(opener: Opener, redact: bool, as_json: bool) -> None:
    """List stored case notes and consultation texts the privacy guard would refuse (never the text)."""
    prepare_guard()
    store = opener()
    leaks = privacy_scan.scan(store)
    for leak in leaks:
        if as_json:
            click.echo(json.dumps({"kind": leak.kind, "id": leak.record, "field": leak.field,
                                   "found": list(leak.found)}))
        else:
            what = ", ".join(privacy.WHAT.get(k, k) for k in leak.found)
            click.echo(f"{leak.kind:14} {leak.record:24} {leak.field:18} {what}")
    records = len({(leak.kind, leak.record) for leak in leaks})
    if not redact:
        if as_json:
            return
        if leaks:
            click.echo(f"{len(leaks)} field(s) in {records} record(s) hold client identity; "
                       "kernteamdb privacy scan --redact removes it")
        else:
            click.echo("no stored free text holds client identity")
        return
    done = privacy_scan.redact(store)
    click.echo(f"redacted {done.fields} field(s): {done.cases} case(s), {done.consultations} "
               f"consultation(s); one entry in the audit trail", err=as_json)
