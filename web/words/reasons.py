"""A search result's "why" lines in the page's language.

The ranking hands its reasons over as codes with values
(``directory.search.reasons``); this writes them with the catalog's translation of
each sentence, the area's label in the page's language and Babel's months,
numbers and lists ("A en B" / "A and B"). The Dutch ``why`` text of the JSON
and the command line is written by the same sentences, untranslated.
"""

from __future__ import annotations

from collections.abc import Sequence

from babel.lists import format_list
from flask_babel import gettext

from directory.search.queries import Hit
from directory.search.reasons import Words, sentence
from web.guard import store
from web.i18n import language, month, number
from web.pages.parts.lookups import lookups


def _names(names: Sequence[str]) -> str:
    return format_list(list(names), locale=language())


def why_lines(hit: Hit) -> list[str]:
    """Why ``hit`` ranks where it does, one line per reason, in the page's language."""
    words = Words(area=lookups(store()).label, translate=gettext, month=month, number=number,
                  names=_names)
    return [sentence(reason, words) for reason in hit.reasons]
