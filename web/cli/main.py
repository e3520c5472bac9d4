"""The ``kernteamdb`` command: a thin click group over the directory.

Every command takes ``--store URL`` (or ``KERNTEAMDB_STORE``). Exit status:
0 success, 1 invalid input document (with the full report), 2 a store that
cannot be opened, an unknown id or a search that cannot be run.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import click

from directory.errors import DirectoryError, InvalidInput
from directory.exchange import migration
from directory.exchange.csv_files import export_csv, import_csv
from directory.exchange.document import export_lines, import_document
from directory.pool.demo import load_demo
from directory.pool.model import KINDS
from directory.ports import ImportPlan, Store
from directory.search.connection import connection
from directory.search.queries import SearchQuery, SearchResult
from directory.search.vocabulary import Vocabulary
from graph.stores import DEFAULT_URL, open_store
from web import answers
from web.cli.accounts import token, user
from web.cli.backup import backup, restore
from web.cli.maintain import audit_trail, likely_duplicates, merge_records, person
from web.cli.privacy import prepare, prepare_guard, privacy_group
from web.cli.remind import remind
from web.cli.retention import retention
from web.cli.serve import serve
from web.cli.support import Opener, pass_opener, refuse_real_store, reports_errors


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--store", "store_url", envvar="KERNTEAMDB_STORE", default=DEFAULT_URL,
              show_default=True, help="Store URL: sqlite:///file.db, neo4j://host or bolt://host.")
@click.pass_context
def main(ctx: click.Context, store_url: str) -> None:
    """KernteamDB: the expertise-network directory for sociale wijkteams."""
    ctx.obj = Opener(store_url)
    ctx.call_on_close(ctx.obj.close)


for command in (user, token, audit_trail, likely_duplicates, merge_records, person, remind, retention,
                prepare, privacy_group, backup, restore, serve):
    main.add_command(command)


def _print_counts(plan: ImportPlan, verb: str) -> None:
    for kind in KINDS:
        c = plan.counts.get(kind)
        if c and c.total:
            click.echo(f"{kind:14} {c.total:7} ({c.new} new, {c.changed} changed, "
                       f"{c.unchanged} unchanged)")
    click.echo(verb)


@main.command()
@pass_opener
@reports_errors()
def init(opener: Opener) -> None:
    """Create an empty store (safe to repeat) and make the privacy guard ready."""
    prepare_guard()
    store = opener(create=True)
    click.echo(f"store ready: {store.url} ({store.count('professionals')} professionals)")


@main.command()
@click.option("--from", "source_url", required=True, metavar="URL", help="The store to copy.")
@click.option("--to", "target_url", required=True, metavar="URL",
              help="The empty store to copy into: a store file is made when missing; a Neo4j "
                   "database must exist and be empty.")
@reports_errors()
def migrate(source_url: str, target_url: str) -> None:
    """Copy a whole store into another (embedded <-> Neo4j), checked by comparing exports.

    The pool goes through the exchange format; user accounts, API tokens,
    consultations, notices and the audit trail are copied beside it.
    ``--store`` is not used: name both stores."""
    if source_url == target_url:
        raise InvalidInput("--from and --to name the same store")
    prepare_guard()  # the copied case notes are checked like an import's
    source = open_store(source_url)
    try:
        target = open_store(target_url, create=True)
        try:
            moved = migration.migrate(source, target, progress=click.echo)
        finally:
            target.close()
    finally:
        source.close()
    for kind, count in moved.records.items():
        click.echo(f"{kind:14} {count:7}")
    click.echo(f"{'users':14} {moved.users:7} ({moved.tokens} API tokens)")
    click.echo(f"{'consultations':14} {moved.consultations:7} ({moved.schedules} meeting schedules, "
               f"{moved.notices} notices)")
    click.echo(f"{'audit entries':14} {moved.audit_entries:7}")
    click.echo(f"migrated {source.url} -> {target.url}; the exports are identical")


@main.command()
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Date the demo is anchored to (default: today).")
@pass_opener
@reports_errors()
def demo(opener: Opener, today: Any) -> None:
    """Load the 's-Hertogenbosch demo network (fictional people) into the store."""
    store = opener(create=True)
    refuse_real_store(store)
    prepare_guard()
    plan = load_demo(store, today=today.date() if today else None)
    _print_counts(plan, "demo network loaded")


