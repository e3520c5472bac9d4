"""Keeping the pool right in a real Chromium: the demo's specialist (Jasper
Maas, p-0046) edits their profile — a problem shown beside its field, a row
added without script — and confirms it; and axe-core checks the forms."""

from __future__ import annotations

import re

import pytest

from tests.browser.test_accessibility import RUN_AXE, WCAG, violations

pytestmark = pytest.mark.browser


def submit_refused(window, button: str) -> None:
    """Press ``button`` on a form that is expected to come back with problems (400):
    Chromium logs that status as a console error, which here is no problem."""
    before = len(window.problems)
    window.page.get_by_role("button", name=button).click()
    window.page.wait_for_load_state()
    window.problems[before:] = [p for p in window.problems[before:] if "status of 400" not in p]


def test_the_specialist_edits_and_confirms_their_profile(browse):
    window = browse(axe=True)
    window.sign_in("specialist")
    page = window.page
    window.goto("/profiel/p-0046")
    page.get_by_role("link", name="Bewerken").click()
    page.wait_for_url(re.compile("/profiel/p-0046/bewerken$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Mijn profiel bewerken"
    assert page.get_by_label("Naam").count() == 0  # the coordinator's fields are not offered
    rows = page.locator("table.claims tbody tr").count()
    page.get_by_role("button", name="Rij toevoegen").click()  # a plain submit: no script needed
    page.wait_for_load_state()
    assert page.locator("table.claims tbody tr").count() == rows + 1
    page.get_by_label(f"Gebied, rij {rows + 1}").select_option("palliatieve-zorg")
    page.get_by_label(f"Niveau, rij {rows + 1}").select_option("1")
    page.get_by_label("Telefoon").fill("bel me maar")
    page.get_by_label("Uren per halfjaar").fill("36,5")
    submit_refused(window, "Opslaan")
    # the problem is beside its field, in Dutch, and nothing typed is lost
    assert "Dit is geen geldig telefoonnummer" in page.locator("#phone-fout").inner_text()
    assert page.get_by_label("Uren per halfjaar").input_value() == "36,5"
    assert page.get_by_label(f"Gebied, rij {rows + 1}").input_value() == "palliatieve-zorg"
    found = page.evaluate(RUN_AXE, WCAG)
    assert found["violations"] == []
    window.shot("profiel-bewerken-fout")
    page.get_by_label("Telefoon").fill("073-1234567")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url(re.compile("/profiel/p-0046$"))
    assert "Het profiel is opgeslagen." in page.locator("[role=status]").inner_text()
    assert "073-1234567" in page.locator("p.contact").inner_text()
    assert "Palliatieve zorg" in page.locator("table").first.inner_text()
    page.get_by_role("button", name="Mijn profiel klopt nog").click()
    page.wait_for_url(re.compile("/profiel/p-0046$"))
    assert "het profiel is bevestigd" in page.locator("[role=status]").inner_text()
    assert "Laatst bevestigd:" in page.locator(".actions").inner_text()
    window.shot("profiel-bevestigd")


def test_the_coordinators_forms_are_accessible(browse):
    window = browse(axe=True)
    window.sign_in("coordinator")
    paths = ["/profiel/p-0046/bewerken", "/profiel/nieuw", "/profiel/p-0046/wissen", "/organisaties/nieuw",
             "/organisaties/org-vivent/bewerken", "/organisaties/org-vivent/opheffen", "/teams/nieuw",
             "/teams/kt-zuidoost/bewerken"]
    found = {path: violations(window, path) for path in paths}
    assert {path: v for path, v in found.items() if v} == {}
    window.goto("/organisaties/nieuw")
    submit_refused(window, "Opslaan")  # no name: a problem per field
    assert window.page.locator("#name-fout").inner_text() == "Vul dit in."
    assert window.page.evaluate(RUN_AXE, WCAG)["violations"] == []
    window.shot("organisatie-nieuw-fout")
