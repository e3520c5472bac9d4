""""Hoe je verbonden bent" in words: the path of ``directory.search.connection`` as
steps (each person and how the step to them was made), worded the same on
the search card, the profile and the network page, so the three can never
describe one connection differently."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from directory.pool.model import Link, Path
from web.guard import store
from web.pages.parts.network_graph import KIND_LABELS


@dataclass(frozen=True)
class Step:
    """One person on the path from me, and how the step to them was made."""

    id: str
    name: str
    how: str


def link_words(link: Link) -> str:
    """How two people are linked, in words (with the number of shared cases)."""
    words = str(KIND_LABELS[link.kind])
    return f"{words} ({int(link.weight)})" if link.kind == "shared_case" else words


def names_of(ids: Iterable[str]) -> dict[str, str]:
    """People's names by id (the id itself for someone unknown)."""
    wanted = list(dict.fromkeys(ids))
    people = store().get_many("professionals", wanted)
    return {i: getattr(people.get(i), "name", i) for i in wanted}


def path_steps(found: Path, names: dict[str, str] | None = None) -> list[Step]:
    """A path as steps: each person and how the step to them was made (empty:
    no path). ``names`` may hold names already read."""
    if found.ids is None:
        return []
    known = names if names is not None and all(i in names for i in found.ids) else names_of(found.ids)
    return [Step(found.ids[0], known[found.ids[0]], "")] + \
        [Step(link.b, known[link.b], link_words(link)) for link in found.links]