@main.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--dry-run", is_flag=True, help="Check the document and show the counts; write nothing.")
@click.option("--csv", "as_csv", is_flag=True,
              help="The files are CSV, one per kind (also assumed when every name ends in .csv).")
@pass_opener
@reports_errors(invalid_code=1)
def import_(opener: Opener, files: tuple[str, ...], dry_run: bool, as_csv: bool) -> None:
    """Import an exchange document, or CSV files one per kind (all or nothing; merges by id)."""
    as_csv = as_csv or all(name.lower().endswith(".csv") for name in files)
    if not as_csv and len(files) > 1:
        raise InvalidInput("give one exchange document, or CSV files (--csv)")
    data = {name: _read(name) for name in files}
    store = opener(create=not dry_run)
    prepare_guard()  # case notes are checked for client identity
    if as_csv:
        plan = import_csv(data, store, dry_run=dry_run)
    else:
        plan = import_document(data[files[0]], store, dry_run=dry_run)
    _print_counts(plan, "dry run: nothing written" if dry_run else "imported")


def _read(file: str) -> bytes:
    try:
        with click.open_file(file, "rb") as handle:
            data: bytes = handle.read()
    except OSError as exc:
        raise InvalidInput(f"cannot read {file}: {exc.strerror}") from None
    return data


@main.command()
@click.argument("file", type=click.Path(allow_dash=True), default="-")
@click.option("--csv", "as_csv", is_flag=True,
              help="Write CSV files, one per kind, into the folder FILE (made if missing).")
@pass_opener
@reports_errors()
def export(opener: Opener, file: str, as_csv: bool) -> None:
    """Write the whole store as a canonical exchange document (stdout without FILE)."""
    store = opener()
    if as_csv:
        if file == "-":
            raise InvalidInput("name the folder to write the CSV files into")
        folder = Path(file)
        written = export_csv(store)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for name, text in written.items():
                with click.open_file(str(folder / name), "wb", atomic=True) as handle:
                    handle.write(text.encode("utf-8"))
        except OSError as exc:
            raise InvalidInput(f"cannot write into {file}: {exc.strerror}") from None
        click.echo(f"wrote {', '.join(written)} into {folder}")
        return
    with click.open_file(file, "w", encoding="utf-8", atomic=file != "-") as handle:
        for chunk in export_lines(store):
            handle.write(chunk)


@main.command()
@click.argument("text", required=False, default="")
@click.option("--area", "areas", multiple=True, help="Expertise area id (repeatable).")
@click.option("--without", multiple=True,
              help="An area the text names that is not meant (repeatable): not searched for.")
@click.option("--requester", help="Your professional id (for shared history and paths).")
@click.option("--team", help="Your team id.")
@click.option("--wijk", help="The wijk the household lives in.")
@click.option("--limit", type=int, default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--batch", type=click.Path(dir_okay=False, allow_dash=True),
              help="JSON lines in (one query per line), JSON lines out.")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None, hidden=True)
@pass_opener
@reports_errors()
def search(opener: Opener, text: str, areas: tuple[str, ...], without: tuple[str, ...],
           requester: str | None, team: str | None, wijk: str | None, limit: int, as_json: bool,
           batch: str | None, today: Any) -> None:
    """Rank professionals for a need."""
    store = opener()
    day = today.date() if today else None
    vocabulary = Vocabulary(store.areas())
    if batch:
        _search_batch(store, batch, vocabulary, day)
        return
    query = SearchQuery(text, tuple(areas), requester, team, wijk, limit, without=tuple(without))
    result = answers.search(store, query, today=day, vocabulary=vocabulary)
    if as_json:
        click.echo(json.dumps(result.as_json(), ensure_ascii=False))
        return
    for found in result.understood:
        said = "gekozen" if found.chosen else ", ".join(found.words)
        click.echo(f"begrepen: {found.label} ({found.area}){f' — {said}' if said else ''}")
    if not result.results:
        click.echo("geen specialisten gevonden" if result.areas else
                   "geen expertisegebied herkend; probeer andere woorden of --area")
    if result.suggestions:
        click.echo(f"bedoelde je: {', '.join(result.suggestions)}?")
    for rank, hit in enumerate(result.results, 1):
        org = f", {hit.organisation['name']}" if hit.organisation else ""
        click.echo(f"{rank:2}. {hit.name} ({hit.id}{org})  score {hit.score:.3f}")
        for line in hit.why:
            click.echo(f"      {line}")
    if result.team:
        _echo_team(store, result)
    if result.resources:
        click.echo("Ook: " + "; ".join(r.name for r in result.resources))


