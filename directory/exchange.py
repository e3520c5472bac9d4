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
from collections.abc import Iterable, Iterator
from dataclasses import fields, replace
from datetime import date
from typing import Any

import orjson
from pydantic import TypeAdapter, ValidationError

from directory.bulk import collector_paused
from directory.errors import InvalidInput
from directory.model import FORMAT, KINDS, Document, Record
from directory.ports import ImportPlan, KindCounts, Store

_DOCUMENT = TypeAdapter(Document)

#: What a reference field points at, per kind: (field, target kind, is a list).
_REFERENCES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    "expertise": (("broader", "expertise", False), ("related", "expertise", True)),
    "organisations": (("areas", "expertise", True),),
    "teams": (("organisation", "organisations", False),),
    "professionals": (
        ("organisation", "organisations", False),
        ("teams", "teams", True),
        ("knows", "professionals", True),
    ),
    "cases": (("team", "teams", False), ("areas", "expertise", True)),
}
_NOUN = {
    "expertise": "expertise area",
    "organisations": "organisation",
    "teams": "team",
    "professionals": "professional",
    "cases": "case",
}
_PATTERN_MESSAGES = {
    "email": "not an e-mail address",
    "phone": "not a phone number",
    "id": "an id may not hold control characters or start or end with spaces",
}
_MESSAGES = {
    "missing": "required field is missing",
    "unexpected_keyword_argument": "unknown key",
    "extra_forbidden": "unknown key",
}


def parse_document(text: str | bytes, store: Store | None = None) -> Document:
    """Parse and validate an exchange document against itself and ``store``.

    Raises ``InvalidInput`` whose ``details`` hold every problem, each as
    ``place: message`` (e.g. ``professionals[3].expertise[0].area: unknown
    expertise area 'dementia'``). References may point into the document or
    at records already in ``store``.
    """
    with collector_paused():
        try:
            raw = orjson.loads(text)
        except orjson.JSONDecodeError as exc:
            if "utf-8" in exc.msg.lower():
                raise InvalidInput("the document is not UTF-8 text",
                                   ["(document): not UTF-8"]) from None
            detail = f"line {exc.lineno} column {exc.colno}: {exc.msg}"
            raise InvalidInput("the document is not valid JSON", [detail]) from None
        return validate_document(raw, store)


def validate_document(raw: Any, store: Store | None = None) -> Document:
    """Validate an already-decoded document; see ``parse_document``."""
    if not isinstance(raw, dict):
        raise InvalidInput("the document is not a kernteamdb/1 object",
                           ["(document): must be a JSON object"])
    problems: list[str] = []
    document: Document | None = None
    try:
        document = _DOCUMENT.validate_python(raw)
    except ValidationError as exc:
        problems.extend(_schema_problems(exc))
    problems.extend(_reference_problems(raw, store))
    if problems or document is None:
        problems = sorted(set(problems), key=_place_order)
        raise InvalidInput(f"the document has {len(problems)} problem(s); nothing was changed",
                           problems)
    return canonical(document)


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


def plan_import(document: Document, store: Store) -> ImportPlan:
    """Compare a validated document with the store: new, changed, unchanged."""
    writes: dict[str, tuple[Record, ...]] = {}
    counts: dict[str, KindCounts] = {}
    for kind in KINDS:
        records: tuple[Record, ...] = getattr(document, kind)
        existing = store.get_many(kind, (r.id for r in records))
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


def import_document(text: str | bytes, store: Store, *, dry_run: bool = False) -> ImportPlan:
    """Validate, plan and (unless ``dry_run``) apply a document; all or nothing."""
    with collector_paused():
        plan = plan_import(parse_document(text, store), store)
    if not dry_run and not plan.is_empty:
        store.apply(plan)
    return plan


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
        out[name] = _jsonable(value)
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


def export_lines(store: Store) -> Iterator[str]:
    """The canonical document as text chunks (streams: no second copy in memory)."""
    yield '{\n "format": ' + json.dumps(FORMAT)
    for kind in KINDS:
        yield f',\n "{kind}": ['
        first = True
        for record in store.iter_records(kind):
            line = orjson.dumps(record_to_dict(record)).decode()
            yield ("\n  " if first else ",\n  ") + line
            first = False
        yield "]" if first else "\n ]"
    yield "\n}\n"


