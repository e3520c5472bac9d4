"""Cross-reference checks of an exchange document, on the raw decoded JSON.

They run on the raw data, not on validated records, so that a document with
schema errors still gets its duplicate ids, dangling references, cycles and
self-references reported in the same report, each with its place.
"""

from __future__ import annotations

from typing import Any

from directory.pool.model import KINDS
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


def _strings(values: Any) -> list[Any]:
    return values if isinstance(values, list) else [values]


def _references_look_clean(raw: dict[str, Any], store: PoolRecords | None) -> bool:
    """True only when there is certainly no reference problem (see above)."""
    try:
        items = {kind: raw.get(kind) or [] for kind in KINDS}
        ids = {kind: [item["id"] for item in items[kind]] for kind in KINDS}
        known = {kind: set(values) for kind, values in ids.items()}
        if any(len(known[kind]) != len(ids[kind]) for kind in KINDS):
            return False
        referenced: dict[str, set[Any]] = {kind: set() for kind in KINDS}
        for kind in KINDS:
            for name, target, many in REFERENCE_FIELDS[kind]:
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
    parent: dict[str, str | None] = {}
    if store is not None:
        parent.update({a.id: a.broader for a in store.areas()})
    place = {}
    for i, item in _entries(raw, "expertise"):
        rid, broader = item.get("id"), item.get("broader")
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
