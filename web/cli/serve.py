"""``kernteamdb serve``: the web app on gunicorn (``web.server``), with the demo
loaded first when asked.

The master process prepares what every worker needs (the store made, the demo
loaded, the privacy guard's lists, the secret key) and then closes the store:
each worker opens its own after the fork.
"""

from __future__ import annotations

import atexit
import os

import click

from directory.pool.demo import load_demo
from directory.ports import Store
from graph.stores import open_store
from web.cli.privacy import prepare_guard
from web.cli.starting import announce_store
from web.cli.support import Opener, pass_opener, refuse_real_store, reports_errors


def cores() -> int:
    """The cores this process may run on: the default number of workers."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8080, show_default=True, type=int)
@click.option("--demo", "with_demo", is_flag=True,
              help="Load the demo network into an empty store; a demo store is served as it is.")
@click.option("--reset-demo", is_flag=True,
              help="Load the demo again over a demo store: edits made through the app are lost.")
@click.option("--workers", type=click.IntRange(1, 64), default=None, envvar="KERNTEAMDB_WORKERS",
              show_default="one per core", help="Worker processes (or KERNTEAMDB_WORKERS).")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 256),
              help="Threads per worker process.")
@click.option("--log-format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              envvar="KERNTEAMDB_LOG_FORMAT",
              help="The access and error log on standard error: lines of text, or JSON lines (without "
                   "query values, user names or addresses).")
@click.option("--plain-http", is_flag=True, envvar="KERNTEAMDB_PLAIN_HTTP",
              help="Session cookie without the Secure flag, for an intranet without HTTPS "
                   "(always so with --demo).")
@pass_opener
@reports_errors()
def serve(opener: Opener, host: str, port: int, with_demo: bool, reset_demo: bool, workers: int | None,
          threads: int, log_format: str, plain_http: bool) -> None:
    """Run the web app on a production server: gunicorn's master over --workers
    processes, each serving with waitress on --threads threads; one access-log line per
    request."""
    from web import access_log, create_app, server, settings

    store = opener(create=True)
    prepare_guard()  # before the workers fork: they share the lists, and no request waits for them
    with_demo = with_demo or reset_demo
    if with_demo:
        _serve_demo(store, reset_demo)
    workers = workers or cores()
    config = {"PLAIN_HTTP": plain_http or with_demo,
              "SECRET_KEY": settings.secret_key(store),  # one key for every worker
              "SIGNIN_CHECKS_AT_ONCE": settings.checks_per_worker(workers)}
    announce_store(store)  # the demo users; a store that cannot be reached now: a warning
    opener.close()  # a connection must not cross the fork: each worker opens the store itself
    click.echo(f"KernteamDB on http://{host}:{port}/  (store {store.url}; {workers} worker"
               f"{'s' if workers > 1 else ''}; Ctrl+C stops)")
    access_log.to_standard_error(log_format)

    def make_app() -> access_log.AccessLog:
        """In each worker, after the fork: its own connection to the store, closed when it ends."""
        mine = open_store(opener.url)
        atexit.register(mine.close)
        return access_log.AccessLog(create_app(config, store=mine))

    server.run(make_app, host=host, port=port, workers=workers, threads=threads, log_format=log_format)


def _serve_demo(store: Store, reset: bool) -> None:
    """Load the demo into an empty store only: loading it again over a demo store
    would silently undo what people changed through the app."""
    refuse_real_store(store)
    if store.is_demo() and not reset:
        click.echo("the store already holds the demo: served as it is "
                   "(--reset-demo loads the demo again)")
        return
    if store.is_demo():
        click.echo("warning: --reset-demo loads the demo again; edits made through the app "
                   "to the demo's records are lost", err=True)
    load_demo(store)
    click.echo("demo network loaded (fictional people)")
