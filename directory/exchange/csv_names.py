"""Names where a CSV file refers to an organisation, team or expertise area,
and expertise levels as words.

A coordinator keeps the pool in a spreadsheet and knows "Vivent" and
"Casemanagement dementie", not ``org-vivent`` and ``dementie``. So a CSV
cell that refers to one of these may hold its id or its exact name (an
area's label); spaces around it and the case of its
letters do not count. An id always wins: a cell is read as a name only when
no record of that kind has it as id. A name that two records carry is
ambiguous and refused with both ids, so nothing is guessed. A name nobody
carries is left as it is, and validation reports it as unknown
(``csv_exchange`` adds that it was looked for as id and as name).

Names are resolved on the raw document before validation, so every other
rule (and the JSON import, which takes ids only) stays the same.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from directory.exchange.references import REFERENCE_FIELDS
from directory.ports import PoolRecords
from directory.problems import Problem, Refusal

#: The kinds a CSV cell may name, and the fields that hold their names.
NAMED: dict[str, tuple[str, ...]] = {
    "organisations": ("name",), "teams": ("name",), "expertise": ("label",),
}
#: Expertise levels as a spreadsheet may write them (besides 1, 2, 3); see
#: ``model.LEVEL_LABELS`` for the words the app shows.
LEVEL_WORDS: dict[str, int] = {
    "basis": 1, "basiskennis": 1, "basic": 1,
    "gevorderd": 2, "ervaren": 2, "advanced": 2, "experienced": 2,
    "specialist": 3, "expert": 3,
}


def level(text: str) -> int:
    """A level from ``1``-``3`` or a word; ``Refusal`` (a ValueError) otherwise.

    >>> level("3"), level(" Gevorderd "), level("basis")
    (3, 2, 1)
    """
    word = text.strip().lower()
    if word in LEVEL_WORDS:
        return LEVEL_WORDS[word]
    try:
        number = int(word)
    except ValueError:
        number = 0
    if number not in (1, 2, 3):
        raise Refusal(Problem.of("", "level_words"))
    return number


def _key(name: str) -> str:
    """How names are compared.

    >>> _key("  Vivent ") == _key("vivent")
    True
    """
    return " ".join(name.split()).casefold()


class _Index:
    """The ids and names of one kind: the store's records, overridden by the document's."""

    def __init__(self, kind: str, raw: dict[str, Any], store: PoolRecords | None) -> None:
        records: dict[str, dict[str, Any]] = {}
        if store is not None:
            for stored in store.iter_records(kind):
                records[stored.id] = {f: getattr(stored, f, None) for f in NAMED[kind]}
        for item in raw.get(kind) or ():
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                records[item["id"]] = item
        self.ids = set(records)
        self.names: dict[str, list[str]] = defaultdict(list)
        for record_id, fields in records.items():
            for name in {_key(v) for f in NAMED[kind] if isinstance(v := fields.get(f), str)}:
                self.names[name].append(record_id)

    def resolve(self, value: Any) -> tuple[Any, list[str]]:
        """The id ``value`` stands for, and the candidates when it is ambiguous."""
        if not isinstance(value, str) or value in self.ids:
            return value, []
        found = self.names.get(_key(value), [])
        if len(found) == 1:
            return found[0], []
        return value, sorted(found)


#: A name that fits more than one record, by the kind it names.
AMBIGUOUS = {"expertise": "ambiguous_area", "organisations": "ambiguous_organisation",
             "teams": "ambiguous_team"}


def resolve_names(raw: dict[str, Any], store: PoolRecords | None) -> list[Problem]:
    """Replace names by ids in ``raw``'s references to organisations, teams and
    areas (in place); the problems, placed as ``kind[i].field`` like validation's."""
    indexes = {kind: _Index(kind, raw, store) for kind in NAMED}
    problems: list[Problem] = []

    def resolved(target: str, value: Any, place: str) -> Any:
        found, candidates = indexes[target].resolve(value)
        if len(candidates) > 1:
            problems.append(Problem.of(place, AMBIGUOUS[target], value=value,
                                       other=", ".join(candidates)))
        return found

    for kind, fields in REFERENCE_FIELDS.items():
        for i, item in enumerate(raw.get(kind) or ()):
            if not isinstance(item, dict):
                continue
            for name, target, many in fields:
                if target not in indexes or item.get(name) is None:
                    continue
                value = item[name]
                if many and isinstance(value, list):
                    item[name] = [resolved(target, v, f"{kind}[{i}].{name}[{j}]")
                                  for j, v in enumerate(value)]
                elif not many:
                    item[name] = resolved(target, value, f"{kind}[{i}].{name}")
            if kind == "professionals":
                for j, claim in enumerate(_claims(item.get("expertise"))):
                    claim["area"] = resolved("expertise", claim.get("area"),
                                             f"professionals[{i}].expertise[{j}].area")
    return problems


def _claims(value: Any) -> Iterable[dict[str, Any]]:
    return [c for c in value if isinstance(c, dict)] if isinstance(value, list) else []
