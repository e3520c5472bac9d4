"""What the search understood, in a real Chromium (issue 15): the chips
(take one away, add one through the picker by typing part of its name),
the page when nothing is understood with its button that starts a triage
consultation, and the consultation form's chips. axe-core checks each page."""

from __future__ import annotations

import re

import pytest

from tests.browser.test_accessibility import RUN_AXE, WCAG

pytestmark = pytest.mark.browser


def chips(page):
    """Each chip as it reads: its label and the words that named the area."""
    found = []
    for chip in page.locator("li.chip").all():
        words = chip.locator(".chip-words")
        said = " ".join(words.inner_text().split()) if words.count() else ""
        found.append(f"{chip.locator('.chip-label').inner_text()} {said}".strip())
    return found


def no_violations(watched):
    found = watched.page.evaluate(RUN_AXE, WCAG)
    assert found["passed"] > 10, "axe-core did not check the page"
    assert found["violations"] == [], watched.page.url


def test_the_worker_takes_an_area_away_and_adds_one_through_the_picker(browse):
    worker = browse(axe=True)
    worker.sign_in()
    page = worker.page
    page.get_by_label("Wat heeft het huishouden nodig?").fill("jongere van 15 spijbelt en blowt")
    page.get_by_role("button", name="Zoeken", exact=True).click()
    page.wait_for_load_state()
    assert chips(page) == ["Schoolverzuim — spijbelt", "Drugs — blowt"]
    no_violations(worker)
    worker.shot("understood-chips")
    page.get_by_role("link", name="Schoolverzuim weghalen").click()
    page.wait_for_load_state()
    assert chips(page) == ["Drugs — blowt"]
    assert page.get_by_role("heading", name="Specialisten voor Drugs").is_visible()
    picker = page.get_by_label("Expertisegebied toevoegen")
    picker.fill("Jeugd-G")  # the datalist offers it; the worker picks it and adds it
    assert page.locator('#gebieden option[value="Jeugd-GGZ"]').count() == 1
    picker.fill("Jeugd-GGZ")
    page.get_by_role("button", name="Toevoegen").click()
    page.wait_for_load_state()
    assert chips(page) == ["Drugs — blowt", "Jeugd-GGZ (door jou gekozen)"]
    assert page.get_by_role("heading", name="Specialisten voor Drugs, Jeugd-GGZ").is_visible()


def test_nothing_understood_leads_to_triage_with_the_text_filled_in(browse):
    worker = browse(axe=True)
    worker.sign_in()
    page = worker.page
    worker.goto("/zoeken?q=" + "het regent al dagen".replace(" ", "+"))
    assert page.get_by_text("We herkennen geen expertisegebied in je vraag.").is_visible()
    assert page.get_by_role("link", name="Verslaving").is_visible()  # the domains to browse
    no_violations(worker)
    worker.shot("nothing-understood")
    page.get_by_role("link", name=re.compile("^Triageconsultatie starten")).first.click()
    page.wait_for_url(re.compile(r"/consultaties/nieuw\?"))
    assert page.get_by_label("Hulpvraag").input_value() == "het regent al dagen"
    assert page.get_by_label("Via").input_value() == "tr-west"


def test_the_consultation_form_proposes_chips_the_worker_can_untick_and_add_to(browse):
    worker = browse(axe=True)
    worker.sign_in()
    page = worker.page
    worker.goto("/consultaties/nieuw?q=" + "vader drinkt elke avond te veel".replace(" ", "+"))
    drink = page.get_by_role("checkbox", name=re.compile(r"^Alcohol —"))
    assert drink.is_checked()
    assert page.locator('input[name="areas"]').count() == 1  # not 92 checkboxes
    no_violations(worker)
    page.get_by_label("Gebied toevoegen").fill("Schuldhulpverlening")
    page.get_by_role("button", name="Toevoegen").click()
    page.wait_for_load_state()
    assert page.get_by_role("checkbox", name=re.compile(r"^Schuldhulpverlening")).is_checked()
    page.get_by_role("checkbox", name=re.compile(r"^Alcohol —")).uncheck()
    page.get_by_role("button", name="Toevoegen").click()  # the picker is empty: a message, Alcohol gone
    page.wait_for_load_state()
    assert page.get_by_text("Typ een gebied en kies het uit de lijst.").is_visible()
    assert page.get_by_text("De consultatie is niet aangevraagd").count() == 0  # nothing was filed
    assert page.locator('input[name="areas"][value="alcohol"]').count() == 0
    worker.shot("consultation-chips")
