"""The ``kernteamdb/1`` exchange format: strict import and canonical export.

Import is three steps, so that a bad document changes nothing:
``parse_document`` (JSON + schema + cross-references, every problem with its
place) -> ``plan_import`` (what is new, changed, unchanged) -> ``Store.apply``
(one transaction). Export writes records in id order, one record per line,
fields in the order of interfaces.md, and leaves out empty values, so that
export -> import into an empty store -> export is byte-identical.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import fields, replace
from datetime import UTC, date, datetime
from typing import Any

import orjson
from pydantic import ValidationError

from directory.accounts.roles import WRITE_POOL, User, actor, require
from directory.errors import InvalidInput, SaveUncertain, StoreUnavailable
from directory.exchange.from_text import DOCUMENT, clean_document, names_in, with_pool_names
from directory.exchange.references import reference_problems, unsafe_new_ids
from directory.pool.bulk import collector_paused, release_freed_memory
from directory.pool.characters import LINES_PATTERN, control_problem
from directory.pool.model import FORMAT, KINDS, Document, Record
from directory.ports import AuditEntry, ImportPlan, KindCounts, Pool, PoolRecords, PoolWithTaxonomy
from directory.privacy import KNOWN
from directory.privacy.known import KnownNames
from directory.problems import Problem

#: A pattern a field does not match, said by what the field is (``directory.problems``).
_PATTERN_CODES = {"email": "not_email", "phone": "not_phone", "id": "id_characters"}
#: Pydantic's error types that have a code of their own.
_CODES = {"missing": "missing", "unexpected_keyword_argument": "unknown_key",
          "extra_forbidden": "unknown_key"}


def parse_document(text: str | bytes, store: PoolWithTaxonomy | None = None, *,
                   new_ids: bool = True) -> Document:
    """Parse and validate an exchange document against itself and ``store``.

    Raises ``InvalidInput`` whose ``details`` hold every problem, each as
    ``place: message`` (e.g. ``professionals[3].expertise[0].area: unknown
    expertise area 'dementia'``; a clean document is read straight from its text,
    ``directory.exchange.from_text``). References may point into the document or
    at records already in ``store``. A record ``store`` does not hold yet needs a
    safe id (``directory.pool.characters``) unless ``new_ids`` is False (a migration
    copies whatever ids the source store has).
    """
    with collector_paused():
        document = clean_document(text, store, new_ids=new_ids)
        release_freed_memory()  # the parser's tree of the text, freed but still held
        if document is not None:
            return canonical(document)
        try:
            raw = orjson.loads(text)
        except orjson.JSONDecodeError as exc:
            if "utf-8" in exc.msg.lower():
                raise InvalidInput("the document is not UTF-8 text",
                                   [Problem.of("(document)", "not_utf8")]) from None
            detail = Problem.of(f"line {exc.lineno} column {exc.colno}", "invalid_json",
                                message=exc.msg, line=exc.lineno, column=exc.colno)
            raise InvalidInput("the document is not valid JSON", [detail]) from None
        return validate_document(raw, store, new_ids=new_ids)


def validate_document(raw: Any, store: PoolWithTaxonomy | None = None, *, new_ids: bool = True) -> Document:
    """Validate an already-decoded document; see ``parse_document``."""
    if not isinstance(raw, dict):
        raise InvalidInput("the document is not a kernteamdb/1 object",
                           [Problem.of("(document)", "json_object")])
    problems: list[Problem] = []
    document: Document | None = None
    try:
        document = DOCUMENT.validate_python(raw, context={KNOWN: _known_names(raw, store)})
    except ValidationError as exc:
        problems.extend(_schema_problems(exc))
    problems.extend(reference_problems(raw, store))
    if new_ids:
        problems.extend(new_id_problems(raw, store))
    if problems or document is None:
        problems = sorted(set(problems), key=_place_order)
        raise InvalidInput(f"the document has {len(problems)} problem(s); nothing was changed",
                           problems)
    return canonical(document)


def _known_names(raw: dict[str, Any], store: Pool | None) -> KnownNames:
    """The names the privacy guard leaves alone in the document's case notes:
    the pool's, and those of the professionals, organisations and teams the
    document itself brings."""
    lists = [raw.get(kind) for kind in ("professionals", "organisations", "teams")]
    items = [item for found in lists if isinstance(found, list) for item in found if isinstance(item, dict)]
    return with_pool_names(names_in((item.get("name"), item.get("wijk"), item.get("wijken"))
                                    for item in items), store)


def new_id_problems(raw: dict[str, Any], store: PoolRecords | None) -> list[Problem]:
    """The records that would be new in ``store`` (all of them without one)
    and whose id is outside the safe set; ids already stored keep working."""
    problems: list[Problem] = []
    for kind in KINDS:
        items = raw.get(kind)
        if not isinstance(items, list):
            continue
        unsafe = unsafe_new_ids(kind, (item.get("id") for item in items if isinstance(item, dict)), store)
        if not unsafe:
            continue
        problems.extend(Problem.of(f"{kind}[{index}].id", "unsafe_id") for index, item in enumerate(items)
                        if isinstance(item, dict) and _text(item.get("id")) in unsafe)
    return problems


def _text(value: Any) -> str | None:
    """``value`` if it is a string (only strings can be looked up in a set of ids)."""
    return value if isinstance(value, str) else None


def canonical(document: Document) -> Document:
    """Sort the set-like lists of each record so equal content compares equal."""
    return Document(
        format=document.format,
        expertise=tuple(replace(a, related=tuple(sorted(a.related))) for a in document.expertise),
        organisations=tuple(
            replace(o, wijken=tuple(sorted(o.wijken)), areas=tuple(sorted(o.areas)))
            for o in document.organisations
        ),
        teams=document.teams,
        professionals=tuple(
            replace(
                p,
                teams=tuple(sorted(p.teams)),
                wijken=tuple(sorted(p.wijken)),
                knows=tuple(sorted(p.knows)),
                expertise=tuple(sorted(p.expertise, key=lambda c: c.area)),
            )
            for p in document.professionals
        ),
        cases=document.cases,
    )


def plan_import(document: Document, store: PoolRecords) -> ImportPlan:
    """Compare a validated document with the store: new, changed, unchanged."""
    writes: dict[str, tuple[Record, ...]] = {}
    counts: dict[str, KindCounts] = {}
    for kind in KINDS:
        records: tuple[Record, ...] = getattr(document, kind)
        # into an empty store (the first import) there is nothing to compare with:
        # a server store would otherwise be asked for 100,000 cases that are not there
        existing = store.get_many(kind, (r.id for r in records)) if records and store.count(kind) else {}
        new = changed = 0
        to_write = []
        for record in records:
            before = existing.get(record.id)
            if before is None:
                new += 1
            elif before != record:
                changed += 1
            else:
                continue
            to_write.append(record)
        writes[kind] = tuple(to_write)
        counts[kind] = KindCounts(new, changed, len(records) - new - changed)
    return ImportPlan(writes, counts)


def import_document(text: str | bytes, store: PoolWithTaxonomy, *, dry_run: bool = False,
                    by: User | None = None) -> ImportPlan:
    """Validate, plan and (unless ``dry_run``) apply a document; all or nothing.
    ``by``: the user importing (None: the operator at the command line)."""
    if by is not None:
        require(by, WRITE_POOL)
    with nothing_imported_unless_done(), collector_paused(freeze_after=True):
        return import_parsed(parse_document(text, store), store, dry_run=dry_run, by=by)


@contextmanager
def nothing_imported_unless_done() -> Iterator[None]:
    """A store that fails during an import says so, and that nothing was
    imported (an import is one transaction) — unless the connection broke
    while it was being committed, when it may have been (``SaveUncertain``)."""
    try:
        yield
    except SaveUncertain:
        raise
    except StoreUnavailable as exc:
        if "nothing was" in exc.message:
            raise
        raise type(exc)(f"{exc.message}; nothing was imported", exc.problems) from None


def import_parsed(document: Document, store: PoolRecords, *, dry_run: bool = False,
                  by: User | None = None) -> ImportPlan:
    """Plan and (unless ``dry_run``) apply an already validated document (from
    ``parse_document`` or ``csv_exchange.parse_csv``); all or nothing."""
    if by is not None:
        require(by, WRITE_POOL)
    plan = plan_import(document, store)
    if not dry_run and not plan.is_empty:
        store.apply(audited(plan, store, by))
    return plan


def audited(plan: ImportPlan, store: PoolRecords, by: User | None, action: str = "import") -> ImportPlan:
    """The plan with its audit entries: one for the document, with the counts,
    and one per record written, with before and after — except cases, which
    only count: copying their free text into the trail would keep a second
    copy of whatever someone later has to remove from it."""
    now, who = datetime.now(UTC), actor(by)
    counts = {kind: {"new": c.new, "changed": c.changed, "unchanged": c.unchanged}
              for kind, c in plan.counts.items() if c.total}
    entries = [AuditEntry(now, who, "document", None, action, None, {"counts": counts})]
    for kind in KINDS[:-1]:
        records = plan.writes.get(kind, ())
        counted = plan.counts.get(kind)
        all_new = counted is not None and counted.new == len(records)  # nothing to look up
        before = {} if all_new else store.get_many(kind, (r.id for r in records))
        entries.extend(AuditEntry(now, who, kind, r.id, action,
                                  record_to_dict(before[r.id]) if r.id in before else None,
                                  record_to_dict(r)) for r in records)
    return replace(plan, audit=(*plan.audit, *entries))


# --- export --------------------------------------------------------------------

_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls))
    return names


def record_to_dict(record: Any) -> dict[str, Any]:
    """A record as the exchange format writes it: declared field order, empty
    values and defaults left out, dates as ISO strings, whole numbers as ints."""
    out: dict[str, Any] = {}
    for name in _field_names(type(record)):
        value = getattr(record, name)
        if value is None or value == () or (name == "active" and value is True):
            continue
        out[name] = value if type(value) is str else _jsonable(value)  # most fields are text
    return out


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if hasattr(value, "__dataclass_fields__"):
        return record_to_dict(value)
    return value


def export_lines(store: PoolRecords) -> Iterator[str]:
    """The canonical document as text chunks (no second copy of the text in
    memory), all of one revision (``Store.records_at_one_revision``). The
    records are read here, at the call, so a store that fails does so before
    a download has begun, not halfway through it."""
    return _document_lines(store.records_at_one_revision())


def _document_lines(records: Mapping[str, list[Any]]) -> Iterator[str]:
    yield '{\n "format": ' + json.dumps(FORMAT)
    for kind in KINDS:
        yield f',\n "{kind}": ['
        first = True
        for record in records[kind]:
            line = orjson.dumps(record_to_dict(record)).decode()
            yield ("\n  " if first else ",\n  ") + line
            first = False
        yield "]" if first else "\n ]"
    yield "\n}\n"


def export_document(store: PoolRecords) -> str:
    """The whole store as one canonical ``kernteamdb/1`` document."""
    return "".join(export_lines(store))


# --- problems --------------------------------------------------------------------

def _place(loc: Iterable[Any]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif isinstance(part, str) and (part.startswith(("function-", "literal[", "lax-", "json-"))
                                        or part in {"str", "int", "float", "bool", "date",
                                                    "tuple", "list", "none"}):
            continue  # pydantic's names for union members and validators, not places
        else:
            out += f".{part}" if out else str(part)
    return out or "(document)"


def _schema_problems(exc: ValidationError) -> list[Problem]:
    return [_schema_problem(error) for error in exc.errors(include_url=False)]


def _schema_problem(error: Any) -> Problem:
    """One of pydantic's errors as a problem, from its type, context and place
    (its English message is not read): a control character is said as such,
    a pattern by what the field is, custom validators' codes as they are."""
    place, kind, context = _place(error["loc"]), error["type"], error.get("ctx", {})
    if kind in _CODES:
        return Problem.of(place, _CODES[kind])
    if kind == "string_pattern_mismatch":
        control = control_problem(error["input"], lines=context.get("pattern") == LINES_PATTERN) \
            if isinstance(error["input"], str) else None
        if control is not None:
            return control.at(place)
        if str(error["loc"][-1]) in _PATTERN_CODES:
            return Problem.of(place, _PATTERN_CODES[str(error["loc"][-1])])
    problem = Problem.of(place, kind, **context)
    try:
        if problem.text == error["msg"]:  # pydantic's own words, or a custom code's
            return problem
    except (KeyError, TypeError, ValueError):
        pass
    return Problem.said(error["msg"].removeprefix("Value error, "), place)


def _place_order(problem: Problem) -> tuple[Any, ...]:
    """Document order: top level first, then kinds in order, indexes numerically."""
    place, message = problem.field, problem.text
    head = re.split(r"[.\[]", place, maxsplit=1)[0]
    parts = tuple(int(p) if p.isdigit() else p for p in re.split(r"\[(\d+)\]", place))
    return (KINDS.index(head) + 1 if head in KINDS else 0, _natural(parts), message)


def _natural(parts: tuple[Any, ...]) -> tuple[tuple[int, Any], ...]:
    return tuple((0, p) if isinstance(p, int) else (1, p) for p in parts)
