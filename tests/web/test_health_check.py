"""``/healthz`` answers within a second whatever the store does: a store that
hangs is reported unavailable in time, requests meanwhile share the one look
that runs, and the answer is ok again once the store answers."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from flask import Flask

from tests.web.conftest import bearer
from web import create_app
from web.health import ANSWER_WITHIN


class Hanging:
    """Makes the store's ``revision`` wait until released, counting the calls."""

    def __init__(self, store: object) -> None:
        self.release = threading.Event()
        self.calls = 0
        self._revision = store.revision  # type: ignore[attr-defined]

    def __call__(self) -> int:
        self.calls += 1
        self.release.wait(30)
        return int(self._revision())


def hanging_app(pool) -> tuple[Flask, Hanging]:
    app = create_app({"TESTING": True}, store=pool)
    hanging = Hanging(pool)
    pool.revision = hanging  # the app holds this very store
    return app, hanging


def timed_health(app: Flask, **headers: str) -> tuple[int, dict, float]:
    started = time.monotonic()
    answer = app.test_client().get("/healthz", headers=headers)
    return answer.status_code, answer.get_json(), time.monotonic() - started


def test_a_store_that_hangs_is_unavailable_within_a_second(pool, tokens):
    app, hanging = hanging_app(pool)
    try:
        status, body, took = timed_health(app)
        assert (status, body) == (503, {"status": "unavailable"})
        assert took < 1.0
        status, body, took = timed_health(app, **bearer(tokens["admin"]))  # an admin hears why
        assert status == 503 and body["reason"] == f"the store did not answer within {ANSWER_WITHIN:g} s"
        assert took < 1.0
    finally:
        hanging.release.set()
    deadline = time.monotonic() + 5
    while timed_health(app)[0] != 200:  # the store answers again: so does the check
        assert time.monotonic() < deadline, "the health check did not recover"
        time.sleep(0.05)


def test_checks_while_one_hangs_share_it_instead_of_piling_up_threads(pool):
    app, hanging = hanging_app(pool)
    try:
        with ThreadPoolExecutor(8) as asking:
            answers = list(asking.map(lambda _: timed_health(app), range(8)))
        assert all(status == 503 and took < 1.5 for status, _, took in answers)
        assert hanging.calls == 1
    finally:
        hanging.release.set()
