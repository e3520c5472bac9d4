"""Import with a preview: see what an upload would do, then make exactly that change.

``preview`` reads an upload (one JSON exchange document, or CSV files, one
per kind) and writes nothing: every record is classified as new, changed or
unchanged against the store, or every problem is listed with its place (its
file and row for CSV). ``commit`` makes the change, all or nothing, only if
the pool is still at the revision the preview was made at; and the versions
of the records it writes are checked inside the write's own transaction, so
that a change made in between is refused rather than overwritten. The upload
is read again from the same bytes, so what is written is what was previewed.
Only a user who may change the pool (coordinator, admin) may do either.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from directory.accounts.roles import WRITE_POOL, User, require
from directory.errors import Conflict, InvalidInput
from directory.exchange.csv_files import parse_csv
from directory.exchange.document import audited, nothing_imported_unless_done, parse_document, plan_import
from directory.pool.bulk import collector_paused
from directory.pool.model import KINDS, Document
from directory.ports import ImportPlan, PoolWithTaxonomy
from directory.problems import Problem

STATES = ("new", "changed", "unchanged")


@dataclass(frozen=True)
class Preview:
    """What an upload would do. ``records[kind][state]`` lists ``(id, name)``
    per state; ``problems`` every problem (then nothing can be committed)."""

    revision: int
    records: Mapping[str, Mapping[str, tuple[tuple[str, str], ...]]] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, kind: str, state: str) -> int:
        return len(self.records.get(kind, {}).get(state, ()))

    @property
    def changes_anything(self) -> bool:
        return any(self.count(kind, state) for kind in KINDS for state in ("new", "changed"))


def read_upload(files: Mapping[str, bytes], store: PoolWithTaxonomy) -> Document:
    """The validated document of an upload: one ``.json`` file, or ``.csv`` files."""
    names = list(files)
    if not names:
        raise InvalidInput("nothing was uploaded", [Problem.of("(files)", "no_file")])
    json_files = [n for n in names if n.lower().endswith(".json")]
    if json_files:
        if len(names) > 1:
            raise InvalidInput("upload one JSON document, or CSV files; not both",
                               [Problem.of("(files)", "json_or_csv")])
        return parse_document(files[json_files[0]], store)
    return parse_csv(files, store)


def preview(files: Mapping[str, bytes], store: PoolWithTaxonomy, by: User | None) -> Preview:
    """Classify every record of the upload against the store; write nothing."""
    if by is not None:
        require(by, WRITE_POOL)
    revision = store.revision()
    with collector_paused():
        try:
            document = read_upload(files, store)
        except InvalidInput as exc:
            return Preview(revision, problems=tuple(exc.shown))
        existing = {kind: set(store.versions(kind, (r.id for r in getattr(document, kind))))
                    for kind in KINDS}
        written = {kind: {r.id for r in records}
                   for kind, records in plan_import(document, store).writes.items()}
    records = {}
    for kind in KINDS:
        states: dict[str, list[tuple[str, str]]] = {state: [] for state in STATES}
        for record in getattr(document, kind):
            state = ("unchanged" if record.id not in written[kind]
                     else "changed" if record.id in existing[kind] else "new")
            states[state].append((record.id, _name(record)))
        records[kind] = {state: tuple(sorted(found)) for state, found in states.items()}
    return Preview(revision, records)


def commit(files: Mapping[str, bytes], store: PoolWithTaxonomy, by: User | None, revision: int) -> ImportPlan:
    """Import the upload as previewed at ``revision``, all or nothing.
    ``Conflict`` when the pool changed since; ``InvalidInput`` for a bad upload."""
    if by is not None:
        require(by, WRITE_POOL)
    with nothing_imported_unless_done(), collector_paused(freeze_after=True):
        document = read_upload(files, store)
        versions = {kind: store.versions(kind, (r.id for r in getattr(document, kind)))
                    for kind in KINDS}
        now = store.revision()
        if now != revision:
            raise Conflict("the pool changed since the preview; nothing was changed — look at "
                           "the new preview and commit again",
                           [Problem.of("(pool)", "stale_revision", revision=revision, now=now)])
        plan = plan_import(document, store)
        expected = {(kind, r.id): versions[kind].get(r.id)
                    for kind, records in plan.writes.items() for r in records}
        if not plan.is_empty:
            store.apply(audited(replace(plan, expected=expected), store, by))
    return plan


def _name(record: object) -> str:
    for attribute in ("name", "label"):
        value = getattr(record, attribute, None)
        if isinstance(value, str):
            return value
    return ""
