"""What the search understood, as chips a worker can remove, and the picker
to add an area: shared by the search page and the consultation form.

The picker is a text field with a ``<datalist>`` of every area's label (the
browser filters it as you type, with no script, under the strict
Content-Security-Policy); what is typed is resolved here: a label in either
language, an area id, or words the vocabulary understands ("spijbelen" adds
Schoolverzuim).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext

from directory.search.queries import Understood
from directory.search.vocabulary import Vocabulary, normalise
from web.pages.parts.lookups import Lookups


@dataclass(frozen=True)
class Chip:
    """One area the worker sees as understood (or chose), with the words that named it."""

    area: str
    label: str
    words: tuple[str, ...]
    chosen: bool  # added by the worker, not understood from the text
    guessed: bool = False  # recognised from example needs: "waarschijnlijk"


@dataclass(frozen=True)
class Option:
    """One entry of the picker's list: the label to type and its domain."""

    label: str
    domain: str


def chips(understood: tuple[Understood, ...], known: Lookups) -> list[Chip]:
    return [Chip(u.area, known.label(u.area), u.words, u.chosen, u.guessed) for u in understood]


def options(known: Lookups) -> list[Option]:
    """Every area and domain, by domain and label, labelled in the page's language."""
    out = []
    for area in known.areas.values():
        domain = known.domain_of(area.id)
        out.append(Option(known.label(area.id), known.label(domain) if domain else ""))
    return sorted(out, key=lambda o: (o.domain.casefold(), o.domain != o.label, o.label.casefold()))


class NotAnArea(ValueError):
    """What was typed in the picker names no area; the message is for the worker."""


def resolve(text: str, vocabulary: Vocabulary, known: Lookups) -> list[str]:
    """The area ids the picker's text names: a label (either language) or id
    exactly, otherwise the areas the vocabulary understands in it."""
    wanted = normalise(text)
    for area in known.areas.values():
        if wanted in {normalise(area.id), normalise(area.label), normalise(area.label_en or "")}:
            return [area.id]
    found = [m.area for m in vocabulary.match(text)]
    if not found:
        raise NotAnArea(gettext("Geen expertisegebied gevonden voor '%(text)s'. Kies er een uit de lijst.",
                                text=text))
    return found
