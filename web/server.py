"""How ``kernteamdb serve`` runs the app: gunicorn's pre-forking master over
several worker processes, each serving with waitress on its threads.

One Python process cannot use more than one core for Python code (the GIL):
a single process served about 110 requests/s on the demo whatever its thread
count. gunicorn's master starts ``workers`` processes that all accept on the
same port, restarts a worker that dies or hangs, and stops them all
gracefully on SIGTERM (what systemd sends).

Inside each worker, waitress serves (``WaitressWorker``), not gunicorn's own
threaded worker: waitress takes the queue of ``web.serving``, where sign-in
posts wait behind other requests and a flood of them gets about 100 answers
a second per worker. With gunicorn's threaded worker the same flood from one
address was answered some 2,800 times a second (all cheap 429s, but the CPU
was the flood's), a signed-in user's search became 3.6x slower instead of
1.1x, and a real user signing in from another address during a flood from 32
addresses was refused as busy.

What the workers share and what they do not:

- **The store**: each worker opens its own (``make_app`` runs in the worker,
  after the fork: a database connection must never cross a fork). The
  embedded store lets processes see each other's writes; a Neo4j server is
  shared anyway.
- **The secret key** (session cookie, CSRF tokens): decided once in the
  master and handed to every worker in ``make_app``'s closure, so a cookie
  signed by one worker is good at the others.
- **The privacy guard's lists** (about 200 MiB): loaded once in the master
  before the fork, and shared by the workers' pages in memory.
- **Metrics**: counted per worker into a folder made for this run, added up
  at every scrape (``web.metrics``); removed when the server stops.
- **The sign-in throttle's allowances** are per worker (each holds its own
  count of attempts per address in memory), so N workers allow N times the
  attempts per minute from one address; the pause after repeated failures
  for one user name is kept in the store and holds across workers.

Logging: gunicorn's own lines (workers starting, stopping, a timeout) go to
standard error with the app's access log, as text or as JSON lines.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from typing import Any

import waitress
from gunicorn import glogging
from gunicorn.app.base import BaseApplication
from gunicorn.workers.base import Worker
from waitress import wasyncore
from waitress.server import BaseWSGIServer

from web import metrics, serving

#: Seconds a worker's loop may go without telling the master it is alive before the master
#: replaces it (a worker that hangs). Requests run on the worker's threads, not in the loop,
#: so a long one (a big import) does not count against it.
HUNG_AFTER = 120
#: Seconds the workers get to finish their requests when the server stops.
GRACEFUL_TIMEOUT = 20

WsgiApp = Callable[..., Any]


class _Server(BaseApplication):
    """gunicorn's application interface, configured from ``options``, loading the
    app with ``make_app`` in each worker."""

    def __init__(self, make_app: Callable[[], WsgiApp], options: dict[str, Any]) -> None:
        self.make_app = make_app
        self.options = options
        super().__init__(prog="kernteamdb serve")

    def load_config(self) -> None:
        for name, value in self.options.items():
            self.cfg.set(name, value)

    def load(self) -> WsgiApp:
        return self.make_app()


class WaitressWorker(Worker):
    """A gunicorn worker that serves its sockets with waitress and the sign-in-last
    queue: gunicorn keeps the processes, waitress the connections and threads."""

    def run(self) -> None:
        channels: dict[int, Any] = {}  # waitress's listeners and connections, polled here
        queue = serving.dispatcher(self.cfg.threads)
        waitress.create_server(self.wsgi, map=channels, _dispatcher=queue, threads=self.cfg.threads,
                               sockets=[listening.sock for listening in self.sockets], ident="KernteamDB",
                               # X-Forwarded-* reach the app, which believes them from trusted
                               # proxies only (web.proxy, web.client_address)
                               clear_untrusted_proxy_headers=False)
        while self.alive:
            self.notify()  # the master's heartbeat: a worker stuck longer than the timeout is replaced
            if os.getppid() != self.ppid:
                break  # the master is gone
            wasyncore.loop(timeout=1.0, map=channels, use_poll=True, count=1)
        self._finish(channels, queue)

    def _finish(self, channels: dict[int, Any], queue: serving.SignInLastDispatcher) -> None:
        """Stop taking connections, let the requests under way be answered (at most
        the graceful timeout), then stop the threads."""
        for listener in [c for c in channels.values() if isinstance(c, BaseWSGIServer)]:
            listener.close()
        until = time.monotonic() + self.cfg.graceful_timeout
        while time.monotonic() < until and any(_busy(c) for c in list(channels.values())):
            self.notify()
            wasyncore.loop(timeout=0.2, map=channels, use_poll=True, count=1)
        queue.shutdown(timeout=1)
        wasyncore.close_all(channels)


def _busy(channel: Any) -> bool:
    """Whether a connection is reading a request, has one under way or an answer still to send."""
    return bool(getattr(channel, "requests", None) or getattr(channel, "request", None)
                or getattr(channel, "total_outbufs_len", 0))


def options(*, host: str, port: int, workers: int, threads: int, log_format: str) -> dict[str, Any]:
    """gunicorn's settings for ``kernteamdb serve``."""
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return {
        "bind": [bind], "workers": workers, "threads": threads, "worker_class": WaitressWorker,
        "timeout": HUNG_AFTER, "graceful_timeout": GRACEFUL_TIMEOUT,
        "proc_name": "kernteamdb", "accesslog": None, "errorlog": "-", "loglevel": "info",
        "control_socket_disable": True,  # no control socket in the service user's home
        "logger_class": _JsonLog if log_format == "json" else glogging.Logger,
        "child_exit": lambda server, worker: metrics.worker_gone(worker.pid),
    }


class _JsonLog(glogging.Logger):
    """gunicorn's own lines (starting, workers booting and exiting, a timeout) as JSON
    lines, like the access log and the app's errors (``web.log_format``)."""

    def setup(self, cfg: Any) -> None:
        from web.log_format import JsonLines

        super().setup(cfg)
        for handler in self.error_log.handlers:
            handler.setFormatter(JsonLines())


def run(make_app: Callable[[], WsgiApp], *, host: str, port: int, workers: int, threads: int,
        log_format: str = "text") -> None:
    """Serve ``make_app()`` on ``host:port`` with ``workers`` processes of ``threads``
    threads until the server is stopped (SIGTERM or SIGINT)."""
    folder = tempfile.mkdtemp(prefix="kernteamdb-metrics-")
    metrics.count_across_processes(folder)
    try:
        _Server(make_app, options(host=host, port=port, workers=workers, threads=threads,
                                  log_format=log_format)).run()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
