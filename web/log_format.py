"""The log as JSON lines (``kernteamdb serve --log-format json``), for a log
collector that reads fields rather than text.

One object per line: ``time`` (UTC, ISO 8601), ``level``, ``logger``, and
then either the request's fields (``method``, ``path`` with the names of its
query parameters but never their values, ``status``, ``ms``:
``web.access_log``) or the ``message``. An error carries the kind of
exception and where it happened (``file:line in function`` of each frame in
KernteamDB's own code) but never the exception's text: that may quote what
someone typed about a household. No user name, no address, no body.
"""

from __future__ import annotations

import json
import logging
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

#: The folder KernteamDB's packages live in: frames elsewhere (Flask, the
#: standard library) are left out of ``where``, and paths are shown from here.
_ROOT = Path(__file__).resolve().parent.parent


class JsonLines(logging.Formatter):
    """``logging.Formatter`` writing each record as one JSON object."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(), "logger": record.name}
        fields = getattr(record, "http", None)
        if isinstance(fields, dict):
            line.update(fields)
        else:
            line["message"] = record.getMessage()
        if record.exc_info and record.exc_info[0] is not None:
            line["exception"] = record.exc_info[0].__name__
            line["where"] = _where(record.exc_info[2])
        return json.dumps(line, ensure_ascii=False)


def _where(trace: Any) -> list[str]:
    """``file:line in function`` for each frame of the traceback in KernteamDB's own code."""
    out = []
    for frame in traceback.extract_tb(trace):
        path = Path(frame.filename).resolve()
        if path.is_relative_to(_ROOT) and ".venv" not in path.parts and "site-packages" not in path.parts:
            out.append(f"{path.relative_to(_ROOT)}:{frame.lineno} in {frame.name}")
    return out
