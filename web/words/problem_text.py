"""Import problems in the page's language.

The directory reports every problem of an upload with its place and code
(``directory.problems``; the command line and the API print them in
English). A coordinator reads them on the import preview in Dutch (or
English through the switch): ``web.words.problems`` words each code and its
place; a code it has no words for is shown in the directory's own words
rather than hidden.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext

from directory.problems import Problem
from web.words.problems import listed, placed


def problems(found: Sequence[Problem]) -> list[tuple[str, str]]:
    """Every problem as (place, message), in the order the directory gave them."""
    return [(placed(problem), listed(problem)) for problem in found]


def conflict_text() -> str:
    return gettext("De pool is gewijzigd sinds dit voorbeeld; er is niets doorgevoerd. "
                   "Bekijk het nieuwe voorbeeld hieronder en voer het opnieuw door.")
