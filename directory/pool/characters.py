"""Which characters a text may hold, and which ids a new record may have.

Control characters (C0, DEL, C1) are invisible on a page, cut strings short
in C programs (NUL), break CSV rows and log lines, and can move a terminal's
cursor: every text field refuses them, as does every id. Multi-line text (a
bio, notes) keeps tab and line breaks. The pydantic types of
``directory.pool.model`` and the free-text checks of ``directory.consultations.values``
both ask here, so the rule and its message are one (a pattern mismatch of the
model is reported with ``control_problem``'s words by ``directory.exchange.document``).

A new record's id is also limited to a safe set: ASCII letters, digits,
``-``, ``_`` and ``.``, not starting with ``.``, ``-``, ``=``, ``+`` or
``@`` — so an id is never a path (``../evil``) or a spreadsheet formula
(``=cmd|' /C calc'!A0``). Records stored before this rule keep their ids
(``new_id_problems`` asks only about ids the store does not hold).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from directory.problems import ENGLISH, Problem

#: C0 control characters, DEL and C1.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
#: The same, but tab, line feed and carriage return are text in a multi-line field.
_CONTROL_IN_LINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: The same rules as patterns of the model's text types (and so of the OpenAPI document).
ONE_LINE_PATTERN = r"^[^\x00-\x1f\x7f-\x9f]*$"
LINES_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$"
#: A name: one line with at least one character that is not a space.
NAME_PATTERN = r"^[^\x00-\x1f\x7f-\x9f]*[^\x00-\x1f\x7f-\x9f\s][^\x00-\x1f\x7f-\x9f]*$"
#: Multi-line text that must say something (a consultation's need, a step's reason).
FILLED_LINES_PATTERN = (r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*[^\x00-\x1f\x7f-\x9f\s]"
                        r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$")
SAFE_ID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
SAFE_ID_RULE = str(ENGLISH["unsafe_id"])


def control_problem(value: str, *, lines: bool = False) -> Problem | None:
    """What is wrong with ``value``'s characters (None: nothing), on no field
    yet; ``lines``: a multi-line field, where tab and line breaks are allowed.

    >>> control_problem("Anna\\x00de Vries").text
    'holds a control character (U+0000); remove it'
    >>> control_problem("regel 1\\nregel 2", lines=True) is None
    True
    """
    found = (_CONTROL_IN_LINES if lines else _CONTROL).search(value)
    if found is None:
        return None
    return Problem.of("", "control_character", character=f"U+{ord(found.group()):04X}")


def is_safe_id(value: str) -> bool:
    """
    >>> [is_safe_id(v) for v in ("p-0046", "org.vivent_2", "../evil", "=cmd|' /C calc'!A0", "-x", "@a")]
    [True, True, False, False, False, False]
    """
    return bool(SAFE_ID.match(value))


def unsafe_ids(ids: Iterable[object]) -> list[str]:
    """The ids among ``ids`` that a new record may not have (non-strings are the schema's problem)."""
    return [i for i in ids if isinstance(i, str) and not is_safe_id(i)]
