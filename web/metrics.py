"""``/metrics``: how the app is doing, in Prometheus's text format
(``prometheus-client``), for an operations team's monitoring.

What is counted says nothing about who asked or what about:

* ``kernteamdb_requests_total`` by route (the URL rule, ``/profiel/<pid>``,
  never the path a person asked for), method and status, and
  ``kernteamdb_request_duration_seconds`` by route;
* ``kernteamdb_search_duration_seconds``: the ranking's own time per search;
* ``kernteamdb_sign_in_failures_total``: wrong names or passwords and
  paused sign-ins (never the name);
* ``kernteamdb_store_revision`` (read when scraped; NaN while the store
  cannot be reached) and ``kernteamdb_workers``, the worker processes serving.

Who may read it: a scraper sending ``Authorization: Bearer`` with the token
set in ``KERNTEAMDB_METRICS_TOKEN`` (compared in constant time), or anyone
on this machine — a request from the loopback address that no proxy passed
on (a reverse proxy on the same machine adds ``X-Forwarded-For``; its
requests are refused without the token). Anyone else gets 403.

Each app keeps its own registry, so two apps in one process (tests) never
count into each other. Under ``kernteamdb serve --workers N`` every worker
counts into files of its own in a folder the server made for this run
(``multiprocess``: prometheus-client's multiprocess mode), and a scrape,
whichever worker answers it, adds up all of them: the totals are the
server's, not one worker's. ``kernteamdb_workers`` is then the number of
workers alive.
"""

from __future__ import annotations

import hmac
import ipaddress
import math
import os
import time
from collections.abc import Iterator
from typing import Any

from flask import Blueprint, Flask, Response, current_app, g, has_app_context, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
    values,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from directory.errors import DirectoryError, Forbidden
from directory.ports import Store

bp = Blueprint("metrics", __name__)

#: Where the app keeps its ``Metrics`` (``app.extensions``).
KEY = "kernteamdb.metrics"
#: Headers a proxy adds when it passes a request on.
_FORWARDED = ("X-Forwarded-For", "Forwarded", "X-Real-IP")
#: Seconds: most pages take milliseconds, a big import seconds.
_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    """The app's counters, histograms and gauges, in a registry of its own."""

    def __init__(self, store: Store) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("kernteamdb_requests", "Requests answered, by route, method and status",
                                ["route", "method", "status"], registry=self.registry)
        self.duration = Histogram("kernteamdb_request_duration_seconds", "Time to answer a request, by route",
                                  ["route"], buckets=_BUCKETS, registry=self.registry)
        self.search = Histogram("kernteamdb_search_duration_seconds", "Time the ranking took per search",
                                buckets=_BUCKETS, registry=self.registry)
        self.sign_in_failures = Counter("kernteamdb_sign_in_failures",
                                        "Failed sign-ins: a wrong name or password, or a paused name",
                                        registry=self.registry)
        Gauge("kernteamdb_workers", "Worker processes serving the app", registry=self.registry,
              multiprocess_mode="livesum").set(1)  # one per worker, summed over the live ones
        #: what is read when scraped, from this process: the store's revision
        self.live = CollectorRegistry()
        self.live.register(_Revision(store))

    def text(self) -> bytes:
        """The scrape: every worker's counts when several serve, and the store's revision."""
        if shared_folder() is None:
            counted = self.registry
        else:
            counted = CollectorRegistry()
            multiprocess.MultiProcessCollector(counted)
        return generate_latest(counted) + generate_latest(self.live)


class _Revision(Collector):
    """``kernteamdb_store_revision``, read from the store when scraped."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def collect(self) -> Iterator[Metric]:
        yield GaugeMetricFamily("kernteamdb_store_revision", "The store's revision (grows with every write)",
                                value=_revision(self.store))


def _revision(store: Store) -> float:
    try:
        return float(store.revision())
    except DirectoryError:
        return math.nan  # the store cannot be reached now: the scrape still answers


#: The environment variable prometheus-client reads for its multiprocess folder.
_FOLDER = "PROMETHEUS_MULTIPROC_DIR"


def shared_folder() -> str | None:
    """The folder the workers count into, or None when one process serves."""
    return os.environ.get(_FOLDER) or None


def count_across_processes(folder: str) -> None:
    """From now on, metrics made in this process and its children count into
    ``folder`` (before the workers are forked; the folder must be empty)."""
    os.environ[_FOLDER] = folder
    values.ValueClass = values.get_value_class()  # prometheus-client chose at import; choose again


def worker_gone(pid: int) -> None:
    """A worker stopped: its live gauges no longer count."""
    if shared_folder() is not None:
        multiprocess.mark_process_dead(pid)


def register(app: Flask, store: Store) -> None:
    """Count every request of ``app`` and serve ``/metrics``."""
    app.extensions[KEY] = Metrics(store)
    app.before_request(_start)
    app.after_request(_count)
    app.register_blueprint(bp)


def _start() -> None:
    g.metrics_started = time.perf_counter()


def _count(response: Response) -> Response:
    metrics: Metrics = current_app.extensions[KEY]
    started = g.get("metrics_started")
    route = request.url_rule.rule if request.url_rule is not None else "(no route)"
    metrics.requests.labels(route, request.method, str(response.status_code)).inc()
    if started is not None:
        metrics.duration.labels(route).observe(time.perf_counter() - started)
    return response


def searched(took_ms: float) -> None:
    """A search took ``took_ms`` (nothing outside an app, as on the command line)."""
    metrics = current_app.extensions.get(KEY) if has_app_context() else None
    if metrics is not None:
        metrics.search.observe(took_ms / 1000)


def sign_in_failed() -> None:
    """A sign-in failed (nothing outside an app)."""
    metrics = current_app.extensions.get(KEY) if has_app_context() else None
    if metrics is not None:
        metrics.sign_in_failures.inc()


@bp.get("/metrics")
def scrape() -> Any:
    if not _may_read():
        raise Forbidden("the metrics are for the configured token (KERNTEAMDB_METRICS_TOKEN) or for "
                        "this machine")
    metrics: Metrics = current_app.extensions[KEY]
    return Response(metrics.text(), content_type=CONTENT_TYPE_LATEST)


def _may_read() -> bool:
    token = current_app.config.get("METRICS_TOKEN") or ""
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if token and scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode()):
        return True
    if any(request.headers.get(name) for name in _FORWARDED):
        return False
    try:
        return ipaddress.ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        return False
