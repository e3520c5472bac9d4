"""``kernteamdb serve`` as a child process on 127.0.0.1 for the tests that need
the real server (gunicorn's master and workers): started on a free port,
waited for until ``/healthz`` answers, stopped with SIGTERM at the end."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from devkit.processes import children_of
from tests.mailbox import free_port


@dataclass
class Served:
    """A running ``kernteamdb serve``: its process, base URL and, once stopped, its output."""

    process: subprocess.Popen[bytes]
    port: int
    output: str = ""
    returncode: int | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def workers(self) -> list[int]:
        """The process ids of the server's workers (its children)."""
        return children_of(self.process.pid)


@contextmanager
def serving(store_url: str, *args: str, env: dict[str, str] | None = None,
            start_within: float = 60.0) -> Iterator[Served]:
    """``kernteamdb --store STORE_URL serve --port P ARGS`` until the block ends."""
    port = free_port()
    # a file, not a pipe: nobody reads a pipe while the test runs, and a server whose log
    # fills one stops answering
    log = tempfile.TemporaryFile("w+", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "web.cli", "--store", store_url, "serve", "--port", str(port), *args],
        stdout=log, stderr=subprocess.STDOUT, text=True, env={**os.environ, **(env or {})})
    served = Served(process, port)
    try:
        deadline = time.monotonic() + start_within
        while True:
            try:
                with urllib.request.urlopen(f"{served.base}/healthz", timeout=2):
                    break
            except OSError:
                if process.poll() is not None:
                    log.seek(0)
                    raise AssertionError(f"the server stopped: {log.read()[-3000:]}") from None
                assert time.monotonic() < deadline, f"the server did not start in {start_within:.0f} s"
                time.sleep(0.2)
        yield served
    finally:
        process.terminate()
        served.returncode = process.wait(timeout=30)
        log.seek(0)
        served.output = log.read()
        log.close()
