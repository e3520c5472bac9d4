"""A document's text cut into the rest and its case list, a few megabytes of cases at a time.

Only a guess at where things are, found by a few searches over the text, never
by reading it: that the top level's last key is ``"cases"`` and where one case
ends and the next begins. Whoever uses the pieces validates each as JSON, so a
guess that is wrong shows as a piece that is not valid JSON (a cut inside a
string leaves it unterminated, one between two participants leaves a bracket
open) or as a case list in the rest, and is then not used. Documents arrive as
bytes (a file, an upload); text given as ``str`` (a test, a small document) is
not cut.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

#: About this much text of cases per piece (some 10,000 cases).
CHUNK = 4_000_000

_SPACE = re.compile(rb"\s*")
_KEY = re.compile(rb'"cases"\s*:\s*\[')
#: The end of one case and the start of the next: the next object's first key is
#: not one of a participant's (the only objects inside a case).
_BETWEEN = re.compile(rb'\}\s*,\s*(?=\{\s*"(?!(?:professional|role|hours)"))')


@dataclass(frozen=True)
class CaseSplit:
    """The document with ``[]`` for its case list (``head``) and that list's pieces."""

    text: bytes
    head: bytes
    start: int  # just after the list's "["
    end: int  # at the list's "]"

    def chunks(self) -> Iterator[bytes]:
        """The case list as JSON arrays of about ``CHUNK`` bytes each."""
        text, pos = self.text, self.start
        while not _SPACE.fullmatch(text, pos, self.end):  # (no copy of what is left)
            found = _BETWEEN.search(text, min(pos + CHUNK, self.end), self.end)
            stop = self.end if found is None else found.start() + 1
            yield b"[" + text[pos:stop] + b"]"
            pos = self.end if found is None else found.end()


def split_cases(text: str | bytes) -> CaseSplit | None:
    """``text`` cut around its top-level case list, or None when it does not end
    with one (``"cases": [...]}``) or is not bytes: the caller then validates it whole.

    >>> split = split_cases(b'{"format": "kernteamdb/1", "cases": [{"id": "a"}, {"id": "b"}]}')
    >>> split.head, list(split.chunks())
    (b'{"format": "kernteamdb/1", "cases": []}', [b'[{"id": "a"}, {"id": "b"}]'])
    >>> split_cases(b'{"cases": [], "format": "kernteamdb/1"}') is None
    True
    """
    if not isinstance(text, bytes):
        return None
    at = text.rfind(b'"cases"')
    key = _KEY.match(text, at) if at >= 0 else None
    tail = text.rstrip()
    if key is None or not tail.endswith(b"}"):
        return None
    end = len(tail[:-1].rstrip()) - 1
    if end < key.end() - 1 or text[end:end + 1] != b"]":
        return None
    return CaseSplit(text, text[:key.end()] + text[end:], key.end(), end)
