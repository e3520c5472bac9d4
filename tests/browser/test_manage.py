"""The Beheer pages in Chromium: a coordinator finds a stale profile, confirms
it and sees that in the audit trail; axe-core checks every Beheer page."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import MARKUP_NAME
from tests.browser.test_accessibility import RUN_AXE, WCAG

pytestmark = pytest.mark.browser

ADMIN_PAGES = ["/beheer/", "/beheer/actualiteit", "/beheer/actualiteit?organisatie=org-nergens",
               "/beheer/audit", "/beheer/audit?soort=signin", "/beheer/audit?vanaf=gisteren",
               "/beheer/gebruikers", "/beheer/gebruikers/nieuw", "/beheer/gebruikers/wijkwerker",
               "/beheer/gebruikers/wijkwerker/verwijderen", "/profiel/p-0046/bevestigen",
               "/beheer/evaluatie", "/beheer/evaluatie?print=1", "/beheer/evaluatie?van=gisteren",
               "/beheer/import"]
FAILING = {"/beheer/actualiteit?organisatie=org-nergens", "/beheer/audit?vanaf=gisteren",
           "/beheer/evaluatie?van=gisteren"}


def test_a_coordinator_confirms_a_stale_profile_and_finds_it_in_the_trail(browse):
    window = browse()
    window.sign_in("coordinator")
    page = window.page
    page.get_by_role("link", name="Beheer").click()
    page.get_by_role("link", name="Actualiteit").click()
    page.wait_for_url(re.compile("/beheer/actualiteit"))
    row = page.locator("tbody tr", has_text="Mallory")
    assert row.locator("a").first.inner_text() == MARKUP_NAME  # a name stays text
    window.goto("/profiel/p-markup/bevestigen")
    page.get_by_role("button", name="Mijn profiel klopt nog").click()
    page.wait_for_url(re.compile("/profiel/p-markup$"))
    assert "het profiel is bevestigd" in page.locator("div.notice").inner_text()
    window.goto("/beheer/actualiteit")
    assert page.locator("tbody tr", has_text="Mallory").count() == 0
    window.goto("/beheer/audit")
    page.get_by_label("Id van het record").fill("p-markup")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile("record=p-markup"))
    assert "bevestigd" in page.locator("tbody tr").last.inner_text()
    window.shot("beheer-audit")


def test_a_coordinator_confirms_on_someones_behalf_from_the_list(browse):
    window = browse()
    window.sign_in("coordinator")
    page = window.page
    window.goto("/beheer/actualiteit")
    assert "De e-mail is niet ingesteld" in page.locator("main").inner_text()  # the demo has no mail
    name = page.locator("tbody tr").first.locator("a").first.inner_text()
    page.get_by_role("button", name=f"Bevestig namens {name}").click()
    page.wait_for_url(re.compile("/beheer/actualiteit$"))
    assert f"Het profiel van {name} is bevestigd, namens deze persoon." in \
        page.locator("div.notice").inner_text()
    assert page.locator("tbody tr", has_text=name).count() == 0
    window.shot("beheer-actualiteit-namens")


def test_every_beheer_page_passes_axe(browse):
    window = browse(axe=True)
    window.sign_in("admin")
    found = {}
    for path in ADMIN_PAGES:
        window.goto(path, failing=path in FAILING)
        found[path] = window.page.evaluate(RUN_AXE, WCAG)
        assert found[path]["passed"] > 10, "axe-core did not check the page"
    assert {path: f["violations"] for path, f in found.items() if f["violations"]} == {}