def _echo_team(store: Store, result: SearchResult) -> None:
    """The team proposal for several needs, and the needs no one available meets."""
    team = result.team
    assert team is not None
    names = {pid: getattr(p, "name", pid) for pid, p in store.get_many("professionals", team.members).items()}
    for need, who in team.covers.items():
        click.echo(f"teamvoorstel: {need}: {names.get(who, who)} ({who})")
    if team.uncovered:
        click.echo(f"niemand beschikbaar (met uren over dit halfjaar) voor: {', '.join(team.uncovered)}")
    if not team.exact:
        click.echo("teamvoorstel benaderd: te veel mogelijkheden om alle teams te vergelijken")


_BATCH_KEYS = {"id", "q", "areas", "without", "requester", "team", "wijk", "limit"}


def _batch_queries(file: str) -> Iterator[tuple[Any, SearchQuery | DirectoryError]]:
    with click.open_file(file, "r", encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as exc:
                yield None, InvalidInput(f"line {number}: not JSON ({exc.msg})")
                continue
            if not isinstance(raw, dict):
                yield None, InvalidInput(f"line {number}: not a JSON object")
                continue
            unknown = sorted(set(raw) - _BATCH_KEYS)
            areas, without = raw.get("areas", []), raw.get("without", [])
            if unknown or not all(isinstance(x, list) and all(isinstance(a, str) for a in x)
                                  for x in (areas, without)) or not isinstance(raw.get("q", ""), str):
                problem = f"unknown key '{unknown[0]}'" if unknown \
                    else "q must be text, areas and without lists of ids"
                yield raw.get("id"), InvalidInput(f"line {number}: {problem}")
                continue
            yield raw.get("id"), SearchQuery(
                raw.get("q", ""), tuple(areas), raw.get("requester"), raw.get("team"),
                raw.get("wijk"), raw.get("limit", 10), raw.get("id"), tuple(without))


def _search_batch(store: Store, file: str, vocabulary: Vocabulary, today: date | None) -> None:
    failed = 0
    for query_id, query in _batch_queries(file):
        try:
            if isinstance(query, DirectoryError):
                raise query
            out = answers.search(store, query, today=today, vocabulary=vocabulary).as_json()
        except DirectoryError as exc:
            failed += 1
            out = {"id": query_id, "error": {"code": exc.code, "message": exc.message,
                                             "details": exc.details}}
        click.echo(json.dumps(out, ensure_ascii=False))
    if failed:
        click.echo(f"kernteamdb: {failed} quer{'y' if failed == 1 else 'ies'} failed", err=True)
        sys.exit(2)


@main.command()
@click.argument("source")
@click.argument("target")
@click.option("--json", "as_json", is_flag=True)
@pass_opener
@reports_errors()
def path(opener: Opener, source: str, target: str, as_json: bool) -> None:
    """How two professionals are connected."""
    store = opener()
    found = connection(store, source, target)
    if as_json:
        click.echo(json.dumps(answers.path_json(found), ensure_ascii=False))
        return
    if found.ids is None:
        click.echo(f"{source} en {target} zijn (nog) niet met elkaar verbonden")
        return
    people = store.get_many("professionals", found.ids)
    names = {pid: getattr(p, "name", pid) for pid, p in people.items()}
    click.echo(names[source])
    words = {"shared_case": "casussen samen", "team": "zelfde team",
             "knows": "kent", "organisation": "zelfde organisatie"}
    for link in found.links:
        extra = f" ({int(link.weight)})" if link.kind == "shared_case" else ""
        click.echo(f"  -- {words[link.kind]}{extra} --> {names[link.b]}")


if __name__ == "__main__":  # pragma: no cover
    main()