def export_document(store: Store) -> str:
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


def _schema_problems(exc: ValidationError) -> list[str]:
    problems = []
    for error in exc.errors(include_url=False):
        message = _MESSAGES.get(error["type"], error["msg"])
        if error["type"] == "string_pattern_mismatch":
            message = _PATTERN_MESSAGES.get(str(error["loc"][-1]), message)
        if error["type"] == "value_error":
            message = message.removeprefix("Value error, ")
        problems.append(f"{_place(error['loc'])}: {message}")
    return problems


def _place_order(problem: str) -> tuple[Any, ...]:
    """Document order: top level first, then kinds in order, indexes numerically."""
    place, _, message = problem.partition(": ")
    head = re.split(r"[.\[]", place, maxsplit=1)[0]
    parts = tuple(int(p) if p.isdigit() else p for p in re.split(r"\[(\d+)\]", place))
    return (KINDS.index(head) + 1 if head in KINDS else 0, _natural(parts), message)


def _natural(parts: tuple[Any, ...]) -> tuple[tuple[int, Any], ...]:
    return tuple((0, p) if isinstance(p, int) else (1, p) for p in parts)


def _entries(raw: dict[str, Any], kind: str) -> list[tuple[int, dict[str, Any]]]:
    items = raw.get(kind)
    if not isinstance(items, list):
        return []
    return [(i, item) for i, item in enumerate(items) if isinstance(item, dict)]


def _reference_problems(raw: dict[str, Any], store: Store | None) -> list[str]:
    """Duplicate ids, dangling references, cycles and self-references, checked on
    the raw data so they are reported together with the schema problems.

    A quick pass with set operations settles the common case, a clean
    document; only when it finds something does the slower pass run that
    names the place of every problem."""
    if _references_look_clean(raw, store):
        return _cycle_problems(raw, store)
    return _reference_problems_in_detail(raw, store)


def _strings(values: Any) -> list[Any]:
    return values if isinstance(values, list) else [values]


def _references_look_clean(raw: dict[str, Any], store: Store | None) -> bool:
    """True only when there is certainly no reference problem (see above)."""
    try:
        items = {kind: raw.get(kind) or [] for kind in KINDS}
        ids = {kind: [item["id"] for item in items[kind]] for kind in KINDS}
        known = {kind: set(values) for kind, values in ids.items()}
        if any(len(known[kind]) != len(ids[kind]) for kind in KINDS):
            return False
        referenced: dict[str, set[Any]] = {kind: set() for kind in KINDS}
        for kind in KINDS:
            for name, target, many in _REFERENCES[kind]:
                for item in items[kind]:
                    value = item.get(name)
                    if value is None:
                        continue
                    values = _strings(value)
                    if many and len(set(values)) != len(values):
                        return False
                    referenced[target].update(values)
        for p in items["professionals"]:
            claims = [c["area"] for c in p.get("expertise") or ()]
            knows = p.get("knows") or ()
            if len(set(claims)) != len(claims) or p["id"] in knows:
                return False
            referenced["expertise"].update(claims)
        for c in items["cases"]:
            people = [x["professional"] for x in c["participants"]]
            if not people or not c["areas"] or len(set(people)) != len(people):
                return False
            if c.get("closed") is not None and c["closed"] < c["opened"]:
                return False
            referenced["professionals"].update(people)
        for target, wanted in referenced.items():
            missing = wanted - known[target]
            if missing and (store is None or len(store.get_many(target, missing)) != len(missing)):
                return False
    except (KeyError, TypeError, AttributeError):
        return False  # malformed records: the detailed pass names the places
    return True


