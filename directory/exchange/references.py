"""Cross-reference checks of an exchange document, on the raw decoded JSON.

They run on the raw data, not on validated records, so that a document with
schema errors still gets its duplicate ids, dangling references, cycles and
self-references reported in the same report, each with its place.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from typing import Any

from directory.pool.characters import unsafe_ids
from directory.pool.model import KINDS, Document
from directory.ports import PoolRecords, PoolWithTaxonomy, Taxonomy
from directory.problems import Problem, unknown

#: What a reference field points at, per kind: (field, target kind, is a list).
REFERENCE_FIELDS: dict[str, tuple[tuple[str, str, bool], ...]] = {
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
def _entries(raw: dict[str, Any], kind: str) -> list[tuple[int, dict[str, Any]]]:
    items = raw.get(kind)
    if not isinstance(items, list):
        return []
    return [(i, item) for i, item in enumerate(items) if isinstance(item, dict)]


def reference_problems(raw: dict[str, Any], store: PoolWithTaxonomy | None) -> list[Problem]:
    """Duplicate ids, dangling references, cycles and self-references, checked on
    the raw data so they are reported together with the schema problems.

    A quick pass with set operations settles the common case, a clean
    document; only when it finds something does the slower pass run that
    names the place of every problem."""
    if _references_look_clean(raw, store):
        return _cycle_problems(raw, store)
    return _reference_problems_in_detail(raw, store)


def _strings(values: Any) -> list[Any] | tuple[Any, ...]:
    return values if isinstance(values, list | tuple) else [values]


def _references_look_clean(raw: dict[str, Any], store: PoolRecords | None) -> bool:
    """True only when there is certainly no reference problem (see above)."""
    items = {kind: raw.get(kind) or [] for kind in KINDS}
    return _look_clean(items, store, _key, operator.getitem)


def records_look_clean(document: Document, store: PoolWithTaxonomy | None) -> bool:
    """True when a validated ``document`` has no reference problem and no cycle:
    the same quick pass as over the decoded JSON, on the records' fields."""
    items = {kind: getattr(document, kind) for kind in KINDS}
    if not _look_clean(items, store, _attribute, getattr):
        return False
    return not _cycles(((i, a.id, a.broader) for i, a in enumerate(document.expertise)), store)


def _key(item: Any, name: str) -> Any:
    return item.get(name)


def _attribute(item: Any, name: str) -> Any:
    return getattr(item, name, None)


def _look_clean(items: dict[str, Any], store: PoolRecords | None,
                get: Callable[[Any, str], Any], need: Callable[[Any, str], Any]) -> bool:
    """The quick pass over each kind's ``items``, whose optional fields ``get``
    reads and whose required ones ``need`` reads (raising when they are missing)."""
    try:
        ids = {kind: [need(item, "id") for item in items[kind]] for kind in KINDS}
        known = {kind: set(values) for kind, values in ids.items()}
        if any(len(known[kind]) != len(ids[kind]) for kind in KINDS):
            return False
        referenced: dict[str, set[Any]] = {kind: set() for kind in KINDS}
        for kind in KINDS:
            for name, target, many in REFERENCE_FIELDS[kind]:
                for item in items[kind]:
                    value = get(item, name)
                    if value is None:
                        continue
                    values = _strings(value)
                    if many and len(set(values)) != len(values):
                        return False
                    referenced[target].update(values)
        for p in items["professionals"]:
            claims = [need(c, "area") for c in get(p, "expertise") or ()]
            knows = get(p, "knows") or ()
            if len(set(claims)) != len(claims) or need(p, "id") in knows:
                return False
            referenced["expertise"].update(claims)
        for c in items["cases"]:
            people = [need(x, "professional") for x in need(c, "participants")]
            if not people or not need(c, "areas") or len(set(people)) != len(people):
                return False
            if get(c, "closed") is not None and need(c, "closed") < need(c, "opened"):
                return False
            referenced["professionals"].update(people)
        for target, wanted in referenced.items():
            missing = wanted - known[target]
            if missing and (store is None or len(store.get_many(target, missing)) != len(missing)):
                return False
    except (KeyError, TypeError, AttributeError):
        return False  # malformed records: the detailed pass names the places
    return True


