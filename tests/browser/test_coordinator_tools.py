"""The coordinator's duplicates and taxonomy tools in Chromium: merging two
profiles of one person from the Dubbelen page to the kept profile, and the
tools' pages checked by axe-core. On an app of its own (the small pool with
Anna in it twice), since a merge changes the pool the other browser tests read."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from argon2 import PasswordHasher

from directory.accounts.roles import User
from directory.exchange.document import import_document
from graph.stores import open_store
from tests.browser.conftest import AXE, Watched
from tests.browser.test_accessibility import RUN_AXE, WCAG
from tests.conftest import small_document
from tests.web.test_doubles_page import ANNA_AGAIN

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def tools_app(chromium: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on waitress around the small pool, Anna twice, and a coordinator
    (password ``demo``); its base URL."""
    from waitress.server import create_server

    from web import create_app

    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('tools') / 'pool.db'}", create=True)
    import_document(json.dumps(small_document()), store)
    import_document(json.dumps(ANNA_AGAIN), store)
    store.add_user(User("coordinator", "coordinator", None, PasswordHasher().hash("demo"), datetime.now(UTC)))
    app = create_app({"PLAIN_HTTP": True, "SECRET_KEY": "browser tests " * 4}, store=store)
    server = create_server(app, host="127.0.0.1", port=0, threads=2, ident="KernteamDB")
    threading.Thread(target=server.run, daemon=True).start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()
    store.close()


@pytest.fixture
def coordinator(chromium: Any, tools_app: str, request: pytest.FixtureRequest) -> Iterator[Watched]:
    context = chromium.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    context.add_init_script(path=str(AXE))
    window = Watched(context.new_page(), tools_app)
    window.sign_in("coordinator")
    yield window
    problems = list(window.problems)
    context.close()
    assert problems == [], f"{request.node.name}: {problems}"


def axe(window: Watched) -> list[str]:
    found = window.page.evaluate(RUN_AXE, WCAG)
    assert found["passed"] > 10, "axe-core did not check the page"
    return list(found["violations"])


def test_the_taxonomy_tools_pass_the_accessibility_checks(coordinator):
    page = coordinator.page
    found = {}
    for path in ("/expertise/dementie", "/taxonomie/gebied/dementie", "/taxonomie/samenvoegen?dubbel=nah",
                 "/taxonomie/nieuw"):
        coordinator.goto(path)
        found[path] = axe(coordinator)
    before = len(coordinator.problems)
    page.get_by_role("button", name="Gebied toevoegen").click()  # empty: a message per field, status 400
    page.wait_for_selector("#id-error")
    coordinator.problems[before:] = [p for p in coordinator.problems[before:] if "status of 400" not in p]
    found["/taxonomie/nieuw (fouten)"] = axe(coordinator)
    assert {path: v for path, v in found.items() if v} == {}


def test_merging_two_profiles_of_one_person_from_the_duplicates_page(coordinator):
    page = coordinator.page
    coordinator.goto("/")
    page.get_by_role("link", name="Beheer").click()
    page.get_by_role("link", name="Dubbelen").click()
    page.wait_for_url(coordinator.base + "/dubbelen")
    pair = page.locator("section.pair").first
    assert "Anna de Vries en Vries, Anna de" in pair.locator("h2").inner_text()
    assert axe(coordinator) == []
    pair.get_by_label("Profiel 1: Anna de Vries (p-anna)").check()
    pair.get_by_role("button", name="Samenvoegen…").click()
    page.wait_for_selector("h1:text('Samenvoegen bevestigen')")
    assert "1 casus gaat over naar Anna de Vries" in page.content()
    assert axe(coordinator) == []
    coordinator.shot("dubbelen-bevestigen")
    page.get_by_role("button", name="Samenvoegen", exact=True).click()
    page.wait_for_url(coordinator.base + "/profiel/p-anna")
    main = page.locator("main").inner_text()
    assert "zijn samengevoegd" in main and "NAH" in main
    coordinator.goto("/profiel/p-anna2", failing=True)
    page.get_by_role("link", name="Naar het profiel dat is gebleven").click()
    page.wait_for_url(coordinator.base + "/profiel/p-anna")
