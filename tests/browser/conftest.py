"""Fixtures for the browser tests: the real app on waitress (127.0.0.1, a
free port, a demo store built for the run) and Debian's Chromium driven by
Playwright for Python. No browser is ever downloaded: without
``/usr/bin/chromium`` or the ``playwright`` package every test here is
skipped with the reason (``-ra`` prints it).

Every page a test opens is watched: a console error (which is how Chromium
reports a Content-Security-Policy violation) or an uncaught script error
fails the test. Screenshots go to ``test-artifacts/`` (git-ignored).
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from directory.exchange.document import import_document
from directory.pool.demo import load_demo
from graph.stores import open_store
from tests.conftest import DEMO_TODAY

CHROMIUM = os.environ.get("KERNTEAMDB_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
AXE = Path(__file__).parent / "axe" / "axe.min.js"
#: A fictional person whose name is a script, known to the demo's wijkwerker:
#: it must show as text in the pages and in the drawn graph.
MARKUP_NAME = "<script>window.__pwned = 1</script><img src=x onerror=window.__pwned=2> Mallory"


def _playwright() -> Any:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium chromium-driver)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright package is not installed (pip install -e '.[test]')")
    return sync_playwright


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Debian's Chromium, headless."""
    sync_playwright = _playwright()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield browser
        browser.close()


def serve(path: Path, config: dict[str, Any], *, extra: str | None = None) -> Iterator[str]:
    """The app on waitress (127.0.0.1, a free port) around a new demo store at
    ``path`` (plus the exchange document ``extra``); yields its base URL and
    stops the server afterwards."""
    _playwright()  # skip before building anything
    from waitress.server import create_server

    from web import create_app

    store = open_store(f"sqlite:///{path}", create=True)
    load_demo(store, today=DEMO_TODAY)
    if extra is not None:
        import_document(extra, store)
    app = create_app({"TODAY": DEMO_TODAY, "PLAIN_HTTP": True, **config}, store=store)
    server = create_server(app, host="127.0.0.1", port=0, threads=4, ident="KernteamDB")
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()
    store.close()


@pytest.fixture(scope="session")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on waitress around a fresh demo store; its base URL."""
    path = tmp_path_factory.mktemp("browser") / "demo.db"
    yield from serve(path, {"SECRET_KEY": "browser tests " * 4,
                            "IMPORT_FOLDER": str(path.parent / "imports")},
                     extra=json.dumps({"format": "kernteamdb/1", "professionals": [
                         {"id": "p-markup", "name": MARKUP_NAME, "role": "<b>rol</b>",
                          "organisation": "org-vivent", "wijken": ["Zuidoost"], "knows": ["p-0043"],
                          "expertise": [{"area": "dementie", "level": 1}]}]}))


class Watched:
    """A page and what went wrong on it (console errors, script errors)."""

    def __init__(self, page: Any, base: str) -> None:
        self.page, self.base, self.problems = page, base, []
        page.on("console", lambda m: self.problems.append(f"console {m.type}: {m.text}")
                if m.type == "error" else None)
        page.on("pageerror", lambda e: self.problems.append(f"script error: {e}"))

    def goto(self, path: str, *, failing: bool = False) -> Any:
        """Open ``path``; ``failing``: an error status is what the test wants to see
        (Chromium reports it as a console error, which is then not a problem)."""
        before = len(self.problems)
        response = self.page.goto(self.base + path)
        if failing:
            assert response.status >= 400
            self.problems[before:] = [p for p in self.problems[before:]
                                      if "the server responded with a status of" not in p]
        return response

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    def sign_in(self, name: str = "wijkwerker") -> None:
        self.goto("/inloggen")
        self.page.get_by_label("Gebruikersnaam").fill(name)
        self.page.get_by_label("Wachtwoord").fill("demo")
        self.page.get_by_role("button", name="Inloggen").click()
        self.page.wait_for_url(self.base + "/")

    def wait_for_graph(self) -> int:
        """Wait until network.js has painted the laid-out graph; the nodes drawn
        (people or organisations, not the boxes that group people)."""
        self.page.wait_for_selector("#graph[data-drawn=true]", timeout=15_000)
        return int(self.page.evaluate("window.kernteamGraph.nodes().not('.group').length"))


@pytest.fixture
def browse(chromium: Any, live_app: str, request: pytest.FixtureRequest) -> Iterator[Callable[..., Watched]]:
    """``browse()``: a new browser window (Dutch, 1280x900) on the live app;
    ``browse(axe=True)`` also loads axe-core into every page it opens."""
    yield from windows(chromium, live_app, request)


def windows(chromium: Any, base: str, request: pytest.FixtureRequest) -> Iterator[Callable[..., Watched]]:
    """Opens watched windows on the app at ``base`` (Dutch, 1280x900 unless
    another ``width`` and ``height``, a phone's; with ``axe`` axe-core in
    every page); afterwards closes them and fails the
    test if any page logged an error."""
    contexts = []
    watched: list[Watched] = []

    def open_window(*, axe: bool = False, locale: str = "nl-NL", width: int = 1280,
                    height: int = 900) -> Watched:
        context = chromium.new_context(locale=locale, viewport={"width": width, "height": height})
        if axe:
            context.add_init_script(path=str(AXE))
        contexts.append(context)
        window = Watched(context.new_page(), base)
        watched.append(window)
        return window

    yield open_window
    problems = [p for w in watched for p in w.problems]
    for context in contexts:
        context.close()
    assert problems == [], f"{request.node.name}: {problems}"


def signed_in_windows(chromium: Any, base: str, request: pytest.FixtureRequest
                      ) -> Iterator[Callable[[str], Watched]]:
    """``open_as(name)``: a Dutch window with axe-core on the app at ``base``,
    signed in as the demo user ``name``; closed (and checked) afterwards."""
    opened = windows(chromium, base, request)
    open_window = next(opened)

    def open_as(name: str) -> Watched:
        watched = open_window(axe=True)
        watched.sign_in(name)
        return watched

    yield open_as
    next(opened, None)  # closes the windows; fails the test if a page logged an error


@pytest.fixture
def worker(browse: Callable[..., Watched]) -> Watched:
    """A browser window signed in as the demo's wijkwerker (Sanne Kuipers, p-0043)."""
    window = browse()
    window.sign_in()
    return window