def _reference_problems_in_detail(raw: dict[str, Any], store: Store | None) -> list[str]:
    problems: list[str] = []
    ids: dict[str, dict[str, int]] = {kind: {} for kind in KINDS}
    for kind in KINDS:
        for i, item in _entries(raw, kind):
            rid = item.get("id")
            if isinstance(rid, str):
                if rid in ids[kind]:
                    problems.append(f"{kind}[{i}].id: duplicate id '{rid}' "
                                    f"(also {kind}[{ids[kind][rid]}])")
                else:
                    ids[kind][rid] = i

    wanted: dict[str, list[tuple[str, str]]] = {kind: [] for kind in KINDS}

    def want(target: str, value: Any, place: str) -> None:
        if isinstance(value, str) and value not in ids[target]:
            wanted[target].append((value, place))

    for kind in KINDS:
        for i, item in _entries(raw, kind):
            for name, target, many in _REFERENCES[kind]:
                value = item.get(name)
                if many and isinstance(value, list):
                    for j, v in enumerate(value):
                        want(target, v, f"{kind}[{i}].{name}[{j}]")
                    problems.extend(_duplicates(value, f"{kind}[{i}].{name}"))
                elif not many:
                    want(target, value, f"{kind}[{i}].{name}")
            if kind == "professionals":
                problems.extend(_professional_problems(item, i, want))
            elif kind == "cases":
                problems.extend(_case_problems(item, i, want))

    for target, refs in wanted.items():
        if not refs:
            continue
        known = store.get_many(target, {v for v, _ in refs}) if store is not None else {}
        for value, place in refs:
            if value not in known:
                problems.append(f"{place}: unknown {_NOUN[target]} '{value}'")
    problems.extend(_cycle_problems(raw, store))
    return problems


def _duplicates(values: list[Any], place: str) -> list[str]:
    seen: set[Any] = set()
    problems = []
    for j, v in enumerate(values):
        if isinstance(v, str | int | float):
            if v in seen:
                problems.append(f"{place}[{j}]: '{v}' is listed twice")
            seen.add(v)
    return problems


def _professional_problems(item: dict[str, Any], i: int, want: Any) -> list[str]:
    problems = []
    knows = item.get("knows")
    if isinstance(knows, list) and item.get("id") in knows:
        problems.append(f"professionals[{i}].knows: a professional cannot know themselves")
    claims = item.get("expertise")
    if isinstance(claims, list):
        areas = [c.get("area") for c in claims if isinstance(c, dict)]
        for j, claim in enumerate(claims):
            if isinstance(claim, dict):
                want("expertise", claim.get("area"), f"professionals[{i}].expertise[{j}].area")
        problems.extend(_duplicates(areas, f"professionals[{i}].expertise"))
    return problems


def _case_problems(item: dict[str, Any], i: int, want: Any) -> list[str]:
    problems = []
    participants = item.get("participants")
    if isinstance(participants, list):
        if not participants:
            problems.append(f"cases[{i}].participants: a case needs at least one participant")
        people = [p.get("professional") for p in participants if isinstance(p, dict)]
        for j, part in enumerate(participants):
            if isinstance(part, dict):
                want("professionals", part.get("professional"),
                     f"cases[{i}].participants[{j}].professional")
        problems.extend(_duplicates(people, f"cases[{i}].participants"))
    if item.get("areas") == []:
        problems.append(f"cases[{i}].areas: a case needs at least one expertise area")
    opened, closed = item.get("opened"), item.get("closed")
    if isinstance(opened, str) and isinstance(closed, str) and len(opened) == len(closed) == 10:
        if closed < opened:
            problems.append(f"cases[{i}].closed: closed ({closed}) is before opened ({opened})")
    return problems


def _cycle_problems(raw: dict[str, Any], store: Store | None) -> list[str]:
    """An area may not be (indirectly) broader than itself."""
    parent: dict[str, str | None] = {}
    if store is not None:
        parent.update({a.id: a.broader for a in store.areas()})
    place = {}
    for i, item in _entries(raw, "expertise"):
        rid, broader = item.get("id"), item.get("broader")
        if isinstance(rid, str):
            parent[rid] = broader if isinstance(broader, str) else None
            place[rid] = i
    problems = []
    for rid, i in place.items():
        seen = {rid}
        node = parent.get(rid)
        while node is not None:
            if node in seen:
                problems.append(f"expertise[{i}].broader: '{rid}' would be its own broader area")
                break
            seen.add(node)
            node = parent.get(node)
    return problems
