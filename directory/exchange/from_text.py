"""The quick way in for a clean exchange document: validated straight from its text.

Decoding a whole document into Python dicts first (``orjson.loads``) and then
validating them holds both at once: at 1,000,000 cases the dicts alone took
2.7 GiB, the import peaked at 4.4 GiB, and the strings the validated records
share with the dicts kept the freed memory too scattered for the process to
give back. Pydantic can validate the JSON text itself, without a tree of
Python dicts, so a document that is clean is read that way.

The cases, most of a large document, are validated a few megabytes at a
time: pydantic first parses the text it validates into a tree of its own
(about four times the text's size), so the whole document at once peaked at
3.1 GiB at 1,000,000 cases. The rest of the document is validated with an
empty case list in their place.

This path only ever says "clean": the schema, the cross-references, the new
ids and the cycles all hold. When anything does not, it answers None and
``parse_document`` takes the detailed path over the decoded dicts, which
names every problem with its place, as before; so the problems of a bad
document do not depend on which path looked first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from pydantic import TypeAdapter, ValidationError

from directory.exchange.case_chunks import split_cases
from directory.exchange.references import records_look_clean, unsafe_new_ids
from directory.exchange.shared_values import SharedValues
from directory.pool.model import KINDS, Case, Document
from directory.ports import Pool, PoolWithTaxonomy
from directory.privacy import KNOWN
from directory.privacy.known import REGION, KnownNames, pool_names

#: The whole document's schema (``directory.pool.model``), shared with the detailed path.
DOCUMENT = TypeAdapter(Document)
_CASES = TypeAdapter(tuple[Case, ...])


@dataclass(frozen=True, slots=True)
class _Named:
    """What the privacy guard reads of a professional, organisation or team: any
    other field (and the cases) is skipped without being made into objects."""

    name: Any = None
    wijk: Any = None
    wijken: Any = None


@dataclass(frozen=True, slots=True)
class _Names:
    professionals: list[_Named] | None = None
    organisations: list[_Named] | None = None
    teams: list[_Named] | None = None


_NAMES = TypeAdapter(_Names)


def names_in(items: Iterable[tuple[Any, Any, Any]]) -> list[str]:
    """The names among professionals', organisations' and teams' (name, wijk,
    wijken) as a document gives them: only those that are text."""
    named: list[str] = []
    for name, wijk, wijken in items:
        values = [name, wijk, *(wijken if isinstance(wijken, list) else ())]
        named.extend(v for v in values if isinstance(v, str))
    return named


def with_pool_names(named: list[str], store: Pool | None) -> KnownNames:
    """The names the privacy guard leaves alone in a document's case notes:
    ``store``'s pool and region's (the region's alone without a store) and ``named``."""
    base = pool_names(store) if store is not None else REGION
    return base + KnownNames.of(named) if named else base


def clean_document(text: str | bytes, store: PoolWithTaxonomy | None, *,
                   new_ids: bool = True) -> Document | None:
    """``text`` as a validated document when it has no problem at all, else None
    (the caller then finds and names the problems; see the module's docstring)."""
    parts = split_cases(text)
    head = text if parts is None else parts.head
    known = _known_names(head, store)
    if known is None:
        return None
    context = {KNOWN: known}
    try:
        document = DOCUMENT.validate_json(head, context=context)
        if parts is not None:
            if document.cases:  # a second "cases" key: not what the split took it for
                return None
            shared = SharedValues(p.id for p in document.professionals)
            cases = [shared.share(c) for chunk in parts.chunks()
                     for c in _CASES.validate_json(chunk, context=context)]
            document = replace(document, cases=tuple(cases))
    except ValidationError:
        return None
    if not records_look_clean(document, store):
        return None
    if new_ids and any(unsafe_new_ids(kind, [r.id for r in getattr(document, kind)], store)
                       for kind in KINDS):
        return None
    return document


def _known_names(text: str | bytes, store: Pool | None) -> KnownNames | None:
    """The known names (``with_pool_names``) with the names ``text`` brings, read
    as the detailed path reads them; None when the text is not shaped so that
    both would read the same (not JSON, not an object, a list that is not one)."""
    try:
        found = _NAMES.validate_json(text)
    except ValidationError:
        return None
    return with_pool_names(names_in((item.name, item.wijk, item.wijken)
                                    for items in (found.professionals, found.organisations, found.teams)
                                    for item in items or ()), store)
