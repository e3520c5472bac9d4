"""Import in the browser as a coordinator does it: choose CSV files, read the
preview (problems per row, or what is new), press Doorvoeren; every page
checked by axe-core and watched for script and CSP errors."""

from __future__ import annotations

import pytest

from tests.browser.test_accessibility import RUN_AXE, WCAG

pytestmark = pytest.mark.browser

GOOD = b"id;name;line;wijken\norg-browser;Buurtkamer Noord;0;Noord\n"
BAD = b"id;name;line\norg-browser;;4\n"


def choose(page, name: str, content: bytes) -> None:
    page.get_by_label("Bestanden").set_input_files(
        [{"name": name, "mimeType": "text/csv", "buffer": content}])
    page.get_by_role("button", name="Bekijk voorbeeld").click()
    page.wait_for_url("**/beheer/import/voorbeeld")


def test_upload_preview_and_commit(browse):
    window = browse(axe=True)
    window.sign_in("coordinator")
    page = window.page
    page.get_by_role("link", name="Beheer").click()
    page.get_by_role("link", name="Import/export").click()
    page.wait_for_url("**/beheer/import")
    assert page.evaluate(RUN_AXE, WCAG)["violations"] == []

    choose(page, "organisaties.csv", BAD)
    problems = page.locator("table.problems").inner_text()
    assert "organisaties.csv rij 2, kolom name\tverplicht veld ontbreekt" in problems
    assert "organisaties.csv rij 2, kolom line\tmoet een van deze zijn: '0', '1', '2'" in problems
    assert page.get_by_role("button", name="Doorvoeren").count() == 0
    assert page.evaluate(RUN_AXE, WCAG)["violations"] == []
    window.shot("import-problems")
    page.get_by_role("button", name="Annuleren").click()
    page.wait_for_url("**/beheer/import")

    choose(page, "organisaties.csv", GOOD)
    assert page.get_by_role("heading", name="Organisaties: nieuw (1)").is_visible()
    assert "Buurtkamer Noord" in page.locator("main").inner_text()
    assert page.evaluate(RUN_AXE, WCAG)["violations"] == []
    window.shot("import-preview")
    page.get_by_role("button", name="Doorvoeren").click()
    page.wait_for_url("**/beheer/import")
    assert "Doorgevoerd." in page.locator(".notice").inner_text()

    window.goto("/organisaties/org-browser")
    assert page.get_by_role("heading", name="Buurtkamer Noord").is_visible()