def _reference_problems_in_detail(raw: dict[str, Any], store: PoolWithTaxonomy | None) -> list[Problem]:
    problems: list[Problem] = []
    ids: dict[str, dict[str, int]] = {kind: {} for kind in KINDS}
    for kind in KINDS:
        for i, item in _entries(raw, kind):
            rid = item.get("id")
            if isinstance(rid, str):
                if rid in ids[kind]:
                    problems.append(Problem.of(f"{kind}[{i}].id", "duplicate_id", id=rid,
                                               other=f"{kind}[{ids[kind][rid]}]"))
                else:
                    ids[kind][rid] = i

    wanted: dict[str, list[tuple[str, str]]] = {kind: [] for kind in KINDS}

    def want(target: str, value: Any, place: str) -> None:
        if isinstance(value, str) and value not in ids[target]:
            wanted[target].append((value, place))

    for kind in KINDS:
        for i, item in _entries(raw, kind):
            for name, target, many in REFERENCE_FIELDS[kind]:
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
                problems.append(unknown(target, value, place))
    problems.extend(_cycle_problems(raw, store))
    return problems


def _duplicates(values: list[Any], place: str) -> list[Problem]:
    seen: set[Any] = set()
    problems: list[Problem] = []
    for j, v in enumerate(values):
        if isinstance(v, str | int | float):
            if v in seen:
                problems.append(Problem.of(f"{place}[{j}]", "listed_twice", value=v))
            seen.add(v)
    return problems


def _professional_problems(item: dict[str, Any], i: int, want: Any) -> list[Problem]:
    problems: list[Problem] = []
    knows = item.get("knows")
    if isinstance(knows, list) and item.get("id") in knows:
        problems.append(Problem.of(f"professionals[{i}].knows", "knows_themselves"))
    claims = item.get("expertise")
    if isinstance(claims, list):
        areas = [c.get("area") for c in claims if isinstance(c, dict)]
        for j, claim in enumerate(claims):
            if isinstance(claim, dict):
                want("expertise", claim.get("area"), f"professionals[{i}].expertise[{j}].area")
        problems.extend(_duplicates(areas, f"professionals[{i}].expertise"))
    return problems


def _case_problems(item: dict[str, Any], i: int, want: Any) -> list[Problem]:
    problems: list[Problem] = []
    participants = item.get("participants")
    if isinstance(participants, list):
        if not participants:
            problems.append(Problem.of(f"cases[{i}].participants", "no_participant"))
        people = [p.get("professional") for p in participants if isinstance(p, dict)]
        for j, part in enumerate(participants):
            if isinstance(part, dict):
                want("professionals", part.get("professional"),
                     f"cases[{i}].participants[{j}].professional")
        problems.extend(_duplicates(people, f"cases[{i}].participants"))
    if item.get("areas") == []:
        problems.append(Problem.of(f"cases[{i}].areas", "no_case_area"))
    opened, closed = item.get("opened"), item.get("closed")
    if isinstance(opened, str) and isinstance(closed, str) and len(opened) == len(closed) == 10:
        if closed < opened:
            problems.append(Problem.of(f"cases[{i}].closed", "closed_before_opened", closed=closed,
                                       opened=opened))
    return problems


def _cycle_problems(raw: dict[str, Any], store: Taxonomy | None) -> list[Problem]:
    """An area may not be (indirectly) broader than itself."""
    return _cycles(((i, item.get("id"), item.get("broader")) for i, item in _entries(raw, "expertise")),
                   store)


def _cycles(areas: Iterable[tuple[int, Any, Any]], store: Taxonomy | None) -> list[Problem]:
    """The problems of ``areas`` (place, id, broader) that are broader than themselves."""
    parent: dict[str, str | None] = {}
    if store is not None:
        parent.update({a.id: a.broader for a in store.areas()})
    place = {}
    for i, rid, broader in areas:
        if isinstance(rid, str):
            parent[rid] = broader if isinstance(broader, str) else None
            place[rid] = i
    problems: list[Problem] = []
    for rid, i in place.items():
        seen = {rid}
        node = parent.get(rid)
        while node is not None:
            if node in seen:
                problems.append(Problem.of(f"expertise[{i}].broader", "own_broader", id=rid))
                break
            seen.add(node)
            node = parent.get(node)
    return problems


def unsafe_new_ids(kind: str, ids: Iterable[object], store: PoolRecords | None) -> set[str]:
    """The ``ids`` of ``kind`` outside the safe set (``directory.pool.characters``)
    that ``store`` does not hold yet (all of them without a store): a new record
    needs a safe id, ids already stored keep working."""
    unsafe = set(unsafe_ids(ids))
    if not unsafe or store is None:
        return unsafe
    return unsafe - set(store.get_many(kind, unsafe))
