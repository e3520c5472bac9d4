"""How ``kernteamdb serve`` queues requests for waitress's threads: sign-in posts last.

Waitress serves requests in the order they arrive, on as many threads as are
free. During a sign-in flood nearly every queued request was a ``POST
/inloggen`` (each answered cheaply, mostly 429: ``web.fast_refusal``), and a
signed-in user's search waited behind all of them and then shared the CPU
with them. ``SignInLastDispatcher`` changes three things:

- every other request goes before the sign-in posts that have waited less
  than ``OVERTAKE_FOR``, so it is served next (a sign-in post that has
  waited that long is overtaken no more: real users still sign in while the
  server is busy with other work);
- at most ``SIGN_IN_THREADS`` threads serve sign-in posts at a time, and each
  rests ``SIGN_IN_PAUSE`` after one, so a flood gets at most about 100
  answers a second however fast it asks, and the other threads stay free;
- the queue-depth warning waitress writes for every request that waits is
  written for the other requests only: a flood no longer writes a log line
  per attempt.

No request is dropped. ``waitress.serve(app, _dispatcher=dispatcher(threads))``
hands it to waitress (a parameter ``create_server`` marks as a test shim; the tests
of ``web/serving.py`` notice if it goes away).
"""

from __future__ import annotations

import time
from typing import Any

from waitress.task import ThreadedTaskDispatcher

#: How long a queued sign-in post lets other requests go first.
OVERTAKE_FOR = 0.5
#: How many threads may serve sign-in posts at the same time (the rest serve everything else).
SIGN_IN_THREADS = 2
#: How long a thread that served a sign-in post waits before it takes the next one: a flood
#: of them gets at most SIGN_IN_THREADS / SIGN_IN_PAUSE answers a second (100), real users
#: hardly notice.
SIGN_IN_PAUSE = 0.02
_QUEUED = "_kernteamdb_queued"


def is_sign_in(task: Any) -> bool:
    """Whether what waitress queued (a connection, its next request first) is a
    ``POST /inloggen``."""
    requests = getattr(task, "requests", None)
    request = requests[0] if requests else getattr(task, "request", None)
    return getattr(request, "command", None) == "POST" and getattr(request, "path", None) == "/inloggen"


class SignInLastDispatcher(ThreadedTaskDispatcher):
    """Waitress's dispatcher, with sign-in posts queued after other requests, and
    at most ``SIGN_IN_THREADS`` of its threads serving sign-in posts at once."""

    sign_ins_running = 0

    def handler_thread(self, thread_no: int) -> None:
        """Waitress's loop (waitress.task), but a thread takes a sign-in post only
        while fewer than ``SIGN_IN_THREADS`` are serving one."""
        while True:
            with self.lock:
                while self.stop_count == 0 and (task := self._next()) is None:
                    self.active_count -= 1
                    self.queue_cv.wait()
                    self.active_count += 1
                if self.stop_count > 0:
                    self.active_count -= 1
                    self.stop_count -= 1
                    self.threads.discard(thread_no)
                    self.thread_exit_cv.notify()
                    break
                signing_in = is_sign_in(task)
                self.sign_ins_running += signing_in
            try:
                task.service()
            except BaseException:
                self.logger.exception("Exception when servicing %r", task)
            finally:
                if signing_in:
                    time.sleep(SIGN_IN_PAUSE)  # the answer is on its way; this lane rests a moment
                    with self.lock:
                        self.sign_ins_running -= 1
                        self.queue_cv.notify()

    def _next(self) -> Any:
        """The first queued task this thread may take (under the lock), taken off the queue."""
        for index, task in enumerate(self.queue):
            if self.sign_ins_running < SIGN_IN_THREADS or not is_sign_in(task):
                del self.queue[index]
                return task
        return None

    def add_task(self, task: Any) -> None:
        now = time.monotonic()
        if is_sign_in(task):
            setattr(task, _QUEUED, now)
            with self.lock:
                self.queue.append(task)
                self.queue_cv.notify()
            return
        setattr(task, _QUEUED, None)  # a connection's earlier sign-in post is served
        with self.lock:
            position = len(self.queue)
            for index, queued in enumerate(self.queue):
                since = getattr(queued, _QUEUED, None)
                if since is not None and now - since < OVERTAKE_FOR:
                    position = index  # the first sign-in post still young enough to overtake
                    break
            self.queue.insert(position, task)
            self.queue_cv.notify()
            waiting = position + 1 - (len(self.threads) - self.stop_count - self.active_count)
            if waiting > 0:
                self.queue_logger.warning("Task queue depth is %d", waiting)


def dispatcher(threads: int) -> SignInLastDispatcher:
    """A ``SignInLastDispatcher`` with ``threads`` threads, for ``waitress.serve(_dispatcher=...)``."""
    made = SignInLastDispatcher()
    made.set_thread_count(threads)
    return made
