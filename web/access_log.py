"""One log line per request for ``kernteamdb serve``: waitress writes none of its own.

An operator needs to see that requests come in, how they end and how long they
take; they do not need to know who asked or what about. So a line holds the
method, the path, the names of the query parameters (never their values: a
search query may hold words about a household), the status and the time in
milliseconds until the last byte of the answer was handed to the server. No
user name, no address, no body.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any
from urllib.parse import parse_qsl

#: The logger the lines go to (``kernteamdb serve`` sends it to standard error).
LOGGER = logging.getLogger("kernteamdb.access")
#: A query parameter's name as the app's own forms and links write it; anything
#: else could be free text typed into a crafted URL and is written as ``_``.
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_.\-\[\]]{1,40}")
#: Characters that could break a line of the log (or forge a second one) in a crafted path.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\s]")

Environ = dict[str, Any]
StartResponse = Callable[..., Any]
App = Callable[[Environ, StartResponse], Iterable[bytes]]


def query_keys(query: str) -> str:
    """The names in ``query`` in their order, each once, without values."""
    keys: list[str] = []
    for key, _value in parse_qsl(query, keep_blank_values=True):
        shown = key if _PLAIN_KEY.fullmatch(key) else "_"
        if shown not in keys:
            keys.append(shown)
    return "&".join(keys)


def request_line(environ: Environ) -> str:
    """``GET /zoeken?q&wijk``: the method and path of a request, query values left out
    and control characters and spaces in the path written as ``%XX``."""
    path = (environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")) or "/"
    path = _CONTROL.sub(lambda c: f"%{ord(c.group()):02X}", path)
    keys = query_keys(environ.get("QUERY_STRING", ""))
    return f"{environ.get('REQUEST_METHOD', '-')} {path}{'?' + keys if keys else ''}"


class AccessLog:
    """WSGI middleware around the app that writes one line per request to ``LOGGER``."""

    def __init__(self, app: App, logger: logging.Logger = LOGGER) -> None:
        self.app = app
        self.logger = logger

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        started = time.perf_counter()
        status = ["-"]

        def remember(code: str, headers: Any, exc_info: Any = None) -> Any:
            status[0] = code.split(" ", 1)[0]
            return start_response(code, headers, exc_info) if exc_info else \
                start_response(code, headers)

        try:
            body = self.app(environ, remember)
        except BaseException:
            self._write(environ, "500", started)
            raise
        return self._finish(body, environ, status, started)

    def _finish(self, body: Iterable[bytes], environ: Environ, status: list[str],
                started: float) -> Iterator[bytes]:
        try:
            yield from body
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()
            self._write(environ, status[0], started)

    def _write(self, environ: Environ, status: str, started: float) -> None:
        ms = (time.perf_counter() - started) * 1000
        line = request_line(environ)
        method, _, path = line.partition(" ")
        # the same facts as fields, for a log that is read as JSON lines (web.log_format)
        fields = {"method": method, "path": path, "status": int(status) if status.isdigit() else None,
                  "ms": round(ms, 1)}
        self.logger.info("%s %s %.0f ms", line, status, ms, extra={"http": fields})


def to_standard_error(log_format: str = "text") -> None:
    """Send the lines, the app's own errors and the web server's warnings to
    standard error (once, however often called): with a timestamp, or as JSON
    lines (``web.log_format``)."""
    from flask.logging import default_handler

    from web.log_format import JsonLines

    formatter = JsonLines() if log_format == "json" else logging.Formatter("%(asctime)s %(message)s")
    # the access lines; Flask's app logger; waitress's own (a busy worker's "Task queue
    # depth is 2", which else went out unformatted and broke the JSON lines)
    for logger in (LOGGER, logging.getLogger("web"), logging.getLogger("waitress")):
        mine = [h for h in logger.handlers if getattr(h, "_kernteamdb_access", False)]
        handler = mine[0] if mine else logging.StreamHandler()
        handler.setFormatter(formatter)
        if not mine:
            handler._kernteamdb_access = True  # type: ignore[attr-defined]
            logger.addHandler(handler)
        logger.removeHandler(default_handler)  # Flask's own, which would write each error twice
    LOGGER.propagate = False
    LOGGER.setLevel(logging.INFO)
